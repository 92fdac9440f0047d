/**
 * Text for `rayops cost`: the estimate on its own (terminal and Markdown, in the same table the
 * plan report uses) and the burst comparison with all of its assumptions.
 */
import { costLines, costMarkdownLines, markdownTable, textTable, usd } from "../render/format";
import type { CostSection } from "../render/report";
import type { Style } from "../render/style";
import { stripAnsi } from "../render/style";
import type { BurstResult } from "./burst";
import { fmt } from "./burst-assumptions";

export interface CostHeading {
    readonly stack: string;
    readonly region: string;
}

export function costTerminal(cost: CostSection, head: CostHeading, style: Style, width?: number): string {
    const title = `rayops cost — stack ${head.stack}, ${head.region}: per month (USD, on-demand list prices)`;
    return `${[style.bold(title), ...costLines(cost, style, width)].join("\n")}\n`;
}

const cell = (s: string) => stripAnsi(s).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export function costMarkdown(cost: CostSection, head: CostHeading): string {
    return `${[`### rayops cost — \`${head.stack}\` (${head.region})`, "", ...costMarkdownLines(cost)].join("\n")}\n`;
}

const money = (n: number | undefined) => (n === undefined ? "unknown" : usd(n));
const hours = (n: number) => `${fmt(n)} node-h`;

function summary(r: BurstResult): string {
    const verdict = r.saving.percent >= 0 ? "saves" : "costs";
    const amount = r.saving.cost === undefined ? "" : ` (${money(Math.abs(r.saving.cost))})`;
    return (
        `autoscaled ${hours(r.autoscaled.nodeHours)} ${money(r.autoscaled.cost)} vs static ${hours(r.static.nodeHours)} ` +
        `${money(r.static.cost)}: autoscaling ${verdict} ${fmt(Math.abs(r.saving.percent), 1)}%${amount} per burst`
    );
}

export interface BurstOutput {
    readonly stack: string;
    readonly results: readonly BurstResult[];
    readonly sensitivity: ReadonlyArray<
        ReadonlyArray<{ readonly phaseMinutes: number; readonly percent: number }>
    >;
}

export function burstTerminal(o: BurstOutput, style: Style): string {
    const out = [
        style.bold(`rayops cost burst — stack ${o.stack}: autoscaling vs static provisioning at peak`),
    ];
    o.results.forEach((r, i) => {
        out.push("", style.bold(`worker group ${r.group} (node pool ${r.pool}, ${r.instanceType})`));
        const rows = r.phases.map((p) => [
            p.name,
            fmt(p.minutes),
            fmt(p.demand),
            String(p.workers),
            String(p.nodes),
        ]);
        out.push(...textTable(["phase", "minutes", "demand", "workers", "nodes"], rows).map((l) => `  ${l}`));
        out.push(`  ${summary(r)}`);
        const s = o.sensitivity[i] ?? [];
        if (s.length) {
            out.push(
                `  saving by phase length: ${s.map((x) => `${x.phaseMinutes} min ${fmt(x.percent, 1)}%`).join(", ")}`,
            );
        }
        for (const w of r.warnings) out.push(style.yellow(`  ! ${w}`));
        out.push(style.dim("  assumptions:"));
        for (const a of r.assumptions) out.push(style.dim(`  - ${a}`));
    });
    return `${out.join("\n")}\n`;
}

export function burstMarkdown(o: BurstOutput): string {
    const out = [`### rayops cost burst — \`${o.stack}\``];
    o.results.forEach((r, i) => {
        out.push(
            "",
            `**Worker group \`${r.group}\`** (node pool \`${r.pool}\`, ${r.instanceType}): ${summary(r)}`,
            "",
        );
        const rows = r.phases.map((p) => [
            p.name,
            fmt(p.minutes),
            fmt(p.demand),
            String(p.workers),
            String(p.nodes),
        ]);
        out.push(...markdownTable(["phase", "minutes", "demand", "workers", "nodes"], rows));
        const s = o.sensitivity[i] ?? [];
        if (s.length) {
            out.push(
                "",
                `Saving by phase length: ${s.map((x) => `${x.phaseMinutes} min ${fmt(x.percent, 1)}%`).join(", ")}`,
            );
        }
        for (const w of r.warnings) out.push("", `> ${cell(w)}`);
        out.push(
            "",
            "<details><summary>Assumptions</summary>",
            "",
            ...r.assumptions.map((a) => `- ${cell(a)}`),
            "",
            "</details>",
        );
    });
    return `${out.join("\n")}\n`;
}
