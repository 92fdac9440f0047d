/**
 * The policy pack's version rules. Pulumi Cloud refuses to publish a version of a pack twice, so a
 * change to what the pack publishes must come with a new version in policypack/package.json, and
 * publishing a version that is already there is a no-op rather than an error.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";

export const PACK_DIR = "policypack";

/**
 * Files of policypack/ that do not change what `pulumi policy publish` uploads or how the pack
 * behaves: its prose. Everything else (policies, libraries, package.json, PulumiPolicy.yaml,
 * tsconfig.json) counts as a change of the pack.
 */
const NOT_PUBLISHED = /\.md$/i;

/** A semantic version `MAJOR.MINOR.PATCH[-pre]`, as npm writes it in package.json. */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$/;

export class PackVersionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PackVersionError";
    }
}

function parse(version: string, where: string): { core: number[]; pre?: string } {
    const match = SEMVER.exec(version);
    if (!match) {
        throw new PackVersionError(
            `${where}: version ${JSON.stringify(version)} is not a semantic version; allowed MAJOR.MINOR.PATCH, e.g. 0.2.0`,
        );
    }
    return { core: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] };
}

/** Negative when a < b, 0 when equal, positive when a > b (pre-releases sort before their release). */
export function compareVersions(a: string, b: string): number {
    const x = parse(a, "version");
    const y = parse(b, "version");
    for (let i = 0; i < 3; i++) {
        const d = x.core[i]! - y.core[i]!;
        if (d !== 0) return d;
    }
    if (x.pre === y.pre) return 0;
    if (x.pre === undefined) return 1;
    if (y.pre === undefined) return -1;
    return x.pre < y.pre ? -1 : 1;
}

/** The `version` of a package.json's text, or a clear error naming `where`. */
export function packageVersion(text: string, where: string): string {
    let version: unknown;
    try {
        version = (JSON.parse(text) as { version?: unknown }).version;
    } catch (err) {
        throw new PackVersionError(`${where} is not valid JSON (${(err as Error).message})`);
    }
    if (typeof version !== "string") {
        throw new PackVersionError(`${where} has no "version" string; allowed e.g. "version": "0.2.0"`);
    }
    parse(version, where);
    return version;
}

/** The pack's version in the working tree. */
export function currentPackVersion(repo: string): string {
    const file = path.join(repo, PACK_DIR, "package.json");
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch {
        throw new PackVersionError(
            `no ${PACK_DIR}/package.json under ${repo}: run rayops from the repository root`,
        );
    }
    return packageVersion(text, `${PACK_DIR}/package.json`);
}

export interface VersionCheck {
    /** The base revision as given, and the commit it names. */
    readonly base: string;
    readonly baseCommit: string;
    /** Files of the pack that differ from the base and change what it publishes, sorted. */
    readonly changed: readonly string[];
    /** undefined when the base has no pack yet. */
    readonly baseVersion: string | undefined;
    readonly version: string;
    /** True when the pack is unchanged, new, or carries a higher version than the base. */
    readonly ok: boolean;
    /** One sentence: what was found and, when not ok, what to do. */
    readonly message: string;
}

function git(repo: string, args: string[]): string {
    return execFileSync("git", args, {
        cwd: repo,
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 64 << 20,
    }).toString();
}

/**
 * Compares policypack/ in the working tree with `base`: when a published file changed, the
 * version in policypack/package.json must be higher than the base's.
 */
export function checkPackVersion(repo: string, base: string): VersionCheck {
    if (base.startsWith("-")) {
        throw new PackVersionError(`--base ${JSON.stringify(base)}: allowed a git revision, not an option`);
    }
    let baseCommit: string;
    try {
        baseCommit = git(repo, ["rev-parse", "--verify", "--quiet", `${base}^{commit}`]).trim();
    } catch {
        throw new PackVersionError(
            `--base ${JSON.stringify(base)}: not a commit in this repository; allowed a branch, tag or commit (fetch it first in a shallow CI checkout)`,
        );
    }
    const version = currentPackVersion(repo);
    // Against the working tree, so an uncommitted edit counts as well as a committed one.
    const changed = git(repo, ["diff", "--name-only", "--no-renames", baseCommit, "--", `${PACK_DIR}/`])
        .split("\n")
        .filter((file) => file !== "" && !NOT_PUBLISHED.test(file))
        .sort();
    let baseVersion: string | undefined;
    try {
        const text = git(repo, ["show", `${baseCommit}:${PACK_DIR}/package.json`]);
        baseVersion = packageVersion(text, `${PACK_DIR}/package.json at ${base}`);
    } catch (err) {
        if (err instanceof PackVersionError) throw err;
        baseVersion = undefined;
    }
    const result = { base, baseCommit, changed, baseVersion, version };
    if (changed.length === 0) {
        return {
            ...result,
            ok: true,
            message: `the policy pack is unchanged since ${base} (version ${version})`,
        };
    }
    if (baseVersion === undefined) {
        return { ...result, ok: true, message: `the policy pack is new since ${base} (version ${version})` };
    }
    if (compareVersions(version, baseVersion) > 0) {
        return {
            ...result,
            ok: true,
            message: `the policy pack changed since ${base} and its version went from ${baseVersion} to ${version}`,
        };
    }
    const shown =
        changed.slice(0, 5).join(", ") + (changed.length > 5 ? ` and ${changed.length - 5} more` : "");
    return {
        ...result,
        ok: false,
        message:
            `the policy pack changed since ${base} (${shown}) but ${PACK_DIR}/package.json's version is ${version}, ` +
            `${version === baseVersion ? "the same as" : "lower than"} the base's ${baseVersion}: ` +
            `raise it (e.g. to ${nextPatch(baseVersion)}), since Pulumi Cloud publishes each version once`,
    };
}

function nextPatch(version: string): string {
    const { core } = parse(version, "version");
    return `${core[0]}.${core[1]}.${core[2]! + 1}`;
}

/**
 * The versions `pulumi policy ls <org> --json` lists for pack `name`. Its output is an array of
 * `{ name, versions }` (pulumi/pulumi v3.248.0, pkg/cmd/pulumi/policy/policy_list.go,
 * formatPolicyPacksJSON; read 2026-12-02).
 */
export function publishedVersions(listJson: string, name: string): string[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(listJson);
    } catch (err) {
        throw new PackVersionError(
            `pulumi policy ls --json printed something that is not JSON (${(err as Error).message})`,
        );
    }
    // An organisation without packs prints `null` (a nil Go slice).
    if (parsed === null) return [];
    if (!Array.isArray(parsed)) {
        throw new PackVersionError("pulumi policy ls --json printed no list of packs");
    }
    const pack = parsed.find(
        (p): p is { name: string; versions?: unknown } =>
            typeof p === "object" && p !== null && (p as { name?: unknown }).name === name,
    );
    if (!pack || !Array.isArray(pack.versions)) return [];
    return pack.versions.filter((v): v is string => typeof v === "string");
}
