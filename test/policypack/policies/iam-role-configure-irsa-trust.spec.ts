import assert from "node:assert/strict";
import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import {
    assertPasses,
    assertReported,
    change,
    ISSUER,
    irsaRole,
    irsaTrust,
    resource,
    run,
} from "../fixtures";

const POLICY = "iam-role-configure-irsa-trust";

interface Statement {
    Condition?: Record<string, Record<string, unknown>>;
    [key: string]: unknown;
}

function roleWith(edit: (statement: Statement) => void) {
    const doc = irsaTrust();
    edit(doc.Statement[0] as Statement);
    return change(irsaRole(), "assumeRolePolicy", JSON.stringify(doc));
}

describe(POLICY, () => {
    it("passes a role pinned to one service account and the STS audience", () => {
        assertPasses(run(POLICY, [irsaRole()]));
    });

    it("passes the trust policy given as an object instead of a JSON string", () => {
        assertPasses(run(POLICY, [change(irsaRole(), "assumeRolePolicy", irsaTrust())]));
    });

    it("does not apply to roles without a web-identity statement", () => {
        const nodeRole = resource("aws:iam/role:Role", "node-role", {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "ec2.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            }),
        });
        assertPasses(run(POLICY, [nodeRole]));
    });

    it("reports a wildcard service account subject", () => {
        const role = roleWith((s) => {
            s.Condition!.StringEquals[`${ISSUER}:sub`] = "system:serviceaccount:kube-system:*";
        });
        assertReported(run(POLICY, [role]), "cluster-autoscaler-role", /without wildcards.*StringEquals/);
    });

    it("reports StringLike on the subject", () => {
        const role = roleWith((s) => {
            s.Condition = {
                StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" },
                StringLike: { [`${ISSUER}:sub`]: "system:serviceaccount:*:*" },
            };
        });
        const result = run(POLICY, [role]);
        assert.deepEqual(
            result.findings.map((f) => f.message.split(". In assumeRolePolicy")[0]),
            [
                `Role "cluster-autoscaler-role" matches "${ISSUER}:sub" with StringLike; only StringEquals pins it`,
                `Role "cluster-autoscaler-role" has no StringEquals condition on "<issuer>:sub" = "system:serviceaccount:<namespace>:<name>"`,
            ],
        );
    });

    it("reports a missing audience condition", () => {
        const role = roleWith((s) => {
            delete s.Condition!.StringEquals[`${ISSUER}:aud`];
        });
        assertReported(
            run(POLICY, [role]),
            "cluster-autoscaler-role",
            /no StringEquals condition on "<issuer>:aud" = "sts\.amazonaws\.com"/,
        );
    });

    it("reports an audience other than sts.amazonaws.com", () => {
        const role = roleWith((s) => {
            s.Condition!.StringEquals[`${ISSUER}:aud`] = "sts.example.com";
        });
        assertReported(
            run(POLICY, [role]),
            "cluster-autoscaler-role",
            /"sts\.example\.com"; expected "sts\.amazonaws\.com"/,
        );
    });

    it("reports a statement without any condition", () => {
        const role = roleWith((s) => {
            delete s.Condition;
        });
        assertReported(
            run(POLICY, [role]),
            "cluster-autoscaler-role",
            /no Condition, so every service account/,
        );
    });

    // Each action list below lets a web identity assume the role, so without a Condition every
    // service account of the cluster may: the statement must be read as a web-identity statement.
    // Also: IAM matches action names case-insensitively and expands `*` and `?` in them, so the
    // last three grant sts:AssumeRoleWithWebIdentity as surely as its exact spelling does.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html (read 2026-12-02)
    for (const action of [
        ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
        ["sts:TagSession", "sts:AssumeRoleWithWebIdentity"],
        "sts:*",
        "*",
        "sts:assumerolewithwebidentity",
        "STS:AssumeRoleWithWebIdentity",
        "sts:AssumeRole*",
    ]) {
        it(`reports a statement allowing ${JSON.stringify(action)} without any condition`, () => {
            const role = roleWith((s) => {
                s.Action = action;
                delete s.Condition;
            });
            assertReported(
                run(POLICY, [role]),
                "cluster-autoscaler-role",
                /no Condition, so every service account/,
            );
        });
    }

    // StringEquals compares whole strings, so a subject is only pinned when all of it is
    // "system:serviceaccount:<namespace>:<name>": text before or after it is not a service account.
    for (const subject of [
        "system:serviceaccount:kube-system:cluster-autoscaler*",
        "system:serviceaccount:kube-system:cluster-autoscaler:extra",
        "*system:serviceaccount:kube-system:cluster-autoscaler",
        "x-system:serviceaccount:kube-system:cluster-autoscaler",
    ]) {
        it(`reports the subject "${subject}", which is not exactly one service account`, () => {
            const role = roleWith((s) => {
                s.Condition!.StringEquals[`${ISSUER}:sub`] = subject;
            });
            assertReported(
                run(POLICY, [role]),
                "cluster-autoscaler-role",
                /expected exactly "system:serviceaccount:<namespace>:<name>" without wildcards/,
            );
        });
    }

    it("reports conditions keyed on another issuer than the trusted one", () => {
        const role = roleWith((s) => {
            s.Condition!.StringEquals = {
                "oidc.eks.us-east-1.amazonaws.com/id/OTHER:sub":
                    "system:serviceaccount:kube-system:cluster-autoscaler",
                "oidc.eks.us-east-1.amazonaws.com/id/OTHER:aud": "sts.amazonaws.com",
            };
        });
        const result = run(POLICY, [role]);
        assert.equal(result.findings.length, 2);
        assert.match(result.findings[0].message, /which is not the trusted issuer/);
    });

    it("does not report a trust policy that is unknown during preview", () => {
        assertPasses(run(POLICY, [change(irsaRole(), "assumeRolePolicy", UNKNOWN_VALUE)]));
    });
});
