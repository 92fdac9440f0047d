/**
 * `rayops cost`: the monthly estimate of a stack (and its change against another revision), what
 * autoscaling saves on a bursty workload, and the daily spend report from AWS Cost Explorer.
 */
import type { Command } from "commander";
import type { CliContext } from "../../cli-support/context";
import { GITHUB_APP_HELP } from "../../cli-support/help";

/** The command's one lazy boundary: its actions, and the SDKs they reach, load when it runs, never for `--help`. */
const actions = () => require("./actions") as typeof import("./actions");

export function register(program: Command, ctx: CliContext): void {
    const cost = program
        .command("cost")
        .description(
            "Monthly cost estimate, its change against another revision, burst savings and the spend report",
        );
    cost.command("estimate", { isDefault: true })
        .description("Estimate the stack's monthly cost from its offline plan (floor, expected, ceiling)")
        .option(
            "-s, --stack <name>",
            "stack to estimate (reads Pulumi.<name>.yaml; default: the selected stack)",
        )
        .option(
            "--base <git-ref>",
            "also plan the stack at this revision and show the change (e.g. origin/main)",
        )
        .option("--json", "print the estimate as JSON")
        .option("--markdown", "print the estimate as Markdown")
        .addHelpText(
            "after",
            "\nExit codes: 0 ok, 1 error (e.g. an unknown --base revision), 5 the stack config is invalid.",
        )
        .action((opts) => actions().estimate(opts, ctx));
    cost.command("burst")
        .description(
            "Compare autoscaling with static provisioning at peak for a bursty workload, all assumptions printed",
        )
        .option(
            "-s, --stack <name>",
            "stack whose worker groups, pools and scale-down settings to use (default: the selected stack)",
        )
        .option("--metrics <file>", "metrics JSON written by workloads/bursty_training.py --metrics-out")
        .option("--pattern <list>", "worker pods per phase, e.g. 2,5,10,8,4,2 (the default)")
        .option(
            "--phase-minutes <n>",
            "length of each phase (default 30; with --metrics, replaces the measured lengths)",
        )
        .option("--scale-up-minutes <n>", "from a node request to a serving node (default 3)")
        .option("--group <name>", "only this Ray worker group (default: every group)")
        .option("--json", "print the comparison as JSON")
        .option("--markdown", "print the comparison as Markdown")
        .action((opts) => actions().burst(opts, ctx));
    cost.command("report")
        .description(
            "Post the stack's actual spend from AWS Cost Explorer (last 7 days vs the 7 before) as this month's issue",
        )
        .option(
            "-s, --stack <name>",
            "stack to report (its environment tag is read from Pulumi.<name>.yaml; default: the selected stack)",
        )
        .option("--date <YYYY-MM-DD>", "report as of this day (UTC; default today)")
        .option("--dry-run", "print the issue body instead of posting it")
        .option("--json", "print the spend summary as JSON")
        .option("--no-estimate", "leave the plan's estimate out of the report")
        .addHelpText(
            "after",
            `\nNeeds AWS credentials (default chain; ce:GetCostAndUsage) and, unless --dry-run, the GitHub App.\n${GITHUB_APP_HELP}`,
        )
        .action((opts) => actions().report(opts, ctx));
}
