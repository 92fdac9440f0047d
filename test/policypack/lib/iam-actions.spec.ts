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

    it("calls a pattern that only ends or only begins like <service>:* not a wildcard", () => {
        // GIVEN a name with a character no service prefix has, and a pattern that merely starts with s3:*
        // WHEN each is judged
        // THEN neither is a whole-service wildcard
        assert.equal(isWildcardAction("my_service:*"), false);
        assert.equal(isWildcardAction("s3:*Object"), false);
    });

    it("reports only the wildcard entries of an action list, trimmed, and skips entries that are not strings", () => {
        // GIVEN an Allow whose Action list mixes a number, an exact action and a padded wildcard
        const doc = {
            Statement: [{ Effect: "Allow", Action: [42, "s3:GetObject", " s3:* "], Resource: "*" }],
        };
        // WHEN its wildcard grants are read
        const grants = wildcardGrants(doc);
        // THEN only the wildcard is reported, as IAM reads it
        assert.deepEqual(grants, ['"s3:*" (statement 1)']);
    });

    it("names a statement by its Sid only when the Sid is a non-empty string", () => {
        // GIVEN wildcard Allows with Sid "Admin", an empty Sid and a numeric Sid
        const doc = {
            Statement: [
                { Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" },
                { Sid: "", Effect: "Allow", Action: "*", Resource: "*" },
                { Sid: 7, Effect: "Allow", Action: "*", Resource: "*" },
            ],
        };
        // WHEN its wildcard grants are read
        // THEN the others are named by their position
        assert.deepEqual(wildcardGrants(doc), [
            '"*" (statement "Admin")',
            '"*" (statement 2)',
            '"*" (statement 3)',
        ]);
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
