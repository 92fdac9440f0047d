/**
 * Text for `rayops cost`: the estimate on its own (terminal and Markdown, in the same table the
 * plan report uses) and the burst comparison, verdict first, drawn (burst-chart.ts) and with all
 * of its assumptions.
 */
import {
    costLines,
    costMarkdownLines,
    DEFAULT_WIDTH,
    markdownTable,
    textTable,
    usd,
    wrapText,
} from "../render/format";
import type { CostSection } from "../render/report";
import type { Style } from "../render/style";
import { stripAnsi } from "../render/style";
import { type BurstResult, type BurstTotal, burstTotal, lossReason } from "./burst";
import { fmt, splitAssumptions } from "./burst-assumptions";
import { mermaidChartLines, phaseChartLines } from "./burst-chart";

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
const both = (s: { readonly nodeHours: number; readonly cost?: number }) =>
    `${hours(s.nodeHours)} ${money(s.cost)}`;
const mdBoth = (s: { readonly nodeHours: number; readonly cost?: number }) =>
    `${hours(s.nodeHours)}, ${money(s.cost)}`;
const signedPct = (n: number) => `${n < 0 ? "−" : ""}${fmt(Math.abs(n), 1)}%`;

export interface BurstOutput {
    readonly stack: string;
    readonly results: readonly BurstResult[];
    readonly sensitivity: ReadonlyArray<
        ReadonlyArray<{ readonly phaseMinutes: number; readonly percent: number }>
    >;
}

type Saving = BurstTotal["saving"];

/** Below this many node-hours two strategies bill the same (float noise of the interval sums). */
const EVEN = 1e-9;

/**
 * What a saving says, in words: "saves $0.53 (11.1%) per burst", "costs $0.34 (5.6%) more per
 * burst than static" or "costs the same as static"; in money when priced, else in node-hours.
 */
function savingWords(s: Saving): { readonly loss: boolean; readonly words: string } {
    if (Math.abs(s.nodeHours) < EVEN && (s.cost === undefined || Math.abs(s.cost) < EVEN)) {
        return { loss: false, words: "costs the same as static" };
    }
    const loss = (s.cost ?? s.nodeHours) < 0;
    const amount = s.cost === undefined ? hours(Math.abs(s.nodeHours)) : usd(Math.abs(s.cost));
    const pct = `${fmt(Math.abs(s.percent), 1)}%${s.percentOf === "cost" ? "" : " of the static node-hours"}`;
    return loss
        ? { loss, words: `costs ${amount} (${pct}) more per burst than static` }
        : { loss, words: `saves ${amount} (${pct}) per burst` };
}

const groupSaving = (r: BurstResult): Saving => ({
    ...r.saving,
    percentOf: r.saving.cost === undefined ? "nodeHours" : "cost",
});

function groupsPhrase(results: readonly BurstResult[]): string {
    return results.length === 1
        ? `worker group ${results[0]!.group}`
        : `worker groups ${results.map((r) => r.group).join(", ")}`;
}

interface Loss {
    readonly group: string;
    /** "costs $0.34 (5.6%) more per burst than static". */
    readonly words: string;
    readonly reason: string;
}

/** The verdict: the total first, then every group where autoscaling costs more, with the reason. */
function verdict(
    o: BurstOutput,
    pair: (s: { readonly nodeHours: number; readonly cost?: number }) => string = both,
): {
    readonly total: BurstTotal;
    readonly loss: boolean;
    readonly headline: string;
    readonly losses: readonly Loss[];
} {
    const total = burstTotal(o.results);
    if (o.results.length === 0) {
        return { total, loss: false, headline: "no worker group to compare", losses: [] };
    }
    const { loss, words } = savingWords(total.saving);
    const unknown = total.saving.cost === undefined ? "; costs unknown (see the warnings)" : "";
    const headline =
        `autoscaling ${words} across ${groupsPhrase(o.results)}: ` +
        `${pair(total.autoscaled)} vs ${pair(total.static)} static${unknown}`;
    const losses = o.results.flatMap((r) => {
        const reason = lossReason(r);
        return reason === undefined
            ? []
            : [{ group: r.group, words: savingWords(groupSaving(r)).words, reason }];
    });
    return { total, loss, headline, losses };
}

const GROUP_HEADER = ["worker group", "node type", "autoscaled", "static at peak", "saving per burst"];

/** Static minus autoscaled, signed: "$0.53 (11.1%)", "−$0.34 (−5.6%)"; node-hours when unpriced. */
function signedSaving(s: {
    readonly nodeHours: number;
    readonly cost?: number;
    readonly percent: number;
}): string {
    const n = s.cost ?? s.nodeHours;
    const amount = s.cost === undefined ? hours(Math.abs(s.nodeHours)) : usd(Math.abs(s.cost));
    return `${n < 0 ? "−" : ""}${amount} (${signedPct(s.percent)})`;
}

/** One row per group and a total row: group, node type, autoscaled, static, saving, and whether it is a loss. */
function groupRows(total: BurstTotal, results: readonly BurstResult[]) {
    return [
        ...results.map((r) => ({
            cells: [r.group, r.instanceType, r.autoscaled, r.static] as const,
            saving: signedSaving(r.saving),
            loss: r.saving.nodeHours < 0,
        })),
        {
            cells: ["total", "", total.autoscaled, total.static] as const,
            saving: signedSaving(total.saving),
            loss: (total.saving.cost ?? total.saving.nodeHours) < 0,
        },
    ];
}

function sensitivityText(
    s: ReadonlyArray<{ readonly phaseMinutes: number; readonly percent: number }>,
): string {
    return `saving by phase length: ${s.map((x) => `${x.phaseMinutes} min ${signedPct(x.percent)}`).join(", ")}`;
}

/**
 * `rayops cost burst` for the terminal, fitted to `width`: the verdict (the total saving, and a
 * warning for every group where autoscaling costs more), the groups side by side, then each
 * group's phases drawn as bars, and the assumptions, those every group shares printed once.
 */
export function burstTerminal(o: BurstOutput, style: Style, width = DEFAULT_WIDTH): string {
    const wrap = (text: string, indent = "  ", rest = indent) => {
        const [first, ...more] = wrapText(text, width, rest);
        return [`${indent}${first!.slice(rest.length)}`, ...more];
    };
    const v = verdict(o);
    const out = [
        ...wrap(`rayops cost burst — stack ${o.stack}: autoscaling vs static provisioning at peak`, "").map(
            style.bold,
        ),
        ...(v.loss
            ? wrap(`! ${v.headline}`, "", "  ").map((l) => style.bold(style.red(l)))
            : wrap(v.headline, "", "  ").map(style.bold)),
    ];
    for (const l of v.losses) {
        const text =
            o.results.length === 1 ? `why: ${l.reason}` : `${l.group}: autoscaling ${l.words}: ${l.reason}`;
        out.push(...wrap(`! ${text}`, "", "  ").map(style.yellow));
    }
    if (o.results.length > 1) {
        // Node-hours and money when they fit the width, else only what the verdict is in.
        const table = (pair: typeof both, mark: string) =>
            textTable(
                GROUP_HEADER,
                groupRows(v.total, o.results).map((g) => [
                    g.cells[0],
                    g.cells[1],
                    pair(g.cells[2]),
                    pair(g.cells[3]),
                    `${g.saving}${g.loss ? mark : ""}`,
                ]),
                [2, 3, 4],
            ).map((l) => `  ${l}`);
        const wide = table(both, " ! costs more");
        const fits = wide.every((l) => [...l].length <= width);
        out.push(
            "",
            ...(fits ? wide : table((x) => (x.cost === undefined ? hours(x.nodeHours) : usd(x.cost)), " !")),
        );
    }
    const { shared, perGroup } = splitAssumptions(o.results);
    o.results.forEach((r, i) => {
        out.push(
            "",
            ...wrap(
                `worker group ${r.group} (node pool ${r.pool}, ${r.instanceType}): autoscaling ${savingWords(groupSaving(r)).words}`,
                "",
                "  ",
            ).map(style.bold),
            ...phaseChartLines(r, width),
        );
        const s = o.sensitivity[i] ?? [];
        if (s.length) out.push(...wrap(sensitivityText(s)));
        for (const w of r.warnings) out.push(...wrap(`! ${w}`, "  ", "    ").map(style.yellow));
        const own = perGroup[i] ?? [];
        if (own.length) {
            out.push(style.dim(`  assumptions for ${r.group}:`));
            for (const a of own) out.push(...wrap(`- ${a}`, "  ", "    ").map(style.dim));
        }
    });
    if (shared.length) {
        out.push("", style.dim(o.results.length > 1 ? "assumptions, every worker group:" : "assumptions:"));
        for (const a of shared) out.push(...wrap(`- ${a}`, "  ", "    ").map(style.dim));
    }
    return `${out.join("\n")}\n`;
}

/**
 * `rayops cost burst --markdown`, for a PR comment or the docs: the verdict first (a GitHub
 * warning alert when autoscaling costs more), the groups side by side, each group's phases as a
 * Mermaid chart and a table, and the assumptions, those every group shares once.
 */
export function burstMarkdown(o: BurstOutput): string {
    const v = verdict(o, mdBoth);
    const out = [`### rayops cost burst — \`${o.stack}\``, ""];
    const headline = `**${cell(v.headline.replace(/^autoscaling/, "Autoscaling"))}**`;
    const losses = v.losses.map((l) =>
        o.results.length === 1
            ? `Why: ${cell(l.reason)}.`
            : `For \`${l.group}\` autoscaling ${cell(l.words)}: ${cell(l.reason)}.`,
    );
    // A GitHub alert (https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#alerts):
    // its paragraphs are separated by a bare ">" so they stay one alert.
    const alert = (paragraphs: readonly string[]) => [
        "> [!WARNING]",
        ...paragraphs.flatMap((p, i) => (i === 0 ? [`> ${p}`] : [">", `> ${p}`])),
    ];
    if (v.loss) out.push(...alert([headline, ...losses]));
    else {
        out.push(headline);
        if (losses.length) out.push("", ...alert(losses));
    }
    if (o.results.length > 1) {
        const rows = groupRows(v.total, o.results).map((g, i) => {
            const saving = g.loss ? `**${g.saving}, costs more**` : g.saving;
            const row = [g.cells[0], g.cells[1], mdBoth(g.cells[2]), mdBoth(g.cells[3])];
            return i === o.results.length
                ? [...row.map((c) => (c === "" ? c : `**${c}**`)), g.loss ? saving : `**${saving}**`]
                : [`\`${row[0]}\``, ...row.slice(1), saving];
        });
        out.push("", ...markdownTable(GROUP_HEADER, rows, [2, 3, 4]));
    }
    const { shared, perGroup } = splitAssumptions(o.results);
    o.results.forEach((r, i) => {
        out.push(
            "",
            `#### Worker group \`${r.group}\` (node pool \`${r.pool}\`, ${r.instanceType})`,
            "",
            `Autoscaling ${savingWords(groupSaving(r)).words}: ${mdBoth(r.autoscaled)} autoscaled vs ${mdBoth(r.static)} static.`,
            "",
            ...mermaidChartLines(r),
            "",
        );
        const rows = r.timeline.map((t, j) => {
            const p = r.phases[j]!;
            return [
                cell(t.phase),
                fmt(t.minutes),
                fmt(p.demand),
                String(p.workers),
                String(t.autoscaled.nodes),
                String(t.static.nodes),
                mdBoth(t.autoscaled),
                mdBoth(t.static),
            ];
        });
        rows.push([
            "**total**",
            `**${fmt(r.periodMinutes)}**`,
            "",
            "",
            "",
            "",
            `**${mdBoth(r.autoscaled)}**`,
            `**${mdBoth(r.static)}**`,
        ]);
        out.push(
            ...markdownTable(
                [
                    "phase",
                    "minutes",
                    "demand",
                    "workers",
                    "autoscaled nodes",
                    "static nodes",
                    "autoscaled billed",
                    "static billed",
                ],
                rows,
                [1, 2, 3, 4, 5, 6, 7],
            ),
            "",
            "<sub>Billed per phase: the first phase with the scale-up before the burst, the last with the scale-down tail after it.</sub>",
        );
        const s = o.sensitivity[i] ?? [];
        if (s.length) out.push("", `${cell(sensitivityText(s)).replace(/^s/, "S")}`);
        for (const w of r.warnings) out.push("", `> ${cell(w)}`);
        const own = perGroup[i] ?? [];
        if (own.length) {
            out.push(
                "",
                `<details><summary>Assumptions for <code>${r.group}</code></summary>`,
                "",
                ...own.map((a) => `- ${cell(a)}`),
                "",
                "</details>",
            );
        }
    });
    if (shared.length) {
        out.push(
            "",
            `<details><summary>Assumptions${o.results.length > 1 ? ", every worker group" : ""}</summary>`,
            "",
            ...shared.map((a) => `- ${cell(a)}`),
            "",
            "</details>",
        );
    }
    return `${out.join("\n")}\n`;
}
