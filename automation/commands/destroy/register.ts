import type { Command } from "commander";
import type { CliContext } from "../../cli-support/context";
import { STATE_HELP } from "../../cli-support/help";
import { reportOptions } from "../../cli-support/options";

/** The command's one lazy boundary: its actions, and the SDKs they reach, load when it runs, never for `--help`. */
const actions = () => require("./actions") as typeof import("./actions");

export function register(program: Command, ctx: CliContext): void {
    const command = program
        .command("destroy")
        .description("Delete every resource of a stack, after a state backup and a typed confirmation")
        .option("-s, --stack <name>", "stack to destroy (default: the selected stack)")
        .option("--confirm <stack>", "confirm by repeating the stack name (for CI, where nobody can type it)")
        .option(
            "--allow-prod",
            "allow destroying a protected stack (rayops:protected: true, environment prod)",
        )
        .option(
            "--backup <file>",
            "where to export the state first (default: .rayops/backups/<stack>-<time>.json)",
        );
    reportOptions(command)
        .option("--refresh", "refresh the state from the cloud first")
        .addHelpText(
            "after",
            `
Without --confirm, destroy asks you to type the stack's name. A protected stack (rayops:protected: true
in its stack file, environment prod, or named prod) is refused without --allow-prod. The state is
exported to the backup file before anything is deleted; if that fails, nothing is deleted.
${STATE_HELP}
Exit codes: 0 destroyed, 1 error, refused or not confirmed, 4 the stack is locked by another update.`,
        )
        .action((opts) => actions().destroy(opts, ctx));
}
