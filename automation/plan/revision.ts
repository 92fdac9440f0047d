/**
 * The offline plan of another revision (a pull request's base), for the change and the cost delta
 * against it. The revision's files are exported with `git archive` into a temporary directory and
 * its own programs and stack files run offline in this process, under this checkout's mocks, so a
 * difference between the two plans is a difference between the revisions.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { readStackFile } from "./stack-file";
import type { CapturedResource } from "./types";

export class BaseRevisionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "BaseRevisionError";
    }
}

function git(cwd: string, args: string[]): Buffer {
    return execFileSync("git", args, {
        cwd,
        maxBuffer: 512 * 1024 * 1024,
        stdio: ["pipe", "pipe", "pipe"],
    });
}

/** The commit `ref` names, or a clear error. */
export function resolveCommit(cwd: string, ref: string): string {
    if (ref.startsWith("-"))
        throw new BaseRevisionError(`--base ${JSON.stringify(ref)}: allowed a git revision, not an option`);
    try {
        return git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])
            .toString()
            .trim();
    } catch {
        throw new BaseRevisionError(
            `--base ${JSON.stringify(ref)}: not a commit in this repository; allowed a branch, tag or commit (fetch it first in a shallow CI checkout)`,
        );
    }
}

/**
 * How people name the revision `ref`: the branch and the short commit, `main @ 1a2b3c4d5e6f`.
 * In a pull request's workflow `HEAD^1` is the base branch's tip, which GitHub names in
 * GITHUB_BASE_REF; elsewhere the ref itself stands for the branch.
 */
export function describeRevision(
    cwd: string,
    ref: string,
    env: Readonly<Record<string, string | undefined>> = {},
): string {
    const commit = resolveCommit(cwd, ref).slice(0, 12);
    const base = env.GITHUB_BASE_REF?.trim();
    const name = base && /^HEAD(\^1?|~1)$/.test(ref) ? base : ref;
    return `${name} @ ${commit}`;
}

export interface RevisionPlanOptions {
    /** The repository (and the checkout whose node_modules the base revision borrows). */
    readonly cwd: string;
    /** Any git revision: a branch, tag, commit or `origin/main`. */
    readonly ref: string;
    readonly stack: string;
}

export interface RevisionPlan {
    readonly commit: string;
    /** False when the stack has no stack file at that revision: then it plans nothing. */
    readonly exists: boolean;
    /** The stack's region there, when it exists. */
    readonly region?: string;
    /** Both programs' resources (the network's first, where the revision has it). */
    readonly resources: readonly CapturedResource[];
    /** The cluster program's alone, as an engine preview of the cluster stack sees it. */
    readonly clusterResources: readonly CapturedResource[];
}

/** Plans `stack` as it is at `ref`, offline. A stack that does not exist there plans nothing. */
export async function planAtRevision(opts: RevisionPlanOptions): Promise<RevisionPlan> {
    const commit = resolveCommit(opts.cwd, opts.ref);
    const dir = mkdtempSync(path.join(tmpdir(), "rayops-base-"));
    try {
        const archive = git(opts.cwd, ["archive", "--format=tar", commit]);
        execFileSync("tar", ["-x", "-C", dir], { input: archive, stdio: ["pipe", "ignore", "pipe"] });
        // The base program resolves its packages from this checkout's install (in place of any
        // node_modules the revision itself holds).
        rmSync(path.join(dir, "node_modules"), { recursive: true, force: true });
        symlinkSync(path.join(opts.cwd, "node_modules"), path.join(dir, "node_modules"), "dir");
        if (!existsSync(path.join(dir, `Pulumi.${opts.stack}.yaml`))) {
            return { commit, exists: false, resources: [], clusterResources: [] };
        }
        // The base revision is TypeScript source, also when this CLI runs from its dist/ build.
        require("tsx/cjs");
        // Loaded here, not at import: `describeRevision` answers a bad --base before any Pulumi SDK loads.
        const { runStackOffline } = require("./programs") as typeof import("./programs");
        const { runProgramOffline } = require("./harness") as typeof import("./harness");
        const file = readStackFile(dir, opts.stack);
        const region = file.config["rayops:region"] ?? file.config["aws:region"];
        // The cluster program reads the network's outputs: where the base has the network program,
        // it runs first, as in the offline plan.
        const hasNetwork =
            existsSync(path.join(dir, "network", `Pulumi.${opts.stack}.yaml`)) &&
            existsSync(path.join(dir, "network", "index.ts"));
        try {
            if (hasNetwork) {
                const run = await runStackOffline({
                    cwd: dir,
                    stack: opts.stack,
                    config: file.config,
                    secretKeys: file.secretKeys,
                    programs: {
                        network: path.join(dir, "network", "index"),
                        cluster: path.join(dir, "index"),
                    },
                });
                return {
                    commit,
                    exists: true,
                    region,
                    resources: run.resources,
                    clusterResources: run.cluster.resources,
                };
            }
            const { resources } = await runProgramOffline({
                project: "rayops",
                stack: opts.stack,
                config: file.config,
                secretKeys: file.secretKeys,
                program: path.join(dir, "index"),
            });
            return { commit, exists: true, region, resources, clusterResources: resources };
        } catch (err) {
            throw new BaseRevisionError(
                `--base ${opts.ref}: the offline plan of stack ${opts.stack} at ${commit.slice(0, 12)} failed: ${(err as Error).message}`,
            );
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
