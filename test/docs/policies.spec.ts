import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { policies } from "../../policypack/policies/index";
import { generatePolicyDocs, POLICY_DOC } from "../../scripts/gen-policy-docs";

describe("policy reference (docs/policies.md, scripts/gen-policy-docs.ts)", () => {
    it("the committed page is exactly what the generator writes from the pack", () => {
        // GIVEN the committed page WHEN the generator renders the current pack THEN they are the
        // same (run `npm run -s docs:policies` if not)
        assert.equal(fs.readFileSync(POLICY_DOC, "utf8"), generatePolicyDocs());
    });

    it("has a section, the anchor the PR comment links to, for every policy", () => {
        const page = fs.readFileSync(POLICY_DOC, "utf8");
        const missing = policies.filter((p) => !page.includes(`\n## ${p.name}\n`)).map((p) => p.name);
        assert.deepEqual(missing, []);
        assert.doesNotMatch(page, /not mapped/);
    });
});
