/** Renders a report for people at a terminal: tree, policy report, cost, limits. */
import {
    changedResources,
    costLines,
    DEFAULT_WIDTH,
    headline,
    pathsText,
    verdictLine,
    wrapText,
} from "./format";
import { fixHint } from "./policy-fixes";
import { REPORT_TITLES, type Report, resourceTree, type TreeNode, violationCounts } from "./report";
import type { Style } from "./style";

function treeLines(nodes: TreeNode[], style: Style, width: number, prefix = ""): string[] {
    const lines: string[] = [];
    nodes.forEach((node, i) => {
        const last = i === nodes.length - 1;
        const r = node.resource;
        const mark = r.change === "create" ? "" : `${r.change} `;
        const label = r.component ? style.bold(`${r.name}`) : r.name;
        const head = `${prefix}${last ? "└─ " : "├─ "}${mark}`;
        const below = `${prefix}${last ? "   " : "│  "}`;
        // The type goes under the name when both do not fit on one line.
        if ([...`${head}${r.name} ${r.type}`].length <= width) {
            lines.push(`${head}${label} ${style.dim(r.type)}`);
        } else {
            lines.push(
                `${head}${label}`,
                `${below}${node.children.length > 0 ? "│" : " "}  ${style.dim(r.type)}`,
            );
        }
        lines.push(...treeLines(node.children, style, width, below));
    });
    return lines;
}

/** The sign `pulumi preview` uses for each change. */
const CHANGE_MARK = { create: "+", update: "~", replace: "+-", delete: "-", same: " " } as const;

export interface TerminalOptions {
    /** Show the resource tree. @default true */
    readonly tree?: boolean;
    /** Columns to fit prose and the cost table to (the terminal's width). @default DEFAULT_WIDTH */
    readonly width?: number;
}

export function renderTerminal(report: Report, style: Style, opts: TerminalOptions = {}): string {
    const width = opts.width ?? DEFAULT_WIDTH;
    const out: string[] = [];
    const where = report.region ? `, ${report.region}` : "";
    out.push(style.bold(`rayops ${REPORT_TITLES[report.kind]} — stack ${report.stack}${where}`));
    if (!report.succeeded) {
        out.push(style.red(`✗ ${REPORT_TITLES[report.kind]} failed: ${report.error ?? "unknown error"}`));
        for (const p of report.problems ?? [])
            out.push(style.red(`  - ${p.key ? `${p.key}: ` : ""}${p.message}`));
    }
    out.push(...wrapText(headline(report), width));
    out.push("");

    if (report.base !== undefined) {
        const changed = changedResources(report);
        out.push(style.bold(`Changes vs ${report.base}`));
        if (changed.length === 0)
            out.push("  none: this revision plans the same resources with the same inputs");
        for (const r of changed) {
            const mark = CHANGE_MARK[r.change];
            const paint = r.change === "delete" || r.change === "replace" ? style.red : style.yellow;
            out.push(`  ${paint(`${mark} ${r.change.padEnd(7)}`)} ${r.name} ${style.dim(r.type)}`);
            const paths = pathsText(r);
            if (paths) out.push(style.dim(`      ${paths}`));
            for (const reason of r.replaceReasons ?? []) out.push(style.dim(`      replaced: ${reason}`));
        }
        out.push("");
    }

    if (opts.tree ?? true) {
        out.push(style.bold("Resources"));
        out.push(...treeLines(resourceTree(report.resources), style, width));
        out.push("");
    }

    const v = violationCounts(report.policy.findings);
    const counted =
        (v.mandatory > 0 ? style.red(`${v.mandatory} mandatory`) : style.green("0 mandatory")) +
        `, ${v.advisory > 0 ? style.yellow(`${v.advisory} advisory`) : "0 advisory"}`;
    out.push(
        report.policy.evaluated
            ? `${style.bold("Policies")} (${report.policy.policiesRun} evaluated): ${counted}`
            : `${style.bold("Policies")} (${style.yellow("not evaluated")}: the run ended before the policy pack judged the stack)` +
                  (report.policy.findings.length > 0 ? `: ${counted} found so far` : ""),
    );
    for (const f of report.policy.findings) {
        const level =
            f.enforcementLevel === "mandatory" ? style.red("mandatory") : style.yellow(f.enforcementLevel);
        const where = f.resource ? ` ${f.resource.name} (${f.resource.type})` : " (stack)";
        out.push(`  ${level} ${style.bold(f.policy)}${where}`);
        out.push(...wrapText(f.message, width, "    "));
        const hint = fixHint(f.policy, report.stack);
        if (hint) out.push(...wrapText(hint, width, "    ").map(style.dim));
    }
    out.push("");

    if (report.cost) {
        out.push(
            style.bold("Cost per month (USD, on-demand list prices)"),
            ...costLines(report.cost, style, width),
            "",
        );
    }

    for (const l of report.limits) out.push(...wrapText(l, width).map(style.dim));
    const verdict = verdictLine(report);
    out.push(
        "",
        verdict.startsWith("✓")
            ? style.green(verdict)
            : verdict.startsWith("✗")
              ? style.red(verdict)
              : style.yellow(verdict),
    );
    return `${out.join("\n")}\n`;
}
