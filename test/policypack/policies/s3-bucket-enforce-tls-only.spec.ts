import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, bucketSet, change, run } from "../fixtures";

const POLICY = "s3-bucket-enforce-tls-only";
const BUCKET_POLICY = 4;

function withStatement(change: (s: Record<string, unknown>) => void) {
    const set = bucketSet();
    const doc = JSON.parse(set[BUCKET_POLICY].inputs.policy as string);
    change(doc.Statement[0]);
    return { set, policy: JSON.stringify(doc) };
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

    it("does not report a policy document that is unknown during preview", () => {
        const set = bucketSet();
        set[BUCKET_POLICY] = change(set[BUCKET_POLICY], "policy", UNKNOWN_VALUE);
        assertPasses(run(POLICY, set));
    });
});
