import * as assert from "node:assert/strict";
import { on, step, workflow } from "./lookup";
import { runStep } from "./run-step";
import type { Mapping } from "./workflow-file";

describe("cost-report.yml", () => {
    const cost = workflow("cost-report.yml");

    it("reports each stack's cost daily", () => {
        const schedule = on(cost)["schedule"];
        assert.ok(Array.isArray(schedule) && schedule.length === 1);
        assert.match(String((schedule[0] as Mapping)["cron"]), /^\d+ \d+ \* \* \*$/);
        const run = runStep(step(cost, "report", /cost as an issue/), { STACK: "prod" });
        assert.deepEqual(run.npxCalls, [["--no-install", "rayops", "cost", "report", "--stack", "prod"]]);
    });
});
