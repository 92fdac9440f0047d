import type { Command } from "commander";
import type { CliContext } from "../cli-support/context";
import { CliError } from "../exit-codes";

interface ValidateOpts {
    stack: string;
    json?: boolean;
    policyConfig?: string;
}

export function register(program: Command, ctx: CliContext): void {
    const policy = program
        .command("policy")
        .description("Check the policy pack offline, or publish it to Pulumi Cloud");

    policy
        .command("validate")
        .description(
            "Run the policy pack over a stack's resources offline (the plan's policy section; no cloud, no CLI)",
        )
        .option("-s, --stack <name>", "stack whose resources to check (reads Pulumi.<name>.yaml)", "dev")
        .option("--json", "print the policy section as JSON")
        .option("--policy-config <file>", "JSON file of policy pack config overrides (e.g. maxGpuNodes)")
        .addHelpText(
            "after",
            "\nExit codes: 0 every mandatory policy passes, 2 a mandatory policy is violated, 5 the stack config is invalid.",
        )
        .action(async (opts: ValidateOpts) => {
            const { renderPolicySection, runOfflinePlanCommand, setPolicyExitCode } =
                require("../cli-support/output") as typeof import("../cli-support/output");
            const plan = await runOfflinePlanCommand(opts, ctx);
            renderPolicySection(plan.report, { json: opts.json }, ctx);
            setPolicyExitCode(plan.report, ctx);
        });

    policy
        .command("publish")
        .description("Publish policypack/ to Pulumi Cloud (runs `pulumi policy publish` in policypack/)")
        .option("--org <name>", "Pulumi Cloud organisation (default: the token's default organisation)")
        .addHelpText(
            "after",
            `
Needs the Pulumi CLI and PULUMI_ACCESS_TOKEN (a self-managed backend cannot hold policy packs).
The version published is policypack/package.json's.
Exit codes: 0 published, 1 error (the CLI's own output says why).`,
        )
        .action(async (opts: { org?: string }) => {
            const path = require("node:path") as typeof import("node:path");
            const { spawn } = require("node:child_process") as typeof import("node:child_process");
            const { cliMissingMessage } =
                require("../workspace/errors") as typeof import("../workspace/errors");
            const { colorWanted } = require("../render/style") as typeof import("../render/style");
            if (opts.org !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(opts.org)) {
                throw new CliError(
                    `--org "${opts.org}" is not an organisation name: letters, digits, "-", "_", "."`,
                );
            }
            const packDir = path.join(ctx.cwd, "policypack");
            // A missing working directory would also surface as "spawn pulumi ENOENT": say which it is.
            if (!(require("node:fs") as typeof import("node:fs")).existsSync(packDir)) {
                throw new CliError(`no policy pack at ${packDir}: run rayops from the repository root`);
            }
            // `pulumi policy publish [org]` reads the pack from its working directory.
            const args = ["policy", "publish", ...(opts.org ? [opts.org] : []), "--non-interactive"];
            args.push("--color", colorWanted(ctx.env, ctx.stderr.isTTY) ? "always" : "never");
            const pulumiRoot = ctx.env.RAYOPS_PULUMI_ROOT?.trim();
            const command = pulumiRoot ? path.resolve(ctx.cwd, pulumiRoot, "bin", "pulumi") : "pulumi";
            const code = await new Promise<number>((resolve, reject) => {
                const child = spawn(command, args, {
                    cwd: packDir,
                    env: ctx.env,
                    stdio: ["ignore", "pipe", "pipe"],
                });
                child.stdout.on("data", (chunk: Buffer) => ctx.stdout.write(chunk.toString()));
                child.stderr.on("data", (chunk: Buffer) => ctx.stderr.write(chunk.toString()));
                child.once("error", (err: NodeJS.ErrnoException) =>
                    reject(err.code === "ENOENT" ? new CliError(cliMissingMessage()) : err),
                );
                child.once("close", (exit, signal) => resolve(exit ?? (signal ? 1 : 0)));
            });
            if (code !== 0)
                throw new CliError(`pulumi policy publish exited with ${code}; its output above says why`);
        });
}
