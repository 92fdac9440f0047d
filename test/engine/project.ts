/**
 * The engine specs' project: a temporary directory holding the fixture's Pulumi.yaml (its program
 * is a stand-in cloud, see fixture/program.ts), the repository's own Pulumi.dev.yaml and a link
 * to the real policy pack, with a `file://` backend, a passphrase and a Pulumi home of its own.
 * `rayops(...)` runs the real CLI (bin/rayops.js) there against the Pulumi CLI at the version of
 * .pulumi-version: the one RAYOPS_PULUMI_ROOT names, else the one scripts/pulumi-cli.sh built,
 * else `~/.pulumi/bin/pulumi`, where Pulumi's installer and the pulumi/actions step of ci.yml put it.
 */
import { strict as assert } from "node:assert";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO = path.join(__dirname, "..", "..");
export const FIXTURE = path.join(__dirname, "fixture");
export const FIXTURE_PACK = path.join(FIXTURE, "policy-pack");
export const BROKEN_PACK = path.join(FIXTURE, "broken-pack");
const RAYOPS = path.join(REPO, "bin", "rayops.js");

/** One command's whole run. */
export interface Run {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

let cachedRoot: string | null | undefined;

/** The installation root of the Pulumi CLI (`<root>/bin/pulumi`) the specs use, or null without one. */
export function pulumiRoot(): string | null {
    if (cachedRoot !== undefined) return cachedRoot;
    const given = process.env.RAYOPS_PULUMI_ROOT;
    if (given && fs.existsSync(path.join(given, "bin", "pulumi"))) {
        cachedRoot = given;
        return cachedRoot;
    }
    const check = spawnSync("bash", [path.join(REPO, "scripts", "pulumi-cli.sh"), "--check"], {
        encoding: "utf8",
    });
    if (check.status === 0) {
        cachedRoot = path.dirname(path.dirname(check.stdout.trim()));
        return cachedRoot;
    }
    // An installed CLI counts only at the pinned version: another one would test another engine.
    const installed = path.join(os.homedir(), ".pulumi");
    const wanted = `v${fs.readFileSync(path.join(REPO, ".pulumi-version"), "utf8").trim()}`;
    const version = spawnSync(path.join(installed, "bin", "pulumi"), ["version"], { encoding: "utf8" });
    cachedRoot = version.status === 0 && version.stdout.trim() === wanted ? installed : null;
    return cachedRoot;
}

/**
 * For a suite's `before`: skips it, saying why, when no Pulumi CLI is built here; under CI=true a
 * missing CLI fails instead, because CI builds one.
 */
export function requireEngine(ctx: Mocha.Context): void {
    if (pulumiRoot() !== null) return;
    const why =
        "no Pulumi CLI at the version of .pulumi-version (run scripts/pulumi-cli.sh, ~12 CPU-minutes once per machine, or install that version in ~/.pulumi)";
    if (process.env.CI === "true") throw new Error(`engine specs need the Pulumi CLI under CI: ${why}`);
    console.log(`    skipped: ${why}`);
    ctx.skip();
}

/** `rayops stack init --stack dev`, the first step of most suites. */
export const INIT = ["stack", "init", "--stack", "dev"];
/** `rayops up --yes --stack dev`. */
export const UP = ["up", "--yes", "--stack", "dev"];

/**
 * Registers a suite's hooks: skip (or, under CI, fail) without a CLI; otherwise a fresh project on
 * which `setup`'s commands run in order, each required to succeed; removed afterwards.
 */
export function withProject(...setup: (readonly string[])[]): () => EngineProject {
    let project: EngineProject | undefined;
    before(async function () {
        requireEngine(this);
        project = new EngineProject();
        for (const args of setup) {
            const run = await project.rayops(args);
            assert.equal(run.code, 0, `rayops ${args.join(" ")}: ${run.stderr}`);
        }
    });
    after(() => project?.remove());
    return () => {
        if (!project) throw new Error("the suite's project is not set up");
        return project;
    };
}

export interface RunOptions {
    readonly env?: Readonly<Record<string, string | undefined>>;
    /** Give up (kill the CLI) after this long; a spec then fails with what it printed. @default 240 s */
    readonly killAfterMs?: number;
}

let tsNodeCacheDir: string | undefined;

/**
 * The analyzer's ts-node cache, one per test run: shared across this run's commands (the pack
 * compiles once), never with an earlier run on the machine, whose cached files would let this
 * run skip type-checking them.
 */
function tsNodeCache(): string {
    if (tsNodeCacheDir === undefined) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rayops-engine-ts-node-"));
        process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
        tsNodeCacheDir = dir;
    }
    return tsNodeCacheDir;
}

export class EngineProject {
    readonly dir: string;
    readonly stateDir: string;
    readonly cloudDir: string;
    readonly passphrase = `pass-${randomBytes(6).toString("hex")}`;
    /** The secret the program gives the head; no export or backup may hold it in clear. */
    readonly token = `standin-token-${randomBytes(8).toString("hex")}`;
    private readonly root: string;

    constructor() {
        this.root = fs.mkdtempSync(path.join(os.tmpdir(), "rayops-engine-"));
        this.dir = path.join(this.root, "project");
        this.stateDir = path.join(this.root, "state");
        this.cloudDir = path.join(this.root, "cloud");
        for (const d of [this.dir, this.stateDir, this.cloudDir, path.join(this.root, "home")]) {
            fs.mkdirSync(d, { recursive: true });
        }
        const project = fs
            .readFileSync(path.join(FIXTURE, "Pulumi.yaml"), "utf8")
            .replace(/^main: .*$/m, `main: ${path.join(FIXTURE, "program.ts")}`);
        fs.writeFileSync(path.join(this.dir, "Pulumi.yaml"), project);
        fs.copyFileSync(path.join(REPO, "Pulumi.dev.yaml"), path.join(this.dir, "Pulumi.dev.yaml"));
        fs.symlinkSync(path.join(REPO, "policypack"), path.join(this.dir, "policypack"), "dir");
    }

    /** The environment every command gets: nothing of the caller's Pulumi or GitHub settings. */
    env(extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
        const inherited = Object.fromEntries(
            Object.entries(process.env).filter(
                ([k]) => !/^(PULUMI_|GITHUB_|RAYOPS_|STANDIN_|TS_NODE_)/.test(k),
            ),
        );
        const env: NodeJS.ProcessEnv = {
            ...inherited,
            NO_COLOR: "1",
            RAYOPS_PULUMI_ROOT: pulumiRoot() ?? "",
            PULUMI_BACKEND_URL: `file://${this.stateDir}`,
            PULUMI_HOME: path.join(this.root, "home"),
            PULUMI_CONFIG_PASSPHRASE: this.passphrase,
            STANDIN_CLOUD_DIR: this.cloudDir,
            STANDIN_TOKEN: this.token,
            TS_NODE_CACHE_DIRECTORY: tsNodeCache(),
        };
        for (const [k, v] of Object.entries(extra)) {
            if (v === undefined) delete env[k];
            else env[k] = v;
        }
        return env;
    }

    /** Runs `rayops <args>` in the project, stdin closed (as in CI). */
    rayops(args: readonly string[], opts: RunOptions = {}): Promise<Run> {
        return new Promise((resolve, reject) => {
            const child = spawn(process.execPath, [RAYOPS, ...args], {
                cwd: this.dir,
                env: this.env(opts.env),
                stdio: ["ignore", "pipe", "pipe"],
            });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d) => {
                stdout += d;
            });
            child.stderr.on("data", (d) => {
                stderr += d;
            });
            const timer = setTimeout(() => child.kill("SIGKILL"), opts.killAfterMs ?? 240_000);
            child.on("error", reject);
            child.on("close", (code) => {
                clearTimeout(timer);
                resolve({ code, stdout, stderr });
            });
        });
    }

    /** The stand-in cloud: machine name → what the provider stored. */
    cloud(): Record<string, Record<string, unknown>> {
        return Object.fromEntries(
            fs
                .readdirSync(this.cloudDir)
                .filter((f) => f.endsWith(".json"))
                .map((f) => [
                    f.slice(0, -5),
                    JSON.parse(fs.readFileSync(path.join(this.cloudDir, f), "utf8")),
                ]),
        );
    }

    /** The stack's checkpoint as the file backend keeps it, or undefined before its first update. */
    checkpoint(stack = "dev"): string | undefined {
        const file = path.join(this.stateDir, ".pulumi", "stacks", "rayops", `${stack}.json`);
        return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    }

    /** Resource URNs in the stack's checkpoint (none before the first update). */
    stateUrns(stack = "dev"): string[] {
        const text = this.checkpoint(stack);
        if (text === undefined) return [];
        const resources = (JSON.parse(text).checkpoint?.latest?.resources ?? []) as { urn: string }[];
        return resources.map((r) => r.urn);
    }

    /** Lock files the file backend holds for the stack. */
    locks(stack = "dev"): string[] {
        const dir = path.join(this.stateDir, ".pulumi", "locks", "organization", "rayops", stack);
        return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    }

    path(...parts: string[]): string {
        return path.join(this.dir, ...parts);
    }

    remove(): void {
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}

/** A failure's stderr: one `rayops:` line and no stack trace. */
export function oneErrorLine(run: Run): string {
    const lines = run.stderr.split("\n").filter((l) => l.trim() !== "");
    if (lines.length !== 1 || !lines[0]!.startsWith("rayops: ")) {
        throw new Error(`expected one "rayops:" line on stderr, got:\n${run.stderr}`);
    }
    return lines[0]!;
}

/** Waits for `check` to hold, polling; fails after `ms` with `what`. */
export async function waitFor(what: string, check: () => boolean, ms = 180_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
        if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

/** Parses a command's `--json` stdout, saying what it printed when that is not JSON. */
// biome-ignore lint/suspicious/noExplicitAny: the specs read the CLI's JSON loosely, as a user's script would
export function json(run: Run): Record<string, any> {
    try {
        return JSON.parse(run.stdout);
    } catch {
        throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n--- stderr ---\n${run.stderr}`);
    }
}
