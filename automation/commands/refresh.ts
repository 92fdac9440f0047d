import type { Command } from "commander";
import type { CliContext } from "../cli-support/context";
import { depsOf } from "../cli-support/deps";
import { STATE_HELP } from "../cli-support/help";
import { reportOptions } from "../cli-support/output";
import { CliError } from "../exit-codes";

interface RefreshOpts {
    stack?: string;
    yes?: boolean;
    json?: boolean;
    markdown?: boolean;
    tree: boolean;
}

export function register(program: Command, ctx: CliContext): void {
    const command = program
        .command("refresh")
        .description("Update a stack's state to what the cloud reports (the cloud itself is not changed)")
        .option("-s, --stack <name>", "stack to refresh (default: the selected stack)")
        .option(
            "-y, --yes",
            "write the refreshed state without asking (required when stdin is not a terminal)",
        );
    reportOptions(command)
        .addHelpText(
            "after",
            `
Without --yes, refresh first shows what it would record and asks. To only look, run \`rayops drift\`.
${STATE_HELP}
Exit codes: 0 refreshed, 1 error or cancelled, 4 the stack is locked by another update.`,
        )
        .action(async (opts: RefreshOpts) => {
            const run = require("../cli-support/engine-run") as typeof import("../cli-support/engine-run");
            const deps = depsOf(ctx);
            if (!opts.yes && !deps.stdinIsTTY) {
                throw new CliError(
                    "refresh rewrites the stack's state: pass --yes to refresh without asking (stdin is not a terminal); nothing was changed",
                );
            }
            const workspace = await run.openWorkspace(ctx, deps);
            const stack = await run.resolveStackName(workspace, opts.stack);
            const open = () => workspace.stack(stack);

            if (!opts.yes) {
                const look = await run.runOperation({
                    ctx,
                    kind: "refresh",
                    operation: "refresh preview",
                    stack,
                    open,
                    invoke: (s, handlers) => s.refresh({ ...handlers, previewOnly: true }),
                });
                run.renderRun(look, { tree: opts.tree }, { ...ctx, stdout: ctx.stderr });
                run.finishRun(look, ctx, "refresh preview");
                if (!look.builder.drifted()) {
                    ctx.stderr.write(`rayops: the state of stack ${stack} already matches the cloud\n`);
                    return;
                }
                await run.confirmChange(deps, {
                    question: `Record these differences in the state of stack ${stack}? Type "yes" to continue: `,
                    refusal: "refresh needs --yes",
                });
            }

            const result = await run.runOperation({
                ctx,
                kind: "refresh",
                operation: "refresh",
                stack,
                open,
                invoke: (s, handlers) => s.refresh(handlers),
            });
            run.renderRun(result, opts, ctx);
            run.finishRun(result, ctx, "refresh");
        });
}
