/** Output handling shared by the commands' actions: one report, three renderings. */
import { appendFileSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../../components/config/issues";
import { NETWORK_PROJECT } from "../../components/config/network-program";
import { CliError, ExitCode } from "../exit-codes";
import type { OfflinePlan } from "../plan/offline-plan";
import { StackFileError } from "../plan/stack-file";
import { reportJson } from "../render/json";
import { markdownDetails, markdownFailure, markdownSummary } from "../render/markdown";
import type { Report } from "../render/report";
import { colorWanted, makeStyle } from "../render/style";
import { renderTerminal } from "../render/terminal";
import { type CliContext, outputWidth } from "./context";
import type { OutputOptions } from "./options";
import { projectName, validateNetworkConfig, validateStackConfig } from "./stack-config";

/** The report as the PR comment and the job summary show it: the summary, then the resource tree folded. */
export function reportMarkdown(report: Report): string {
    return `${markdownSummary(report)}\n\n<details><summary>Resources</summary>\n\n${markdownDetails(report)}\n\n</details>\n`;
}

/**
 * Appends `markdown` to the job summary file GitHub Actions names in GITHUB_STEP_SUMMARY. Without
 * it (not in a workflow step) `--job-summary` is an error, not a silent no-op.
 */
export function appendJobSummary(markdown: string, ctx: CliContext): void {
    const file = ctx.env.GITHUB_STEP_SUMMARY;
    if (!file) {
        throw new CliError(
            "--job-summary: GITHUB_STEP_SUMMARY is not set; it is set in GitHub Actions steps (leave --job-summary out elsewhere)",
            ExitCode.error,
        );
    }
    appendFileSync(path.resolve(ctx.cwd, file), `${markdown.trimEnd()}\n\n`);
}

export function renderReport(report: Report, opts: OutputOptions, ctx: CliContext): void {
    if (opts.json && opts.markdown) throw new CliError("choose one of --json and --markdown", ExitCode.error);
    if (opts.jobSummary) appendJobSummary(reportMarkdown(report), ctx);
    if (opts.json) {
        ctx.stdout.write(`${JSON.stringify(reportJson(report), null, 2)}\n`);
        return;
    }
    if (opts.markdown) {
        ctx.stdout.write(reportMarkdown(report));
        return;
    }
    ctx.stdout.write(
        renderTerminal(report, makeStyle(colorWanted(ctx.env, ctx.stdout.isTTY)), {
            tree: opts.tree,
            width: outputWidth(ctx),
        }),
    );
}

export function readJsonOption(option: string, file: string, cwd: string): Record<string, unknown> {
    let text: string;
    try {
        text = readFileSync(path.resolve(cwd, file), "utf8");
    } catch {
        throw new CliError(`${option} ${file}: file not found`, ExitCode.error);
    }
    try {
        const v = JSON.parse(text);
        if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error("not an object");
        return v;
    } catch (err) {
        throw new CliError(
            `${option} ${file}: expected a JSON object (${(err as Error).message})`,
            ExitCode.error,
        );
    }
}

/**
 * The offline plan as `plan` and `policy validate` run it: `--policy-config` read relative to the
 * working directory, and an invalid stack file or config exits with `badConfig`, not a stack trace.
 */
export async function runOfflinePlanCommand(
    opts: { readonly stack: string; readonly policyConfig?: string },
    ctx: CliContext,
): Promise<OfflinePlan> {
    const policyConfig = opts.policyConfig
        ? readJsonOption("--policy-config", opts.policyConfig, ctx.cwd)
        : undefined;
    // The stack file first, with no SDK loaded: a config error answers at once.
    if (projectName(ctx.cwd) === NETWORK_PROJECT) {
        throw new CliError(
            "the offline plan runs from the repository root, where it plans both programs of the stack (network/ first); run it there",
            ExitCode.error,
        );
    }
    const checked = validateStackConfig(ctx.cwd, opts.stack);
    for (const warning of checked.warnings) ctx.stderr.write(`rayops: warning: ${warning}\n`);
    // The plan runs the stack's network program first (automation/plan/programs.ts): its file too.
    for (const warning of validateNetworkConfig(ctx.cwd, opts.stack).warnings) {
        ctx.stderr.write(`rayops: warning: ${warning}\n`);
    }
    // Lazy on purpose: the offline plan loads the Pulumi SDK (about a second), and a bad stack
    // file above must answer before that (test/automation/commands/plan.spec.ts).
    const { runOfflinePlan } = require("../plan/offline-plan") as typeof import("../plan/offline-plan");
    try {
        return await runOfflinePlan({ cwd: ctx.cwd, stack: opts.stack, policyConfig });
    } catch (err) {
        if (err instanceof ConfigError || err instanceof StackFileError) {
            throw new CliError(err.message, ExitCode.badConfig);
        }
        throw err;
    }
}

/**
 * What `--json` and `--markdown` print when a command fails before it has a report: one JSON
 * object with `succeeded: false` and the problems, or a short Markdown block, so a job summary or
 * a script reading stdout is never left empty. The one-line error still goes to stderr.
 */
export function renderFailure(
    err: unknown,
    opts: OutputOptions & { readonly kind: string; readonly stack: string },
    ctx: CliContext,
): void {
    if (!(err instanceof CliError)) return;
    if (opts.jobSummary && ctx.env.GITHUB_STEP_SUMMARY) {
        appendJobSummary(
            markdownFailure(opts.kind, opts.stack, err.message.split("\n")[0]!, err.problems),
            ctx,
        );
    }
    if (!opts.json && !opts.markdown) return;
    const problems = err.problems.length > 0 ? err.problems : [{ message: err.message }];
    if (opts.json) {
        const out = {
            schemaVersion: 1,
            kind: opts.kind,
            stack: opts.stack,
            succeeded: false,
            exitCode: err.exitCode,
            error: err.message.split("\n")[0],
            problems,
        };
        ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
    }
    ctx.stdout.write(
        `${markdownFailure(opts.kind, opts.stack, err.message.split("\n")[0]!, err.problems)}\n`,
    );
}

/** Sets exit code 2 when a mandatory policy failed (the report is printed either way). */
export function setPolicyExitCode(report: Report, ctx: CliContext): void {
    if (report.policy.findings.some((f) => f.enforcementLevel === "mandatory")) {
        ctx.exitCode = ExitCode.policyViolation;
    }
}

/** Only the policy part of a report (`rayops policy validate`): findings as text, or JSON. */
export function renderPolicySection(
    report: Report,
    opts: { readonly json?: boolean },
    ctx: CliContext,
): void {
    if (opts.json) {
        const out = {
            schemaVersion: 1,
            kind: "policy-validate",
            stack: report.stack,
            project: report.project,
            policy: report.policy,
            limits: report.limits,
        };
        ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
    }
    const style = makeStyle(colorWanted(ctx.env, ctx.stdout.isTTY));
    const findings = report.policy.findings;
    const mandatory = findings.filter((f) => f.enforcementLevel === "mandatory").length;
    const lines = [
        style.bold(`rayops policy validate — stack ${report.stack}`),
        `${report.policy.policiesRun} policies over ${report.resources.length} resources: ` +
            (mandatory > 0 ? style.red(`${mandatory} mandatory`) : style.green("0 mandatory")) +
            `, ${findings.length - mandatory} advisory`,
    ];
    for (const f of findings) {
        const level =
            f.enforcementLevel === "mandatory"
                ? style.red(f.enforcementLevel)
                : style.yellow(f.enforcementLevel);
        lines.push(
            `  ${level} ${style.bold(f.policy)}${f.resource ? ` ${f.resource.name} (${f.resource.type})` : " (stack)"}`,
        );
        lines.push(`    ${f.message}`);
    }
    ctx.stdout.write(`${lines.join("\n")}\n`);
}
