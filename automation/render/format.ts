/** Small formatting helpers shared by the terminal and Markdown renderers. */
import type { CostSection, Report } from "./report";
import { changeCounts, violationCounts } from "./report";

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

/** Pads columns for plain-text tables. */
export function textTable(header: string[], rows: string[][]): string[] {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => (i > 0 && /^[−+$\d]/.test(c) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
    return [line(header), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)];
}
