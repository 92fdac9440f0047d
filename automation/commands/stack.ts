import type { Command } from "commander";
import type { CliContext } from "../cli-support/context";
import { depsOf } from "../cli-support/deps";
import { STATE_HELP } from "../cli-support/help";
import { shortStackName } from "../cli-support/stack-config";
import { CliError, ExitCode } from "../exit-codes";
import type { Workspace } from "../workspace/types";

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

export function register(program: Command, ctx: CliContext): void {
    const stack = program
        .command("stack")
        .description("List, select, create and export the project's stacks")
        .addHelpText("after", STATE_HELP);

    stack
        .command("ls")
        .description("List the stacks in the state backend and the stack files without one")
        .option("--json", "print the list as JSON")
        .addHelpText(
            "after",
            "\nWithout the Pulumi CLI (or with a backend that cannot be read) it lists the stack files, says why\nthe backend was not read, and still exits 0.",
        )
        .action(async (opts: { json?: boolean }) => {
            const run = require("../cli-support/engine-run") as typeof import("../cli-support/engine-run");
            const { readdirSync } = require("node:fs") as typeof import("node:fs");
            const { listStackFiles } = require("../plan/stack-file") as typeof import("../plan/stack-file");
            const files = listStackFiles(ctx.cwd, readdirSync(ctx.cwd));
            let backend:
                | { readonly url: string; readonly stacks: Awaited<ReturnType<Workspace["listStacks"]>> }
                | { readonly error: string };
            try {
                const workspace = await run.openWorkspace(ctx, depsOf(ctx));
                const stacks = await run.withWorkspaceErrors({}, () => workspace.listStacks());
                backend = { url: (await workspace.info()).backendUrl, stacks };
            } catch (err) {
                // The stack files need no engine: list them, and say why the backend is missing.
                if (!(err instanceof CliError)) throw err;
                backend = { error: err.message.split("\n")[0]! };
            }
            if ("error" in backend) {
                if (opts.json) {
                    const out = {
                        schemaVersion: 1,
                        backendUrl: null,
                        backendError: backend.error,
                        stacks: null,
                        stackFiles: files,
                    };
                    ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
                    return;
                }
                ctx.stderr.write(`rayops: warning: the state backend was not read: ${backend.error}\n`);
                ctx.stdout.write(
                    files.length > 0
                        ? `${files.map((f) => `Pulumi.${f}.yaml: stack ${f} (not checked against the state backend)`).join("\n")}\n`
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
            const { textTable } = require("../render/format") as typeof import("../render/format");
            const lines =
                rows.length > 0
                    ? textTable(["stack", "last update", "resources", ""], rows)
                    : ["no stacks in the state backend yet"];
            ctx.stdout.write(`${lines.join("\n")}\n`);
            ctx.stdout.write(`state: ${backend.url}\n`);
            for (const name of notCreated) {
                ctx.stdout.write(`Pulumi.${name}.yaml has no stack yet: rayops stack init --stack ${name}\n`);
            }
        });

    stack
        .command("select [name]")
        .description("Make a stack the workspace's current one (used when --stack is left out)")
        .option("-s, --stack <name>", "the stack to select")
        .action(async (positional: string | undefined, opts: { stack?: string }) => {
            const run = require("../cli-support/engine-run") as typeof import("../cli-support/engine-run");
            const name = run.checkStackName(nameFrom(positional, opts.stack, "select"));
            const workspace = await run.openWorkspace(ctx, depsOf(ctx));
            await run.withWorkspaceErrors({ stack: name }, () => workspace.selectStack(name));
            ctx.stdout.write(`selected stack ${name}\n`);
        });

    stack
        .command("init [name]")
        .description("Create a stack in the state backend from its Pulumi.<name>.yaml")
        .option("-s, --stack <name>", "the stack to create")
        .addHelpText(
            "after",
            "\nThe stack file must exist: it holds the stack's config and secrets provider.\nExit codes: 0 created, 1 error, 5 no stack file.",
        )
        .action(async (positional: string | undefined, opts: { stack?: string }) => {
            const run = require("../cli-support/engine-run") as typeof import("../cli-support/engine-run");
            const { existsSync } = require("node:fs") as typeof import("node:fs");
            const path = require("node:path") as typeof import("node:path");
            const name = run.checkStackName(nameFrom(positional, opts.stack, "init"));
            const file = `Pulumi.${shortStackName(name)}.yaml`;
            if (!existsSync(path.join(ctx.cwd, file))) {
                throw new CliError(
                    `no stack file ${file}: write the stack's config there first (see Pulumi.dev.yaml); nothing was created`,
                    ExitCode.badConfig,
                );
            }
            const workspace = await run.openWorkspace(ctx, depsOf(ctx));
            await run.withWorkspaceErrors({ stack: name }, () => workspace.initStack(name));
            ctx.stdout.write(`created stack ${name} from ${file}\n`);
        });

    stack
        .command("export")
        .description("Export a stack's state as JSON (secret values stay encrypted)")
        .option("-s, --stack <name>", "stack to export (default: the selected stack)")
        .option("--file <path>", "write to this file (owner-only) instead of stdout")
        .action(async (opts: { stack?: string; file?: string }) => {
            const run = require("../cli-support/engine-run") as typeof import("../cli-support/engine-run");
            const workspace = await run.openWorkspace(ctx, depsOf(ctx));
            const name = await run.resolveStackName(workspace, opts.stack);
            const state = await run.withWorkspaceErrors({ stack: name }, async () =>
                (await workspace.stack(name)).exportStack(),
            );
            const text = `${JSON.stringify(state, null, 2)}\n`;
            if (!opts.file) {
                ctx.stdout.write(text);
                return;
            }
            const fs = require("node:fs") as typeof import("node:fs");
            const path = require("node:path") as typeof import("node:path");
            const file = path.resolve(ctx.cwd, opts.file);
            try {
                fs.mkdirSync(path.dirname(file), { recursive: true });
                fs.writeFileSync(file, text, { mode: 0o600 });
            } catch (err) {
                throw new CliError(
                    `--file ${opts.file}: cannot write it (${(err as NodeJS.ErrnoException).code})`,
                );
            }
            ctx.stderr.write(`rayops: state of stack ${name} exported to ${file}\n`);
        });
}
