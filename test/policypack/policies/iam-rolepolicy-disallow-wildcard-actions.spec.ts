import assert from "node:assert/strict";
import { ebsCsiKmsPolicy } from "../../../components/storage/iam";
import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { rolePolicy, runnerRolePolicy } from "../ci-runner-fixtures";
import { assertPasses, assertReported, change, irsaRole, KEY_ARN, resource, run } from "../fixtures";

const POLICY = "iam-rolepolicy-disallow-wildcard-actions";

const allow = (Action: unknown, Sid = "Grant") => ({ Sid, Effect: "Allow", Action, Resource: "*" });

describe(POLICY, () => {
    it("passes the CI runner's service role policy as the component builds it", () => {
        assertPasses(run(POLICY, [runnerRolePolicy()]));
    });

    it("passes operation-family patterns such as kms:ReEncrypt* (the EBS CSI driver's KMS statements)", () => {
        const csi = resource("aws:iam/rolePolicy:RolePolicy", "ebs-csi-kms", {
            role: "ebs-csi",
            policy: JSON.stringify(ebsCsiKmsPolicy(KEY_ARN)),
        });
        assertPasses(run(POLICY, [csi]));
    });

    it('reports an Allow of "*"', () => {
        assertReported(
            run(POLICY, [rolePolicy("admin", [allow("*")])]),
            "admin",
            /allows "\*" \(statement "Grant"\) in policy\. List the actions the role needs by name/,
        );
    });

    it("reports an Allow of a whole service, whatever its case", () => {
        assertReported(
            run(POLICY, [rolePolicy("s3-all", [allow(["s3:GetObject", "s3:*"])])]),
            "s3-all",
            /"s3:\*"/,
        );
        assertReported(run(POLICY, [rolePolicy("ec2-all", [allow("EC2:*")])]), "ec2-all", /"EC2:\*"/);
    });

    it("reports an Allow with NotAction, which grants everything but the list", () => {
        const notAction = rolePolicy("all-but-iam", [
            { Sid: "AllButIam", Effect: "Allow", NotAction: ["iam:*"], Resource: "*" },
        ]);
        assertReported(run(POLICY, [notAction]), "all-but-iam", /every action but NotAction \["iam:\*"\]/);
    });

    it("lists every wildcard of a policy in one finding, naming unnamed statements by position", () => {
        const doc = rolePolicy("two", [
            { Effect: "Allow", Action: "sqs:*", Resource: "*" },
            { Effect: "Allow", Action: "sns:*", Resource: "*" },
        ]);
        const [finding] = run(POLICY, [doc]).findings;
        assert.match(finding!.message, /"sqs:\*" \(statement 1\), "sns:\*" \(statement 2\)/);
    });

    it("does not apply to Deny statements, which take rights away", () => {
        const deny = rolePolicy("deny-all", [{ Effect: "Deny", Action: "*", Resource: "*" }]);
        assertPasses(run(POLICY, [deny]));
    });

    it("reads a role's inlinePolicies too", () => {
        const role = change(irsaRole(), "inlinePolicies", [
            { name: "ok", policy: JSON.stringify({ Statement: [allow("s3:GetObject")] }) },
            { name: "wide", policy: JSON.stringify({ Statement: [allow("dynamodb:*")] }) },
        ]);
        assertReported(
            run(POLICY, [role]),
            "cluster-autoscaler-role",
            /"dynamodb:\*".* in inlinePolicies\[1\]/,
        );
    });

    it("passes a role without inline policies, and the empty block that clears them", () => {
        assertPasses(run(POLICY, [irsaRole(), change(irsaRole("cleared"), "inlinePolicies", [{}])]));
    });

    it("does not apply to key policies (the KMS keys' kms:* for the account root)", () => {
        const key = resource("aws:kms/key:Key", "data-key", {
            enableKeyRotation: true,
            policy: JSON.stringify({
                Statement: [{ Effect: "Allow", Principal: { AWS: "root" }, Action: "kms:*" }],
            }),
        });
        assertPasses(run(POLICY, [key]));
    });

    it("does not report a document, a statement list or an action unknown during preview", () => {
        assertPasses(run(POLICY, [change(rolePolicy("a", []), "policy", UNKNOWN_VALUE)]));
        assertPasses(run(POLICY, [change(irsaRole(), "inlinePolicies", UNKNOWN_VALUE)]));
        const unknownAction = resource("aws:iam/rolePolicy:RolePolicy", "b", {
            role: "b",
            policy: { Statement: [allow([UNKNOWN_VALUE, "s3:GetObject"])] },
        });
        assertPasses(run(POLICY, [unknownAction]));
    });
});
