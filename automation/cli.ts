/**
 * The rayops command line. This module must stay cheap to load: `rayops --help` never loads a
 * Pulumi SDK. Each command module registers its options here and imports its heavy parts inside
 * its action handler. Only this module imports the commands; they and their shared helpers
 * (automation/cli-support/) see the program through `CliContext` (cli-support/context.ts).
 */
import { Command, CommanderError } from "commander";
import type { CliContext } from "./cli-support/context";
import { CliError, EXIT_CODE_HELP, ExitCode } from "./exit-codes";

/** A command module: adds one top-level command (with its subcommands) to the program. */
export type CommandModule = (program: Command, ctx: CliContext) => void;

/** The command modules, in the order `--help` lists them. */
function commandModules(): CommandModule[] {
    return [
        require("./commands/plan").register,
        require("./commands/cost").register,
        require("./commands/preview").register,
        require("./commands/up").register,
        require("./commands/destroy").register,
        require("./commands/refresh").register,
        require("./commands/drift").register,
        require("./commands/stack").register,
        require("./commands/outputs").register,
        require("./commands/policy").register,
        require("./commands/workload").register,
    ];
}

export function defaultContext(): CliContext {
    return {
        env: process.env,
        cwd: process.cwd(),
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
    for (const register of commandModules()) register(program, ctx);
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
