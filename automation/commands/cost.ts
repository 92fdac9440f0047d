/**
 * `rayops cost`: the monthly estimate of a stack (and its change against another revision), what
 * autoscaling saves on a bursty workload, and the daily spend report from AWS Cost Explorer.
 * Heavy modules load inside the action handlers so `rayops --help` stays fast.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import type { PlatformConfig } from "../../components/config/schema";
import type { CliContext } from "../cli-support/context";
import { GITHUB_APP_HELP } from "../cli-support/help";
import { CliError, ExitCode } from "../exit-codes";

interface EstimateOpts {
    stack: string;
    json?: boolean;
    markdown?: boolean;
    base?: string;
}

interface BurstOpts {
    stack: string;
    metrics?: string;
    pattern?: string;
    phaseMinutes?: string;
    scaleUpMinutes?: string;
    group?: string;
    json?: boolean;
    markdown?: boolean;
}

interface ReportOpts {
    stack: string;
    date?: string;
    dryRun?: boolean;
    json?: boolean;
    estimate: boolean;
}

function style(ctx: CliContext) {
    const { colorWanted, makeStyle } = require("../render/style") as typeof import("../render/style");
    return makeStyle(colorWanted(ctx.env, ctx.stdout.isTTY));
}

function oneFormat(opts: { json?: boolean; markdown?: boolean }): void {
    if (opts.json && opts.markdown) throw new CliError("choose one of --json and --markdown", ExitCode.error);
}

/** Turns the plan's input errors into the CLI's exit codes. */
async function planned<T>(work: () => Promise<T>): Promise<T> {
    const { ConfigError } =
        require("../../components/config/issues") as typeof import("../../components/config/issues");
    const { StackFileError } = require("../plan/stack-file") as typeof import("../plan/stack-file");
    try {
        return await work();
    } catch (err) {
        if (err instanceof ConfigError || err instanceof StackFileError) {
            throw new CliError(err.message, ExitCode.badConfig);
        }
        throw err;
    }
}

/** The validated config of a stack without running the program (burst, report). */
function stackConfig(ctx: CliContext, stack: string): Promise<PlatformConfig> {
    return planned(async () => {
        const { parsePlatformConfig } =
            require("../../components/config/parse") as typeof import("../../components/config/parse");
        const { rawConfigFromPulumi } =
            require("../../components/config/raw") as typeof import("../../components/config/raw");
        const { readStackFile } = require("../plan/stack-file") as typeof import("../plan/stack-file");
        const file = readStackFile(ctx.cwd, stack);
        return parsePlatformConfig(rawConfigFromPulumi(file.config), { stack, project: "rayops" });
    });
}

async function estimateAction(opts: EstimateOpts, ctx: CliContext): Promise<void> {
    oneFormat(opts);
    const { runOfflinePlan } = require("../plan/offline-plan") as typeof import("../plan/offline-plan");
    const plan = await planned(() => runOfflinePlan({ cwd: ctx.cwd, stack: opts.stack }));
    let cost = plan.report.cost!;
    if (opts.base !== undefined) {
        const { describeRevision, estimateAtRevision, BaseRevisionError } =
            require("../cost/base") as typeof import("../cost/base");
        const { withDelta } = require("../cost/estimate") as typeof import("../cost/estimate");
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
        const { costJson } = require("../render/json") as typeof import("../render/json");
        ctx.stdout.write(
            `${JSON.stringify({ schemaVersion: 1, kind: "cost", ...head, cost: costJson(cost) }, null, 2)}\n`,
        );
        return;
    }
    const render = require("../cost/render") as typeof import("../cost/render");
    ctx.stdout.write(
        opts.markdown ? render.costMarkdown(cost, head) : render.costTerminal(cost, head, style(ctx)),
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

async function burstAction(opts: BurstOpts, ctx: CliContext): Promise<void> {
    oneFormat(opts);
    const config = await stackConfig(ctx, opts.stack);
    const { modelBurst, savingByPhaseLength } = require("../cost/burst") as typeof import("../cost/burst");
    const { DEFAULT_PATTERN, DEFAULT_PHASE_MINUTES, patternProfile } =
        require("../cost/burst-profile") as typeof import("../cost/burst-profile");
    const { DEFAULT_SCALE_UP_MINUTES, shapesFromConfig, timingFromConfig } =
        require("../cost/burst-shapes") as typeof import("../cost/burst-shapes");
    const input = require("../cost/burst-input") as typeof import("../cost/burst-input");
    const render = require("../cost/render") as typeof import("../cost/render");
    try {
        if (opts.metrics !== undefined && opts.pattern !== undefined) {
            throw new input.BurstInputError("choose one of --metrics and --pattern");
        }
        const phaseMinutes =
            opts.phaseMinutes === undefined
                ? undefined
                : input.parsePositive("--phase-minutes", opts.phaseMinutes);
        const scaleUp =
            opts.scaleUpMinutes === undefined
                ? DEFAULT_SCALE_UP_MINUTES
                : input.parsePositive("--scale-up-minutes", opts.scaleUpMinutes);
        let profile =
            opts.metrics !== undefined
                ? input.profileFromMetrics(readMetrics(opts.metrics, ctx), opts.metrics)
                : patternProfile(
                      opts.pattern === undefined
                          ? DEFAULT_PATTERN
                          : input.parsePattern("--pattern", opts.pattern),
                      phaseMinutes ?? DEFAULT_PHASE_MINUTES,
                  );
        if (opts.metrics !== undefined && phaseMinutes !== undefined)
            profile = input.withPhaseMinutes(profile, phaseMinutes);
        let shapes = shapesFromConfig(config);
        if (opts.group !== undefined) {
            shapes = shapes.filter((s) => s.group === opts.group);
            if (shapes.length === 0) {
                throw new input.BurstInputError(
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
            ctx.stdout.write(
                `${JSON.stringify({ schemaVersion: 1, kind: "cost-burst", region: config.region, timing, ...out }, null, 2)}\n`,
            );
            return;
        }
        ctx.stdout.write(opts.markdown ? render.burstMarkdown(out) : render.burstTerminal(out, style(ctx)));
    } catch (err) {
        if (err instanceof input.BurstInputError) throw new CliError(err.message, ExitCode.error);
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

async function reportAction(opts: ReportOpts, ctx: CliContext): Promise<void> {
    const asOf = asOfDate(opts.date);
    const config = await stackConfig(ctx, opts.stack);
    // The App's settings are checked first: a misconfigured workflow fails before paying for a query.
    const gh = require("../github") as typeof import("../github");
    let app: import("../github").AppConfig | undefined;
    if (!opts.dryRun) {
        try {
            app = gh.readAppConfig(ctx.env);
        } catch (err) {
            if (err instanceof gh.GitHubConfigError) throw new CliError(err.message, ExitCode.error);
            throw err;
        }
    }
    const report = require("../cost/report") as typeof import("../cost/report");
    let summary: Awaited<ReturnType<typeof report.fetchSpend>>;
    try {
        summary = await report.fetchSpend({
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
    let estimate: import("../render/report").CostSection | undefined;
    if (opts.estimate) {
        const { runOfflinePlan } = require("../plan/offline-plan") as typeof import("../plan/offline-plan");
        estimate = (await planned(() => runOfflinePlan({ cwd: ctx.cwd, stack: opts.stack }))).report.cost;
    }
    const input = { stack: opts.stack, summary, estimate, generatedAt: asOf };
    if (opts.dryRun) {
        ctx.stdout.write(`${report.renderSpendMarkdown(input)}\n`);
        return;
    }
    const repo = gh.connectRepository(gh.createAppTokenSource(app!), gh.TASK_PERMISSIONS.reportIssue);
    const result = await report.publishSpendReport(repo, input);
    if (!opts.json) {
        ctx.stdout.write(
            `cost report for ${opts.stack}: issue ${result.action}${result.url ? ` (${result.url})` : ""}\n`,
        );
    }
}

export function register(program: Command, ctx: CliContext): void {
    const cost = program
        .command("cost")
        .description(
            "Monthly cost estimate, its change against another revision, burst savings and the spend report",
        );
    cost.command("estimate", { isDefault: true })
        .description("Estimate the stack's monthly cost from its offline plan (floor, expected, ceiling)")
        .option("-s, --stack <name>", "stack to estimate (reads Pulumi.<name>.yaml)", "dev")
        .option(
            "--base <git-ref>",
            "also plan the stack at this revision and show the change (e.g. origin/main)",
        )
        .option("--json", "print the estimate as JSON")
        .option("--markdown", "print the estimate as Markdown")
        .addHelpText(
            "after",
            "\nExit codes: 0 ok, 1 error (e.g. an unknown --base revision), 5 the stack config is invalid.",
        )
        .action((opts: EstimateOpts) => estimateAction(opts, ctx));
    cost.command("burst")
        .description(
            "Compare autoscaling with static provisioning at peak for a bursty workload, all assumptions printed",
        )
        .option(
            "-s, --stack <name>",
            "stack whose worker groups, pools and scale-down settings to use",
            "dev",
        )
        .option("--metrics <file>", "metrics JSON written by workloads/bursty_training.py --metrics-out")
        .option("--pattern <list>", "worker pods per phase, e.g. 2,5,10,8,4,2 (the default)")
        .option(
            "--phase-minutes <n>",
            "length of each phase (default 30; with --metrics, replaces the measured lengths)",
        )
        .option("--scale-up-minutes <n>", "from a node request to a serving node (default 3)")
        .option("--group <name>", "only this Ray worker group (default: every group)")
        .option("--json", "print the comparison as JSON")
        .option("--markdown", "print the comparison as Markdown")
        .action((opts: BurstOpts) => burstAction(opts, ctx));
    cost.command("report")
        .description(
            "Post the stack's actual spend from AWS Cost Explorer (last 7 days vs the 7 before) as this month's issue",
        )
        .option(
            "-s, --stack <name>",
            "stack to report (its environment tag is read from Pulumi.<name>.yaml)",
            "dev",
        )
        .option("--date <YYYY-MM-DD>", "report as of this day (UTC; default today)")
        .option("--dry-run", "print the issue body instead of posting it")
        .option("--json", "print the spend summary as JSON")
        .option("--no-estimate", "leave the plan's estimate out of the report")
        .addHelpText(
            "after",
            `\nNeeds AWS credentials (default chain; ce:GetCostAndUsage) and, unless --dry-run, the GitHub App.\n${GITHUB_APP_HELP}`,
        )
        .action((opts: ReportOpts) => reportAction(opts, ctx));
}
