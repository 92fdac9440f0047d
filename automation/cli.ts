/**
 * The rayops command line. This module must stay cheap to load: `rayops --help` never loads a
 * Pulumi SDK. Each command module registers its options here and imports its heavy parts inside
 * its action handler.
 */
import { Command, CommanderError } from "commander";
import { CliError, EXIT_CODE_HELP, ExitCode } from "./exit-codes";

/** A command module: adds one top-level command (with its subcommands) to the program. */
export type CommandModule = (program: Command) => void;

/** The command modules, in the order `--help` lists them. */
function commandModules(): CommandModule[] {
    return [require("./commands/plan").register];
}

export function buildProgram(): Command {
    const program = new Command("rayops")
        .description("Provision and govern a Ray-on-EKS ML platform with Pulumi, from GitHub.")
        .addHelpText("after", `\n${EXIT_CODE_HELP}`)
        .showHelpAfterError()
        .exitOverride();
    for (const register of commandModules()) register(program);
    for (const cmd of program.commands) cmd.exitOverride();
    return program;
}

/** Runs the CLI and resolves to the process exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
    const program = buildProgram();
    try {
        await program.parseAsync(argv);
        return typeof process.exitCode === "number" ? process.exitCode : ExitCode.ok;
    } catch (err) {
        if (err instanceof CommanderError) {
            // --help and --version end through exitOverride with code 0; usage errors with 1.
            return err.exitCode === 0 ? ExitCode.ok : ExitCode.error;
        }
        if (err instanceof CliError) {
            process.stderr.write(`rayops: ${err.message}\n`);
            return err.exitCode;
        }
        process.stderr.write(`rayops: ${err instanceof Error ? err.message : String(err)}\n`);
        return ExitCode.error;
    }
}
