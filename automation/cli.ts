/**
 * The rayops command line. This module must stay cheap to load: `rayops --help` never loads a
 * Pulumi SDK. Each command is a folder of commands/: `register.ts` adds its description, options
 * and help text, and wires every action to one lazy `require` of its `actions.ts`, which imports
 * what the command needs (cli-support/, the SDKs) statically. Only this module imports the
 * registrations; commands and their shared helpers see the program through `CliContext`
 * (cli-support/context.ts).
 */
import { Command, CommanderError } from "commander";
import { type CliContext, projectRoot } from "./cli-support/context";
import { register as cost } from "./commands/cost/register";
import { register as destroy } from "./commands/destroy/register";
import { register as drift } from "./commands/drift/register";
import { register as outputs } from "./commands/outputs/register";
import { register as plan } from "./commands/plan/register";
import { register as policy } from "./commands/policy/register";
import { register as preview } from "./commands/preview/register";
import { register as refresh } from "./commands/refresh/register";
import { register as stack } from "./commands/stack/register";
import { register as up } from "./commands/up/register";
import { register as workload } from "./commands/workload/register";
import { CliError, EXIT_CODE_HELP, ExitCode } from "./exit-codes";

/** A command module: adds one top-level command (with its subcommands) to the program. */
export type CommandModule = (program: Command, ctx: CliContext) => void;

/** The command modules, in the order `--help` lists them. */
const COMMAND_MODULES: readonly CommandModule[] = [
    plan,
    cost,
    preview,
    up,
    destroy,
    refresh,
    drift,
    stack,
    outputs,
    policy,
    workload,
];

export function defaultContext(): CliContext {
    return {
        env: process.env,
        cwd: projectRoot(process.cwd()),
        stdout: process.stdout,
        stderr: process.stderr,
        exitCode: 0,
    };
}

export function buildProgram(ctx: CliContext = defaultContext()): Command {
    const program = new Command("rayops")
        .description("Provision and govern a Ray-on-EKS ML platform with Pulumi, from GitHub.")
        .version((require("../package.json") as { version: string }).version, "-V, --version")
        .addHelpText("after", `\n${EXIT_CODE_HELP}`)
        .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) })
        .showHelpAfterError()
        .exitOverride();
    for (const register of COMMAND_MODULES) register(program, ctx);
    const override = (cmd: Command) => {
        cmd.exitOverride();
        cmd.configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
        cmd.commands.forEach(override);
    };
    program.commands.forEach(override);
    return program;
}

/** Runs the CLI and resolves to the process exit code; never throws. */
export async function main(argv: string[], ctx: CliContext = defaultContext()): Promise<number> {
    const program = buildProgram(ctx);
    try {
        await program.parseAsync(argv);
        return ctx.exitCode;
    } catch (err) {
        if (err instanceof CommanderError) {
            // --help and --version end through exitOverride with code 0; usage errors with 1.
            return err.exitCode === 0 ? ExitCode.ok : ExitCode.error;
        }
        if (err instanceof CliError) {
            ctx.stderr.write(`rayops: ${err.message}\n`);
            return err.exitCode;
        }
        const message = err instanceof Error ? err.message : String(err);
        ctx.stderr.write(`rayops: ${message}\n`);
        if (ctx.env.RAYOPS_DEBUG && err instanceof Error && err.stack) ctx.stderr.write(`${err.stack}\n`);
        return ExitCode.error;
    }
}
