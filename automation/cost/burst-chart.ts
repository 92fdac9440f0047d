/**
 * The burst model drawn phase by phase: autoscaled nodes against the static peak, and what each
 * strategy bills. For the terminal, a table whose rows carry bars (readable without colour: the
 * glyphs differ, not only the colours); for Markdown, a Mermaid `xychart-beta`, which GitHub
 * renders in comments and docs (https://mermaid.js.org/syntax/xyChart.html).
 */
import { textTable, usd, wrapText } from "../render/format";
import type { BurstResult, TimelinePoint } from "./burst";
import { fmt } from "./burst-assumptions";

/** A node the autoscaled burst holds. */
export const AUTOSCALED_GLYPH = "█";
/** A node only static provisioning holds: idle capacity up to the peak. */
export const STATIC_ONLY_GLYPH = "░";

const BAR_HEADER = `${AUTOSCALED_GLYPH} autoscaled ${STATIC_ONLY_GLYPH} static`;
/** Bars never get narrower than this, however tight the width; nor wider than the cap. */
const MIN_BAR = 8;
const MAX_BAR = 40;

/** What a strategy bills in a phase: money when the group is priced, node-hours otherwise. */
function billed(s: TimelinePoint["autoscaled"]): string {
    return s.cost === undefined ? `${fmt(s.nodeHours)} node-h` : usd(s.cost);
}

/** Columns of one bar: whole columns per node while the peak fits, scaled below one otherwise. */
function barScale(peak: number, room: number): (nodes: number) => number {
    if (peak <= 0) return () => 0;
    const perNode = peak <= room ? Math.floor(room / peak) : room / peak;
    return (nodes) => Math.round(nodes * perNode);
}

/**
 * The phases as table lines, indented by two, fitted to `width`: per phase its demand, workers,
 * nodes, a bar of the autoscaled nodes (█) filled up to the static peak (░), and what each
 * strategy bills; then a total row and the bar's legend.
 */
export function phaseChartLines(r: BurstResult, width: number): string[] {
    const header = ["phase", "minutes", "demand", "workers", "nodes", "", "autoscaled", "static"];
    const rows = r.timeline.map((t, i) => {
        const p = r.phases[i]!;
        return [t.phase, fmt(t.minutes), fmt(p.demand), String(p.workers), String(t.autoscaled.nodes)];
    });
    const costs = r.timeline.map((t) => [billed(t.autoscaled), billed(t.static)]);
    const total = [
        billed({ nodes: 0, nodeHours: r.autoscaled.nodeHours, cost: r.autoscaled.cost }),
        billed({ nodes: 0, nodeHours: r.static.nodeHours, cost: r.static.cost }),
    ];
    // Everything but the bar column, to learn what room the bars have.
    const widths = header.map((h, i) =>
        i === 5 ? 0 : Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)),
    );
    widths[6] = Math.max(widths[6]!, ...costs.map((c) => c[0]!.length), total[0]!.length);
    widths[7] = Math.max(widths[7]!, ...costs.map((c) => c[1]!.length), total[1]!.length);
    const fixed = 2 + widths.reduce((a, b) => a + b, 0) + 2 * (header.length - 1);
    const room = Math.min(MAX_BAR, Math.max(MIN_BAR, width - fixed));
    const scale = barScale(r.peakNodes, room);
    const bar = (nodes: number) =>
        AUTOSCALED_GLYPH.repeat(scale(nodes)) + STATIC_ONLY_GLYPH.repeat(scale(r.peakNodes) - scale(nodes));
    header[5] = room >= BAR_HEADER.length ? BAR_HEADER : "nodes";
    const table = textTable(
        header,
        [
            ...rows.map((row, i) => [...row, bar(r.timeline[i]!.autoscaled.nodes), ...costs[i]!]),
            ["total", fmt(r.periodMinutes), "", "", "", "", ...total],
        ],
        [1, 2, 3, 4, 6, 7],
    ).map((l) => `  ${l}`);
    const perNode =
        r.peakNodes === 0 ? "no nodes" : r.peakNodes <= room ? `${scale(1)} columns a node` : "scaled to fit";
    const legend =
        `${AUTOSCALED_GLYPH} nodes autoscaling holds, ${STATIC_ONLY_GLYPH} idle nodes static provisioning keeps ` +
        `up to its peak of ${r.peakNodes} (${perNode}). Billed per phase; the first phase carries the ` +
        "scale-up before it, the last the scale-down tail after it.";
    return [...table, ...wrapText(legend, width, "  ")];
}

/** Text Mermaid takes inside double quotes: it has no escape for a quote. */
const quoted = (s: string) => `"${s.replace(/"/g, "'").replace(/\r?\n/g, " ")}"`;

/**
 * The phases as the lines of a Mermaid xychart: one bar per phase for the autoscaled nodes and a
 * line at the static peak, the x-axis the phases in order.
 */
export function mermaidChartLines(r: BurstResult): string[] {
    const values = (f: (t: TimelinePoint) => number) => `[${r.timeline.map(f).join(", ")}]`;
    return [
        "```mermaid",
        "xychart-beta",
        `    title ${quoted(`${r.group}: nodes per phase, autoscaled (bars) vs static at peak (line)`)}`,
        `    x-axis "phase" [${r.timeline.map((t) => quoted(t.phase)).join(", ")}]`,
        `    y-axis "nodes" 0 --> ${Math.max(1, r.peakNodes)}`,
        `    bar "autoscaled" ${values((t) => t.autoscaled.nodes)}`,
        `    line "static at peak" ${values((t) => t.static.nodes)}`,
        "```",
    ];
}
