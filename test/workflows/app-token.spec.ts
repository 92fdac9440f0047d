import * as assert from "node:assert/strict";
import { TASK_PERMISSIONS } from "../../automation/github/auth";
import { actionName, jobsOf, runOf, stepsOf, usesOf } from "./rules/model";
import { expression, isMapping, readWorkflows, WORKFLOWS_DIR } from "./workflow-file";

/** The App tasks a rayops command line performs (automation/cli-support/github-report.ts). */
function tasksOf(run: string): Array<keyof typeof TASK_PERMISSIONS> {
    const tasks: Array<keyof typeof TASK_PERMISSIONS> = [];
    // preview comments on the open pull request, up on the merged one it looks up (same permission)
    if (/\brayops\s+(preview|up)\b.*--comment\b/.test(run)) tasks.push("prComment");
    if (/\brayops\s+preview\b.*--check-run\b/.test(run)) tasks.push("checkRun");
    if (/\brayops\s+drift\b.*--issue\b/.test(run) || /\brayops\s+cost\s+report\b/.test(run)) {
        tasks.push("reportIssue");
    }
    return tasks;
}

/** `pull_requests: write` → `permission-pull-requests: write`, as actions/create-github-app-token v3.1.1 names its inputs. */
function tokenInputs(tasks: readonly (keyof typeof TASK_PERMISSIONS)[]): Record<string, string> {
    const inputs: Record<string, string> = {};
    for (const task of tasks) {
        for (const [scope, level] of Object.entries(TASK_PERMISSIONS[task])) {
            inputs[`permission-${scope.replace(/_/g, "-")}`] = level;
        }
    }
    return inputs;
}

describe("GitHub App tokens in the workflows", () => {
    const jobs = readWorkflows(WORKFLOWS_DIR).flatMap((file) =>
        jobsOf(file).map((job) => ({ where: `${file.path}: jobs.${job.id}`, job })),
    );
    const reporting = jobs.filter(({ job }) => stepsOf(job).some((s) => tasksOf(runOf(s)).length > 0));

    it("finds the jobs that report through the App: previews, updates, drift and cost", () => {
        assert.equal(reporting.length, 9);
    });

    for (const { where, job } of reporting) {
        it(`${where} mints one token with exactly the permissions its reports need, and hands it only to the CLI`, () => {
            // GIVEN the job's rayops step WHEN its App tasks are read THEN the minted token asks for
            // exactly their permissions (automation/github/auth.ts TASK_PERMISSIONS), no more
            const steps = stepsOf(job);
            const cli = steps.filter((s) => tasksOf(runOf(s)).length > 0);
            assert.equal(cli.length, 1);
            const minted = steps.filter((s) => actionName(usesOf(s)) === "actions/create-github-app-token");
            assert.equal(minted.length, 1);
            const withs = isMapping(minted[0]!.body["with"]) ? minted[0]!.body["with"] : {};
            const asked = Object.fromEntries(
                Object.entries(withs).filter(([k]) => k.startsWith("permission-")),
            );
            assert.deepEqual(asked, tokenInputs(tasksOf(runOf(cli[0]!))));
            assert.equal(minted[0]!.body["id"], "app-token");
            // The token and the slug reach the CLI step and no other.
            const holders = steps.filter((s) => JSON.stringify(s.body).includes("steps.app-token.outputs"));
            assert.deepEqual(holders, cli);
            const env = isMapping(cli[0]!.body["env"]) ? cli[0]!.body["env"] : {};
            assert.equal(env["RAYOPS_GITHUB_TOKEN"], expression("steps.app-token.outputs.token"));
            assert.equal(env["RAYOPS_GITHUB_APP_SLUG"], expression("steps.app-token.outputs.app-slug"));
            // The token is minted last, after the install and the AWS login, right before it is used.
            assert.equal(steps.indexOf(minted[0]!), steps.indexOf(cli[0]!) - 1);
        });
    }
});
