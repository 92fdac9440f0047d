import type { CliContext } from "../../cli-support/context";
import { depsOf } from "../../cli-support/deps";
import {
    confirmChange,
    describeChanges,
    finishRun,
    openWorkspace,
    packPolicyCount,
    policyPacks,
    renderRun,
    runOperation,
} from "../../cli-support/engine-run";
import {
    mergedPullRequest,
    postStickyComment,
    pullRequestNumber,
    readGitHubApp,
} from "../../cli-support/github-report";
import type { OutputOptions } from "../../cli-support/options";
import { chooseStack } from "../../cli-support/stack-choice";
import { validateStackConfig } from "../../cli-support/stack-config";
import { maintenanceRefusal, rayClusterDisruptions } from "../../engine/ray-maintenance";
import { CliError } from "../../exit-codes";
import type { AppConfig } from "../../github/config";
import type { Report } from "../../render/report";

export interface UpOpts extends OutputOptions {
    readonly stack?: string;
    readonly yes?: boolean;
    readonly refresh?: boolean;
    readonly policyPack?: string[];
    readonly rayMaintenance?: boolean;
    readonly comment?: boolean;
    readonly pr?: string;
}

export async function up(opts: UpOpts, ctx: CliContext): Promise<void> {
    const deps = depsOf(ctx);
    if (!opts.yes && !deps.stdinIsTTY) {
        throw new CliError(
            "up changes the stack: pass --yes to apply without asking (stdin is not a terminal); nothing was changed",
        );
    }
    if (opts.pr !== undefined && !opts.comment)
        throw new CliError("--pr names where --comment posts: add --comment");
    // The App's settings and --pr are checked first: a misconfigured workflow fails before the engine runs.
    const app = opts.comment ? readGitHubApp(ctx.env) : undefined;
    if (opts.pr !== undefined) pullRequestNumber(opts.pr, ctx.env);
    const stack = chooseStack(opts.stack, ctx);
    const comment = (report: Report) =>
        app ? commentOnMerged(app, report, opts.pr, ctx) : Promise.resolve();
    const workspace = await openWorkspace(ctx, deps);
    const { region, config, warnings } = validateStackConfig(ctx.cwd, stack);
    for (const w of warnings) ctx.stderr.write(`rayops: warning: ${w}\n`);
    const packs = policyPacks((await workspace.info()).policyPack, opts.policyPack, ctx.cwd);
    const common = {
        ctx,
        stack,
        region,
        policiesRun: packPolicyCount(),
        cost: { config },
        open: () => workspace.stack(stack),
    };

    // The engine's own `up` runs stack policies after every step is applied: a violation
    // would fail the update once the cloud has changed. So the preview decides, always.
    const preview = await runOperation({
        ...common,
        kind: "preview",
        operation: "preview",
        invoke: (s, handlers) => s.preview({ ...handlers, policyPacks: packs, refresh: opts.refresh }),
    });
    // The preview is for the person about to answer: on stderr, so stdout holds only the result.
    renderRun(preview, { tree: opts.tree }, { ...ctx, stdout: ctx.stderr });
    finishRun(preview, ctx, "preview");
    if (ctx.exitCode !== 0) {
        ctx.stderr.write(`rayops: nothing was applied to stack ${stack}\n`);
        await comment(preview.report);
        return;
    }
    const disrupted = rayClusterDisruptions(preview.report);
    if (disrupted.length > 0 && !opts.rayMaintenance) {
        const refusal = maintenanceRefusal(stack, disrupted);
        await comment({
            ...preview.report,
            kind: "up",
            succeeded: false,
            error: `Nothing was applied. ${refusal}`,
        });
        throw new CliError(refusal);
    }
    if (disrupted.length > 0) {
        ctx.stderr.write(
            `rayops: --ray-maintenance: the RayCluster ${disrupted.map((d) => d.name).join(", ")} is replaced; running Ray jobs end\n`,
        );
    }
    const changes = describeChanges(preview.report);
    if (changes === "no changes") {
        ctx.stderr.write(`rayops: stack ${stack} has no changes to apply\n`);
        await comment({ ...preview.report, kind: "up" });
        return;
    }
    if (!opts.yes) {
        await confirmChange(deps, {
            question: `Apply ${changes} to stack ${stack}? Type "yes" to continue: `,
            refusal: "up needs --yes",
        });
    }

    const result = await runOperation({
        ...common,
        kind: "up",
        operation: "up",
        invoke: (s, handlers) => s.up({ ...handlers, policyPacks: packs, refresh: opts.refresh }),
    });
    renderRun(result, opts, ctx);
    await comment(result.report);
    finishRun(result, ctx, "up");
}

/**
 * Says on the merged pull request what `up` did to the stack, in the stack's own "up" comment (the
 * preview's comment stays as it was). The update has already happened: a comment that cannot be
 * posted is a warning, never a change of the exit code.
 */
async function commentOnMerged(
    app: AppConfig,
    report: Report,
    pr: string | undefined,
    ctx: CliContext,
): Promise<void> {
    try {
        const pull = await mergedPullRequest(app, pr, ctx.env);
        if ("none" in pull) {
            ctx.stderr.write(`rayops: no up comment posted: ${pull.none}\n`);
            return;
        }
        const posted = await postStickyComment(app, report, pull.number, ctx.env, "up");
        ctx.stderr.write(
            `rayops: ${posted.action} the ${report.stack} up comment on pull request #${pull.number}${posted.url ? `: ${posted.url}` : ""}\n`,
        );
    } catch (err) {
        const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
        ctx.stderr.write(
            `rayops: warning: the up comment was not posted (the update itself is done): ${message}\n`,
        );
    }
}
