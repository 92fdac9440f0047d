/**
 * The estimate of another revision (a PR's base), for the cost delta. The base revision's files
 * are exported with `git archive` into a temporary directory and its own program and stack file
 * are run offline in this process; the estimate then uses this revision's readers and price
 * table, so the delta shows what the change does and never a price-table update.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { CostSection } from "../render/report";
import { estimateCost } from "./estimate";
import type { PriceTable } from "./prices";

export class BaseRevisionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "BaseRevisionError";
    }
}

export interface BaseEstimateOptions {
    /** The repository (and the checkout whose node_modules the base revision borrows). */
    readonly cwd: string;
    /** Any git revision: a branch, tag, commit or `origin/main`. */
    readonly ref: string;
    readonly stack: string;
    readonly prices?: PriceTable;
    /** Price the base's network program too, as the offline plan prices both. @default false: the cluster program only, as an engine preview */
    readonly withNetwork?: boolean;
}

function git(cwd: string, args: string[], input?: Buffer): Buffer {
    return execFileSync("git", args, {
        cwd,
        input,
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

/**
 * Plans `stack` as it is at `ref` and estimates its cost. A stack that does not exist at `ref`
 * costs nothing there, so its whole estimate shows as the change.
 */
export async function estimateAtRevision(opts: BaseEstimateOptions): Promise<CostSection> {
    const commit = resolveCommit(opts.cwd, opts.ref);
    const dir = mkdtempSync(path.join(tmpdir(), "rayops-base-"));
    try {
        const archive = git(opts.cwd, ["archive", "--format=tar", commit]);
        execFileSync("tar", ["-x", "-C", dir], { input: archive, stdio: ["pipe", "ignore", "pipe"] });
        // The base program resolves its packages from this checkout's install.
        symlinkSync(path.join(opts.cwd, "node_modules"), path.join(dir, "node_modules"), "dir");
        if (!existsSync(path.join(dir, `Pulumi.${opts.stack}.yaml`))) {
            return { ...estimateCost([], { region: "(none)", prices: opts.prices }), unknown: [] };
        }
        // The base revision is TypeScript source, also when this CLI runs from its dist/ build.
        require("tsx/cjs");
        const { readStackFile } = require("../plan/stack-file") as typeof import("../plan/stack-file");
        const { runProgramOffline } = require("../plan/harness") as typeof import("../plan/harness");
        const file = readStackFile(dir, opts.stack);
        // The cluster program reads the network's outputs: where the base has the network program,
        // it runs first, as in the offline plan. Its resources count only when the caller priced
        // both programs (the offline plan), not for an engine preview of the cluster alone.
        const hasNetwork =
            existsSync(path.join(dir, "network", `Pulumi.${opts.stack}.yaml`)) &&
            existsSync(path.join(dir, "network", "index.ts"));
        let resources: Awaited<ReturnType<typeof runProgramOffline>>["resources"];
        try {
            if (hasNetwork) {
                const { runStackOffline } = require("../plan/programs") as typeof import("../plan/programs");
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
                resources = opts.withNetwork ? run.resources : run.cluster.resources;
            } else {
                ({ resources } = await runProgramOffline({
                    project: "rayops",
                    stack: opts.stack,
                    config: file.config,
                    secretKeys: file.secretKeys,
                    program: path.join(dir, "index"),
                }));
            }
        } catch (err) {
            throw new BaseRevisionError(
                `--base ${opts.ref}: the offline plan of stack ${opts.stack} at ${commit.slice(0, 12)} failed: ${(err as Error).message}`,
            );
        }
        const region = file.config["rayops:region"] ?? file.config["aws:region"];
        return estimateCost(resources, { region, prices: opts.prices });
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
