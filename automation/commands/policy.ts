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
        .command("check-version")
        .description(
            "Check that a change to policypack/ raises its version (Pulumi Cloud publishes each version once)",
        )
        .option("--base <ref>", "git revision to compare with, e.g. HEAD^1 or origin/main", "HEAD^1")
        .option("--json", "print the result as JSON")
        .addHelpText(
            "after",
            `
Compares policypack/ in the working tree with --base. Only its Markdown files may change without a
new version in policypack/package.json.
Exit codes: 0 unchanged, new, or a higher version; 1 the pack changed and its version did not rise,
or the check could not run.`,
        )
        .action((opts: { base: string; json?: boolean }) => {
            const { checkPackVersion, PackVersionError } =
                require("../policy/pack-version") as typeof import("../policy/pack-version");
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
        });

    policy
        .command("publish")
        .description(
            "Publish policypack/ to Pulumi Cloud, unless its version is already there (runs `pulumi policy publish` in policypack/)",
        )
        .requiredOption("--org <name>", "Pulumi Cloud organisation to publish to")
        .addHelpText(
            "after",
            `
Needs the Pulumi CLI and PULUMI_ACCESS_TOKEN (a self-managed backend cannot hold policy packs).
The version published is policypack/package.json's. When the organisation already has that version
of the pack, nothing is published and the command succeeds: Pulumi Cloud refuses a second publish
of a version, and \`rayops policy check-version\` is what makes sure a change raises it.
Exit codes: 0 published or already published, 1 error (the CLI's own output says why).`,
        )
        .action(async (opts: { org: string }) => {
            const path = require("node:path") as typeof import("node:path");
            const { spawn } = require("node:child_process") as typeof import("node:child_process");
            const { cliMissingMessage } =
                require("../workspace/errors") as typeof import("../workspace/errors");
            const { colorWanted } = require("../render/style") as typeof import("../render/style");
            const { currentPackVersion, PackVersionError, publishedVersions } =
                require("../policy/pack-version") as typeof import("../policy/pack-version");
            const { PACK_NAME } =
                require("../../policypack/lib/pack-name") as typeof import("../../policypack/lib/pack-name");
            if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(opts.org)) {
                throw new CliError(
                    `--org "${opts.org}" is not an organisation name: letters, digits, "-", "_", "."`,
                );
            }
            const packDir = path.join(ctx.cwd, "policypack");
            // A missing working directory would also surface as "spawn pulumi ENOENT": say which it is.
            if (!(require("node:fs") as typeof import("node:fs")).existsSync(packDir)) {
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
                    child.once("close", (exit, signal) =>
                        resolve({ code: exit ?? (signal ? 1 : 0), stdout }),
                    );
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
        });
}
