import type { Command } from "commander";
import type { CliContext } from "../cli-support/context";
import { depsOf } from "../cli-support/deps";
import { STATE_HELP } from "../cli-support/help";
import { type OutputOptions, reportOptions } from "../cli-support/output";
import { CliError, ExitCode } from "../exit-codes";

interface DestroyOpts extends OutputOptions {
    stack?: string;
    confirm?: string;
    allowProd?: boolean;
    backup?: string;
    refresh?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
    const command = program
        .command("destroy")
        .description("Delete every resource of a stack, after a state backup and a typed confirmation")
        .option("-s, --stack <name>", "stack to destroy (default: the selected stack)")
        .option("--confirm <stack>", "confirm by repeating the stack name (for CI, where nobody can type it)")
        .option(
            "--allow-prod",
            "allow destroying a protected stack (rayops:protected: true, environment prod)",
        )
        .option(
            "--backup <file>",
            "where to export the state first (default: .rayops/backups/<stack>-<time>.json)",
        );
    reportOptions(command)
        .option("--refresh", "refresh the state from the cloud first")
        .addHelpText(
            "after",
            `
Without --confirm, destroy asks you to type the stack's name. A protected stack (rayops:protected: true
in its stack file, environment prod, or named prod) is refused without --allow-prod. The state is
exported to the backup file before anything is deleted; if that fails, nothing is deleted.
${STATE_HELP}
Exit codes: 0 destroyed, 1 error, refused or not confirmed, 4 the stack is locked by another update.`,
        )
        .action(async (opts: DestroyOpts) => {
            const run = require("../cli-support/engine-run") as typeof import("../cli-support/engine-run");
            const deps = depsOf(ctx);
            // Refusals and the confirmation need no engine: a wrong request never opens the workspace.
            if (opts.stack !== undefined) {
                run.checkStackName(opts.stack);
                refuseProtected(ctx.cwd, opts.stack, opts.allowProd);
                await confirmDestroy(opts.stack, opts.confirm, deps);
            }
            const workspace = await run.openWorkspace(ctx, deps);
            const stack = await run.resolveStackName(workspace, opts.stack);
            if (opts.stack === undefined) {
                refuseProtected(ctx.cwd, stack, opts.allowProd);
                await confirmDestroy(stack, opts.confirm, deps);
            }

            const stackWorkspace = await run.withWorkspaceErrors({ stack }, () => workspace.stack(stack));
            const backup = await backUpState(ctx, stack, opts.backup, stackWorkspace, deps.now());
            ctx.stderr.write(`rayops: state of stack ${stack} exported to ${backup}\n`);

            const result = await run.runOperation({
                ctx,
                kind: "destroy",
                operation: "destroy",
                stack,
                open: async () => stackWorkspace,
                invoke: (s, handlers) => s.destroy({ ...handlers, refresh: opts.refresh }),
            });
            run.renderRun(result, opts, ctx);
            run.finishRun(result, ctx, "destroy");
        });
}

/** Why `stack` is protected, or undefined: its stack file's `rayops:protected`/`environment`, or its name. */
export function protectionOf(cwd: string, stack: string): string | undefined {
    const { shortStackName } =
        require("../cli-support/stack-config") as typeof import("../cli-support/stack-config");
    const name = shortStackName(stack);
    let raw: Record<string, unknown> = {};
    const fs = require("node:fs") as typeof import("node:fs");
    const path = require("node:path") as typeof import("node:path");
    if (fs.existsSync(path.join(cwd, `Pulumi.${name}.yaml`))) {
        try {
            const { readStackFile } = require("../plan/stack-file") as typeof import("../plan/stack-file");
            const { rawConfigFromPulumi } =
                require("../../components/config/raw") as typeof import("../../components/config/raw");
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

async function confirmDestroy(
    stack: string,
    confirm: string | undefined,
    deps: import("../cli-support/deps").CommandDeps,
): Promise<void> {
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
    workspace: import("../workspace/types").StackWorkspace,
    now: Date,
): Promise<string> {
    const path = require("node:path") as typeof import("node:path");
    const fs = require("node:fs") as typeof import("node:fs");
    const stamp = now.toISOString().replace(/[:.]/g, "-");
    const file = path.resolve(
        ctx.cwd,
        option ?? path.join(".rayops", "backups", `${stack.replace(/\//g, "_")}-${stamp}.json`),
    );
    try {
        const state = await workspace.exportStack();
        fs.mkdirSync(path.dirname(file), { recursive: true });
        // Resource ids and outputs are in clear (secrets stay encrypted): owner-only.
        fs.writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    } catch (err) {
        const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
        throw new CliError(
            `could not back up the state of stack ${stack} to ${file} (${reason}); nothing was destroyed`,
            ExitCode.error,
        );
    }
    return file;
}
