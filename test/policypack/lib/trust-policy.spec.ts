import assert from "node:assert/strict";
import { irsaTrustProblems, statementsOf } from "../../../policypack/lib/trust-policy";
import { UNKNOWN } from "../../../policypack/lib/values";
import { ISSUER, irsaTrust } from "../fixtures";

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
});
