import type { Command } from "commander";
import type { CliContext } from "../../cli-support/context";
import { STATE_HELP } from "../../cli-support/help";

/** The command's one lazy boundary: its actions, and the SDKs they reach, load when it runs, never for `--help`. */
const actions = () => require("./actions") as typeof import("./actions");

export function register(program: Command, ctx: CliContext): void {
    const stack = program
        .command("stack")
        .description("List, select, create and export the project's stacks")
        .addHelpText("after", STATE_HELP);

    stack
        .command("ls")
        .description("List the stacks in the state backend and the stack files without one")
        .option("--json", "print the list as JSON")
        .addHelpText(
            "after",
            "\nWithout the Pulumi CLI (or with a backend that cannot be read) it lists the stack files, says why\nthe backend was not read, and still exits 0.",
        )
        .action((opts) => actions().list(opts, ctx));

    stack
        .command("select [name]")
        .description("Make a stack the workspace's current one (used when --stack is left out)")
        .option("-s, --stack <name>", "the stack to select")
        .action((positional, opts) => actions().select(positional, opts, ctx));

    stack
        .command("init [name]")
        .description("Create a stack in the state backend from its Pulumi.<name>.yaml")
        .option("-s, --stack <name>", "the stack to create")
        .addHelpText(
            "after",
            "\nThe stack file must exist: it holds the stack's config and secrets provider.\nExit codes: 0 created, 1 error, 5 no stack file.",
        )
        .action((positional, opts) => actions().init(positional, opts, ctx));

    stack
        .command("export")
        .description("Export a stack's state as JSON (secret values stay encrypted)")
        .option("-s, --stack <name>", "stack to export (default: the selected stack)")
        .option("--file <path>", "write to this file (owner-only) instead of stdout")
        .action((opts) => actions().exportState(opts, ctx));
}
