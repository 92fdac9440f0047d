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
