/**
 * The daily spend report: actual cost from AWS Cost Explorer for one environment, the last seven
 * full days against the seven before, by service, posted as one GitHub issue per stack and month.
 *
 * Cost Explorer groups by the `environment` cost allocation tag (it must be activated in the
 * billing console; spend before activation shows as untagged) and by service. Each
 * GetCostAndUsage request is billed ($0.01, https://aws.amazon.com/aws-cost-management/pricing/,
 * read 2026-11-25): one report makes one request per result page.
 */
import type {
    GetCostAndUsageCommandInput,
    GetCostAndUsageCommandOutput,
} from "@aws-sdk/client-cost-explorer";
import type { RepoClient } from "../github/client";
import type { UpsertIssueResult } from "../github/issue";
import { signedUsd, usd } from "../render/format";
import type { CostSection } from "../render/report";
import { HOURS_PER_MONTH } from "./prices";

/** The cost allocation tag every rayops resource carries (components/config/tags.ts). */
export const ENVIRONMENT_TAG = "environment";
export const SPEND_METRIC = "UnblendedCost";
const DAY_MS = 86_400_000;

/** `[start, end)` in Cost Explorer's date format, end exclusive. */
export interface DateWindow {
    readonly start: string;
    readonly end: string;
}

export interface SpendWindows {
    readonly current: DateWindow;
    readonly previous: DateWindow;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last seven full UTC days before `asOf` (today is partial, so it is left out) and the seven before. */
export function spendWindows(asOf: Date): SpendWindows {
    const today = Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth(), asOf.getUTCDate());
    return {
        current: { start: isoDay(today - 7 * DAY_MS), end: isoDay(today) },
        previous: { start: isoDay(today - 14 * DAY_MS), end: isoDay(today - 7 * DAY_MS) },
    };
}

export function costAndUsageRequest(w: SpendWindows, nextPageToken?: string): GetCostAndUsageCommandInput {
    return {
        TimePeriod: { Start: w.previous.start, End: w.current.end },
        Granularity: "DAILY",
        Metrics: [SPEND_METRIC],
        GroupBy: [
            { Type: "TAG", Key: ENVIRONMENT_TAG },
            { Type: "DIMENSION", Key: "SERVICE" },
        ],
        ...(nextPageToken ? { NextPageToken: nextPageToken } : {}),
    };
}

export interface ServiceSpend {
    readonly service: string;
    readonly current: number;
    readonly previous: number;
}

export interface SpendSummary {
    readonly environment: string;
    readonly windows: SpendWindows;
    /** The environment's spend by service, largest first (last seven days). */
    readonly services: readonly ServiceSpend[];
    readonly total: { readonly current: number; readonly previous: number };
    /** Spend that carries no `environment` tag at all: untagged resources, or the tag not activated. */
    readonly untagged: { readonly current: number; readonly previous: number };
    /** Cost Explorer marks recent days as estimated until the bill settles. */
    readonly estimated: boolean;
    readonly currency: string;
}

type ResultsByTime = NonNullable<GetCostAndUsageCommandOutput["ResultsByTime"]>;

/** Sums daily results into the two windows for one environment. */
export function summarizeSpend(
    results: ResultsByTime,
    environment: string,
    windows: SpendWindows,
): SpendSummary {
    const mine = `${ENVIRONMENT_TAG}$${environment}`;
    const untaggedKey = `${ENVIRONMENT_TAG}$`;
    const services = new Map<string, { current: number; previous: number }>();
    const untagged = { current: 0, previous: 0 };
    let estimated = false;
    let currency = "USD";
    for (const day of results) {
        const start = day.TimePeriod?.Start ?? "";
        const window =
            start >= windows.current.start
                ? "current"
                : start >= windows.previous.start
                  ? "previous"
                  : undefined;
        if (!window || start >= windows.current.end) continue;
        estimated ||= day.Estimated === true;
        for (const g of day.Groups ?? []) {
            const [tag, service = "(no service)"] = g.Keys ?? [];
            const metric = g.Metrics?.[SPEND_METRIC];
            const amount = Number(metric?.Amount ?? 0);
            if (metric?.Unit) currency = metric.Unit;
            if (tag === untaggedKey) {
                untagged[window] += amount;
            } else if (tag === mine) {
                const s = services.get(service) ?? { current: 0, previous: 0 };
                s[window] += amount;
                services.set(service, s);
            }
        }
    }
    const list = [...services.entries()]
        .map(([service, s]) => ({ service, ...s }))
        .sort(
            (a, b) => b.current - a.current || b.previous - a.previous || a.service.localeCompare(b.service),
        );
    return {
        environment,
        windows,
        services: list,
        total: {
            current: list.reduce((t, s) => t + s.current, 0),
            previous: list.reduce((t, s) => t + s.previous, 0),
        },
        untagged,
        estimated,
        currency,
    };
}

export interface FetchSpendOptions {
    readonly environment: string;
    readonly asOf: Date;
    /** Cost Explorer's endpoint, e.g. a local test server. @default the AWS endpoint */
    readonly endpoint?: string;
    /** Most result pages to read. @default 20 */
    readonly maxPages?: number;
}

/** Reads the two windows' spend; credentials come from the default AWS chain. */
export async function fetchSpend(opts: FetchSpendOptions): Promise<SpendSummary> {
    const { CostExplorerClient, GetCostAndUsageCommand } =
        require("@aws-sdk/client-cost-explorer") as typeof import("@aws-sdk/client-cost-explorer");
    // Cost Explorer has one endpoint, in us-east-1, whatever region the stack runs in.
    const client = new CostExplorerClient({
        region: "us-east-1",
        ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    });
    const windows = spendWindows(opts.asOf);
    const results: ResultsByTime = [];
    let token: string | undefined;
    try {
        for (let page = 0; page < (opts.maxPages ?? 20); page++) {
            const out = await client.send(new GetCostAndUsageCommand(costAndUsageRequest(windows, token)));
            results.push(...(out.ResultsByTime ?? []));
            token = out.NextPageToken;
            if (!token) break;
        }
    } finally {
        client.destroy();
    }
    return summarizeSpend(results, opts.environment, windows);
}

function change(current: number, previous: number): string {
    if (previous === 0) return current === 0 ? "—" : "new";
    return `${signedUsd(current - previous)} (${current >= previous ? "+" : "−"}${Math.abs((100 * (current - previous)) / previous).toFixed(0)}%)`;
}

export interface SpendReportInput {
    readonly stack: string;
    readonly summary: SpendSummary;
    /** The plan's estimate, to compare the run rate with. */
    readonly estimate?: CostSection;
    readonly generatedAt: Date;
}

/** The issue body: totals first, then services, then what the numbers cannot say. */
export function renderSpendMarkdown(input: SpendReportInput): string {
    const { summary: s } = input;
    const w = s.windows;
    const runRate = (s.total.current / (7 * 24)) * HOURS_PER_MONTH;
    const out = [
        `### Cost report — stack \`${input.stack}\` (environment \`${s.environment}\`)`,
        "",
        `Last 7 days (${w.current.start} to ${w.current.end}, end exclusive): **${usd(s.total.current)}**, ` +
            `${change(s.total.current, s.total.previous)} against the 7 days before (${usd(s.total.previous)}). ` +
            `Run rate: **${usd(runRate)}/month**.`,
    ];
    if (input.estimate) {
        const e = input.estimate;
        out.push(
            "",
            `Plan estimate: ${usd(e.floor)} floor, ${usd(e.expected)} expected, ${usd(e.ceiling)} ceiling per month (on-demand list prices).`,
        );
    }
    out.push("", "| service | last 7 days | 7 days before | change |", "|---|---:|---:|---:|");
    for (const x of s.services) {
        out.push(
            `| ${x.service.replace(/\|/g, "\\|")} | ${usd(x.current)} | ${usd(x.previous)} | ${change(x.current, x.previous)} |`,
        );
    }
    out.push(
        `| **total** | **${usd(s.total.current)}** | **${usd(s.total.previous)}** | ${change(s.total.current, s.total.previous)} |`,
    );
    out.push("");
    if (s.untagged.current > 0 || s.untagged.previous > 0) {
        out.push(
            `Untagged spend in the account (no \`${ENVIRONMENT_TAG}\` tag; not counted above): ${usd(s.untagged.current)} last 7 days, ${usd(s.untagged.previous)} before.`,
            "",
        );
    }
    if (s.estimated) out.push("Recent days are still estimated by Cost Explorer and may change.", "");
    out.push(
        `<sub>AWS Cost Explorer, ${SPEND_METRIC}, grouped by the \`${ENVIRONMENT_TAG}\` tag and service (${s.currency}). ` +
            `Generated ${input.generatedAt.toISOString()} by \`rayops cost report\`.</sub>`,
    );
    return out.join("\n");
}

/** One issue per stack and month: its marker, title and labels. */
export function spendIssueOf(stack: string, asOf: Date): { marker: string; title: string; labels: string[] } {
    const month = asOf.toISOString().slice(0, 7);
    return {
        marker: `cost-report/${stack}/${month}`,
        title: `Cost report: ${stack}, ${month}`,
        labels: ["rayops", "cost-report"],
    };
}

/** Creates this month's issue for the stack, or updates it. */
export async function publishSpendReport(
    repo: RepoClient,
    input: SpendReportInput,
): Promise<UpsertIssueResult> {
    const { upsertIssue } = require("../github/issue") as typeof import("../github/issue");
    return upsertIssue(repo, {
        ...spendIssueOf(input.stack, input.generatedAt),
        body: renderSpendMarkdown(input),
    });
}
