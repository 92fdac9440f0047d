/**
 * What a change does, without an engine or a cloud: the offline plan of this revision against the
 * offline plan of a base revision, resource by resource. Both run under the same mocks, so an
 * input differs only where the program or the stack file changed it. Only property paths are
 * reported, never values, so a changed secret shows as a path and nothing more.
 */
import type { CapturedResource } from "./types";

export type ResourceChangeKind = "create" | "update" | "replace" | "delete" | "same";

export interface ResourceChange {
    readonly change: ResourceChangeKind;
    /** Input paths that differ, `a.b[2].c`, sorted; at most MAX_PATHS (see `morePaths`). */
    readonly paths: readonly string[];
    /** Changed paths left out of `paths`. */
    readonly morePaths: number;
    /** Why the change replaces the resource (only for `replace`). */
    readonly replaceReasons: readonly string[];
}

export interface PlanDiff {
    /** By URN of this revision's resources. */
    readonly changes: ReadonlyMap<string, ResourceChange>;
    /** Resources of the base that this revision no longer has. */
    readonly deleted: readonly CapturedResource[];
}

/** Paths listed per resource; a resource with more says how many more. */
export const MAX_PATHS = 20;

/** Resources the diff is about: what the engine would create, change or delete in the cloud. */
function managed(r: CapturedResource): boolean {
    return !r.isProvider && r.type !== "pulumi:pulumi:Stack";
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Every path at which `a` and `b` differ; a path that holds a changed list or scalar is reported whole. */
export function changedPaths(a: unknown, b: unknown, at = ""): string[] {
    if (isPlainObject(a) && isPlainObject(b)) {
        const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
        return keys.flatMap((k) => changedPaths(a[k], b[k], at === "" ? k : `${at}.${k}`));
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
        return a.flatMap((item, i) => changedPaths(item, b[i], `${at}[${i}]`));
    }
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [at === "" ? "(all inputs)" : at];
}

/** Whether `path` is covered by a `replaceOnChanges` entry (`*`, the path itself or one above it). */
function replacedBy(path: string, patterns: readonly string[]): string | undefined {
    return patterns.find(
        (p) => p === "*" || path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`),
    );
}

function compare(base: CapturedResource, head: CapturedResource): ResourceChange {
    const all = changedPaths(base.inputs, head.inputs);
    const reasons: string[] = [];
    if ((base.provider ?? "") !== (head.provider ?? "")) reasons.push("its provider changed");
    for (const path of all) {
        const pattern = replacedBy(path, head.replaceOnChanges ?? []);
        if (pattern) reasons.push(`${path} changed, and the program replaces on ${pattern}`);
    }
    const change: ResourceChangeKind = reasons.length > 0 ? "replace" : all.length > 0 ? "update" : "same";
    return {
        change,
        paths: all.slice(0, MAX_PATHS),
        morePaths: Math.max(0, all.length - MAX_PATHS),
        replaceReasons: reasons,
    };
}

const CREATED: ResourceChange = { change: "create", paths: [], morePaths: 0, replaceReasons: [] };
const SAME: ResourceChange = { change: "same", paths: [], morePaths: 0, replaceReasons: [] };

/**
 * Matches each resource of `head` with the base's by URN, or by an alias that names a base URN
 * (a renamed resource is an update, not a delete and a create), and says what changes.
 * Components change nothing in the cloud themselves: they are `same` unless new or gone.
 */
export function diffPlans(base: readonly CapturedResource[], head: readonly CapturedResource[]): PlanDiff {
    const before = new Map(base.filter(managed).map((r) => [r.urn, r]));
    const matched = new Set<string>();
    const changes = new Map<string, ResourceChange>();
    for (const r of head.filter(managed)) {
        const urn = [r.urn, ...(r.aliases ?? [])].find((u) => before.has(u) && !matched.has(u));
        const old = urn === undefined ? undefined : before.get(urn);
        if (urn === undefined || old === undefined) {
            changes.set(r.urn, r.read ? SAME : CREATED);
            continue;
        }
        matched.add(urn);
        changes.set(r.urn, r.component || r.read ? SAME : compare(old, r));
    }
    const deleted = [...before.values()].filter((r) => !matched.has(r.urn) && !r.read);
    return { changes, deleted };
}
