import type { Command } from "commander";
import type { CliContext } from "../cli-support/context";
import {
    renderFailure,
    renderReport,
    reportOptions,
    runOfflinePlanCommand,
    setPolicyExitCode,
} from "../cli-support/output";

export function register(program: Command, ctx: CliContext): void {
    const command = program
        .command("plan")
        .description(
            "Offline plan: run the program under mocks, apply the policy pack and estimate the cost — no cloud, no credentials, no Pulumi CLI",
        )
        .option("-s, --stack <name>", "stack to plan (reads Pulumi.<name>.yaml)", "dev");
    reportOptions(command)
        .option("--policy-config <file>", "JSON file of policy pack config overrides (e.g. maxGpuNodes)")
        .addHelpText(
            "after",
            "\nExit codes: 0 plan passes, 2 a mandatory policy is violated, 5 the stack config is invalid.",
        )
        .action(
            async (opts: {
                stack: string;
                json?: boolean;
                markdown?: boolean;
                tree: boolean;
                policyConfig?: string;
            }) => {
                let plan: Awaited<ReturnType<typeof runOfflinePlanCommand>>;
                try {
                    plan = await runOfflinePlanCommand(opts, ctx);
                } catch (err) {
                    renderFailure(err, { ...opts, kind: "offline-plan" }, ctx);
                    throw err;
                }
                renderReport(plan.report, opts, ctx);
                setPolicyExitCode(plan.report, ctx);
            },
        );
}
