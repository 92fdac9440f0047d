import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, bucketSet, change, resource, run } from "../fixtures";

const POLICY = "s3-bucket-enforce-tls-only";
const BUCKET_POLICY = 4;
const BUCKET_ARN = "arn:aws:s3:::rayops-dev-artifacts";
const TLS_DENY = {
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
};

function withStatement(change: (s: Record<string, unknown>) => void) {
    const set = bucketSet();
    const doc = JSON.parse(set[BUCKET_POLICY].inputs.policy as string);
    change(doc.Statement[0]);
    return { set, policy: JSON.stringify(doc) };
}

/** The bucket set with its policy's only statement edited by `edit`, run through the policy. */
function runWithStatement(edit: (s: Record<string, unknown>) => void) {
    const { set, policy } = withStatement(edit);
    set[BUCKET_POLICY] = change(set[BUCKET_POLICY], "policy", policy);
    return run(POLICY, set);
}

/** The bucket set with its policy's statements replaced by `statements`. */
function runWithStatements(statements: unknown[]) {
    const set = bucketSet();
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: statements });
    set[BUCKET_POLICY] = change(set[BUCKET_POLICY], "policy", policy);
    return run(POLICY, set);
}

describe(POLICY, () => {
    it("passes a bucket whose policy denies aws:SecureTransport false", () => {
        assertPasses(run(POLICY, bucketSet()));
    });

    it("reports a bucket without a bucket policy and gives the statement to add", () => {
        const set = bucketSet();
        set.splice(BUCKET_POLICY, 1);
        assertReported(run(POLICY, set), "artifacts", /"aws:SecureTransport": "false"/);
    });

    it("reports a deny that covers only s3:GetObject", () => {
        const { set, policy } = withStatement((s) => {
            s.Action = "s3:GetObject";
        });
        set[BUCKET_POLICY] = change(set[BUCKET_POLICY], "policy", policy);
        assertReported(run(POLICY, set), "artifacts", /accepts requests over plain HTTP/);
    });

    // Each statement below leaves plain HTTP open to someone, so none enforces TLS.
    for (const [what, edit] of [
        [
            "an Allow in place of the Deny",
            (s: Record<string, unknown>) => {
                s.Effect = "Allow";
            },
        ],
        [
            "a Deny for one principal only",
            (s: Record<string, unknown>) => {
                s.Principal = { AWS: "arn:aws:iam::123456789012:role/ci" };
            },
        ],
        [
            'a Deny on aws:SecureTransport "true", which refuses TLS instead',
            (s: Record<string, unknown>) => {
                s.Condition = { Bool: { "aws:SecureTransport": "true" } };
            },
        ],
        // A Deny applies only to the resources it names: on the bucket alone it leaves every
        // object readable over HTTP. https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html (read 2026-12-02)
        [
            "a Deny on the bucket but not on its objects",
            (s: Record<string, unknown>) => {
                s.Resource = "arn:aws:s3:::rayops-dev-artifacts";
            },
        ],
        // The conditions of a statement must all match (AND), so each one added narrows the Deny.
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html (read 2026-12-02)
        [
            "a Deny narrowed by a further condition to other accounts' requests",
            (s: Record<string, unknown>) => {
                s.Condition = {
                    Bool: { "aws:SecureTransport": "false" },
                    StringNotEquals: { "aws:PrincipalAccount": "123456789012" },
                };
            },
        ],
    ] as const) {
        it(`reports a bucket policy with ${what}`, () => {
            const { set, policy } = withStatement(edit);
            set[BUCKET_POLICY] = change(set[BUCKET_POLICY], "policy", policy);
            assertReported(run(POLICY, set), "artifacts", /accepts requests over plain HTTP/);
        });
    }

    // Each statement below denies plain HTTP to everyone on every object, spelled another way.
    for (const [what, edit] of [
        [
            'Principal { AWS: "*" }',
            (s: Record<string, unknown>) => {
                s.Principal = { AWS: "*" };
            },
        ],
        [
            'Principal { AWS: ["*"] }',
            (s: Record<string, unknown>) => {
                s.Principal = { AWS: ["*"] };
            },
        ],
        [
            'Action "*"',
            (s: Record<string, unknown>) => {
                s.Action = "*";
            },
        ],
        [
            "s3:* listed after a narrower action",
            (s: Record<string, unknown>) => {
                s.Action = ["s3:GetObject", "s3:*"];
            },
        ],
        [
            'Resource "*"',
            (s: Record<string, unknown>) => {
                s.Resource = "*";
            },
        ],
        [
            "the object wildcard written without the slash (<bucket ARN>*)",
            (s: Record<string, unknown>) => {
                s.Resource = `${BUCKET_ARN}*`;
            },
        ],
        [
            "the object ARN padded with whitespace",
            (s: Record<string, unknown>) => {
                s.Resource = [` ${BUCKET_ARN}/* `];
            },
        ],
        [
            "the object ARN in another partition (aws-cn)",
            (s: Record<string, unknown>) => {
                s.Resource = "arn:aws-cn:s3:::rayops-dev-artifacts/*";
            },
        ],
        [
            "aws:SecureTransport given as the JSON boolean false",
            (s: Record<string, unknown>) => {
                s.Condition = { Bool: { "aws:SecureTransport": false } };
            },
        ],
        // The values of one condition key are ORed, so a list holding "false" matches plain HTTP.
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html (read 2026-12-02)
        [
            'aws:SecureTransport given as ["true", "false"]',
            (s: Record<string, unknown>) => {
                s.Condition = { Bool: { "aws:SecureTransport": ["true", "false"] } };
            },
        ],
    ] as const) {
        it(`passes a TLS deny with ${what}`, () => {
            assertPasses(runWithStatement(edit));
        });
    }

    // Each statement below still leaves some request over plain HTTP allowed.
    for (const [what, edit] of [
        [
            "a Deny on the objects under one prefix only",
            (s: Record<string, unknown>) => {
                s.Resource = [BUCKET_ARN, `${BUCKET_ARN}/logs/*`];
            },
        ],
        [
            "a Deny on the objects of one suffix only",
            (s: Record<string, unknown>) => {
                s.Resource = [BUCKET_ARN, `${BUCKET_ARN}/*.csv`];
            },
        ],
        [
            "a Resource entry that is not a string",
            (s: Record<string, unknown>) => {
                s.Resource = [{ arn: `${BUCKET_ARN}/*` }];
            },
        ],
        [
            "a second key under Bool, which must hold as well",
            (s: Record<string, unknown>) => {
                s.Condition = {
                    Bool: { "aws:SecureTransport": "false", "aws:MultiFactorAuthPresent": "false" },
                };
            },
        ],
        [
            "no Condition, so it never checks aws:SecureTransport",
            (s: Record<string, unknown>) => {
                delete s.Condition;
            },
        ],
        [
            "a Condition of null",
            (s: Record<string, unknown>) => {
                s.Condition = null;
            },
        ],
        [
            "a Condition that is a string",
            (s: Record<string, unknown>) => {
                s.Condition = "aws:SecureTransport=false";
            },
        ],
        [
            "a Principal listing only one account's roles",
            (s: Record<string, unknown>) => {
                s.Principal = { AWS: ["arn:aws:iam::123456789012:root"] };
            },
        ],
    ] as const) {
        it(`reports a bucket policy with ${what}`, () => {
            assertReported(runWithStatement(edit), "artifacts", /accepts requests over plain HTTP/);
        });
    }

    it("passes a policy whose TLS deny is one statement among others", () => {
        const allowRead = {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::123456789012:role/ray" },
            Action: "s3:GetObject",
            Resource: `${BUCKET_ARN}/*`,
        };
        assertPasses(runWithStatements([allowRead, TLS_DENY]));
    });

    it("reports a bucket policy whose document is not a policy document", () => {
        const set = bucketSet();
        set[BUCKET_POLICY] = change(set[BUCKET_POLICY], "policy", "not json");
        assertReported(run(POLICY, set), "artifacts", /accepts requests over plain HTTP/);
    });

    it("does not report a bucket without a policy while some bucket policy's target is unknown", () => {
        // GIVEN the only bucket policy names its bucket by a value known only after deployment
        const set = bucketSet();
        set[BUCKET_POLICY] = change(set[BUCKET_POLICY], "bucket", UNKNOWN_VALUE);
        // THEN it may be this bucket's, so nothing is reported
        assertPasses(run(POLICY, set));
    });

    it("reports a bucket whose own policy lacks the deny even while another policy's target is unknown", () => {
        // GIVEN the bucket's own policy allows plain HTTP, and an unrelated policy's target is unknown
        const { set, policy } = withStatement((s) => {
            s.Effect = "Allow";
        });
        set[BUCKET_POLICY] = change(set[BUCKET_POLICY], "policy", policy);
        const other = resource("aws:s3/bucketPolicy:BucketPolicy", "other-policy", {
            bucket: UNKNOWN_VALUE,
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [TLS_DENY] }),
        });
        // THEN the bucket's own, known policy decides
        assertReported(run(POLICY, [...set, other]), "artifacts", /accepts requests over plain HTTP/);
    });

    it("does not report a policy document that is unknown during preview", () => {
        const set = bucketSet();
        set[BUCKET_POLICY] = change(set[BUCKET_POLICY], "policy", UNKNOWN_VALUE);
        assertPasses(run(POLICY, set));
    });
});
