/**
 * What the engine commands share: choosing the stack, validating its config, running one engine
 * operation with its progress streamed and its events turned into a report, and ending with the
 * exit code README.md#exit-codes documents (automation/exit-codes.ts). Only the commands' actions import this, so nothing here runs
 * for `rayops --help`.
 */

import { existsSync } from "node:fs";
import * as path from "node:path";
import { policies } from "../../policypack/policies";
import { estimateCost } from "../engine/cost";
import { EngineReportBuilder, type EngineReportKind } from "../engine/report";
import { CliError, ExitCode, type ExitCodeValue } from "../exit-codes";
import { changeCounts, type Report } from "../render/report";
import { colorWanted } from "../render/style";
import { classifyEngineError, policyPackStartFailure, type WorkspaceErrorKind } from "../workspace/errors";
import type { OperationOptions, OperationResult, StackWorkspace, Workspace } from "../workspace/types";
import type { CliContext } from "./context";
import type { CommandDeps } from "./deps";
import type { OutputOptions } from "./options";
import { appendJobSummary, renderReport, reportMarkdown } from "./output";

const EXIT_BY_KIND: Record<WorkspaceErrorKind, ExitCodeValue> = {
    "cli-missing": ExitCode.error,
    locked: ExitCode.stackLocked,
    passphrase: ExitCode.error,
    "aws-credentials": ExitCode.error,
    "stack-not-found": ExitCode.error,
    "stack-exists": ExitCode.error,
    config: ExitCode.badConfig,
    "unexpected-changes": ExitCode.error,
    engine: ExitCode.error,
};

/** Any failure of the workspace → a `CliError` with one line and the documented exit code. */
export function toCliError(err: unknown, context: { stack?: string; operation?: string } = {}): CliError {
    if (err instanceof CliError) return err;
    const classified = classifyEngineError(err, context);
    return new CliError(classified.message, EXIT_BY_KIND[classified.kind]);
}

/** Runs `fn`, turning whatever the workspace throws into a `CliError`. */
export async function withWorkspaceErrors<T>(
    context: { stack?: string; operation?: string },
    fn: () => Promise<T>,
): Promise<T> {
    try {
        return await fn();
    } catch (err) {
        throw toCliError(err, context);
    }
}

export async function openWorkspace(ctx: CliContext, deps: CommandDeps): Promise<Workspace> {
    return withWorkspaceErrors({}, () => deps.openWorkspace({ cwd: ctx.cwd, env: ctx.env }));
}

/** The rayops pack, then every `--policy-pack` directory, each checked before the engine starts. */
export function policyPacks(rayopsPack: string, extra: readonly string[] | undefined, cwd: string): string[] {
    const dirs = (extra ?? []).map((dir) => {
        const full = path.resolve(cwd, dir);
        if (!existsSync(path.join(full, "PulumiPolicy.yaml"))) {
            throw new CliError(
                `--policy-pack ${dir}: no PulumiPolicy.yaml in ${full}; give a policy pack's directory`,
                ExitCode.error,
            );
        }
        return full;
    });
    return [...new Set([rayopsPack, ...dirs])];
}

/** How many policies the rayops pack runs; the engine reports only the ones that found something. */
export function packPolicyCount(): number {
    return policies.length;
}

export interface OperationRun {
    readonly report: Report;
    /** Set when the operation failed; its exit code is the documented one. */
    readonly failure?: CliError;
    readonly builder: EngineReportBuilder;
}

export interface RunOperationParams {
    readonly ctx: CliContext;
    readonly kind: EngineReportKind;
    /** What the messages call the operation: "preview", "up", "drift check", ... */
    readonly operation: string;
    readonly stack: string;
    /** Opens the stack; inside the run, so a failure to open is a failed report too. */
    readonly open: () => Promise<StackWorkspace>;
    readonly invoke: (stack: StackWorkspace, handlers: OperationOptions) => Promise<OperationResult>;
    readonly policiesRun?: number;
    readonly region?: string;
    /** Adds the cost section (preview, up) from the stack's config. */
    readonly cost?: { readonly config: unknown };
}

/** Runs one engine operation, streaming its progress to stderr; never throws for an engine failure. */
export async function runOperation(params: RunOperationParams): Promise<OperationRun> {
    const { ctx, kind, stack, operation } = params;
    const builder = new EngineReportBuilder(kind, stack);
    const handlers: OperationOptions = {
        onOutput: (text) => ctx.stderr.write(text),
        onEvent: builder.handle,
        color: colorWanted(ctx.env, ctx.stderr.isTTY) ? "always" : "never",
    };
    let failure: CliError | undefined;
    try {
        const workspace = await params.open();
        await params.invoke(workspace, handlers);
    } catch (err) {
        failure = toCliError(err, { stack, operation });
        const diagnostic = builder.errorDiagnostics()[0];
        const packFailure = policyPackStartFailure(failure.message, builder.pluginStderr());
        if (packFailure !== undefined) {
            failure = new CliError(`${operation} of stack ${stack} failed: ${packFailure}`, failure.exitCode);
        } else if (diagnostic && !(err instanceof CliError) && classifyEngineError(err).kind === "engine") {
            // The engine's own error diagnostic says more than the CLI's closing "update failed".
            failure = new CliError(
                `${operation} of stack ${stack} failed: ${oneLine(diagnostic)}`,
                failure.exitCode,
            );
        }
    }
    let cost: Report["cost"];
    const limits: string[] = [];
    if (params.cost && !failure) {
        const estimate = await estimateCost(builder.capturedResources(), {
            stack,
            region: params.region,
            config: params.cost.config,
        });
        cost = estimate.cost;
        if (estimate.problem) limits.push(`No cost section: ${estimate.problem}.`);
    }
    const report = builder.build({
        succeeded: failure === undefined,
        error: failure?.message,
        problems: failure?.problems,
        // Without an engine event no pack ran, whatever the pack holds.
        policiesRun: builder.events > 0 ? (params.policiesRun ?? 0) : 0,
        region: params.region,
        cost,
        limits,
    });
    return { report, failure, builder };
}

function oneLine(text: string): string {
    const line =
        text
            .split(/\r?\n/)
            .map((l) => l.trim())
            .find((l) => l !== "") ?? text;
    return line.length > 500 ? `${line.slice(0, 497)}...` : line;
}

/** Prints the report; a failure before any engine event has nothing to show but its one line. */
export function renderRun(run: OperationRun, opts: OutputOptions, ctx: CliContext): void {
    if (run.failure && run.builder.events === 0 && !opts.json && !opts.markdown) {
        // The terminal gets the failure's one line from the caller; the job summary still says it.
        if (opts.jobSummary) appendJobSummary(reportMarkdown(run.report), ctx);
        return;
    }
    renderReport(run.report, opts, ctx);
}

/** Ends the command: the failure's exit code, else 2 for a mandatory policy violation. */
export function finishRun(run: OperationRun, ctx: CliContext, operation: string): void {
    const mandatory = run.report.policy.findings.filter((f) => f.enforcementLevel === "mandatory").length;
    const violations = `${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}`;
    if (run.failure) {
        // The engine stops an operation that violates a mandatory policy; that is exit 2, not 1.
        if (mandatory > 0 && run.failure.exitCode === ExitCode.error) {
            ctx.stderr.write(`rayops: ${operation} of stack ${run.report.stack} stopped: ${violations}\n`);
            ctx.exitCode = ExitCode.policyViolation;
            return;
        }
        throw run.failure;
    }
    if (mandatory > 0) {
        ctx.stderr.write(`rayops: stack ${run.report.stack}: ${violations}\n`);
        ctx.exitCode = ExitCode.policyViolation;
    }
}

/**
 * Asks before changing a stack. `--yes` skips the question; without a terminal there is no one
 * to ask, so the command refuses rather than hang or assume.
 */
export async function confirmChange(
    deps: CommandDeps,
    opts: { readonly yes?: boolean; readonly question: string; readonly refusal: string },
): Promise<void> {
    if (opts.yes) return;
    if (!deps.stdinIsTTY) throw new CliError(opts.refusal, ExitCode.error);
    const answer = (await deps.prompt(opts.question)).trim().toLowerCase();
    if (answer !== "yes" && answer !== "y") {
        throw new CliError("cancelled: nothing was changed", ExitCode.error);
    }
}

/** The changes of a report, for a prompt: "3 to create, 1 to update". */
export function describeChanges(report: Report): string {
    const c = changeCounts(report.resources);
    const parts = (["create", "update", "replace", "delete"] as const)
        .filter((k) => c[k] > 0)
        .map((k) => `${c[k]} to ${k}`);
    return parts.length > 0 ? parts.join(", ") : "no changes";
}
