import type { Command } from "commander";
import type { CliContext } from "../../cli-support/context";
import { reportOptions } from "../../cli-support/options";

/** The command's one lazy boundary: its actions, and the SDKs they reach, load when it runs, never for `--help`. */
const actions = () => require("./actions") as typeof import("./actions");

export function register(program: Command, ctx: CliContext): void {
    const command = program
        .command("plan")
        .description(
            "Offline plan: run the program under mocks, apply the policy pack and estimate the cost — no cloud, no credentials, no Pulumi CLI",
        )
        .option(
            "-s, --stack <name>",
            "stack to plan (reads Pulumi.<name>.yaml; default: the selected stack)",
        );
    reportOptions(command)
        .option("--policy-config <file>", "JSON file of policy pack config overrides (e.g. maxGpuNodes)")
        .option(
            "--base <git-ref>",
            "also plan the stack at this revision offline and show what changes against it: each resource's create, update (with the changed input paths), replace or delete, and the cost change (e.g. HEAD^1, origin/main)",
        )
        .addHelpText(
            "after",
            "\nExit codes: 0 plan passes, 1 error (e.g. a --base that is not a commit), 2 a mandatory policy is violated, 5 the stack config is invalid.",
        )
        .action((opts) => actions().plan(opts, ctx));
}
