import type { Command } from "commander";
import type { CliContext } from "../cli-support/context";
import { depsOf } from "../cli-support/deps";
import { GITHUB_APP_HELP, STATE_HELP } from "../cli-support/help";
import { policyPackOption, reportOptions } from "../cli-support/output";
import type { StackConfig } from "../cli-support/stack-config";
import type { Workspace } from "../workspace/types";

interface PreviewOpts {
    stack?: string;
    json?: boolean;
    markdown?: boolean;
    tree: boolean;
    comment?: boolean;
    pr?: string;
    checkRun?: boolean;
    costBase?: string;
    refresh?: boolean;
    policyPack?: string[];
}

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
        .action(async (opts: PreviewOpts) => {
            const run = require("../cli-support/engine-run") as typeof import("../cli-support/engine-run");
            const gh =
                require("../cli-support/github-report") as typeof import("../cli-support/github-report");
            const deps = depsOf(ctx);
            // Everything the comment needs is checked first: a broken setup fails before the engine runs.
            const app = opts.comment || opts.checkRun ? gh.readGitHubApp(ctx.env) : undefined;
            const pullNumber = opts.comment ? gh.pullRequestNumber(opts.pr, ctx.env) : undefined;

            let workspace: Workspace | undefined;
            let openError: unknown;
            try {
                workspace = await run.openWorkspace(ctx, deps);
            } catch (err) {
                openError = err;
            }
            // Without a workspace the selected stack is unknown; with --stack the failure is still reported on it.
            if (!workspace && opts.stack === undefined) throw openError;
            const stack = workspace
                ? await run.resolveStackName(workspace, opts.stack)
                : run.checkStackName(opts.stack as string);
            // Checked before the engine starts: a wrong --policy-pack never reaches it.
            const packs = workspace
                ? run.policyPacks((await workspace.info()).policyPack, opts.policyPack, ctx.cwd)
                : [];
            let stackConfig: StackConfig | undefined;
            let configError: unknown;
            try {
                stackConfig = (
                    require("../cli-support/stack-config") as typeof import("../cli-support/stack-config")
                ).validateStackConfig(ctx.cwd, stack);
                for (const w of stackConfig.warnings) ctx.stderr.write(`rayops: warning: ${w}\n`);
            } catch (err) {
                configError = err;
            }
            const operation = await run.runOperation({
                ctx,
                kind: "preview",
                operation: "preview",
                stack,
                region: stackConfig?.region,
                policiesRun: run.packPolicyCount(),
                cost: stackConfig ? { config: stackConfig.config } : undefined,
                open: async () => {
                    if (configError !== undefined) throw configError;
                    if (!workspace) throw openError;
                    return workspace.stack(stack);
                },
                invoke: (s, handlers) =>
                    s.preview({ ...handlers, policyPacks: packs, refresh: opts.refresh }),
            });
            const result = opts.costBase ? await withCostDelta(operation, opts.costBase, ctx) : operation;
            run.renderRun(result, opts, ctx);
            const maintenance =
                require("../engine/ray-maintenance") as typeof import("../engine/ray-maintenance");
            const disrupted = maintenance.rayClusterDisruptions(result.report);
            if (disrupted.length > 0) {
                ctx.stderr.write(
                    `rayops: warning: this change replaces the RayCluster ${disrupted.map((d) => d.name).join(", ")}; running Ray jobs end, and \`rayops up\` will ask for --ray-maintenance (docs/ray-maintenance.md)\n`,
                );
            }
            if (app && opts.checkRun) {
                const check = await gh.postPolicyCheckRun(app, result.report, ctx.env, ctx.cwd);
                ctx.stderr.write(
                    `rayops: posted the ${stack} policy check with ${check.annotations} annotation(s)${check.url ? `: ${check.url}` : ""}\n`,
                );
            }
            if (app && pullNumber !== undefined) {
                const posted = await gh.postStickyComment(app, result.report, pullNumber, ctx.env);
                ctx.stderr.write(
                    `rayops: ${posted.action} the ${stack} comment on pull request #${pullNumber}${posted.url ? `: ${posted.url}` : ""}\n`,
                );
            }
            run.finishRun(result, ctx, "preview");
        });
}

/**
 * Adds the change against `ref` to the report's cost section: the base revision is planned
 * offline and priced by the same estimator. A base that cannot be planned is said in the report's
 * limits; it never fails the preview.
 */
async function withCostDelta(
    operation: import("../cli-support/engine-run").OperationRun,
    ref: string,
    ctx: CliContext,
): Promise<import("../cli-support/engine-run").OperationRun> {
    const { report } = operation;
    if (!report.cost) return operation;
    const { estimateAtRevision } = require("../cost/base") as typeof import("../cost/base");
    const { withDelta } = require("../cost/estimate") as typeof import("../cost/estimate");
    try {
        const base = await estimateAtRevision({ cwd: ctx.cwd, ref, stack: report.stack });
        const { describeRevision } = require("../cost/base") as typeof import("../cost/base");
        const label = describeRevision(ctx.cwd, ref, ctx.env);
        return { ...operation, report: { ...report, cost: withDelta(report.cost, base, label) } };
    } catch (err) {
        const limits = [...report.limits, `No cost change shown: ${(err as Error).message}`];
        return { ...operation, report: { ...report, limits } };
    }
}
