import { writeFileSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import type { CliContext } from "../../cli-support/context";
import { depsOf } from "../../cli-support/deps";
import { openWorkspace, withWorkspaceErrors } from "../../cli-support/engine-run";
import { chooseStack } from "../../cli-support/stack-choice";
import { CliError } from "../../exit-codes";
import { colorWanted, makeStyle } from "../../render/style";
import { parseDashboardAddress } from "../../workload/address";
import { type RayToken, resolveRayToken } from "../../workload/auth";
import { describeJob, jobFailureMessage } from "../../workload/describe";
import { buildEntrypoint, type WorkloadFlags } from "../../workload/entrypoint";
import { followJob } from "../../workload/follow";
import { RayJobsClient } from "../../workload/jobs-client";
import { METRICS_EVENT, metricsFromLogs, parseEvent, type WorkloadMetrics } from "../../workload/metrics";
import { defaultWorkloadsDir, packageWorkingDir } from "../../workload/package";
import { renderPhaseTable, renderPhaseTableMarkdown } from "../../workload/phase-table";
import {
    type DashboardTarget,
    dashboardTargetFromOutputs,
    openPortForward,
    readClusterToken,
} from "../../workload/stack-address";

export interface TargetOptions {
    readonly stack?: string;
    readonly address?: string;
}

export interface SubmitOptions extends TargetOptions, WorkloadFlags {
    readonly wait: boolean;
    readonly logs: boolean;
    readonly timeout: string;
    readonly metricsOut?: string;
    readonly json?: boolean;
    readonly markdown?: boolean;
}

/** How many of a failed job's last log lines the error shows. */
const FAILURE_LOG_LINES = 20;

/** `rayops workload status <id>`. */
export async function status(
    id: string,
    opts: TargetOptions & { readonly json?: boolean },
    ctx: CliContext,
): Promise<void> {
    await withClient(opts, ctx, async (client) => {
        const details = await client.getJob(id);
        if (opts.json) {
            ctx.stdout.write(`${JSON.stringify(details, null, 2)}\n`);
            return;
        }
        ctx.stdout.write(describeJob(details));
    });
}

/** `rayops workload logs <id>`. */
export async function logs(
    id: string,
    opts: TargetOptions & { readonly follow?: boolean },
    ctx: CliContext,
): Promise<void> {
    await withClient(opts, ctx, async (client) => {
        if (!opts.follow) {
            ctx.stdout.write(await client.getLogs(id));
            return;
        }
        const done = await followJob(client, id, { onLine: (line) => ctx.stdout.write(`${line}\n`) });
        if (done.details.status !== "SUCCEEDED") {
            throw new CliError(`job ${id} ended ${done.details.status}`);
        }
    });
}

/** `rayops workload stop <id>`. */
export async function stop(
    id: string,
    opts: TargetOptions & { readonly json?: boolean },
    ctx: CliContext,
): Promise<void> {
    await withClient(opts, ctx, async (client) => {
        const stopped = await client.stopJob(id);
        if (opts.json) {
            ctx.stdout.write(`${JSON.stringify({ jobId: id, stopped })}\n`);
        } else {
            ctx.stdout.write(stopped ? `stop requested for job ${id}\n` : `job ${id} had already ended\n`);
        }
    });
}

/** Connects to the dashboard named by --address or --stack, runs `work`, and closes any port-forward. */
async function withClient(
    opts: TargetOptions,
    ctx: CliContext,
    work: (client: RayJobsClient) => Promise<void>,
): Promise<void> {
    checkTarget(opts);
    const token = resolveRayToken(ctx.env, ctx.env.HOME || homedir());

    if (opts.address !== undefined) {
        await work(new RayJobsClient(parseDashboardAddress(opts.address), { token }));
        return;
    }
    const stack = stackOf(opts, ctx);
    const workspace = await openWorkspace(ctx, depsOf(ctx));
    const outputs = await withWorkspaceErrors({ stack }, async () =>
        (await workspace.stack(stack)).outputs(),
    );
    const target = dashboardTargetFromOutputs(stack, outputs);
    const stackToken = token ?? clusterToken(target, ctx);
    ctx.stderr.write(
        `port-forwarding to svc/${target.service} in namespace ${target.namespace} (stack ${stack})\n`,
    );
    const forward = await openPortForward(target, { env: ctx.env });
    try {
        await work(new RayJobsClient(forward.address, { token: stackToken }));
    } finally {
        forward.close();
    }
}

/** The token from the cluster's Secret, when the environment names none and the stack exports one. */
function clusterToken(target: DashboardTarget, ctx: CliContext): RayToken | undefined {
    if (!target.authTokenSecret) return undefined;
    return {
        token: readClusterToken(target, target.authTokenSecret, { env: ctx.env }),
        source: `secret ${target.namespace}/${target.authTokenSecret}`,
    };
}

/** The stack whose RayCluster to reach: `--stack`, else the selected stack, as every command chooses. */
function stackOf(opts: TargetOptions, ctx: CliContext): string {
    try {
        return chooseStack(opts.stack, ctx);
    } catch (err) {
        if (err instanceof CliError && opts.stack === undefined) {
            throw new CliError(
                `${err.message}; or reach a dashboard of your own with --address <url>`,
                err.exitCode,
            );
        }
        throw err;
    }
}

function checkTarget(opts: TargetOptions): void {
    if (opts.stack !== undefined && opts.address !== undefined) {
        throw new CliError("choose one of --stack and --address");
    }
    if (opts.address !== undefined) parseDashboardAddress(opts.address);
}

function positiveSeconds(option: string, text: string): number {
    const value = Number(text);
    if (!/\S/.test(text) || !Number.isFinite(value) || value <= 0) {
        throw new CliError(`${option} ${JSON.stringify(text)}: allowed a number of seconds greater than 0`);
    }
    return value;
}

/** `rayops workload submit`. */
export async function submit(opts: SubmitOptions, ctx: CliContext): Promise<void> {
    if (opts.json && opts.markdown) throw new CliError("choose one of --json and --markdown");
    checkTarget(opts);
    const timeoutMs = positiveSeconds("--timeout", opts.timeout) * 1000;
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

        const onLine = (line: string) => {
            // The metrics line is one long JSON document: the table below says it better.
            if (parseEvent(line)?.event !== METRICS_EVENT) ctx.stderr.write(`${line}\n`);
        };
        const { details, logs: log } = await followJob(client, jobId, {
            onLine: opts.logs ? onLine : undefined,
            timeoutMs,
        });
        if (details.status !== "SUCCEEDED") {
            throw new CliError(jobFailureMessage(details, log, FAILURE_LOG_LINES));
        }
        let metrics: WorkloadMetrics;
        try {
            metrics = metricsFromLogs(log);
        } catch (err) {
            throw new CliError(
                `job ${jobId} succeeded, but its metrics could not be read: ${(err as Error).message}`,
            );
        }
        if (opts.metricsOut) {
            writeFileSync(path.resolve(ctx.cwd, opts.metricsOut), `${JSON.stringify(metrics, null, 2)}\n`);
        }
        writeResult(jobId, details.status, metrics, opts, ctx);
    });
}

function writeResult(
    jobId: string,
    jobStatus: string,
    metrics: WorkloadMetrics,
    opts: SubmitOptions,
    ctx: CliContext,
): void {
    if (opts.json) {
        ctx.stdout.write(`${JSON.stringify({ jobId, status: jobStatus, metrics }, null, 2)}\n`);
        return;
    }
    if (opts.markdown) {
        ctx.stdout.write(renderPhaseTableMarkdown(metrics));
        return;
    }
    ctx.stdout.write(renderPhaseTable(metrics, makeStyle(colorWanted(ctx.env, ctx.stdout.isTTY))));
}
