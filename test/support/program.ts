/**
 * The real program's offline run for the committed stack files, computed once per stack and
 * shared read-only by the specs (Pulumi's runtime is process-global, so runs are serialised).
 */
import * as path from "node:path";
import { type OfflineProgramRun, runProgramOffline } from "../../automation/plan/harness";
import type { MockOptions } from "../../automation/plan/mocks";
import { readStackFile } from "../../automation/plan/stack-file";
import type { CapturedResource } from "../../automation/plan/types";

export const REPO_ROOT = path.join(__dirname, "..", "..");

let queue: Promise<unknown> = Promise.resolve();
const cache = new Map<string, Promise<OfflineProgramRun>>();

/**
 * Runs the program with a stack file's config, optionally changed by `edit`, under mocks that
 * answer as `mocks` says (either makes a fresh run, never cached).
 */
export function runStack(
    stack: string,
    edit?: (config: Record<string, string>) => void,
    mocks?: MockOptions,
): Promise<OfflineProgramRun> {
    const key = stack;
    const fresh = edit !== undefined || mocks !== undefined;
    if (!fresh && cache.has(key)) return cache.get(key)!;
    const file = readStackFile(REPO_ROOT, stack);
    const config = { ...file.config };
    edit?.(config);
    const run = queue.then(() =>
        runProgramOffline({ project: "rayops", stack, config, secretKeys: file.secretKeys, mocks }),
    );
    queue = run.catch(() => undefined);
    if (!fresh) cache.set(key, run);
    return run;
}

/** Edits one structured `rayops:` key of a flat config map in place. */
// biome-ignore lint/suspicious/noExplicitAny: specs reach into arbitrary config shapes
export function editKey(config: Record<string, string>, key: string, change: (value: any) => void): void {
    const value = JSON.parse(config[`rayops:${key}`]);
    change(value);
    config[`rayops:${key}`] = JSON.stringify(value);
}

export function ofType(run: OfflineProgramRun, type: string): CapturedResource[] {
    return run.resources.filter((r) => r.type === type);
}

export function named(run: OfflineProgramRun, type: string, name: string): CapturedResource {
    const r = run.resources.find((x) => x.type === type && x.name === name);
    if (!r) {
        const names = ofType(run, type).map((x) => x.name);
        throw new Error(`no ${type} named ${name}; have: ${names.join(", ")}`);
    }
    return r;
}

export const STACKS = ["dev", "prod"] as const;
