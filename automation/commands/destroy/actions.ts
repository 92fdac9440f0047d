import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { rawConfigFromPulumi } from "../../../components/config/raw";
import type { CliContext } from "../../cli-support/context";
import { type CommandDeps, depsOf } from "../../cli-support/deps";
import {
    finishRun,
    openWorkspace,
    renderRun,
    runOperation,
    withWorkspaceErrors,
} from "../../cli-support/engine-run";
import type { OutputOptions } from "../../cli-support/options";
import { chooseStack } from "../../cli-support/stack-choice";
import { shortStackName } from "../../cli-support/stack-config";
import { CliError, ExitCode } from "../../exit-codes";
import { readStackFile } from "../../plan/stack-file";
import type { StackWorkspace } from "../../workspace/types";

export interface DestroyOpts extends OutputOptions {
    readonly stack?: string;
    readonly confirm?: string;
    readonly allowProd?: boolean;
    readonly backup?: string;
    readonly refresh?: boolean;
}

export async function destroy(opts: DestroyOpts, ctx: CliContext): Promise<void> {
    const deps = depsOf(ctx);
    // Refusals and the confirmation need no engine: a wrong request never opens the workspace.
    const stack = chooseStack(opts.stack, ctx);
    refuseProtected(ctx.cwd, stack, opts.allowProd);
    await confirmDestroy(stack, opts.confirm, deps);
    const workspace = await openWorkspace(ctx, deps);

    const stackWorkspace = await withWorkspaceErrors({ stack }, () => workspace.stack(stack));
    const backup = await backUpState(ctx, stack, opts.backup, stackWorkspace, deps.now());
    ctx.stderr.write(`rayops: state of stack ${stack} exported to ${backup}\n`);

    const result = await runOperation({
        ctx,
        kind: "destroy",
        operation: "destroy",
        stack,
        open: async () => stackWorkspace,
        invoke: (s, handlers) => s.destroy({ ...handlers, refresh: opts.refresh }),
    });
    renderRun(result, opts, ctx);
    finishRun(result, ctx, "destroy");
}

/** Why `stack` is protected, or undefined: its stack file's `rayops:protected`/`environment`, or its name. */
export function protectionOf(cwd: string, stack: string): string | undefined {
    const name = shortStackName(stack);
    let raw: Record<string, unknown> = {};
    if (existsSync(path.join(cwd, `Pulumi.${name}.yaml`))) {
        try {
            raw = rawConfigFromPulumi(readStackFile(cwd, name).config);
        } catch (err) {
            // Fail closed: a file that cannot be read might say rayops:protected. The config is read
            // raw, not validated, so an invalid but readable file never blocks tearing a stack down.
            const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
            return `Pulumi.${name}.yaml cannot be read, so it may mark the stack protected (${reason})`;
        }
    }
    if (raw.protected === true) return `Pulumi.${name}.yaml sets rayops:protected: true`;
    if (raw.environment === "prod") return `Pulumi.${name}.yaml sets rayops:environment: prod`;
    if (name === "prod") return "it is named prod";
    return undefined;
}

function refuseProtected(cwd: string, stack: string, allowProd: boolean | undefined): void {
    const why = protectionOf(cwd, stack);
    if (why && !allowProd) {
        throw new CliError(
            `refusing to destroy stack ${stack}: it is protected (${why}); pass --allow-prod to destroy it anyway. Nothing was destroyed`,
        );
    }
}

async function confirmDestroy(stack: string, confirm: string | undefined, deps: CommandDeps): Promise<void> {
    if (confirm !== undefined) {
        if (confirm !== stack) {
            throw new CliError(
                `--confirm "${confirm}" does not match the stack name "${stack}"; nothing was destroyed`,
            );
        }
        return;
    }
    if (!deps.stdinIsTTY) {
        throw new CliError(
            `destroy needs --confirm ${stack} when stdin is not a terminal; nothing was destroyed`,
        );
    }
    const typed = (
        await deps.prompt(`This deletes every resource of stack ${stack}. Type the stack name to confirm: `)
    ).trim();
    if (typed !== stack) {
        throw new CliError(`"${typed}" is not the stack name "${stack}"; nothing was destroyed`);
    }
}

/** Exports the state to a file no one else can read; the destroy does not start unless it worked. */
async function backUpState(
    ctx: CliContext,
    stack: string,
    option: string | undefined,
    workspace: StackWorkspace,
    now: Date,
): Promise<string> {
    const stamp = now.toISOString().replace(/[:.]/g, "-");
    const file = path.resolve(
        ctx.cwd,
        option ?? path.join(".rayops", "backups", `${stack.replace(/\//g, "_")}-${stamp}.json`),
    );
    try {
        const state = await workspace.exportStack();
        mkdirSync(path.dirname(file), { recursive: true });
        // Resource ids and outputs are in clear (secrets stay encrypted): owner-only.
        writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    } catch (err) {
        const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
        throw new CliError(
            `could not back up the state of stack ${stack} to ${file} (${reason}); nothing was destroyed`,
            ExitCode.error,
        );
    }
    return file;
}
