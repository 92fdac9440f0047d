import assert from "node:assert/strict";
import { irsaTrustProblems, statementsOf } from "../../../policypack/lib/trust-policy";
import { UNKNOWN, UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { ISSUER, irsaTrust } from "../fixtures";

type Doc = ReturnType<typeof irsaTrust>;

/** The pinned trust policy with its one statement changed by `edit`. */
function trustWith(edit: (statement: Record<string, unknown>) => void): Doc {
    const doc = irsaTrust();
    edit(doc.Statement[0] as Record<string, unknown>);
    return doc;
}

/** The pinned trust policy with its conditions replaced. */
function trustWithCondition(condition: unknown): Doc {
    return trustWith((s) => {
        s.Condition = condition;
    });
}

const SUB = `${ISSUER}:sub`;
const AUD = `${ISSUER}:aud`;
const SUBJECT = "system:serviceaccount:kube-system:cluster-autoscaler";

describe("policypack/lib/trust-policy", () => {
    it("reads a single statement object as a one-statement list", () => {
        assert.equal((statementsOf({ Statement: { Effect: "Allow" } }) as unknown[]).length, 1);
    });

    it("finds no problem in a pinned trust policy", () => {
        assert.deepEqual(irsaTrustProblems(irsaTrust()), []);
    });

    it("is not applicable without a web-identity statement", () => {
        assert.equal(
            irsaTrustProblems({ Statement: [{ Effect: "Allow", Action: "sts:AssumeRole" }] }),
            undefined,
        );
    });

    it("ignores Deny statements", () => {
        const deny = { Statement: [{ Effect: "Deny", Action: "sts:AssumeRoleWithWebIdentity" }] };
        assert.equal(irsaTrustProblems(deny), undefined);
    });

    it("accepts a list of subjects when each is exact", () => {
        const doc = irsaTrust();
        (doc.Statement[0].Condition.StringEquals as Record<string, unknown>)[`${ISSUER}:sub`] = [
            "system:serviceaccount:ray:ray-head",
            "system:serviceaccount:ray:ray-worker",
        ];
        assert.deepEqual(irsaTrustProblems(doc), []);
    });

    it("reports a web-identity statement without a Federated principal", () => {
        const doc = irsaTrust();
        (doc.Statement[0] as Record<string, unknown>).Principal = { Service: "eks.amazonaws.com" };
        assert.match((irsaTrustProblems(doc) as string[])[0], /without a Federated OIDC provider principal/);
    });

    it("is unknown when the document is unknown", () => {
        assert.equal(irsaTrustProblems("04da6b54-80e4-46f7-96ec-b56ff0331ba9"), UNKNOWN);
    });

    it("skips statements that are not objects", () => {
        // GIVEN a statement list holding a number next to a statement
        // WHEN its statements are read
        // THEN only the statement is returned
        assert.deepEqual(statementsOf({ Statement: [42, { Effect: "Allow" }] }), [{ Effect: "Allow" }]);
    });

    it("is unknown when one statement of the list is unknown", () => {
        // GIVEN a statement list whose only entry is unknown during preview
        // WHEN its statements are read and its trust judged
        // THEN both are unknown, not "no web-identity statement"
        assert.equal(statementsOf({ Statement: [UNKNOWN_VALUE] }), UNKNOWN);
        assert.equal(irsaTrustProblems({ Statement: [UNKNOWN_VALUE] }), UNKNOWN);
    });

    it("is not applicable to a document that is not a policy", () => {
        // GIVEN text that is not JSON
        // WHEN its trust is judged
        // THEN IRSA does not apply
        assert.equal(irsaTrustProblems("not a policy"), undefined);
    });

    it("judges a statement without Effect, which IAM refuses, as an Allow", () => {
        // GIVEN the pinned statement without its Effect and with an open subject
        const doc = trustWith((s) => {
            delete s.Effect;
            (s.Condition as { StringEquals: Record<string, unknown> }).StringEquals[SUB] =
                "system:serviceaccount:*";
        });
        // WHEN its trust is judged
        // THEN the open subject is still reported
        assert.equal((irsaTrustProblems(doc) as string[]).length, 1);
    });

    it("reads Action entries as IAM does: trimmed, case-insensitive, with * and ? as wildcards", () => {
        // GIVEN the pinned statement with its Action spelled in other ways that grant the action
        for (const action of [
            " sts:AssumeRoleWithWebIdentity ",
            "STS:assumerolewithwebidentity",
            "sts:AssumeRole*",
            "sts:AssumeRoleWithWebIdentit?",
            [42, "sts:AssumeRoleWithWebIdentity"],
        ]) {
            const doc = trustWith((s) => {
                s.Action = action;
                s.Condition = {};
            });
            // WHEN its trust is judged
            // THEN it is a web-identity statement, and its missing conditions are reported
            assert.equal((irsaTrustProblems(doc) as string[] | undefined)?.length, 2, JSON.stringify(action));
        }
    });

    it("reads other characters of an Action entry literally", () => {
        // GIVEN Actions whose "." is a literal dot to IAM, and one that is not a string
        for (const action of ["sts:AssumeRole.*", "sts:AssumeRoleWithWebIdentity.", [42]]) {
            const doc = trustWith((s) => {
                s.Action = action;
            });
            // WHEN its trust is judged
            // THEN IRSA does not apply: the statement does not grant sts:AssumeRoleWithWebIdentity
            assert.equal(irsaTrustProblems(doc), undefined, JSON.stringify(action));
        }
    });

    it("reports a web-identity statement without any Principal", () => {
        // GIVEN the pinned statement without its Principal
        const doc = trustWith((s) => {
            delete s.Principal;
        });
        // WHEN its trust is judged
        // THEN the missing OIDC provider is the one problem reported
        assert.deepEqual(irsaTrustProblems(doc), [
            "trusts sts:AssumeRoleWithWebIdentity without a Federated OIDC provider principal",
        ]);
    });

    it("reports a Federated principal given as null like a missing one", () => {
        // GIVEN the pinned statement with Federated set to null
        const doc = trustWith((s) => {
            s.Principal = { Federated: null };
        });
        // WHEN its trust is judged
        // THEN the missing OIDC provider is reported
        assert.match((irsaTrustProblems(doc) as string[])[0]!, /without a Federated OIDC provider principal/);
    });

    it("waits for a principal or a condition block that is unknown during preview", () => {
        // GIVEN the pinned statement with its Principal, then its Condition, unknown
        const unknownPrincipal = trustWith((s) => {
            s.Principal = UNKNOWN_VALUE;
        });
        const unknownCondition = trustWithCondition(UNKNOWN_VALUE);
        // WHEN their trust is judged
        // THEN nothing is reported yet
        assert.deepEqual(irsaTrustProblems(unknownPrincipal), []);
        assert.deepEqual(irsaTrustProblems(unknownCondition), []);
    });

    it("waits for a subject or an audience value that is unknown during preview", () => {
        // GIVEN the pinned conditions with an unknown subject, then an unknown audience
        const doc = (sub: unknown, aud: unknown) =>
            trustWithCondition({ StringEquals: { [SUB]: sub, [AUD]: aud } });
        // WHEN their trust is judged
        // THEN nothing is reported yet
        assert.deepEqual(irsaTrustProblems(doc(UNKNOWN_VALUE, "sts.amazonaws.com")), []);
        assert.deepEqual(irsaTrustProblems(doc(SUBJECT, UNKNOWN_VALUE)), []);
    });

    it("reports StringLike on the audience, and the StringEquals conditions it leaves missing", () => {
        // GIVEN conditions with only StringLike, on the subject and on the audience
        const doc = trustWithCondition({ StringLike: { [SUB]: SUBJECT, [AUD]: "sts.*" } });
        // WHEN its trust is judged
        // THEN both loose matches and both missing StringEquals conditions are reported
        assert.deepEqual(irsaTrustProblems(doc), [
            `matches "${SUB}" with StringLike; only StringEquals pins it`,
            `matches "${AUD}" with StringLike; only StringEquals pins it`,
            'has no StringEquals condition on "<issuer>:sub" = "system:serviceaccount:<namespace>:<name>"',
            'has no StringEquals condition on "<issuer>:aud" = "sts.amazonaws.com"',
        ]);
    });

    it("reports an empty subject list", () => {
        // GIVEN the pinned conditions with an empty list of subjects
        const doc = trustWithCondition({ StringEquals: { [SUB]: [], [AUD]: "sts.amazonaws.com" } });
        // WHEN its trust is judged
        // THEN the empty list is reported by its key
        assert.deepEqual(irsaTrustProblems(doc), [`has an empty value list for "${SUB}"`]);
    });

    it("reports a subject that is not a string, even one that prints as a service account", () => {
        // GIVEN the pinned conditions with the subject nested in a list of its own
        const doc = trustWithCondition({ StringEquals: { [SUB]: [[SUBJECT]], [AUD]: "sts.amazonaws.com" } });
        // WHEN its trust is judged
        // THEN the subject is reported
        assert.match(
            (irsaTrustProblems(doc) as string[])[0]!,
            /expected exactly "system:serviceaccount:<namespace>:<name>"/,
        );
    });

    it("accepts a namespace and a service account name of one character", () => {
        // GIVEN the pinned trust for the service account x in namespace y
        // WHEN its trust is judged
        // THEN the subject is exact
        assert.deepEqual(irsaTrustProblems(irsaTrust("system:serviceaccount:y:x")), []);
    });

    it("names the web-identity statement of each problem when there are several", () => {
        // GIVEN a pinned web-identity statement followed by one with an open subject
        const doc = irsaTrust();
        const open = trustWithCondition({ StringEquals: { [SUB]: "*", [AUD]: "sts.amazonaws.com" } });
        doc.Statement.push(open.Statement[0]!);
        // WHEN its trust is judged
        // THEN the problem names the second statement
        assert.deepEqual(irsaTrustProblems(doc), [
            `allows "${SUB}" = "*"; expected exactly "system:serviceaccount:<namespace>:<name>" without wildcards (web-identity statement 2)`,
        ]);
    });

    it("reports conditions keyed on another issuer than the trusted OIDC provider", () => {
        // GIVEN the pinned conditions, keyed on another cluster's issuer
        const other = "oidc.eks.eu-west-1.amazonaws.com/id/OTHER";
        const doc = trustWithCondition({
            StringEquals: { [`${other}:sub`]: SUBJECT, [`${other}:aud`]: "sts.amazonaws.com" },
        });
        // WHEN its trust is judged
        // THEN each key is reported with the trusted issuer
        assert.deepEqual(irsaTrustProblems(doc), [
            `conditions on "${other}:sub", which is not the trusted issuer "${ISSUER}"`,
            `conditions on "${other}:aud", which is not the trusted issuer "${ISSUER}"`,
        ]);
    });

    it("compares condition keys only with issuers it can read from the Federated principal", () => {
        // GIVEN the pinned statement trusting an unknown principal, then one that is not an OIDC provider ARN
        for (const federated of [UNKNOWN_VALUE, "accounts.google.com", 42]) {
            const doc = trustWith((s) => {
                s.Principal = { Federated: federated };
            });
            // WHEN its trust is judged
            // THEN no issuer mismatch is reported
            assert.deepEqual(irsaTrustProblems(doc), [], String(federated));
        }
    });

    it("takes the issuer from the text after :oidc-provider/, wherever it starts", () => {
        // GIVEN the pinned conditions under a Federated principal that is only ":oidc-provider/<issuer>"
        const doc = trustWith((s) => {
            s.Principal = { Federated: ":oidc-provider/oidc.example.com" };
        });
        // WHEN its trust is judged
        // THEN that issuer is the trusted one, and the pinned keys are reported as another's
        assert.deepEqual(irsaTrustProblems(doc), [
            `conditions on "${SUB}", which is not the trusted issuer "oidc.example.com"`,
            `conditions on "${AUD}", which is not the trusted issuer "oidc.example.com"`,
        ]);
    });
});
