/**
 * The phase table `workload submit` ends with: per phase, the target concurrency against what the
 * tasks achieved, tasks completed and queue wait (submit → start, the autoscaling latency users
 * feel). One row model, rendered for the terminal and as Markdown (a workflow's job summary).
 */
import { textTable } from "../render/format";
import type { Style } from "../render/style";
import type { PhaseMetrics, WorkloadMetrics } from "./metrics";

/**
 * How far a phase may drift and still count as holding its target: the design's performance
 * target, "each phase holds its target concurrency and duration within 10%" (docs/design.md).
 */
export const PHASE_TOLERANCE = 0.1;

const HEADER = [
    "#",
    "phase",
    "target",
    "mean",
    "max",
    "tasks",
    "queue p50",
    "queue p95",
    "duration",
    "holds",
];

/** Whether a phase reached its target exactly and held it, and its duration, within the tolerance. */
export function phaseHolds(p: PhaseMetrics): boolean {
    const within = (actual: number, wanted: number) =>
        wanted === 0 ? actual === 0 : Math.abs(actual - wanted) <= PHASE_TOLERANCE * wanted;
    return (
        p.achieved_max === p.target &&
        within(p.achieved_mean, p.target) &&
        within(p.duration_seconds, p.planned_seconds)
    );
}

function seconds(value: number | null): string {
    return value === null ? "n/a" : `${value.toFixed(2)} s`;
}

function cells(p: PhaseMetrics): string[] {
    return [
        String(p.index),
        p.name,
        String(p.target),
        p.achieved_mean.toFixed(2),
        String(p.achieved_max),
        String(p.tasks_completed),
        seconds(p.queue_wait_p50),
        seconds(p.queue_wait_p95),
        `${p.duration_seconds.toFixed(1)} / ${p.planned_seconds.toFixed(1)} s`,
    ];
}

export function summaryLine(m: WorkloadMetrics): string {
    const held = m.phases.filter(phaseHolds).length;
    return (
        `${m.totals.tasks_completed} tasks completed, ${m.totals.tasks_failed} failed; ` +
        `${held} of ${m.phases.length} phases held their target within ${PHASE_TOLERANCE * 100} %`
    );
}

export function renderPhaseTable(m: WorkloadMetrics, style: Style): string {
    const verdicts = m.phases.map(phaseHolds);
    const lines = textTable(
        HEADER,
        m.phases.map((p, i) => [...cells(p), verdicts[i] ? "yes" : "no"]),
    );
    // Coloured after the layout, so escape codes never count as width; the verdict ends each row.
    const rows = lines.slice(2).map((line, i) => {
        const word = verdicts[i] ? "yes" : "no";
        const paint = verdicts[i] ? style.green : style.yellow;
        return line.slice(0, line.length - word.length) + paint(word);
    });
    return [
        style.bold(`Phases: pattern ${m.pattern.join(",")}, seed ${m.seed}`),
        style.bold(lines[0]),
        style.dim(lines[1]),
        ...rows,
        "",
        summaryLine(m),
        "",
    ].join("\n");
}

export function renderPhaseTableMarkdown(m: WorkloadMetrics): string {
    const escapePipes = (s: string) => s.replace(/\|/g, "\\|");
    const rows = m.phases.map((p) => [...cells(p), phaseHolds(p) ? "yes" : "**no**"]);
    return [
        `### Phases: pattern \`${m.pattern.join(",")}\`, seed ${m.seed}`,
        "",
        `| ${HEADER.join(" | ")} |`,
        `|${HEADER.map((_, i) => (i === 1 ? " --- " : " ---: ")).join("|")}|`,
        ...rows.map((r) => `| ${r.map(escapePipes).join(" | ")} |`),
        "",
        summaryLine(m),
        "",
    ].join("\n");
}
