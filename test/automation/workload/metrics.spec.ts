import * as assert from "node:assert/strict";
import { newLines } from "../../../automation/workload/follow";
import { lastLines, metricsFromLogs } from "../../../automation/workload/metrics";

const PHASE = {
    index: 0,
    name: "warm-up",
    target: 2,
    achieved_mean: 1.9,
    achieved_max: 2,
    tasks_completed: 8,
    queue_wait_p50: 0.01,
    queue_wait_p95: null,
    duration_seconds: 2,
    planned_seconds: 2,
};
const METRICS = {
    schema_version: 1,
    pattern: [2],
    seed: 0,
    phases: [PHASE],
    totals: { tasks_completed: 8, tasks_failed: 0 },
};

describe("workload metrics from the job log", () => {
    it("reads the metrics event among Ray's own lines and the other events", () => {
        const logs = [
            "2026-11-25 22:11:04,444\tINFO job_manager.py:581 -- Runtime env is setting up.",
            JSON.stringify({ event: "run_end", ts: 1 }),
            JSON.stringify({ event: "metrics", ts: 2, metrics: METRICS }),
            "",
        ].join("\n");

        assert.deepEqual(metricsFromLogs(logs), METRICS);
    });

    it("takes the last metrics event when there are several", () => {
        const later = { ...METRICS, seed: 9 };
        const logs = [
            { event: "metrics", metrics: METRICS },
            { event: "metrics", metrics: later },
        ]
            .map((e) => JSON.stringify(e))
            .join("\n");

        assert.equal(metricsFromLogs(logs).seed, 9);
    });

    it("says so when the log has no metrics event", () => {
        assert.throws(() => metricsFromLogs('{"event": "run_end"}\n'), /has no \{"event": "metrics"\} line/);
    });

    it("refuses metrics whose phase lacks a number the table needs", () => {
        const broken = { ...METRICS, phases: [{ ...PHASE, achieved_max: "2" }] };

        assert.throws(
            () => metricsFromLogs(JSON.stringify({ event: "metrics", metrics: broken })),
            /phases\[0\]\.achieved_max is not a number/,
        );
    });

    it("keeps the last non-empty lines for error messages", () => {
        assert.deepEqual(lastLines("a\n\nb\nc\n\n", 2), ["b", "c"]);
    });

    it("passes on only whole new lines while the job runs, and the rest once it ended", () => {
        const first = newLines("one\ntw", 0, false);
        assert.deepEqual(first, { lines: ["one"], printed: 4 });

        const second = newLines("one\ntwo\nthr", first.printed, false);
        assert.deepEqual(second, { lines: ["two"], printed: 8 });

        assert.deepEqual(newLines("one\ntwo\nthree", second.printed, true), {
            lines: ["three"],
            printed: 13,
        });
    });
});
