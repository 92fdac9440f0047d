import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { CliContext } from "../../cli-support/context";
import { depsOf } from "../../cli-support/deps";
import { openWorkspace, withWorkspaceErrors } from "../../cli-support/engine-run";
import { checkStackName, chooseStack, selectedStack } from "../../cli-support/stack-choice";
import { shortStackName } from "../../cli-support/stack-config";
import { CliError, ExitCode } from "../../exit-codes";
import { listStackFiles } from "../../plan/stack-file";
import { textTable } from "../../render/format";
import type { Workspace } from "../../workspace/types";

/** `select dev` and `select --stack dev` both work; giving two different names is an error. */
function nameFrom(positional: string | undefined, option: string | undefined, command: string): string {
    if (positional !== undefined && option !== undefined && positional !== option) {
        throw new CliError(`stack ${command}: got "${positional}" and --stack "${option}"; give one name`);
    }
    const name = positional ?? option;
    if (name === undefined)
        throw new CliError(`stack ${command} needs a stack: rayops stack ${command} --stack <name>`);
    return name;
}

/** `rayops stack ls`. */
export async function list(opts: { readonly json?: boolean }, ctx: CliContext): Promise<void> {
    const files = listStackFiles(ctx.cwd, readdirSync(ctx.cwd));
    let backend:
        | { readonly url: string; readonly stacks: Awaited<ReturnType<Workspace["listStacks"]>> }
        | { readonly error: string };
    try {
        const workspace = await openWorkspace(ctx, depsOf(ctx));
        const stacks = await withWorkspaceErrors({}, () => workspace.listStacks());
        backend = { url: (await workspace.info()).backendUrl, stacks };
    } catch (err) {
        // The stack files need no engine: list them, and say why the backend is missing.
        if (!(err instanceof CliError)) throw err;
        backend = { error: err.message.split("\n")[0]! };
    }
    if ("error" in backend) {
        // Without the engine the selection still reads from the CLI's settings (stack-choice.ts).
        const chosen = selectedStack(ctx.cwd, ctx.env);
        const selected = chosen === undefined ? null : shortStackName(chosen);
        if (opts.json) {
            const out = {
                schemaVersion: 1,
                backendUrl: null,
                backendError: backend.error,
                stacks: null,
                stackFiles: files,
                selected,
            };
            ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
            return;
        }
        ctx.stderr.write(`rayops: warning: the state backend was not read: ${backend.error}\n`);
        ctx.stdout.write(
            files.length > 0
                ? `${files.map((f) => `${f === selected ? "*" : " "} Pulumi.${f}.yaml: stack ${f} (not checked against the state backend)`).join("\n")}\n`
                : "no stack files (Pulumi.<stack>.yaml) here\n",
        );
        return;
    }
    const { stacks } = backend;
    const known = new Set(stacks.map((s) => shortStackName(s.name)));
    const notCreated = files.filter((f) => !known.has(f));
    if (opts.json) {
        const out = {
            schemaVersion: 1,
            backendUrl: backend.url,
            stacks,
            stackFiles: files,
            notCreated,
        };
        ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
    }
    const rows = stacks.map((s) => [
        `${s.current ? "*" : " "} ${s.name}`,
        s.lastUpdate ?? "never updated",
        s.resourceCount === undefined ? "" : `${s.resourceCount} resources`,
        s.updateInProgress ? "update in progress" : "",
    ]);
    const lines =
        rows.length > 0
            ? textTable(["stack", "last update", "resources", ""], rows)
            : ["no stacks in the state backend yet"];
    ctx.stdout.write(`${lines.join("\n")}\n`);
    ctx.stdout.write(`state: ${backend.url}\n`);
    for (const name of notCreated) {
        ctx.stdout.write(`Pulumi.${name}.yaml has no stack yet: rayops stack init --stack ${name}\n`);
    }
}

/** `rayops stack select [name]`. */
export async function select(
    positional: string | undefined,
    opts: { readonly stack?: string },
    ctx: CliContext,
): Promise<void> {
    const name = checkStackName(nameFrom(positional, opts.stack, "select"));
    const workspace = await openWorkspace(ctx, depsOf(ctx));
    await withWorkspaceErrors({ stack: name }, () => workspace.selectStack(name));
    ctx.stdout.write(`selected stack ${name}\n`);
}

/** `rayops stack init [name]`. */
export async function init(
    positional: string | undefined,
    opts: { readonly stack?: string },
    ctx: CliContext,
): Promise<void> {
    const name = checkStackName(nameFrom(positional, opts.stack, "init"));
    const file = `Pulumi.${shortStackName(name)}.yaml`;
    if (!existsSync(path.join(ctx.cwd, file))) {
        throw new CliError(
            `no stack file ${file}: write the stack's config there first (see Pulumi.dev.yaml); nothing was created`,
            ExitCode.badConfig,
        );
    }
    const workspace = await openWorkspace(ctx, depsOf(ctx));
    await withWorkspaceErrors({ stack: name }, () => workspace.initStack(name));
    ctx.stdout.write(`created stack ${name} from ${file}\n`);
}

/** `rayops stack export`. */
export async function exportState(
    opts: { readonly stack?: string; readonly file?: string },
    ctx: CliContext,
): Promise<void> {
    const name = chooseStack(opts.stack, ctx);
    const workspace = await openWorkspace(ctx, depsOf(ctx));
    const state = await withWorkspaceErrors({ stack: name }, async () =>
        (await workspace.stack(name)).exportStack(),
    );
    const text = `${JSON.stringify(state, null, 2)}\n`;
    if (!opts.file) {
        ctx.stdout.write(text);
        return;
    }
    const file = path.resolve(ctx.cwd, opts.file);
    try {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, text, { mode: 0o600 });
    } catch (err) {
        throw new CliError(`--file ${opts.file}: cannot write it (${(err as NodeJS.ErrnoException).code})`);
    }
    ctx.stderr.write(`rayops: state of stack ${name} exported to ${file}\n`);
}
