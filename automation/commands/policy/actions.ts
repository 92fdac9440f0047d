import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { PACK_NAME } from "../../../policypack/lib/pack-name";
import type { CliContext } from "../../cli-support/context";
import { renderPolicySection, runOfflinePlanCommand, setPolicyExitCode } from "../../cli-support/output";
import { chooseStackFile } from "../../cli-support/stack-choice";
import { CliError } from "../../exit-codes";
import {
    checkPackVersion,
    currentPackVersion,
    PackVersionError,
    publishedVersions,
} from "../../policy/pack-version";
import { colorWanted } from "../../render/style";
import { cliMissingMessage } from "../../workspace/errors";

export interface ValidateOpts {
    readonly stack?: string;
    readonly json?: boolean;
    readonly policyConfig?: string;
}

/** `rayops policy validate`. */
export async function validate(given: ValidateOpts, ctx: CliContext): Promise<void> {
    const opts = { ...given, stack: chooseStackFile(given.stack, ctx) };
    const plan = await runOfflinePlanCommand(opts, ctx);
    renderPolicySection(plan.report, { json: opts.json }, ctx);
    setPolicyExitCode(plan.report, ctx);
}

/** `rayops policy check-version`. */
export function checkVersion(
    opts: { readonly base: string; readonly json?: boolean },
    ctx: CliContext,
): void {
    let result: ReturnType<typeof checkPackVersion>;
    try {
        result = checkPackVersion(ctx.cwd, opts.base);
    } catch (err) {
        if (err instanceof PackVersionError) throw new CliError(err.message);
        throw err;
    }
    if (opts.json) {
        ctx.stdout.write(
            `${JSON.stringify({ schemaVersion: 1, kind: "policy-check-version", ...result }, null, 2)}\n`,
        );
    } else if (result.ok) {
        ctx.stdout.write(`${result.message}\n`);
    }
    if (!result.ok) {
        if (opts.json) ctx.exitCode = 1;
        else throw new CliError(result.message);
    }
}

/** `rayops policy publish`. */
export async function publish(opts: { readonly org: string }, ctx: CliContext): Promise<void> {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(opts.org)) {
        throw new CliError(`--org "${opts.org}" is not an organisation name: letters, digits, "-", "_", "."`);
    }
    const packDir = path.join(ctx.cwd, "policypack");
    // A missing working directory would also surface as "spawn pulumi ENOENT": say which it is.
    if (!existsSync(packDir)) {
        throw new CliError(`no policy pack at ${packDir}: run rayops from the repository root`);
    }
    let version: string;
    try {
        version = currentPackVersion(ctx.cwd);
    } catch (err) {
        if (err instanceof PackVersionError) throw new CliError(err.message);
        throw err;
    }
    const pulumiRoot = ctx.env.RAYOPS_PULUMI_ROOT?.trim();
    const command = pulumiRoot ? path.resolve(ctx.cwd, pulumiRoot, "bin", "pulumi") : "pulumi";
    const color = colorWanted(ctx.env, ctx.stderr.isTTY) ? "always" : "never";
    const pulumi = (args: string[], echo: boolean) =>
        new Promise<{ code: number; stdout: string }>((resolve, reject) => {
            const child = spawn(command, args, {
                cwd: packDir,
                env: ctx.env,
                stdio: ["ignore", "pipe", "pipe"],
            });
            let stdout = "";
            child.stdout.on("data", (chunk: Buffer) => {
                stdout += chunk.toString();
                if (echo) ctx.stdout.write(chunk.toString());
            });
            child.stderr.on("data", (chunk: Buffer) => ctx.stderr.write(chunk.toString()));
            child.once("error", (err: NodeJS.ErrnoException) =>
                reject(err.code === "ENOENT" ? new CliError(cliMissingMessage()) : err),
            );
            child.once("close", (exit, signal) => resolve({ code: exit ?? (signal ? 1 : 0), stdout }));
        });
    // pulumi/pulumi v3.248.0: `pulumi policy ls [org-name] --json` (pkg/cmd/pulumi/policy/policy_list.go).
    const listed = await pulumi(["policy", "ls", opts.org, "--json", "--color", "never"], false);
    if (listed.code !== 0) {
        throw new CliError(
            `pulumi policy ls ${opts.org} exited with ${listed.code}, so rayops cannot tell whether ${PACK_NAME} ${version} is published; its output above says why`,
        );
    }
    let published: string[];
    try {
        published = publishedVersions(listed.stdout, PACK_NAME);
    } catch (err) {
        if (err instanceof PackVersionError) throw new CliError(err.message);
        throw err;
    }
    if (published.includes(version)) {
        ctx.stdout.write(
            `${PACK_NAME} ${version} is already published to ${opts.org}: nothing to publish (raise policypack/package.json's version to publish a change)\n`,
        );
        return;
    }
    // `pulumi policy publish [org]` reads the pack from its working directory.
    const { code } = await pulumi(
        ["policy", "publish", opts.org, "--non-interactive", "--color", color],
        true,
    );
    if (code !== 0)
        throw new CliError(`pulumi policy publish exited with ${code}; its output above says why`);
}
