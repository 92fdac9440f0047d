/**
 * The workload on local Ray (docs/design.md: "each phase holds its target concurrency and duration
 * within 10%"), and the per-task scheduling overhead behind it: queue wait, submit → start, with
 * warm workers. The driver warms its 12 worker processes first, as a long-lived cluster has them;
 * worker start-up on a cold job is autoscaling latency, which the workload itself reports.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import type { WorkloadMetrics } from "../automation/workload/metrics";

const WORKLOADS = path.join(__dirname, "..", "workloads");
const PATTERN = [2, 5, 10, 8, 4, 2];
const PHASE_SECONDS = 3;
const TASK_SECONDS = 0.5;

const DRIVER = `
import io, json, sys, ray
from bursty.driver import run_workload
from bursty.plan import build_plan
ray.init(num_cpus=12, include_dashboard=False)
run_workload(build_plan((12,), 1.0, 1.0, 0), sample_seconds=1.0, out=io.StringIO())
metrics = run_workload(build_plan(tuple(json.loads(sys.argv[1])), float(sys.argv[2]), float(sys.argv[3]), 0),
                       sample_seconds=1.0, out=io.StringIO())
ray.shutdown()
sys.stdout.write("\\n" + json.dumps(metrics) + "\\n")
`;

export async function bench() {
    const run = spawnSync(
        "python3",
        ["-c", DRIVER, JSON.stringify(PATTERN), String(PHASE_SECONDS), String(TASK_SECONDS)],
        {
            cwd: WORKLOADS,
            encoding: "utf8",
            env: { ...process.env, PYTHONPATH: WORKLOADS, RAY_USAGE_STATS_ENABLED: "0" },
            timeout: 180_000,
        },
    );
    if (run.status !== 0) {
        throw new Error(
            `workload bench: python3 exited ${run.status} (is Ray installed?)\n${run.stderr.slice(-2000)}`,
        );
    }
    const metrics = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as WorkloadMetrics;
    const deviation = (actual: number, wanted: number) => Math.abs(actual - wanted) / wanted;
    const meanWorst = Math.max(...metrics.phases.map((p) => deviation(p.achieved_mean, p.target)));
    const durationWorst = Math.max(
        ...metrics.phases.map((p) => deviation(p.duration_seconds, p.planned_seconds)),
    );
    const exactMax = metrics.phases.filter((p) => p.achieved_max === p.target).length;
    const overheadMs = Number(metrics.totals.queue_wait_p50) * 1000;
    const overheadP95Ms = Number(metrics.totals.queue_wait_p95) * 1000;
    return [
        {
            name: `workload phases at exactly their target (max)`,
            value: `${exactMax} of ${metrics.phases.length}`,
            target: `all ${metrics.phases.length}`,
            ok: exactMax === metrics.phases.length,
        },
        {
            name: "workload phase mean concurrency, worst",
            value: `${(meanWorst * 100).toFixed(1)} % off`,
            target: "≤ 10 %",
            ok: meanWorst <= 0.1,
        },
        {
            name: "workload phase duration, worst",
            value: `${(durationWorst * 100).toFixed(1)} % off`,
            target: "≤ 10 %",
            ok: durationWorst <= 0.1,
        },
        {
            // Within 5 % of a 0.5 s task, the overhead leaves room for the 10 % phase target.
            name: "per-task scheduling overhead (p50 / p95)",
            value: `${overheadMs.toFixed(1)} / ${overheadP95Ms.toFixed(0)} ms`,
            target: "p50 < 25 ms",
            ok: overheadMs < 25,
        },
    ];
}
