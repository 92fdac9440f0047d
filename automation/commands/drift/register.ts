import type { Command } from "commander";
import type { CliContext } from "../../cli-support/context";
import { GITHUB_APP_HELP, STATE_HELP } from "../../cli-support/help";
import { reportOptions } from "../../cli-support/options";

/** The command's one lazy boundary: its actions, and the SDKs they reach, load when it runs, never for `--help`. */
const actions = () => require("./actions") as typeof import("./actions");

export function register(program: Command, ctx: CliContext): void {
    const command = program
        .command("drift")
        .description(
            "Check whether the cloud still matches a stack's state (a preview-only refresh; changes nothing)",
        )
        .option("-s, --stack <name>", "stack to check (default: the selected stack)")
        .option(
            "--issue",
            "open or update the stack's drift issue (GitHub App); close it when the stack is clean",
        );
    reportOptions(command)
        .addHelpText(
            "after",
            `
The check takes no lock and writes no state. --issue posts through the GitHub App; a failed check
leaves the issue alone.
${GITHUB_APP_HELP}
${STATE_HELP}
Exit codes: 0 no drift, 1 error, 3 drift found, 4 the stack is locked.`,
        )
        .action((opts) => actions().drift(opts, ctx));
}
