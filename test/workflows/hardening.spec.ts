import * as assert from "node:assert/strict";
import * as path from "node:path";
import { WORKFLOW_RULES } from "./rules";
import { FIXTURES_DIR, readWorkflows, WORKFLOWS_DIR, type WorkflowFile } from "./workflow-file";

/** The workflows docs/design.md and issue 6 call for; a missing or renamed one fails here. */
const EXPECTED_WORKFLOWS = [
    "ci.yml",
    "cost-report.yml",
    "destroy.yml",
    "drift.yml",
    "mutation.yml",
    "policy-publish.yml",
    "preview.yml",
    "ray-deploy.yml",
    "up.yml",
];

/** `concurrency-per-stack--missing.yml` breaks the rule `concurrency-per-stack`. */
function brokenRuleOf(fixture: WorkflowFile): string {
    return path.basename(fixture.path).split("--")[0];
}

describe("workflow hardening", () => {
    const workflows = readWorkflows(WORKFLOWS_DIR);
    const fixtures = readWorkflows(FIXTURES_DIR);

    it("finds exactly the project's workflows under .github/workflows", () => {
        // GIVEN the workflow folder WHEN it is listed THEN every expected workflow is there, no more
        assert.deepEqual(
            workflows.map((w) => path.basename(w.path)),
            EXPECTED_WORKFLOWS,
        );
    });

    for (const rule of WORKFLOW_RULES) {
        describe(`rule ${rule.id} (${rule.why})`, () => {
            it("holds for every workflow under .github/workflows", () => {
                // GIVEN the real workflows WHEN the rule checks each THEN it reports nothing
                assert.deepEqual(
                    workflows.flatMap((w) => rule.check(w)),
                    [],
                );
            });

            const breaking = fixtures.filter((f) => brokenRuleOf(f) === rule.id);

            it("has at least one fixture that breaks it", () => {
                assert.ok(breaking.length > 0, `add test/workflows/fixtures/${rule.id}--<case>.yml`);
            });

            for (const fixture of breaking) {
                it(`reports ${path.basename(fixture.path)}`, () => {
                    // GIVEN a workflow that breaks this rule WHEN checked THEN the rule reports it
                    const violations = rule.check(fixture);
                    assert.ok(violations.length > 0, `${rule.id} found nothing wrong in ${fixture.path}`);
                    assert.ok(violations.every((v) => v.startsWith(fixture.path)));
                });
            }
        });
    }

    describe("fixtures", () => {
        for (const fixture of fixtures) {
            it(`${path.basename(fixture.path)} breaks no rule but its own`, () => {
                // GIVEN a fixture meant to break one rule WHEN every other rule checks it THEN none
                // reports anything, so the fixture proves that one rule and only it bites
                const others = WORKFLOW_RULES.filter((r) => r.id !== brokenRuleOf(fixture));
                assert.equal(
                    others.length,
                    WORKFLOW_RULES.length - 1,
                    `no rule named '${brokenRuleOf(fixture)}'`,
                );
                assert.deepEqual(
                    others.flatMap((r) => r.check(fixture)),
                    [],
                );
            });
        }
    });
});
