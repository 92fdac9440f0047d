import type { Command } from "commander";
import type { CliContext } from "../../cli-support/context";
import { STATE_HELP } from "../../cli-support/help";
import { reportOptions } from "../../cli-support/options";

/** The command's one lazy boundary: its actions, and the SDKs they reach, load when it runs, never for `--help`. */
const actions = () => require("./actions") as typeof import("./actions");

export function register(program: Command, ctx: CliContext): void {
    const command = program
        .command("refresh")
        .description("Update a stack's state to what the cloud reports (the cloud itself is not changed)")
        .option("-s, --stack <name>", "stack to refresh (default: the selected stack)")
        .option(
            "-y, --yes",
            "write the refreshed state without asking (required when stdin is not a terminal)",
        );
    reportOptions(command)
        .addHelpText(
            "after",
            `
Without --yes, refresh first shows what it would record and asks. To only look, run \`rayops drift\`.
${STATE_HELP}
Exit codes: 0 refreshed, 1 error or cancelled, 4 the stack is locked by another update.`,
        )
        .action((opts) => actions().refresh(opts, ctx));
}
