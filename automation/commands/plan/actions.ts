import type { CliContext } from "../../cli-support/context";
import {
    renderFailure,
    renderReport,
    runOfflinePlanCommand,
    setPolicyExitCode,
} from "../../cli-support/output";
import { chooseStackFile } from "../../cli-support/stack-choice";
import { CliError } from "../../exit-codes";
import { againstBase } from "../../plan/against-base";
import type { OfflinePlan } from "../../plan/offline-plan";
import { BaseRevisionError, describeRevision, planAtRevision } from "../../plan/revision";

export interface PlanOpts {
    readonly stack?: string;
    readonly json?: boolean;
    readonly markdown?: boolean;
    readonly tree: boolean;
    readonly policyConfig?: string;
    readonly base?: string;
}

export async function plan(given: PlanOpts, ctx: CliContext): Promise<void> {
    const opts = { ...given, stack: chooseStackFile(given.stack, ctx) };
    // A --base that names no commit is refused before anything is planned.
    const label = opts.base === undefined ? undefined : baseLabel(opts.base, ctx);
    let planned: OfflinePlan;
    try {
        planned = await runOfflinePlanCommand(opts, ctx);
    } catch (err) {
        renderFailure(err, { ...opts, kind: "offline-plan" }, ctx);
        throw err;
    }
    let report = planned.report;
    if (opts.base !== undefined && label !== undefined) {
        if (!opts.json) ctx.stderr.write(`rayops: planning ${opts.stack} at ${label} offline, to compare…\n`);
        try {
            const base = await planAtRevision({ cwd: ctx.cwd, ref: opts.base, stack: opts.stack });
            report = againstBase(planned, base, label);
        } catch (err) {
            if (err instanceof BaseRevisionError) throw new CliError(err.message);
            throw err;
        }
    }
    renderReport(report, opts, ctx);
    setPolicyExitCode(report, ctx);
}

function baseLabel(ref: string, ctx: CliContext): string {
    try {
        return describeRevision(ctx.cwd, ref, ctx.env);
    } catch (err) {
        if (err instanceof BaseRevisionError) throw new CliError(err.message);
        throw err;
    }
}
