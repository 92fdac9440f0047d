import * as assert from "node:assert/strict";
import { job, matrixStacks, on, step, workflow } from "./lookup";
import { runStep } from "./run-step";
import type { Mapping } from "./workflow-file";

describe("drift.yml", () => {
    const drift = workflow("drift.yml");
    const detect = step(drift, "drift", /^Detect drift/);

    it("runs on a daily schedule for dev and prod, one stack's failure not cancelling the other", () => {
        const schedule = on(drift)["schedule"];
        assert.ok(Array.isArray(schedule) && schedule.length === 1);
        assert.match(String((schedule[0] as Mapping)["cron"]), /^\d+ \d+ \* \* \*$/);
        assert.deepEqual(matrixStacks(drift, "drift"), ["dev", "prod"]);
        assert.deepEqual(job(drift, "drift")["strategy"], {
            "fail-fast": false,
            matrix: { stack: ["dev", "prod"] },
        });
    });

    it("asks the CLI to open or update the stack's drift issue", () => {
        const run = runStep(detect, { STACK: "dev" });
        assert.deepEqual(run.npxCalls, [["--no-install", "rayops", "drift", "--stack", "dev", "--issue"]]);
    });

    it("stays green without drift (exit 0)", () => {
        const run = runStep(detect, { STACK: "dev" }, { npxExit: 0 });
        assert.equal(run.status, 0);
        assert.match(run.summary, /No drift in stack dev/);
    });

    it("reports drift (exit 3) as a warning and stays green", () => {
        // GIVEN the CLI found drift WHEN the step ends THEN the job passes with a warning annotation
        const run = runStep(detect, { STACK: "prod" }, { npxExit: 3 });
        assert.equal(run.status, 0);
        assert.match(run.stdout, /^::warning title=Drift in prod::/m);
        assert.match(run.summary, /Drift found in stack prod/);
    });

    for (const code of [1, 4, 5]) {
        it(`fails when the drift check itself fails (exit ${code})`, () => {
            const run = runStep(detect, { STACK: "dev" }, { npxExit: code });
            assert.equal(run.status, code);
            assert.match(run.stdout, /^::error title=Drift check failed::/m);
        });
    }
});
