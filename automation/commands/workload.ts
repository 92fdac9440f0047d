/**
 * `rayops workload submit|status|logs|stop`: the bursty training workload through the Ray Jobs
 * REST API of a stack's RayCluster (port-forwarded) or of any dashboard (`--address`).
 */
import type { Command } from "commander";
import type { CliContext } from "../cli-support/context";
import { CliError } from "../exit-codes";
import type { WorkloadFlags } from "../workload/entrypoint";

interface TargetOptions {
    readonly stack?: string;
    readonly address?: string;
}

interface SubmitOptions extends TargetOptions, WorkloadFlags {
    readonly wait: boolean;
    readonly logs: boolean;
    readonly timeout: string;
    readonly metricsOut?: string;
    readonly json?: boolean;
    readonly markdown?: boolean;
}

/** How many of a failed job's last log lines the error shows. */
const FAILURE_LOG_LINES = 20;

function withTarget(cmd: Command): Command {
    return cmd
        .option(
            "-s, --stack <name>",
            "reach the stack's RayCluster (kubectl port-forward with the stack's kubeconfig)",
        )
        .option("--address <url>", "Ray dashboard URL, e.g. http://127.0.0.1:8265 (skips the stack lookup)");
}

export function register(program: Command, ctx: CliContext): void {
    const workload = program
        .command("workload")
        .description("Run the bursty training workload on a RayCluster through the Ray Jobs API");

    withTarget(workload.command("submit"))
        .description(
            "Package workloads/, submit bursty_training.py as a Ray job, stream its log, wait, and print the phase table",
        )
        .option("--pattern <list>", "concurrent tasks per phase, e.g. 2,5,10,8,4,2 (workload default)")
        .option("--phase-seconds <seconds>", "length of each phase")
        .option("--task-seconds <seconds>", "length of one task")
        .option("--seed <n>", "seed of the task plan and data")
        .option("--cpus-per-task <n>", "Ray num_cpus of each task")
        .option("--gpus-per-task <n>", "Ray num_gpus of each task (GPU workers scale from zero)")
        .option("--sample-seconds <seconds>", "interval of cluster resource samples")
        .option("--no-wait", "print the job id and return once the job is submitted")
        .option("--no-logs", "do not stream the job's log while waiting")
        .option("--timeout <seconds>", "stop waiting (the job keeps running) after this long", "3600")
        .option("--metrics-out <file>", "also write the job's metrics JSON to this file")
        .option("--json", "print {jobId, status, metrics} as JSON ({jobId} with --no-wait)")
        .option("--markdown", "print the phase table as Markdown (e.g. for a workflow's job summary)")
        .addHelpText(
            "after",
            "\nThe workload checks its own flags; a bad value fails the job with the workload's message.\n" +
                "Exit codes: 0 the job succeeded (or was submitted, with --no-wait), 1 it failed, was stopped or could not be run.",
        )
        .action((opts: SubmitOptions) => submit(opts, ctx));

    withTarget(workload.command("status").argument("<id>", "job submission id (raysubmit_…)"))
        .description("Show a job's status")
        .option("--json", "print Ray's job details as JSON")
        .action(async (id: string, opts: TargetOptions & { json?: boolean }) => {
            await withClient(opts, ctx, async (client) => {
                const details = await client.getJob(id);
                if (opts.json) {
                    ctx.stdout.write(`${JSON.stringify(details, null, 2)}\n`);
                    return;
                }
                const { describeJob } =
                    require("../workload/describe") as typeof import("../workload/describe");
                ctx.stdout.write(describeJob(details));
            });
        });

    withTarget(workload.command("logs").argument("<id>", "job submission id (raysubmit_…)"))
        .description("Print a job's log")
        .option("-f, --follow", "keep printing new lines until the job ends; exit 1 unless it succeeded")
        .action(async (id: string, opts: TargetOptions & { follow?: boolean }) => {
            await withClient(opts, ctx, async (client) => {
                if (!opts.follow) {
                    ctx.stdout.write(await client.getLogs(id));
                    return;
                }
                const { followJob } = require("../workload/follow") as typeof import("../workload/follow");
                const done = await followJob(client, id, { onLine: (line) => ctx.stdout.write(`${line}\n`) });
                if (done.details.status !== "SUCCEEDED") {
                    throw new CliError(`job ${id} ended ${done.details.status}`);
                }
            });
        });

    withTarget(workload.command("stop").argument("<id>", "job submission id (raysubmit_…)"))
        .description("Stop a running job")
        .option("--json", "print {jobId, stopped} as JSON")
        .action(async (id: string, opts: TargetOptions & { json?: boolean }) => {
            await withClient(opts, ctx, async (client) => {
                const stopped = await client.stopJob(id);
                if (opts.json) {
                    ctx.stdout.write(`${JSON.stringify({ jobId: id, stopped })}\n`);
                } else {
                    ctx.stdout.write(
                        stopped ? `stop requested for job ${id}\n` : `job ${id} had already ended\n`,
                    );
                }
            });
        });
}

type Client = import("../workload/jobs-client").RayJobsClient;

/** Connects to the dashboard named by --address or --stack, runs `work`, and closes any port-forward. */
async function withClient(opts: TargetOptions, ctx: CliContext, work: (client: Client) => Promise<void>) {
    checkTarget(opts);
    const os = require("node:os") as typeof import("node:os");
    const { RayJobsClient } = require("../workload/jobs-client") as typeof import("../workload/jobs-client");
    const { resolveRayToken } = require("../workload/auth") as typeof import("../workload/auth");
    const token = resolveRayToken(ctx.env, ctx.env.HOME || os.homedir());

    if (opts.address !== undefined) {
        const { parseDashboardAddress } =
            require("../workload/address") as typeof import("../workload/address");
        await work(new RayJobsClient(parseDashboardAddress(opts.address), { token }));
        return;
    }
    const stackAddress = require("../workload/stack-address") as typeof import("../workload/stack-address");
    const run = require("../cli-support/engine-run") as typeof import("../cli-support/engine-run");
    const { depsOf } = require("../cli-support/deps") as typeof import("../cli-support/deps");
    const stack = opts.stack as string;
    const workspace = await run.openWorkspace(ctx, depsOf(ctx));
    const outputs = await run.withWorkspaceErrors({ stack }, async () =>
        (await workspace.stack(stack)).outputs(),
    );
    const target = stackAddress.dashboardTargetFromOutputs(stack, outputs);
    const stackToken = token ?? clusterToken(stackAddress, target, ctx);
    ctx.stderr.write(
        `port-forwarding to svc/${target.service} in namespace ${target.namespace} (stack ${stack})\n`,
    );
    const forward = await stackAddress.openPortForward(target, { env: ctx.env });
    try {
        await work(new RayJobsClient(forward.address, { token: stackToken }));
    } finally {
        forward.close();
    }
}

/** The token from the cluster's Secret, when the environment names none and the stack exports one. */
function clusterToken(
    stackAddress: typeof import("../workload/stack-address"),
    target: import("../workload/stack-address").DashboardTarget,
    ctx: CliContext,
): import("../workload/auth").RayToken | undefined {
    if (!target.authTokenSecret) return undefined;
    return {
        token: stackAddress.readClusterToken(target, target.authTokenSecret, { env: ctx.env }),
        source: `secret ${target.namespace}/${target.authTokenSecret}`,
    };
}

function checkTarget(opts: TargetOptions): void {
    if (opts.stack !== undefined && opts.address !== undefined) {
        throw new CliError("choose one of --stack and --address");
    }
    if (opts.stack === undefined && opts.address === undefined) {
        throw new CliError("--stack <name> or --address <url> is required");
    }
    if (opts.address !== undefined) {
        const { parseDashboardAddress } =
            require("../workload/address") as typeof import("../workload/address");
        parseDashboardAddress(opts.address);
    }
}

function positiveSeconds(option: string, text: string): number {
    const value = Number(text);
    if (!/\S/.test(text) || !Number.isFinite(value) || value <= 0) {
        throw new CliError(`${option} ${JSON.stringify(text)}: allowed a number of seconds greater than 0`);
    }
    return value;
}

async function submit(opts: SubmitOptions, ctx: CliContext): Promise<void> {
    if (opts.json && opts.markdown) throw new CliError("choose one of --json and --markdown");
    checkTarget(opts);
    const timeoutMs = positiveSeconds("--timeout", opts.timeout) * 1000;
    const { buildEntrypoint } = require("../workload/entrypoint") as typeof import("../workload/entrypoint");
    const { defaultWorkloadsDir, packageWorkingDir } =
        require("../workload/package") as typeof import("../workload/package");
    const entrypoint = buildEntrypoint(opts);
    const pkg = packageWorkingDir(defaultWorkloadsDir());

    await withClient(opts, ctx, async (client) => {
        const state = await client.ensurePackage(pkg);
        ctx.stderr.write(
            `working dir ${pkg.uri}: ${pkg.files.length} files, ${(pkg.bytes.length / 1024).toFixed(1)} KiB, ${state}\n`,
        );
        const jobId = await client.submitJob({
            entrypoint,
            runtimeEnv: { working_dir: pkg.uri },
            metadata: { "rayops.workload": "bursty_training" },
        });
        if (!opts.wait) {
            ctx.stdout.write(opts.json ? `${JSON.stringify({ jobId })}\n` : `${jobId}\n`);
            return;
        }
        ctx.stderr.write(`job ${jobId} submitted: ${entrypoint}\n`);

        const { followJob } = require("../workload/follow") as typeof import("../workload/follow");
        const metricsModule = require("../workload/metrics") as typeof import("../workload/metrics");
        const onLine = (line: string) => {
            // The metrics line is one long JSON document: the table below says it better.
            if (metricsModule.parseEvent(line)?.event !== metricsModule.METRICS_EVENT)
                ctx.stderr.write(`${line}\n`);
        };
        const { details, logs } = await followJob(client, jobId, {
            onLine: opts.logs ? onLine : undefined,
            timeoutMs,
        });
        if (details.status !== "SUCCEEDED") {
            const { jobFailureMessage } =
                require("../workload/describe") as typeof import("../workload/describe");
            throw new CliError(jobFailureMessage(details, logs, FAILURE_LOG_LINES));
        }
        let metrics: import("../workload/metrics").WorkloadMetrics;
        try {
            metrics = metricsModule.metricsFromLogs(logs);
        } catch (err) {
            throw new CliError(
                `job ${jobId} succeeded, but its metrics could not be read: ${(err as Error).message}`,
            );
        }
        if (opts.metricsOut) {
            const { writeFileSync } = require("node:fs") as typeof import("node:fs");
            const path = require("node:path") as typeof import("node:path");
            writeFileSync(path.resolve(ctx.cwd, opts.metricsOut), `${JSON.stringify(metrics, null, 2)}\n`);
        }
        writeResult(jobId, details.status, metrics, opts, ctx);
    });
}

function writeResult(
    jobId: string,
    status: string,
    metrics: import("../workload/metrics").WorkloadMetrics,
    opts: SubmitOptions,
    ctx: CliContext,
): void {
    if (opts.json) {
        ctx.stdout.write(`${JSON.stringify({ jobId, status, metrics }, null, 2)}\n`);
        return;
    }
    const table = require("../workload/phase-table") as typeof import("../workload/phase-table");
    if (opts.markdown) {
        ctx.stdout.write(table.renderPhaseTableMarkdown(metrics));
        return;
    }
    const { colorWanted, makeStyle } = require("../render/style") as typeof import("../render/style");
    ctx.stdout.write(table.renderPhaseTable(metrics, makeStyle(colorWanted(ctx.env, ctx.stdout.isTTY))));
}
