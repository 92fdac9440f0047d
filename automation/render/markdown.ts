/**
 * Renders a report as Markdown for the PR comment and job summaries: a summary that always comes
 * first and fits, and details (resource tree) that may be trimmed to GitHub's comment limit.
 */
import {
    changedResources,
    costMarkdownLines,
    headline,
    markdownTable,
    mdCode,
    mdText,
    pathsText,
} from "./format";
import { fixHint, policyDocLink } from "./policy-fixes";
import {
    type EnforcementLevel,
    REPORT_TITLES,
    type Report,
    resourceTree,
    type TreeNode,
    violationCounts,
} from "./report";

/** One icon per enforcement level, so a mandatory finding never looks like an advisory one. */
const LEVEL_ICON: Record<EnforcementLevel, string> = { mandatory: "⛔", advisory: "⚠️", disabled: "➖" };

/** A GitHub alert block (`> [!CAUTION]`); every line of `body` quoted. */
function callout(kind: "CAUTION" | "WARNING" | "NOTE", body: readonly string[]): string[] {
    return [`> [!${kind}]`, ...body.map((line) => (line === "" ? ">" : `> ${line}`))];
}

/**
 * The finding, then where it is fixed, on a line of its own inside the cell, its lead in bold
 * ("**Fix in Pulumi.dev.yaml:** rayops:…", "**No stack config sets this:** …"). The hint names
 * itself, so no "Fix:" label goes in front of it.
 */
function findingText(message: string, hint: string | undefined): string {
    if (!hint) return mdText(message);
    const colon = hint.indexOf(": ");
    const fix =
        colon < 0 ? mdText(hint) : `**${mdText(hint.slice(0, colon + 1))}** ${mdText(hint.slice(colon + 2))}`;
    return `${mdText(message)}<br>${fix}`;
}

function problemLines(problems: Report["problems"]): string[] {
    return (problems ?? []).map((p) => `- ${p.key ? `${mdCode(p.key)}: ` : ""}${mdText(p.message)}`);
}

/** A command that failed before it had a report: what failed and each problem, for a job summary. */
export function markdownFailure(
    kind: string,
    stack: string,
    error: string,
    problems: readonly { readonly key?: string; readonly message: string }[],
): string {
    const lines = [
        `### ❌ rayops ${mdText(REPORT_TITLES[kind as Report["kind"]] ?? kind)} failed — ${mdCode(stack)}`,
        "",
        ...callout("CAUTION", [
            `**Nothing was checked.** ${mdText(error)}`,
            ...(problems.length > 0 ? ["", ...problemLines(problems)] : []),
        ]),
    ];
    return lines.join("\n");
}

export interface MarkdownSummaryOptions {
    /**
     * Where the repository's files are browsed, e.g. `https://github.com/acme/ml/blob/<sha>/`:
     * policy names then link to docs/policies.md. Without it they are not links (a relative link
     * in a PR comment resolves against the pull request's page).
     */
    readonly docsBase?: string;
    /**
     * Start with the report's own heading. The sticky PR comment has a heading of its own.
     * @default true
     */
    readonly heading?: boolean;
}

/**
 * The summary: the verdict first (a caution callout when the run failed or a mandatory policy is
 * violated), the headline, the findings with an icon per level, the cost, and the report's limits.
 */
export function markdownSummary(report: Report, opts: MarkdownSummaryOptions = {}): string {
    const out: string[] = [];
    const v = violationCounts(report.policy.findings);
    if (opts.heading ?? true) {
        const icon =
            v.mandatory > 0 ? "⛔" : !report.succeeded ? "❌" : report.policy.evaluated ? "✅" : "❔";
        out.push(`### ${icon} rayops ${REPORT_TITLES[report.kind]} — ${mdCode(report.stack)}`, "");
    }
    // A mandatory violation is the verdict even when it is what failed the run (the engine fails
    // a preview on one); any other failure means the pack never judged the whole stack.
    if (v.mandatory > 0) {
        out.push(
            ...callout("CAUTION", [
                `**${v.mandatory} mandatory policy violation${v.mandatory === 1 ? "" : "s"}: this change cannot be applied.**`,
            ]),
            "",
        );
    } else if (!report.succeeded) {
        out.push(
            ...callout("CAUTION", [
                `**The ${REPORT_TITLES[report.kind]} failed, so policies were not evaluated and nothing below is complete.** ${mdText(report.error ?? "unknown error")}`,
                ...(report.problems?.length ? ["", ...problemLines(report.problems)] : []),
            ]),
            "",
        );
    }
    out.push(headline(report));

    if (report.base !== undefined) out.push("", ...changeMarkdownLines(report, report.base));

    const findings = report.policy.findings;
    const run = report.policy.evaluated
        ? `${report.policy.policiesRun} evaluated`
        : "not evaluated: the run ended before the policy pack judged the stack";
    out.push("", `**Policies** (${run})`);
    if (findings.length > 0) {
        // Mandatory first: they decide whether the change may be applied.
        const order: EnforcementLevel[] = ["mandatory", "advisory", "disabled"];
        const sorted = [...findings].sort(
            (a, b) => order.indexOf(a.enforcementLevel) - order.indexOf(b.enforcementLevel),
        );
        out.push(
            "",
            ...markdownTable(
                ["", "level", "policy", "resource", "finding"],
                sorted.map((f) => [
                    LEVEL_ICON[f.enforcementLevel],
                    f.enforcementLevel === "mandatory" ? "**mandatory**" : f.enforcementLevel,
                    opts.docsBase
                        ? `[${mdCode(f.policy)}](${opts.docsBase}${policyDocLink(f.policy)})`
                        : mdCode(f.policy),
                    f.resource ? mdCode(f.resource.name) : "(stack)",
                    findingText(f.message, fixHint(f.policy, report.stack)),
                ]),
                [],
            ),
        );
    } else if (report.policy.evaluated) {
        out.push("", "No violations.");
    }
    if (report.cost) {
        out.push(
            "",
            "**Cost per month** (USD, on-demand list prices)",
            "",
            ...costMarkdownLines(report.cost),
        );
    }
    if (report.limits.length) out.push("", `<sub>${report.limits.map(mdText).join(" ")}</sub>`);
    return out.join("\n");
}

/** Changes listed in the summary; past this many, the rest are counted and the command to see them named. */
export const MAX_LISTED_CHANGES = 60;

const CHANGE_ICON = { delete: "🗑️", replace: "♻️", update: "✏️", create: "➕", same: "" } as const;

/** What the pull request changes, resource by resource: deletes and replaces first, so they are never cut. */
function changeMarkdownLines(report: Report, base: string): string[] {
    const changed = changedResources(report);
    const out = [`**Changes** vs ${mdText(base)}`];
    if (changed.length === 0)
        return [...out, "", "None: this revision plans the same resources with the same inputs."];
    const shown = changed.slice(0, MAX_LISTED_CHANGES);
    out.push(
        "",
        ...markdownTable(
            ["", "change", "resource", "type", "changed inputs"],
            shown.map((r) => [
                CHANGE_ICON[r.change],
                r.change === "delete" || r.change === "replace" ? `**${r.change}**` : r.change,
                mdCode(r.name),
                mdCode(r.type),
                [
                    pathsText(r) ? mdText(pathsText(r)) : "",
                    ...(r.replaceReasons ?? []).map((why) => `replaced: ${mdText(why)}`),
                ]
                    .filter((t) => t !== "")
                    .join("<br>"),
            ]),
            [],
        ),
    );
    if (changed.length > shown.length) {
        out.push(
            "",
            `${changed.length - shown.length} more changes not listed (${changed.length} in all); \`rayops plan --stack ${mdText(report.stack)} --base <ref>\` lists every one.`,
        );
    }
    return out;
}

function treeMarkdown(nodes: TreeNode[], depth = 0): string[] {
    return nodes.flatMap((n) => [
        `${"  ".repeat(depth)}- ${n.resource.change === "create" || n.resource.change === "same" ? "" : `**${n.resource.change}** `}${mdCode(n.resource.name)} ${mdText(n.resource.type)}`,
        ...treeMarkdown(n.children, depth + 1),
    ]);
}

export function markdownDetails(report: Report): string {
    return treeMarkdown(resourceTree(report.resources)).join("\n");
}
