/**
 * Options shared by several commands' registrations. Only commander is imported here: a
 * registration module runs for `rayops --help`, so nothing it reaches may load a renderer or an SDK.
 */
import type { Command } from "commander";

export interface OutputOptions {
    readonly json?: boolean;
    readonly markdown?: boolean;
    readonly tree?: boolean;
    /** Also append the report as Markdown to the GitHub Actions job summary. */
    readonly jobSummary?: boolean;
}

/** `--json`, `--markdown`, `--no-tree` and `--job-summary` of the commands that print a run's report. */
export function reportOptions(cmd: Command): Command {
    return cmd
        .option("--json", "print the report as JSON")
        .option("--markdown", "print the report as Markdown (as in the PR comment)")
        .option("--no-tree", "leave the resource tree out of the terminal output")
        .option(
            "--job-summary",
            "also append the report as Markdown to the GitHub Actions job summary ($GITHUB_STEP_SUMMARY), whatever else is printed",
        );
}

/** `--policy-pack <dir>` (repeatable): packs run beside the rayops pack, e.g. an organisation's own. */
export function policyPackOption(cmd: Command): Command {
    return cmd.option(
        "--policy-pack <dir>",
        "also run this policy pack (a directory with PulumiPolicy.yaml); repeat for more",
        (value: string, previous: string[] = []) => [...previous, value],
    );
}
