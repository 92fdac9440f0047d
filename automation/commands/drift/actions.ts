import type { CliContext } from "../../cli-support/context";
import { depsOf } from "../../cli-support/deps";
import { finishRun, openWorkspace, renderRun, runOperation } from "../../cli-support/engine-run";
import { readGitHubApp, reportDriftIssue } from "../../cli-support/github-report";
import { chooseStack } from "../../cli-support/stack-choice";
import { ExitCode } from "../../exit-codes";
import { UNEXPECTED_CHANGES_PHRASE } from "../../workspace/errors";

export interface DriftOpts {
    readonly stack?: string;
    readonly issue?: boolean;
    readonly json?: boolean;
    readonly markdown?: boolean;
    readonly tree: boolean;
}

export async function drift(opts: DriftOpts, ctx: CliContext): Promise<void> {
    const deps = depsOf(ctx);
    const app = opts.issue ? readGitHubApp(ctx.env) : undefined;
    const stack = chooseStack(opts.stack, ctx);
    const workspace = await openWorkspace(ctx, deps);
    const result = await runOperation({
        ctx,
        kind: "drift",
        operation: "drift check",
        stack,
        open: () => workspace.stack(stack),
        invoke: (s, handlers) => s.refresh({ ...handlers, previewOnly: true, expectNoChanges: true }),
    });
    const drifted = result.builder.drifted();
    // With expectNoChanges the engine fails on drift by design (CLI exit 7): that failure is the
    // finding, not an error. Any other failure is an error, even when some resources drifted:
    // a check that did not finish cannot say the rest are clean.
    const failedOtherwise =
        result.failure !== undefined && !result.failure.message.includes(UNEXPECTED_CHANGES_PHRASE);
    const report = failedOtherwise ? result.report : { ...result.report, succeeded: true, error: undefined };
    const finished = { ...result, report, failure: failedOtherwise ? result.failure : undefined };
    renderRun(finished, opts, ctx);
    finishRun(finished, ctx, "drift check");
    const found = !failedOtherwise && (drifted || result.failure !== undefined);
    if (app) {
        const posted = await reportDriftIssue(app, report, found, ctx.env);
        if (posted.action !== "none") {
            ctx.stderr.write(
                `rayops: ${posted.action} the drift issue of stack ${stack}${posted.number ? ` (#${posted.number})` : ""}\n`,
            );
        }
    }
    if (found) {
        ctx.stderr.write(`rayops: drift in stack ${stack}: the cloud no longer matches its state\n`);
        ctx.exitCode = ExitCode.drift;
    }
}
