import assert from "node:assert/strict";
import { isWildcardAction, wildcardGrants } from "../../../policypack/lib/iam-actions";
import { UNKNOWN, UNKNOWN_VALUE } from "../../../policypack/lib/values";

describe("policypack/lib/iam-actions", () => {
    it("calls * and <service>:* wildcards, and narrower patterns not", () => {
        assert.deepEqual(
            [
                "*",
                "s3:*",
                " ec2:* ",
                "codestar-connections:*",
                "kms:ReEncrypt*",
                "s3:Get*Object",
                "s3:GetObject",
            ].map(isWildcardAction),
            [true, true, true, true, false, false, false],
        );
    });

    it("answers undefined for what is not a policy document, UNKNOWN for an unknown one", () => {
        assert.equal(wildcardGrants(undefined), undefined);
        assert.equal(wildcardGrants("not json"), undefined);
        assert.equal(wildcardGrants(UNKNOWN_VALUE), UNKNOWN);
        assert.equal(wildcardGrants({ Statement: UNKNOWN_VALUE }), UNKNOWN);
    });

    it("reads a single statement object and a single action string", () => {
        assert.deepEqual(wildcardGrants({ Statement: { Effect: "Allow", Action: "*", Resource: "*" } }), [
            '"*" (statement 1)',
        ]);
    });
});
