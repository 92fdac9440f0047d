/** Small formatting helpers shared by the terminal and Markdown renderers. */
import type { ChangeKind, CostSection, Report, ReportResource } from "./report";
import { changeCounts, violationCounts } from "./report";
import { type Style, stripAnsi } from "./style";

export function usd(n: number): string {
    return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function signedUsd(n: number): string {
    return `${n >= 0 ? "+" : "−"}${usd(Math.abs(n))}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What the pack concluded, in words: never "pass" when it did not judge the whole stack. */
export function policyVerdict(report: Report): string {
    const v = violationCounts(report.policy.findings);
    if (v.mandatory > 0) return plural(v.mandatory, "mandatory policy violation");
    return report.policy.evaluated ? "policies pass" : "policies not evaluated";
}

/** `+27%`, or `new` when the base cost nothing. */
function percent(change: number, before: number): string {
    if (before === 0) return change === 0 ? "±0%" : "new";
    const p = Math.round((change / before) * 100);
    return `${p >= 0 ? "+" : "−"}${Math.abs(p)}%`;
}

/** `$559.98/month expected`, with the change from the base and a lower-bound mark when prices are missing. */
export function costHeadline(cost: CostSection): string {
    const bound = cost.unknown.length > 0 ? "≥ " : "";
    let text = `${bound}${usd(cost.expected)}/month expected`;
    if (cost.delta) {
        const d = cost.delta;
        text +=
            d.expected === 0 && d.ceiling === 0
                ? ` (unchanged vs ${d.base})`
                : ` (${signedUsd(d.expected)}, ${percent(d.expected, d.before.expected)} vs ${d.base}; ceiling ${usd(d.before.ceiling)} → ${usd(cost.ceiling)})`;
    }
    if (cost.unknown.length > 0) text += `; ${plural(cost.unknown.length, "price")} unknown, not counted`;
    return text;
}

/** One line that says what the report amounts to; the first thing every output shows. */
export function headline(report: Report): string {
    const counts = changeCounts(report.resources);
    const v = violationCounts(report.policy.findings);
    const what =
        report.kind === "offline-plan" && report.base === undefined
            ? `${counts.create} resources`
            : `${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.delete} to delete${report.base ? ` vs ${report.base}` : ""}`;
    const advisory = v.advisory > 0 ? `, ${v.advisory} advisory` : "";
    const cost = report.cost ? `, ${costHeadline(report.cost)}` : "";
    return `${what}; ${policyVerdict(report)}${advisory}${cost}`;
}

/**
 * The last line of a terminal report, so the verdict is on screen when the output has scrolled:
 * whether the change may be applied, and why not.
 */
export function verdictLine(report: Report): string {
    const v = violationCounts(report.policy.findings);
    const what = report.kind === "offline-plan" ? "plan" : report.kind;
    if (v.mandatory > 0) {
        return `✗ ${plural(v.mandatory, "mandatory policy violation")} in ${report.stack}: this change cannot be applied`;
    }
    if (!report.succeeded) return `✗ ${what} of ${report.stack} failed; policies not evaluated`;
    if (!report.policy.evaluated)
        return `? ${what} of ${report.stack}: policies not evaluated (no policy pack ran)`;
    const advisory = v.advisory > 0 ? `, ${v.advisory} advisory to read` : "";
    return `✓ ${report.stack} passes every mandatory policy (${report.policy.policiesRun} evaluated)${advisory}`;
}

/** The order changes are listed in: what destroys something first, so it is never what is cut. */
const CHANGE_ORDER: readonly ChangeKind[] = ["delete", "replace", "update", "create"];

/** The resources that change (components left out), deletes and replaces first, then by URN. */
export function changedResources(report: Report): ReportResource[] {
    return report.resources
        .filter((r) => !r.component && r.change !== "same")
        .sort(
            (a, b) =>
                CHANGE_ORDER.indexOf(a.change) - CHANGE_ORDER.indexOf(b.change) ||
                (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0),
        );
}

/** `scalingConfig.maxSize, tags.team (+3 more)`: the changed paths of an update or replace. */
export function pathsText(r: ReportResource): string {
    const paths = r.changedPaths ?? [];
    const more = r.morePaths ? ` (+${r.morePaths} more)` : "";
    return paths.length > 0 ? `${paths.join(", ")}${more}` : "";
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

/**
 * Text made safe for Markdown: no ANSI, no line breaks, no table-breaking pipes, `&`, `<`, `>` as
 * entities (so a placeholder such as `<KMS key ARN>` shows instead of vanishing as an HTML tag),
 * and the characters that would start emphasis, a link or a strikethrough (`*`, `_`, `[`, `]`,
 * `~`, and `\` itself) escaped, so `arn:aws:s3:::*` or `max_nodes` show as written. Code spans are
 * left as they are, but for their pipes: GitHub shows entities and escapes inside them literally.
 */
export function mdText(text: string): string {
    return stripAnsi(text)
        .replace(/\r?\n/g, " ")
        .split(/(`[^`]*`)/)
        .map((part, i) =>
            i % 2 === 1
                ? part.replace(/\|/g, "\\|")
                : part
                      .replace(/[\\*_[\]~]/g, "\\$&")
                      .replace(/&/g, "&amp;")
                      .replace(/</g, "&lt;")
                      .replace(/>/g, "&gt;")
                      .replace(/\|/g, "\\|"),
        )
        .join("");
}

/** `text` as an inline code span, whatever backticks it holds. */
export function mdCode(text: string): string {
    const plain = stripAnsi(text).replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
    const fence = "`".repeat(Math.max(0, ...[...plain.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
    const pad = plain.startsWith("`") || plain.endsWith("`") ? " " : "";
    return `${fence}${pad}${plain}${pad}${fence}`;
}

/**
 * A Markdown table. Cells are given as Markdown (escape text with `mdText`); line breaks and
 * ANSI are removed. Columns listed in `numeric` are right-aligned, every other one left-aligned;
 * by default the columns whose cells all look like numbers or money.
 */
export function markdownTable(
    header: readonly string[],
    rows: ReadonlyArray<readonly string[]>,
    numeric?: readonly number[],
): string[] {
    const cell = (s: string) => stripAnsi(s).replace(/\r?\n/g, " ");
    const right = new Set(
        numeric ??
            header
                .map((_, i) => i)
                .filter((i) => rows.length > 0 && rows.every((r) => /^\**[−+≥$\d]/.test(r[i] ?? ""))),
    );
    return [
        `| ${header.join(" | ")} |`,
        `|${header.map((_, i) => (right.has(i) ? "---:" : ":---")).join("|")}|`,
        ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
    ];
}

const COST_HEADER = ["item", "floor", "expected", "ceiling", "note"];

function deltaLine(delta: NonNullable<CostSection["delta"]>): string {
    return `${signedUsd(delta.ceiling)}/month ceiling, ${signedUsd(delta.expected)} expected, ${signedUsd(delta.floor)} floor`;
}

/** Terminal width when the output is not a terminal (a pipe, a CI log): wide enough, and no wider. */
export const DEFAULT_WIDTH = 100;

/** The narrowest width rendering tries to fit; a narrower terminal wraps. */
const MIN_WIDTH = 60;

/** Wraps `text` at spaces to `width` columns, each line starting with `indent`; a word longer than a line stays whole. */
export function wrapText(text: string, width: number, indent = ""): string[] {
    const room = Math.max(MIN_WIDTH, width) - [...indent].length;
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(/ +/)) {
        if (line !== "" && [...line].length + 1 + [...word].length > room) {
            lines.push(line);
            line = word;
        } else {
            line = line === "" ? word : `${line} ${word}`;
        }
    }
    if (line !== "" || lines.length === 0) lines.push(line);
    return lines.map((l) => `${indent}${l}`);
}

/**
 * The cost section as terminal lines (indented), shared by `rayops plan` and `rayops cost`: one
 * table with a note column when it fits `width`, else the notes under their rows, wrapped.
 */
export function costLines(cost: CostSection, style: Style, width = DEFAULT_WIDTH): string[] {
    const rows = costRows(cost);
    const wide = textTable(COST_HEADER, rows, [1, 2, 3]).map((l) => `  ${l}`);
    const out: string[] = [];
    if (wide.every((l) => [...l].length <= width)) {
        out.push(...wide);
    } else {
        const narrow = textTable(
            COST_HEADER.slice(0, 4),
            rows.map((r) => r.slice(0, 4)),
            [1, 2, 3],
        ).map((l) => `  ${l}`);
        out.push(narrow[0]!, narrow[1]!);
        rows.forEach((r, i) => {
            out.push(narrow[i + 2]!);
            if (r[4]) out.push(...wrapText(r[4], width, "      ").map((l) => style.dim(l)));
        });
    }
    if (cost.delta)
        out.push(...wrapText(`vs ${cost.delta.base}: ${deltaLine(cost.delta)}`, width, "  ").map(style.bold));
    if (cost.unknown.length) {
        out.push(
            ...wrapText(
                `price unknown, so the totals are lower bounds: ${cost.unknown.join("; ")}`,
                width,
                "  ",
            ).map(style.yellow),
        );
    }
    out.push(...wrapText(cost.priceSource, width, "  ").map(style.dim));
    return out;
}

/** The cost section as Markdown lines, shared by the PR comment and `rayops cost --markdown`. */
export function costMarkdownLines(cost: CostSection): string[] {
    const out: string[] = [];
    if (cost.delta) out.push(`Change vs ${mdText(cost.delta.base)}: **${deltaLine(cost.delta)}**`, "");
    const rows = costRows(cost).map((r) => [mdText(r[0]!), r[1]!, r[2]!, r[3]!, mdText(r[4]!)]);
    const total = rows[rows.length - 1]!;
    rows[rows.length - 1] = total.map((c) => (c === "" ? c : `**${c}**`));
    out.push(...markdownTable(COST_HEADER, rows, [1, 2, 3]));
    if (cost.unknown.length) {
        out.push("", `Price unknown, so the totals are lower bounds: ${mdText(cost.unknown.join("; "))}`);
    }
    out.push("", `<sub>${mdText(cost.priceSource)}</sub>`);
    return out;
}
