import type { Command } from "commander";
import type { CliContext } from "../../cli-support/context";
import { STATE_HELP } from "../../cli-support/help";

/** The command's one lazy boundary: its actions, and the SDKs they reach, load when it runs, never for `--help`. */
const actions = () => require("./actions") as typeof import("./actions");

export function register(program: Command, ctx: CliContext): void {
    program
        .command("outputs")
        .description("Show a stack's outputs (secrets masked)")
        .option("-s, --stack <name>", "stack to read (default: the selected stack)")
        .option("--json", "print the outputs as a JSON object")
        .option("--show-secrets", "print secret values in clear")
        .addHelpText("after", STATE_HELP)
        .action((opts) => actions().outputs(opts, ctx));
}
