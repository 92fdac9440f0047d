import type { Command } from "commander";
import type { CliContext } from "../../cli-support/context";
import { GITHUB_APP_HELP, STATE_HELP } from "../../cli-support/help";
import { policyPackOption, reportOptions } from "../../cli-support/options";

/** The command's one lazy boundary: its actions, and the SDKs they reach, load when it runs, never for `--help`. */
const actions = () => require("./actions") as typeof import("./actions");

export function register(program: Command, ctx: CliContext): void {
    const command = program
        .command("up")
        .description("Apply a stack's changes with the Pulumi engine, the policy pack enforcing as it goes")
        .option("-s, --stack <name>", "stack to update (default: the selected stack)")
        .option("-y, --yes", "apply without asking (required when stdin is not a terminal, as in CI)");
    policyPackOption(reportOptions(command))
        .option("--refresh", "refresh the state from the cloud first")
        .option(
            "--comment",
            "say on the merged pull request what was applied, in the stack's own up comment (GitHub App)",
        )
        .option(
            "--pr <number>",
            "pull request to comment on (default: the merged pull request that brought GITHUB_SHA)",
        )
        .option(
            "--ray-maintenance",
            "allow replacing the RayCluster (its head restarts and running Ray jobs end); see docs/ray-maintenance.md",
        )
        .addHelpText(
            "after",
            `
up always previews first, with every policy pack, and stops there on a mandatory violation: stack
policies run only after all resources are known, so checking them during the update itself would
be too late. Without --yes it then asks before changing anything. A preview that would update or
replace the RayCluster stops there too, unless --ray-maintenance is given: the cluster is replaced,
never patched, so running Ray jobs end (docs/ray-maintenance.md).
--comment writes what the update did (applied, stopped by a policy, no changes) on the merged pull
request, apart from its preview comment; a comment that cannot be posted is a warning, since the
update has happened.
${GITHUB_APP_HELP}
${STATE_HELP}
Exit codes: 0 applied, 1 error or cancelled, 2 a mandatory policy is violated (nothing applied),
4 the stack is locked by another update, 5 the stack config is invalid.`,
        )
        .action((opts) => actions().up(opts, ctx));
}
