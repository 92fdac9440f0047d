import type { CliContext } from "../../cli-support/context";
import { depsOf } from "../../cli-support/deps";
import {
    confirmChange,
    finishRun,
    openWorkspace,
    renderRun,
    runOperation,
} from "../../cli-support/engine-run";
import { chooseStack } from "../../cli-support/stack-choice";
import { CliError } from "../../exit-codes";

export interface RefreshOpts {
    readonly stack?: string;
    readonly yes?: boolean;
    readonly json?: boolean;
    readonly markdown?: boolean;
    readonly tree: boolean;
}

export async function refresh(opts: RefreshOpts, ctx: CliContext): Promise<void> {
    const deps = depsOf(ctx);
    if (!opts.yes && !deps.stdinIsTTY) {
        throw new CliError(
            "refresh rewrites the stack's state: pass --yes to refresh without asking (stdin is not a terminal); nothing was changed",
        );
    }
    const stack = chooseStack(opts.stack, ctx);
    const workspace = await openWorkspace(ctx, deps);
    const open = () => workspace.stack(stack);

    if (!opts.yes) {
        const look = await runOperation({
            ctx,
            kind: "refresh",
            operation: "refresh preview",
            stack,
            open,
            invoke: (s, handlers) => s.refresh({ ...handlers, previewOnly: true }),
        });
        renderRun(look, { tree: opts.tree }, { ...ctx, stdout: ctx.stderr });
        finishRun(look, ctx, "refresh preview");
        if (!look.builder.drifted()) {
            ctx.stderr.write(`rayops: the state of stack ${stack} already matches the cloud\n`);
            return;
        }
        await confirmChange(deps, {
            question: `Record these differences in the state of stack ${stack}? Type "yes" to continue: `,
            refusal: "refresh needs --yes",
        });
    }

    const result = await runOperation({
        ctx,
        kind: "refresh",
        operation: "refresh",
        stack,
        open,
        invoke: (s, handlers) => s.refresh(handlers),
    });
    renderRun(result, opts, ctx);
    finishRun(result, ctx, "refresh");
}
