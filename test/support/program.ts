/**
 * The real programs' offline run for the committed stack files, computed once per stack and
 * shared read-only by the specs (Pulumi's runtime is process-global, so runs are serialised).
 * A run is both programs of the stack: the network program (network/), then the cluster
 * program against its outputs; `resources` holds both, `outputs` are the cluster program's.
 */
import * as path from "node:path";
import type { OfflineProgramRun } from "../../automation/plan/harness";
import type { MockOptions } from "../../automation/plan/mocks";
import { readNetworkStack, runStackOffline } from "../../automation/plan/programs";
import { readStackFile } from "../../automation/plan/stack-file";
import type { CapturedResource } from "../../automation/plan/types";

export const REPO_ROOT = path.join(__dirname, "..", "..");

let queue: Promise<unknown> = Promise.resolve();
const cache = new Map<string, Promise<OfflineProgramRun>>();

type Edit = (config: Record<string, string>) => void;

/**
 * Runs the stack's programs with its stack files' config, the cluster's changed by `edit` and the
 * network's by `editNetwork`, under mocks that answer as `mocks` says (any of them makes a fresh
 * run, never cached).
 */
export function runStack(
    stack: string,
    edit?: Edit,
    mocks?: Omit<MockOptions, "stackOutputs">,
    editNetwork?: Edit,
): Promise<OfflineProgramRun> {
    const key = stack;
    const fresh = edit !== undefined || mocks !== undefined || editNetwork !== undefined;
    if (!fresh && cache.has(key)) return cache.get(key)!;
    const file = readStackFile(REPO_ROOT, stack);
    const config = { ...file.config };
    edit?.(config);
    const networkConfig = { ...readNetworkStack(REPO_ROOT, stack).config };
    editNetwork?.(networkConfig);
    const run = queue.then(async () => {
        const both = await runStackOffline({
            cwd: REPO_ROOT,
            stack,
            config,
            secretKeys: file.secretKeys,
            networkConfig,
            mocks,
        });
        return { resources: both.resources, outputs: both.cluster.outputs };
    });
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
