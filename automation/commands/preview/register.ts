import type { Command } from "commander";
import type { CliContext } from "../../cli-support/context";
import { GITHUB_APP_HELP, STATE_HELP } from "../../cli-support/help";
import { policyPackOption, reportOptions } from "../../cli-support/options";

/** The command's one lazy boundary: its actions, and the SDKs they reach, load when it runs, never for `--help`. */
const actions = () => require("./actions") as typeof import("./actions");

export function register(program: Command, ctx: CliContext): void {
    const command = program
        .command("preview")
        .description(
            "Preview a stack with the Pulumi engine and the policy pack: what would change, policy findings, cost",
        )
        .option("-s, --stack <name>", "stack to preview (default: the selected stack)");
    policyPackOption(reportOptions(command))
        .option("--refresh", "refresh the state from the cloud before previewing")
        .option("--comment", "create or update the stack's sticky comment on the pull request (GitHub App)")
        .option("--pr <number>", "pull request to comment on (default: from GITHUB_EVENT_PATH)")
        .option(
            "--cost-base <git-ref>",
            "show the cost change against another revision (e.g. the PR's base, origin/main)",
        )
        .option(
            "--check-run",
            "report policy findings as a check run with annotations on the head commit (GitHub App)",
        )
        .addHelpText(
            "after",
            `
A failed preview still updates the PR comment, saying it failed. --comment and --check-run post
through the GitHub App.
${GITHUB_APP_HELP}
${STATE_HELP}
Exit codes: 0 preview passes, 1 error, 2 a mandatory policy is violated, 4 the stack is locked,
5 the stack config is invalid.`,
        )
        .action((opts) => actions().preview(opts, ctx));
}
