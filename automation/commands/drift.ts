import type { Command } from "commander";
import type { CliContext } from "../cli-support/context";
import { depsOf } from "../cli-support/deps";
import { GITHUB_APP_HELP, STATE_HELP } from "../cli-support/help";
import { reportOptions } from "../cli-support/output";
import { ExitCode } from "../exit-codes";
import { UNEXPECTED_CHANGES_PHRASE } from "../workspace/errors";

interface DriftOpts {
    stack?: string;
    issue?: boolean;
    json?: boolean;
    markdown?: boolean;
    tree: boolean;
}

export function register(program: Command, ctx: CliContext): void {
    const command = program
        .command("drift")
        .description(
            "Check whether the cloud still matches a stack's state (a preview-only refresh; changes nothing)",
        )
        .option("-s, --stack <name>", "stack to check (default: the selected stack)")
        .option(
            "--issue",
            "open or update the stack's drift issue (GitHub App); close it when the stack is clean",
        );
    reportOptions(command)
        .addHelpText(
            "after",
            `
The check takes no lock and writes no state. --issue posts through the GitHub App; a failed check
leaves the issue alone.
${GITHUB_APP_HELP}
${STATE_HELP}
Exit codes: 0 no drift, 1 error, 3 drift found, 4 the stack is locked.`,
        )
        .action(async (opts: DriftOpts) => {
            const run = require("../cli-support/engine-run") as typeof import("../cli-support/engine-run");
            const gh =
                require("../cli-support/github-report") as typeof import("../cli-support/github-report");
            const deps = depsOf(ctx);
            const app = opts.issue ? gh.readGitHubApp(ctx.env) : undefined;
            const workspace = await run.openWorkspace(ctx, deps);
            const stack = await run.resolveStackName(workspace, opts.stack);
            const result = await run.runOperation({
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
            const report = failedOtherwise
                ? result.report
                : { ...result.report, succeeded: true, error: undefined };
            const finished = { ...result, report, failure: failedOtherwise ? result.failure : undefined };
            run.renderRun(finished, opts, ctx);
            run.finishRun(finished, ctx, "drift check");
            const found = !failedOtherwise && (drifted || result.failure !== undefined);
            if (app) {
                const posted = await gh.reportDriftIssue(app, report, found, ctx.env);
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
        });
}
