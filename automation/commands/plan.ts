import type { Command } from "commander";
import type { CliContext } from "../cli-support/context";
import {
    renderFailure,
    renderReport,
    reportOptions,
    runOfflinePlanCommand,
    setPolicyExitCode,
} from "../cli-support/output";
import { CliError } from "../exit-codes";

export function register(program: Command, ctx: CliContext): void {
    const command = program
        .command("plan")
        .description(
            "Offline plan: run the program under mocks, apply the policy pack and estimate the cost — no cloud, no credentials, no Pulumi CLI",
        )
        .option("-s, --stack <name>", "stack to plan (reads Pulumi.<name>.yaml)", "dev");
    reportOptions(command)
        .option("--policy-config <file>", "JSON file of policy pack config overrides (e.g. maxGpuNodes)")
        .option(
            "--cost-base <git-ref>",
            "also plan the stack at this revision offline and show the cost change against it (e.g. HEAD^1, origin/main)",
        )
        .addHelpText(
            "after",
            "\nExit codes: 0 plan passes, 1 error (e.g. a --cost-base that is not a commit), 2 a mandatory policy is violated, 5 the stack config is invalid.",
        )
        .action(
            async (opts: {
                stack: string;
                json?: boolean;
                markdown?: boolean;
                tree: boolean;
                policyConfig?: string;
                costBase?: string;
            }) => {
                let plan: Awaited<ReturnType<typeof runOfflinePlanCommand>>;
                try {
                    plan = await runOfflinePlanCommand(opts, ctx);
                } catch (err) {
                    renderFailure(err, { ...opts, kind: "offline-plan" }, ctx);
                    throw err;
                }
                let report = plan.report;
                if (opts.costBase !== undefined && report.cost) {
                    const { describeRevision, estimateAtRevision, BaseRevisionError } =
                        require("../cost/base") as typeof import("../cost/base");
                    const { withDelta } = require("../cost/estimate") as typeof import("../cost/estimate");
                    try {
                        const label = describeRevision(ctx.cwd, opts.costBase, ctx.env);
                        const base = await estimateAtRevision({
                            cwd: ctx.cwd,
                            ref: opts.costBase,
                            stack: opts.stack,
                            withNetwork: true,
                        });
                        report = { ...report, cost: withDelta(report.cost, base, label) };
                    } catch (err) {
                        if (err instanceof BaseRevisionError) throw new CliError(err.message);
                        throw err;
                    }
                }
                renderReport(report, opts, ctx);
                setPolicyExitCode(report, ctx);
            },
        );
}
