/** Renders a report for people at a terminal: tree, policy report, cost, limits. */
import { costLines, headline, verdictLine } from "./format";
import { fixHint } from "./policy-fixes";
import { REPORT_TITLES, type Report, resourceTree, type TreeNode, violationCounts } from "./report";
import type { Style } from "./style";

function treeLines(nodes: TreeNode[], style: Style, prefix = ""): string[] {
    const lines: string[] = [];
    nodes.forEach((node, i) => {
        const last = i === nodes.length - 1;
        const r = node.resource;
        const mark = r.change === "create" ? "" : `${r.change} `;
        const label = r.component ? style.bold(`${r.name}`) : r.name;
        lines.push(`${prefix}${last ? "└─ " : "├─ "}${mark}${label} ${style.dim(r.type)}`);
        lines.push(...treeLines(node.children, style, `${prefix}${last ? "   " : "│  "}`));
    });
    return lines;
}

export function renderTerminal(report: Report, style: Style, opts: { tree?: boolean } = {}): string {
    const out: string[] = [];
    const where = report.region ? `, ${report.region}` : "";
    out.push(style.bold(`rayops ${REPORT_TITLES[report.kind]} — stack ${report.stack}${where}`));
    if (!report.succeeded) {
        out.push(style.red(`✗ ${REPORT_TITLES[report.kind]} failed: ${report.error ?? "unknown error"}`));
        for (const p of report.problems ?? [])
            out.push(style.red(`  - ${p.key ? `${p.key}: ` : ""}${p.message}`));
    }
    out.push(headline(report));
    out.push("");

    if (opts.tree ?? true) {
        out.push(style.bold("Resources"));
        out.push(...treeLines(resourceTree(report.resources), style));
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
        out.push(`    ${f.message}`);
        const hint = fixHint(f.policy, report.stack);
        if (hint) out.push(style.dim(`    ${hint}`));
    }
    out.push("");

    if (report.cost) {
        out.push(
            style.bold("Cost per month (USD, on-demand list prices)"),
            ...costLines(report.cost, style),
            "",
        );
    }

    for (const l of report.limits) out.push(style.dim(l));
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
