import type { CliContext } from "../../cli-support/context";
import { depsOf } from "../../cli-support/deps";
import {
    finishRun,
    type OperationRun,
    openWorkspace,
    packPolicyCount,
    policyPacks,
    renderRun,
    runOperation,
} from "../../cli-support/engine-run";
import {
    postPolicyCheckRun,
    postStickyComment,
    pullRequestNumber,
    readGitHubApp,
} from "../../cli-support/github-report";
import { chooseStack } from "../../cli-support/stack-choice";
import { type StackConfig, validateStackConfig } from "../../cli-support/stack-config";
import { estimateAtRevision } from "../../cost/base";
import { withDelta } from "../../cost/estimate";
import { rayClusterDisruptions } from "../../engine/ray-maintenance";
import { describeRevision } from "../../plan/revision";
import type { Workspace } from "../../workspace/types";

export interface PreviewOpts {
    readonly stack?: string;
    readonly json?: boolean;
    readonly markdown?: boolean;
    readonly tree: boolean;
    readonly comment?: boolean;
    readonly pr?: string;
    readonly checkRun?: boolean;
    readonly costBase?: string;
    readonly refresh?: boolean;
    readonly policyPack?: string[];
}

export async function preview(opts: PreviewOpts, ctx: CliContext): Promise<void> {
    const deps = depsOf(ctx);
    // Everything the comment needs is checked first: a broken setup fails before the engine runs.
    const app = opts.comment || opts.checkRun ? readGitHubApp(ctx.env) : undefined;
    const pullNumber = opts.comment ? pullRequestNumber(opts.pr, ctx.env) : undefined;

    const stack = chooseStack(opts.stack, ctx);
    // A workspace that does not open is still reported on the stack (comment, check run, summary).
    let workspace: Workspace | undefined;
    let openError: unknown;
    try {
        workspace = await openWorkspace(ctx, deps);
    } catch (err) {
        openError = err;
    }
    // Checked before the engine starts: a wrong --policy-pack never reaches it.
    const packs = workspace ? policyPacks((await workspace.info()).policyPack, opts.policyPack, ctx.cwd) : [];
    let stackConfig: StackConfig | undefined;
    let configError: unknown;
    try {
        stackConfig = validateStackConfig(ctx.cwd, stack);
        for (const w of stackConfig.warnings) ctx.stderr.write(`rayops: warning: ${w}\n`);
    } catch (err) {
        configError = err;
    }
    const operation = await runOperation({
        ctx,
        kind: "preview",
        operation: "preview",
        stack,
        region: stackConfig?.region,
        policiesRun: packPolicyCount(),
        cost: stackConfig ? { config: stackConfig.config } : undefined,
        open: async () => {
            if (configError !== undefined) throw configError;
            if (!workspace) throw openError;
            return workspace.stack(stack);
        },
        invoke: (s, handlers) => s.preview({ ...handlers, policyPacks: packs, refresh: opts.refresh }),
    });
    const result = opts.costBase ? await withCostDelta(operation, opts.costBase, ctx) : operation;
    renderRun(result, opts, ctx);
    const disrupted = rayClusterDisruptions(result.report);
    if (disrupted.length > 0) {
        ctx.stderr.write(
            `rayops: warning: this change replaces the RayCluster ${disrupted.map((d) => d.name).join(", ")}; running Ray jobs end, and \`rayops up\` will ask for --ray-maintenance (docs/ray-maintenance.md)\n`,
        );
    }
    if (app && opts.checkRun) {
        const check = await postPolicyCheckRun(app, result.report, ctx.env, ctx.cwd);
        ctx.stderr.write(
            `rayops: posted the ${stack} policy check with ${check.annotations} annotation(s)${check.url ? `: ${check.url}` : ""}\n`,
        );
    }
    if (app && pullNumber !== undefined) {
        const posted = await postStickyComment(app, result.report, pullNumber, ctx.env);
        ctx.stderr.write(
            `rayops: ${posted.action} the ${stack} comment on pull request #${pullNumber}${posted.url ? `: ${posted.url}` : ""}\n`,
        );
    }
    finishRun(result, ctx, "preview");
}

/**
 * Adds the change against `ref` to the report's cost section: the base revision is planned
 * offline and priced by the same estimator. A base that cannot be planned is said in the report's
 * limits; it never fails the preview.
 */
async function withCostDelta(operation: OperationRun, ref: string, ctx: CliContext): Promise<OperationRun> {
    const { report } = operation;
    if (!report.cost) return operation;
    try {
        const base = await estimateAtRevision({ cwd: ctx.cwd, ref, stack: report.stack });
        const label = describeRevision(ctx.cwd, ref, ctx.env);
        return { ...operation, report: { ...report, cost: withDelta(report.cost, base, label) } };
    } catch (err) {
        const limits = [...report.limits, `No cost change shown: ${(err as Error).message}`];
        return { ...operation, report: { ...report, limits } };
    }
}
