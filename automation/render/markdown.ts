/**
 * Renders a report as Markdown for the PR comment and job summaries: a summary that always comes
 * first and fits, and details (resource tree) that may be trimmed to GitHub's comment limit.
 */
import { costMarkdownLines, headline, markdownTable } from "./format";
import { changeCounts, type Report, resourceTree, type TreeNode, violationCounts } from "./report";
import { stripAnsi } from "./style";

const esc = (s: string) => stripAnsi(s).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** A command that failed before it had a report: what failed and each problem, for a job summary. */
export function markdownFailure(
    kind: string,
    stack: string,
    error: string,
    problems: readonly { readonly key?: string; readonly message: string }[],
): string {
    const lines = [`### ❌ **failed** rayops ${kind} — \`${stack}\``, "", `> ${esc(error)}`];
    if (problems.length > 0) lines.push("");
    for (const p of problems) lines.push(`- ${p.key ? `\`${p.key}\`: ` : ""}${esc(p.message)}`);
    return lines.join("\n");
}

export function markdownSummary(report: Report): string {
    const out: string[] = [];
    const status = !report.succeeded
        ? "❌ **failed**"
        : violationCounts(report.policy.findings).mandatory
          ? "⛔"
          : "✅";
    out.push(`### ${status} rayops ${report.kind} — \`${report.stack}\``);
    if (!report.succeeded)
        out.push("", `> **${report.kind} failed:** ${esc(report.error ?? "unknown error")}`);
    out.push("", headline(report), "");
    const c = changeCounts(report.resources);
    out.push(
        ...markdownTable(
            ["create", "update", "replace", "delete"],
            [[c.create, c.update, c.replace, c.delete].map(String)],
        ),
    );
    const findings = report.policy.findings;
    out.push("", `**Policies** (${report.policy.policiesRun} evaluated)`);
    if (findings.length === 0) {
        out.push("", "No violations.");
    } else {
        out.push(
            "",
            ...markdownTable(
                ["level", "policy", "resource", "message"],
                findings.map((f) => [
                    f.enforcementLevel,
                    `\`${f.policy}\``,
                    f.resource ? `\`${f.resource.name}\`` : "(stack)",
                    f.message,
                ]),
            ),
        );
    }
    if (report.cost) {
        out.push(
            "",
            "**Cost per month** (USD, on-demand list prices)",
            "",
            ...costMarkdownLines(report.cost),
        );
    }
    if (report.limits.length) out.push("", ...report.limits.map((l) => `<sub>${esc(l)}</sub><br>`));
    return out.join("\n");
}

function treeMarkdown(nodes: TreeNode[], depth = 0): string[] {
    return nodes.flatMap((n) => [
        `${"  ".repeat(depth)}- ${n.resource.change === "create" ? "" : `**${n.resource.change}** `}\`${n.resource.name}\` ${n.resource.type}`,
        ...treeMarkdown(n.children, depth + 1),
    ]);
}

export function markdownDetails(report: Report): string {
    return treeMarkdown(resourceTree(report.resources)).join("\n");
}
