/** Output handling shared by the commands: one report, three renderings. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { CliContext } from "../cli";
import { CliError, ExitCode } from "../exit-codes";
import type { Report } from "../render/report";

export interface OutputOptions {
    readonly json?: boolean;
    readonly markdown?: boolean;
    readonly tree?: boolean;
}

export function renderReport(report: Report, opts: OutputOptions, ctx: CliContext): void {
    if (opts.json && opts.markdown) throw new CliError("choose one of --json and --markdown", ExitCode.error);
    if (opts.json) {
        ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, ...report }, null, 2)}\n`);
        return;
    }
    if (opts.markdown) {
        const { markdownDetails, markdownSummary } =
            require("../render/markdown") as typeof import("../render/markdown");
        ctx.stdout.write(
            `${markdownSummary(report)}\n\n<details><summary>Resources</summary>\n\n${markdownDetails(report)}\n\n</details>\n`,
        );
        return;
    }
    const { renderTerminal } = require("../render/terminal") as typeof import("../render/terminal");
    const { colorWanted, makeStyle } = require("../render/style") as typeof import("../render/style");
    ctx.stdout.write(
        renderTerminal(report, makeStyle(colorWanted(ctx.env, ctx.stdout.isTTY)), { tree: opts.tree }),
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
    const { colorWanted, makeStyle } = require("../render/style") as typeof import("../render/style");
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
