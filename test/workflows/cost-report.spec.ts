import * as assert from "node:assert/strict";
import { includedPerStack, job, on, step, workflow } from "./lookup";
import { runStep } from "./run-step";
import { expression, type Mapping } from "./workflow-file";

describe("cost-report.yml", () => {
    const cost = workflow("cost-report.yml");

    it("reports each stack's cost daily", () => {
        const schedule = on(cost)["schedule"];
        assert.ok(Array.isArray(schedule) && schedule.length === 1);
        assert.match(String((schedule[0] as Mapping)["cron"]), /^\d+ \d+ \* \* \*$/);
        const run = runStep(step(cost, "report", /cost as an issue/), { STACK: "prod" });
        assert.deepEqual(run.npxCalls, [["--no-install", "rayops", "cost", "report", "--stack", "prod"]]);
    });

    it("reads each stack's spend in the stack's own account, from a GitHub-hosted runner", () => {
        // GIVEN Cost Explorer answers per account WHEN each stack's role is read THEN it is that stack's
        assert.deepEqual(includedPerStack(cost, "report", "readonly-role"), {
            dev: expression("vars.AWS_READONLY_ROLE_ARN_DEV"),
            prod: expression("vars.AWS_READONLY_ROLE_ARN_PROD"),
        });
        assert.equal(job(cost, "report")["runs-on"], "ubuntu-24.04");
    });
});
