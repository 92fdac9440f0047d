/** Small formatting helpers shared by the terminal and Markdown renderers. */
import type { CostSection, Report } from "./report";
import { changeCounts, violationCounts } from "./report";
import { type Style, stripAnsi } from "./style";

export function usd(n: number): string {
    return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function signedUsd(n: number): string {
    return `${n >= 0 ? "+" : "−"}${usd(Math.abs(n))}`;
}

/** One line that says what the report amounts to; the first thing every output shows. */
export function headline(report: Report): string {
    const counts = changeCounts(report.resources);
    const v = violationCounts(report.policy.findings);
    const what =
        report.kind === "offline-plan"
            ? `${counts.create} resources`
            : `${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.delete} to delete`;
    const policy =
        v.mandatory > 0
            ? `${v.mandatory} mandatory policy violation${v.mandatory === 1 ? "" : "s"}`
            : "policies pass";
    const advisory = v.advisory > 0 ? `, ${v.advisory} advisory` : "";
    const cost = report.cost ? `, ${usd(report.cost.expected)}/month expected` : "";
    return `${what}; ${policy}${advisory}${cost}`;
}

export function costRows(cost: CostSection): string[][] {
    const rows = cost.lines.map((l) => [l.item, usd(l.floor), usd(l.expected), usd(l.ceiling), l.note ?? ""]);
    rows.push(["total", usd(cost.floor), usd(cost.expected), usd(cost.ceiling), ""]);
    return rows;
}

/**
 * Pads columns for plain-text tables. Columns listed in `numeric` are right-aligned; by default
 * every column but the first whose cells all look like numbers or money.
 */
export function textTable(header: string[], rows: string[][], numeric?: readonly number[]): string[] {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    const right = new Set(
        numeric ??
            header
                .map((_, i) => i)
                .filter((i) => i > 0 && rows.length > 0 && rows.every((r) => /^[−+$\d]/.test(r[i] ?? ""))),
    );
    const line = (cells: string[]) =>
        cells
            .map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
    return [line(header), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)];
}

/** A Markdown table; cells are made safe (no ANSI, no pipes, no line breaks). */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
    const cell = (s: string) => stripAnsi(s).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
    return [
        `| ${header.join(" | ")} |`,
        `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
        ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
    ];
}

const COST_HEADER = ["item", "floor", "expected", "ceiling", "note"];

function deltaLine(delta: NonNullable<CostSection["delta"]>): string {
    return `${signedUsd(delta.ceiling)}/month ceiling, ${signedUsd(delta.expected)} expected, ${signedUsd(delta.floor)} floor`;
}

/** The cost section as terminal lines (indented), shared by `rayops plan` and `rayops cost`. */
export function costLines(cost: CostSection, style: Style): string[] {
    const out = textTable(COST_HEADER, costRows(cost), [1, 2, 3]).map((l) => `  ${l}`);
    if (cost.delta) out.push(style.bold(`  vs ${cost.delta.base}: ${deltaLine(cost.delta)}`));
    if (cost.unknown.length)
        out.push(style.yellow(`  price unknown (not counted): ${cost.unknown.join("; ")}`));
    out.push(style.dim(`  ${cost.priceSource}`));
    return out;
}

/** The cost section as Markdown lines, shared by the PR comment and `rayops cost --markdown`. */
export function costMarkdownLines(cost: CostSection): string[] {
    const out: string[] = [];
    if (cost.delta) out.push(`Change vs \`${cost.delta.base}\`: **${deltaLine(cost.delta)}**`, "");
    out.push(...markdownTable(COST_HEADER, costRows(cost)));
    if (cost.unknown.length) out.push("", `Price unknown (not counted): ${cost.unknown.join("; ")}`);
    out.push("", `<sub>${stripAnsi(cost.priceSource).replace(/\r?\n/g, " ")}</sub>`);
    return out;
}
