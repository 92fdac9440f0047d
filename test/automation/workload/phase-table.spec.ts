import * as assert from "node:assert/strict";
import { makeStyle, stripAnsi } from "../../../automation/render/style";
import type { PhaseMetrics, WorkloadMetrics } from "../../../automation/workload/metrics";
import {
    phaseHolds,
    renderPhaseTable,
    renderPhaseTableMarkdown,
} from "../../../automation/workload/phase-table";

function phase(
    index: number,
    name: string,
    target: number,
    change: Partial<PhaseMetrics> = {},
): PhaseMetrics {
    return {
        index,
        name,
        target,
        achieved_mean: target * 0.97,
        achieved_max: target,
        tasks_completed: target * 4,
        queue_wait_p50: 0.012,
        queue_wait_p95: 0.25,
        duration_seconds: 2.04,
        planned_seconds: 2,
        ...change,
    };
}

function metrics(phases: PhaseMetrics[]): WorkloadMetrics {
    const completed = phases.reduce((n, p) => n + p.tasks_completed, 0);
    return {
        schema_version: 1,
        pattern: phases.map((p) => p.target),
        seed: 7,
        phases,
        totals: { tasks_completed: completed, tasks_failed: 0 },
    };
}

describe("workload phase table", () => {
    const held = phase(0, "warm-up", 2);

    it("counts a phase as holding when max equals target and mean and duration are within 10 %", () => {
        assert.equal(phaseHolds(held), true);
    });

    it("does not count a phase whose max fell short of its target", () => {
        assert.equal(phaseHolds(phase(2, "peak", 10, { achieved_max: 9, achieved_mean: 9.5 })), false);
    });

    it("does not count a phase whose mean is more than 10 % below target", () => {
        assert.equal(phaseHolds(phase(2, "peak", 10, { achieved_mean: 8.9 })), false);
    });

    it("does not count a phase that overran its planned duration by more than 10 %", () => {
        assert.equal(phaseHolds(phase(1, "small-burst", 5, { duration_seconds: 2.3 })), false);
    });

    it("counts an idle phase (target 0) as holding only when nothing ran", () => {
        const idle = {
            achieved_mean: 0,
            achieved_max: 0,
            tasks_completed: 0,
            queue_wait_p50: null,
            queue_wait_p95: null,
        };
        assert.equal(phaseHolds(phase(3, "idle", 0, idle)), true);
        assert.equal(phaseHolds(phase(3, "idle", 0, { ...idle, achieved_max: 1 })), false);
    });

    it("prints one row per phase with target, mean, max, tasks, queue p50/p95 and duration", () => {
        const text = renderPhaseTable(
            metrics([held, phase(1, "peak", 10, { achieved_max: 8 })]),
            makeStyle(false),
        );
        const lines = text.split("\n");

        assert.equal(lines[0], "Phases: pattern 2,10, seed 7");
        assert.match(
            lines[1],
            /^#\s+phase\s+target\s+mean\s+max\s+tasks\s+queue p50\s+queue p95\s+duration\s+holds$/,
        );
        assert.match(
            lines[3],
            /^0\s+warm-up\s+2\s+1\.94\s+2\s+8\s+0\.01 s\s+0\.25 s\s+2\.0 \/ 2\.0 s\s+yes$/,
        );
        assert.match(lines[4], /^1\s+peak\s+10\s+9\.70\s+8\s+40\s+.*\s+no$/);
        assert.match(text, /48 tasks completed, 0 failed; 1 of 2 phases held their target within 10 %/);
    });

    it("shows n/a for the queue wait of a phase that completed no task", () => {
        const idle = phase(0, "idle", 0, {
            achieved_mean: 0,
            achieved_max: 0,
            queue_wait_p50: null,
            queue_wait_p95: null,
        });

        assert.match(renderPhaseTable(metrics([idle]), makeStyle(false)), /n\/a\s+n\/a/);
    });

    it("writes no ANSI escapes without colour (NO_COLOR), and colours the verdict with it", () => {
        const m = metrics([held]);

        assert.equal(renderPhaseTable(m, makeStyle(false)).includes("\u001b["), false);
        const coloured = renderPhaseTable(m, makeStyle(true));
        assert.ok(coloured.includes("\u001b[32myes\u001b[39m"));
        assert.equal(stripAnsi(coloured), renderPhaseTable(m, makeStyle(false)));
    });

    it("renders the same rows as a Markdown table with the failing verdicts in bold", () => {
        const md = renderPhaseTableMarkdown(metrics([held, phase(1, "peak", 10, { achieved_max: 8 })]));

        assert.match(md, /^### Phases: pattern `2,10`, seed 7$/m);
        assert.match(
            md,
            /^\| # \| phase \| target \| mean \| max \| tasks \| queue p50 \| queue p95 \| duration \| holds \|$/m,
        );
        assert.match(
            md,
            /^\| 0 \| warm-up \| 2 \| 1\.94 \| 2 \| 8 \| 0\.01 s \| 0\.25 s \| 2\.0 \/ 2\.0 s \| yes \|$/m,
        );
        assert.match(md, /^\| 1 \| peak \| 10 \| .* \| \*\*no\*\* \|$/m);
    });
});
