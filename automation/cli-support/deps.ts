/**
 * What the engine commands need besides the CLI context: the workspace factory, a way to ask the
 * person at the terminal, and the clock. Defaults are the real ones; a test hands its own to one
 * context with `provideDeps`, so nothing global changes.
 */

import { createInterface } from "node:readline";
import { openPulumiWorkspace } from "../workspace/pulumi";
import type { WorkspaceFactory } from "../workspace/types";
import type { CliContext } from "./context";

export interface CommandDeps {
    /** Opens the repository's workspace. @default the Automation API's LocalWorkspace (workspace/pulumi.ts) */
    readonly openWorkspace: WorkspaceFactory;
    /** Shows `question` and resolves to the line typed. @default a readline prompt on stdin, asked on stderr */
    readonly prompt: (question: string) => Promise<string>;
    /** Whether someone can answer a prompt. @default process.stdin.isTTY */
    readonly stdinIsTTY: boolean;
    /** @default () => new Date() */
    readonly now: () => Date;
}

const provided = new WeakMap<CliContext, Partial<CommandDeps>>();

/** Gives `ctx` its own dependencies (tests: a fake workspace, scripted answers, a fixed clock). */
export function provideDeps(ctx: CliContext, deps: Partial<CommandDeps>): void {
    provided.set(ctx, { ...provided.get(ctx), ...deps });
}

export function depsOf(ctx: CliContext): CommandDeps {
    const own = provided.get(ctx) ?? {};
    return {
        openWorkspace: own.openWorkspace ?? openPulumiWorkspace,
        prompt: own.prompt ?? readLine,
        stdinIsTTY: own.stdinIsTTY ?? process.stdin.isTTY === true,
        now: own.now ?? (() => new Date()),
    };
}

async function readLine(question: string): Promise<string> {
    // Asked on stderr, so a report on stdout stays clean for pipes.
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    try {
        return await new Promise<string>((resolve, reject) => {
            rl.once("close", () => reject(new Error("no answer: the input was closed")));
            rl.question(question, resolve);
        });
    } finally {
        rl.removeAllListeners("close");
        rl.close();
    }
}
