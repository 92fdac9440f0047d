/**
 * The workload's metrics, read back from the job's log: with `--metrics-out -` the workload ends
 * its stdout with one JSON line `{"event": "metrics", "metrics": {...}}` whose document follows
 * workloads/metrics.schema.json.
 */

/** The fields of one phase that the phase table shows (metrics.schema.json, `phases[]`). */
export interface PhaseMetrics {
    readonly index: number;
    readonly name: string;
    readonly target: number;
    readonly achieved_mean: number;
    readonly achieved_max: number;
    readonly tasks_completed: number;
    readonly queue_wait_p50: number | null;
    readonly queue_wait_p95: number | null;
    readonly duration_seconds: number;
    readonly planned_seconds: number;
}

export interface WorkloadMetrics {
    readonly schema_version: number;
    readonly pattern: readonly number[];
    readonly seed: number;
    readonly phases: readonly PhaseMetrics[];
    readonly totals: { readonly tasks_completed: number; readonly tasks_failed: number } & Record<
        string,
        unknown
    >;
    readonly [key: string]: unknown;
}

export const METRICS_EVENT = "metrics";

/** Parses one log line as a workload event; undefined for anything else (Ray's own lines). */
export function parseEvent(line: string): { event: string; [key: string]: unknown } | undefined {
    if (!line.startsWith("{")) return undefined;
    try {
        const value = JSON.parse(line);
        return value && typeof value === "object" && typeof value.event === "string" ? value : undefined;
    } catch {
        return undefined;
    }
}

/** The metrics from a finished job's log; throws when the log has none or they are malformed. */
export function metricsFromLogs(logs: string): WorkloadMetrics {
    const lines = logs.split("\n");
    for (let i = lines.length - 1; i >= 0; i--) {
        const event = parseEvent(lines[i].trim());
        if (event?.event === METRICS_EVENT) return checkMetrics(event.metrics);
    }
    throw new Error(
        'the job\'s log has no {"event": "metrics"} line; the workload in the job predates `--metrics-out -`',
    );
}

const PHASE_NUMBERS = [
    "index",
    "target",
    "achieved_mean",
    "achieved_max",
    "tasks_completed",
    "duration_seconds",
    "planned_seconds",
] as const;
// Null for a phase that completed no task (an idle phase).
const PHASE_OPTIONAL_NUMBERS = ["queue_wait_p50", "queue_wait_p95"] as const;

function checkMetrics(value: unknown): WorkloadMetrics {
    const m = value as WorkloadMetrics;
    if (
        !m ||
        typeof m !== "object" ||
        !Array.isArray(m.phases) ||
        !m.totals ||
        typeof m.totals !== "object"
    ) {
        throw new Error("the metrics event lacks `phases` or `totals`");
    }
    m.phases.forEach((phase, i) => {
        for (const key of PHASE_NUMBERS) {
            if (typeof phase[key] !== "number")
                throw new Error(`metrics phases[${i}].${key} is not a number`);
        }
        for (const key of PHASE_OPTIONAL_NUMBERS) {
            if (phase[key] !== null && typeof phase[key] !== "number") {
                throw new Error(`metrics phases[${i}].${key} is neither a number nor null`);
            }
        }
    });
    return m;
}

/** The last `count` non-empty lines of a log, for error messages. */
export function lastLines(logs: string, count: number): string[] {
    const lines = logs.split("\n").filter((l) => l.trim() !== "");
    return lines.slice(Math.max(0, lines.length - count));
}
