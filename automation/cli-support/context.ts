/**
 * What a command gets from the program around it (automation/cli.ts): the environment, the
 * repository root, the output streams and the exit code to end with. Commands and their shared
 * helpers import this, never the program itself, so the program is the only module that imports
 * the commands.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import type { ExitCodeValue } from "../exit-codes";

/** What a command needs from its surroundings; tests pass their own. */
export interface CliContext {
    readonly env: NodeJS.ProcessEnv;
    /** The repository root (where Pulumi.yaml and the stack files live). */
    readonly cwd: string;
    /** `columns` is the terminal's width, when stdout is one. */
    readonly stdout: { write(s: string): unknown; isTTY?: boolean; columns?: number };
    readonly stderr: { write(s: string): unknown; isTTY?: boolean };
    /** Set by a command that ends with a non-zero code without throwing (e.g. policy violations). */
    exitCode: ExitCodeValue;
}

/**
 * The columns terminal output is fitted to: the terminal's width (COLUMNS overrides it, as
 * shells set it), else DEFAULT_WIDTH for a pipe or a CI log. Undefined: the renderer's default.
 */
export function outputWidth(ctx: Pick<CliContext, "env" | "stdout">): number | undefined {
    const fromEnv = Number(ctx.env.COLUMNS);
    if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
    return ctx.stdout.isTTY && ctx.stdout.columns ? ctx.stdout.columns : undefined;
}

/**
 * The project a command run in `dir` works on: the nearest folder at or above `dir` that holds a
 * Pulumi.yaml (so a command run from `components/ray/` works on the repository root, and one run
 * in `network/` on the network program), else `dir` itself.
 */
export function projectRoot(dir: string): string {
    for (let at = path.resolve(dir); ; at = path.dirname(at)) {
        if (existsSync(path.join(at, "Pulumi.yaml"))) return at;
        if (path.dirname(at) === at) return dir;
    }
}
