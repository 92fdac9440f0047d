/**
 * The one rule every command follows for its stack: `--stack`, else the stack selected in the
 * Pulumi workspace (`rayops stack select` or `pulumi stack select`), else an error that lists the
 * stack files. Offline commands read the selection without the Pulumi CLI, from the settings file
 * the CLI writes; engine commands read the same file, so both kinds agree.
 *
 * Where the CLI keeps the selection (pulumi/pulumi pkg/v3 v3.248.0, pkg/workspace/workspace.go
 * `settingsPath` and settings.go, read 2026-12-02): `<home>/workspaces/<project name>-<sha1 of the
 * Pulumi.yaml path>-workspace.json`, key `stack`, where `<home>` is PULUMI_HOME or `~/.pulumi`
 * with `~` the home directory of the user's passwd entry (Go's os/user, $HOME only without one).
 */

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, realpathSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CliError } from "../exit-codes";
import { listStackFiles } from "../plan/stack-file";
import type { CliContext } from "./context";
import { projectName, shortStackName } from "./stack-config";

const STACK_NAME = /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+){0,2}$/;

/** Stack names as Pulumi allows them (optionally `org/project/stack`). */
export function checkStackName(name: string): string {
    if (!STACK_NAME.test(name)) {
        throw new CliError(
            `--stack "${name}" is not a stack name: use letters, digits, "-", "_" and "." (optionally org/project/stack)`,
        );
    }
    return name;
}

function pulumiHome(env: NodeJS.ProcessEnv): string {
    if (env.PULUMI_HOME) return env.PULUMI_HOME;
    let home: string | undefined;
    try {
        home = os.userInfo().homedir;
    } catch {
        home = env.HOME;
    }
    return path.join(home || os.homedir(), ".pulumi");
}

/**
 * The workspace settings files the Pulumi CLI may use for the project in `projectDir`: the path as
 * given, then with symbolic links resolved (the CLI hashes the path its working directory reports).
 */
export function workspaceSettingsFiles(projectDir: string, env: NodeJS.ProcessEnv): string[] {
    const name = projectName(projectDir);
    if (name === undefined) return [];
    const dirs = [path.resolve(projectDir)];
    try {
        dirs.push(realpathSync(projectDir));
    } catch {
        // a folder that does not resolve has no other name
    }
    const workspaces = path.join(pulumiHome(env), "workspaces");
    return [...new Set(dirs)].map((dir) => {
        const hash = createHash("sha1").update(path.join(dir, "Pulumi.yaml")).digest("hex");
        return path.join(workspaces, `${name}-${hash}-workspace.json`);
    });
}

/**
 * The stack selected for the project in `projectDir`: `dev`, or qualified (`acme/rayops/dev`,
 * which names the organisation on Pulumi Cloud), or undefined when none is.
 */
export function selectedStack(projectDir: string, env: NodeJS.ProcessEnv): string | undefined {
    for (const file of workspaceSettingsFiles(projectDir, env)) {
        let text: string;
        try {
            text = readFileSync(file, "utf8");
        } catch {
            continue;
        }
        let settings: unknown;
        try {
            settings = JSON.parse(text);
        } catch {
            throw new CliError(
                `the Pulumi workspace settings ${file} are not JSON, so the selected stack cannot be read: pass --stack <name>, or run \`rayops stack select <name>\` to rewrite them`,
            );
        }
        const stack = (settings as { stack?: unknown } | null)?.stack;
        if (stack === undefined || stack === "") continue;
        if (typeof stack !== "string" || !STACK_NAME.test(stack)) {
            throw new CliError(
                `the stack selected in ${file}, ${JSON.stringify(stack)}, is not a stack name: pass --stack <name>, or run \`rayops stack select <name>\` to rewrite it`,
            );
        }
        // A DIY (file://, s3://) backend stores `organization/<project>/<stack>`, "organization" being
        // its fixed placeholder (pkg/v3 v3.248.0 backend/diy/backend.go): that names `<stack>` alone,
        // as `stack ls` and `--stack` name it. Any other organisation is kept for the engine.
        const diy = `organization/${projectName(projectDir)}/`;
        return stack.startsWith(diy) ? stack.slice(diy.length) : stack;
    }
    return undefined;
}

/**
 * `--stack` when given, else the selected stack (said on stderr, so a plan of the wrong stack is
 * never silent), else a `CliError` naming the stack files to choose from. The name is kept as
 * given, qualified or not, for the engine; offline commands use `chooseStackFile`.
 */
export function chooseStack(
    explicit: string | undefined,
    ctx: Pick<CliContext, "cwd" | "env" | "stderr">,
): string {
    if (explicit !== undefined) return checkStackName(explicit);
    const selected = selectedStack(ctx.cwd, ctx.env);
    if (selected !== undefined) {
        ctx.stderr.write(`rayops: stack ${selected} (the selected stack; --stack chooses another)\n`);
        return selected;
    }
    let files: string[] = [];
    try {
        files = listStackFiles(ctx.cwd, readdirSync(ctx.cwd));
    } catch {
        // an unreadable folder lists no stack files
    }
    const choices =
        files.length > 0
            ? `the stack files here are ${files.map((f) => `Pulumi.${f}.yaml`).join(", ")}`
            : "there is no Pulumi.<name>.yaml here";
    throw new CliError(
        `no --stack given and no stack selected: pass --stack <name>, or run \`rayops stack select <name>\` once (${choices})`,
    );
}

/**
 * The stack an offline command works on, by the name of its stack file: `chooseStack`'s choice
 * without its organisation and project (`org/rayops/dev` → `dev`, for Pulumi.dev.yaml).
 */
export function chooseStackFile(
    explicit: string | undefined,
    ctx: Pick<CliContext, "cwd" | "env" | "stderr">,
): string {
    return shortStackName(chooseStack(explicit, ctx));
}
