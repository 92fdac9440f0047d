import type { Command } from "commander";
import type { CliContext } from "../../cli-support/context";

/** The command's one lazy boundary: its actions, and the SDKs they reach, load when it runs, never for `--help`. */
const actions = () => require("./actions") as typeof import("./actions");

export function register(program: Command, ctx: CliContext): void {
    const policy = program
        .command("policy")
        .description("Check the policy pack offline, or publish it to Pulumi Cloud");

    policy
        .command("validate")
        .description(
            "Run the policy pack over a stack's resources offline (the plan's policy section; no cloud, no CLI)",
        )
        .option(
            "-s, --stack <name>",
            "stack whose resources to check (reads Pulumi.<name>.yaml; default: the selected stack)",
        )
        .option("--json", "print the policy section as JSON")
        .option("--policy-config <file>", "JSON file of policy pack config overrides (e.g. maxGpuNodes)")
        .addHelpText(
            "after",
            "\nExit codes: 0 every mandatory policy passes, 2 a mandatory policy is violated, 5 the stack config is invalid.",
        )
        .action((opts) => actions().validate(opts, ctx));

    policy
        .command("check-version")
        .description(
            "Check that a change to policypack/ raises its version (Pulumi Cloud publishes each version once)",
        )
        .option("--base <ref>", "git revision to compare with, e.g. HEAD^1 or origin/main", "HEAD^1")
        .option("--json", "print the result as JSON")
        .addHelpText(
            "after",
            `
Compares policypack/ in the working tree with --base. Only its Markdown files may change without a
new version in policypack/package.json.
Exit codes: 0 unchanged, new, or a higher version; 1 the pack changed and its version did not rise,
or the check could not run.`,
        )
        .action((opts) => actions().checkVersion(opts, ctx));

    policy
        .command("publish")
        .description(
            "Publish policypack/ to Pulumi Cloud, unless its version is already there (runs `pulumi policy publish` in policypack/)",
        )
        .requiredOption("--org <name>", "Pulumi Cloud organisation to publish to")
        .addHelpText(
            "after",
            `
Needs the Pulumi CLI and PULUMI_ACCESS_TOKEN (a self-managed backend cannot hold policy packs).
The version published is policypack/package.json's. When the organisation already has that version
of the pack, nothing is published and the command succeeds: Pulumi Cloud refuses a second publish
of a version, and \`rayops policy check-version\` is what makes sure a change raises it.
Exit codes: 0 published or already published, 1 error (the CLI's own output says why).`,
        )
        .action((opts) => actions().publish(opts, ctx));
}
