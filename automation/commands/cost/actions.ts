import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../../../components/config/issues";
import { parsePlatformConfig } from "../../../components/config/parse";
import { rawConfigFromPulumi } from "../../../components/config/raw";
import type { PlatformConfig } from "../../../components/config/schema";
import { type CliContext, outputWidth } from "../../cli-support/context";
import { chooseStackFile } from "../../cli-support/stack-choice";
import { estimateAtRevision } from "../../cost/base";
import { burstTotal, modelBurst, savingByPhaseLength } from "../../cost/burst";
import { splitAssumptions } from "../../cost/burst-assumptions";
import {
    BurstInputError,
    parsePattern,
    parsePositive,
    profileFromMetrics,
    withPhaseMinutes,
} from "../../cost/burst-input";
import { DEFAULT_PATTERN, DEFAULT_PHASE_MINUTES, patternProfile } from "../../cost/burst-profile";
import { DEFAULT_SCALE_UP_MINUTES, shapesFromConfig, timingFromConfig } from "../../cost/burst-shapes";
import { withDelta } from "../../cost/estimate";
import { burstMarkdown, burstTerminal, costMarkdown, costTerminal } from "../../cost/render";
import { fetchSpend, publishSpendReport, renderSpendMarkdown, type SpendSummary } from "../../cost/report";
import { CliError, ExitCode } from "../../exit-codes";
import {
    type AppConfig,
    connectRepository,
    createAppTokenSource,
    GitHubConfigError,
    readAppConfig,
    TASK_PERMISSIONS,
} from "../../github";
import type { OfflinePlan } from "../../plan/offline-plan";
import { BaseRevisionError, describeRevision } from "../../plan/revision";
import { readStackFile, StackFileError } from "../../plan/stack-file";
import { costJson } from "../../render/json";
import type { CostSection } from "../../render/report";
import { colorWanted, makeStyle } from "../../render/style";

export interface EstimateOpts {
    readonly stack?: string;
    readonly json?: boolean;
    readonly markdown?: boolean;
    readonly base?: string;
}

export interface BurstOpts {
    readonly stack?: string;
    readonly metrics?: string;
    readonly pattern?: string;
    readonly phaseMinutes?: string;
    readonly scaleUpMinutes?: string;
    readonly group?: string;
    readonly json?: boolean;
    readonly markdown?: boolean;
}

export interface ReportOpts {
    readonly stack?: string;
    readonly date?: string;
    readonly dryRun?: boolean;
    readonly json?: boolean;
    readonly estimate: boolean;
}

function style(ctx: CliContext) {
    return makeStyle(colorWanted(ctx.env, ctx.stdout.isTTY));
}

function oneFormat(opts: { json?: boolean; markdown?: boolean }): void {
    if (opts.json && opts.markdown) throw new CliError("choose one of --json and --markdown", ExitCode.error);
}

/** Turns the plan's input errors into the CLI's exit codes. */
async function planned<T>(work: () => Promise<T>): Promise<T> {
    try {
        return await work();
    } catch (err) {
        if (err instanceof ConfigError || err instanceof StackFileError) {
            throw new CliError(err.message, ExitCode.badConfig);
        }
        throw err;
    }
}

/**
 * The stack's offline plan. Lazy on purpose: the plan loads the Pulumi SDK (about a second), which
 * `cost burst` and `cost report --no-estimate` never need.
 */
function offlinePlan(ctx: CliContext, stack: string): Promise<OfflinePlan> {
    const { runOfflinePlan } = require("../../plan/offline-plan") as typeof import("../../plan/offline-plan");
    return planned(() => runOfflinePlan({ cwd: ctx.cwd, stack }));
}

/** The validated config of a stack without running the program (burst, report). */
function stackConfig(ctx: CliContext, stack: string): Promise<PlatformConfig> {
    return planned(async () => {
        const file = readStackFile(ctx.cwd, stack);
        return parsePlatformConfig(rawConfigFromPulumi(file.config), { stack, project: "rayops" });
    });
}

/** `rayops cost estimate`. */
export async function estimate(given: EstimateOpts, ctx: CliContext): Promise<void> {
    const opts = { ...given, stack: chooseStackFile(given.stack, ctx) };
    oneFormat(opts);
    const plan = await offlinePlan(ctx, opts.stack);
    let cost = plan.report.cost!;
    if (opts.base !== undefined) {
        try {
            cost = withDelta(
                cost,
                await estimateAtRevision({
                    cwd: ctx.cwd,
                    ref: opts.base,
                    stack: opts.stack,
                    withNetwork: true,
                }),
                describeRevision(ctx.cwd, opts.base, ctx.env),
            );
        } catch (err) {
            if (err instanceof BaseRevisionError) throw new CliError(err.message, ExitCode.error);
            throw err;
        }
    }
    const head = { stack: opts.stack, region: plan.config.region };
    if (opts.json) {
        ctx.stdout.write(
            `${JSON.stringify({ schemaVersion: 1, kind: "cost", ...head, cost: costJson(cost) }, null, 2)}\n`,
        );
        return;
    }
    ctx.stdout.write(
        opts.markdown ? costMarkdown(cost, head) : costTerminal(cost, head, style(ctx), outputWidth(ctx)),
    );
}

function readMetrics(file: string, ctx: CliContext): unknown {
    let text: string;
    try {
        text = readFileSync(path.resolve(ctx.cwd, file), "utf8");
    } catch {
        throw new CliError(`--metrics ${file}: file not found`, ExitCode.error);
    }
    try {
        return JSON.parse(text);
    } catch (err) {
        throw new CliError(`--metrics ${file}: not JSON (${(err as Error).message})`, ExitCode.error);
    }
}

/** `rayops cost burst`. */
export async function burst(given: BurstOpts, ctx: CliContext): Promise<void> {
    const opts = { ...given, stack: chooseStackFile(given.stack, ctx) };
    oneFormat(opts);
    const config = await stackConfig(ctx, opts.stack);
    try {
        if (opts.metrics !== undefined && opts.pattern !== undefined) {
            throw new BurstInputError("choose one of --metrics and --pattern");
        }
        const phaseMinutes =
            opts.phaseMinutes === undefined ? undefined : parsePositive("--phase-minutes", opts.phaseMinutes);
        const scaleUp =
            opts.scaleUpMinutes === undefined
                ? DEFAULT_SCALE_UP_MINUTES
                : parsePositive("--scale-up-minutes", opts.scaleUpMinutes);
        let profile =
            opts.metrics !== undefined
                ? profileFromMetrics(readMetrics(opts.metrics, ctx), opts.metrics)
                : patternProfile(
                      opts.pattern === undefined ? DEFAULT_PATTERN : parsePattern("--pattern", opts.pattern),
                      phaseMinutes ?? DEFAULT_PHASE_MINUTES,
                  );
        if (opts.metrics !== undefined && phaseMinutes !== undefined)
            profile = withPhaseMinutes(profile, phaseMinutes);
        let shapes = shapesFromConfig(config);
        if (opts.group !== undefined) {
            shapes = shapes.filter((s) => s.group === opts.group);
            if (shapes.length === 0) {
                throw new BurstInputError(
                    `--group ${opts.group}: no such Ray worker group; allowed: ${Object.keys(config.ray.workerGroups).join(", ")}`,
                );
            }
        } else if (profile.unit === "tasks" && profile.perTask) {
            // Tasks that ask for GPUs run on GPU workers; the others on CPU workers.
            const wantGpu = profile.perTask.gpus > 0;
            shapes = shapes.filter((s) => s.worker.gpus > 0 === wantGpu);
        }
        const timing = timingFromConfig(config, scaleUp);
        const results = shapes.map((s) => modelBurst(profile, s, timing));
        const sensitivity = shapes.map((s) =>
            profile.unit === "workers" ? savingByPhaseLength(profile, s, timing) : [],
        );
        const out = { stack: opts.stack, results, sensitivity };
        if (opts.json) {
            // Fields are only ever added here: `total` and `sharedAssumptions` came with the verdict, each result's `timeline` with the chart.
            const json = {
                schemaVersion: 1,
                kind: "cost-burst",
                region: config.region,
                timing,
                ...out,
                total: burstTotal(results),
                sharedAssumptions: splitAssumptions(results).shared,
            };
            ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
            return;
        }
        ctx.stdout.write(
            opts.markdown ? burstMarkdown(out) : burstTerminal(out, style(ctx), outputWidth(ctx)),
        );
    } catch (err) {
        if (err instanceof BurstInputError) throw new CliError(err.message, ExitCode.error);
        throw err;
    }
}

function asOfDate(option: string | undefined): Date {
    if (option === undefined) return new Date();
    const d = new Date(`${option}T12:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(option) || Number.isNaN(d.getTime())) {
        throw new CliError(`--date ${JSON.stringify(option)}: allowed a day as YYYY-MM-DD`, ExitCode.error);
    }
    return d;
}

/** `rayops cost report`. */
export async function report(given: ReportOpts, ctx: CliContext): Promise<void> {
    const opts = { ...given, stack: chooseStackFile(given.stack, ctx) };
    const asOf = asOfDate(opts.date);
    const config = await stackConfig(ctx, opts.stack);
    // The App's settings are checked first: a misconfigured workflow fails before paying for a query.
    let app: AppConfig | undefined;
    if (!opts.dryRun) {
        try {
            app = readAppConfig(ctx.env);
        } catch (err) {
            if (err instanceof GitHubConfigError) throw new CliError(err.message, ExitCode.error);
            throw err;
        }
    }
    let summary: SpendSummary;
    try {
        summary = await fetchSpend({
            environment: config.environment,
            asOf,
            endpoint: ctx.env.AWS_ENDPOINT_URL_COST_EXPLORER || undefined,
        });
    } catch (err) {
        throw new CliError(`AWS Cost Explorer: ${(err as Error).message}`, ExitCode.error);
    }
    if (opts.json) {
        ctx.stdout.write(
            `${JSON.stringify({ schemaVersion: 1, kind: "cost-report", stack: opts.stack, ...summary }, null, 2)}\n`,
        );
        if (opts.dryRun) return;
    }
    let estimate: CostSection | undefined;
    if (opts.estimate) estimate = (await offlinePlan(ctx, opts.stack)).report.cost;
    const input = { stack: opts.stack, summary, estimate, generatedAt: asOf };
    if (opts.dryRun) {
        ctx.stdout.write(`${renderSpendMarkdown(input)}\n`);
        return;
    }
    const repo = connectRepository(createAppTokenSource(app!), TASK_PERMISSIONS.reportIssue);
    const result = await publishSpendReport(repo, input);
    if (!opts.json) {
        ctx.stdout.write(
            `cost report for ${opts.stack}: issue ${result.action}${result.url ? ` (${result.url})` : ""}\n`,
        );
    }
}
