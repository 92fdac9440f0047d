import type { CliContext } from "../../cli-support/context";
import {
    renderFailure,
    renderReport,
    runOfflinePlanCommand,
    setPolicyExitCode,
} from "../../cli-support/output";
import { BaseRevisionError, describeRevision, estimateAtRevision } from "../../cost/base";
import { withDelta } from "../../cost/estimate";
import { CliError } from "../../exit-codes";
import type { OfflinePlan } from "../../plan/offline-plan";

export interface PlanOpts {
    readonly stack: string;
    readonly json?: boolean;
    readonly markdown?: boolean;
    readonly tree: boolean;
    readonly policyConfig?: string;
    readonly costBase?: string;
}

export async function plan(opts: PlanOpts, ctx: CliContext): Promise<void> {
    let planned: OfflinePlan;
    try {
        planned = await runOfflinePlanCommand(opts, ctx);
    } catch (err) {
        renderFailure(err, { ...opts, kind: "offline-plan" }, ctx);
        throw err;
    }
    let report = planned.report;
    if (opts.costBase !== undefined && report.cost) {
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
}
