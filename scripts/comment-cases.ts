/**
 * The Markdown `rayops plan --markdown` prints (what a pull request's job summary shows, with the
 * same summary renderer as the sticky PR comment) for four cases: a passing dev plan, a plan that
 * breaks a mandatory policy, a config error, and a pull request planned against its base. Each is
 * the CLI itself (automation/cli.ts `main`) run in this process, in a scratch git repository that
 * holds this checkout's files at a base commit on `main`; nothing here renders Markdown itself.
 */
import { execFileSync } from "node:child_process";
import {
    copyFileSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    rmSync,
    symlinkSync,
    writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { main } from "../automation/cli";

const ROOT = path.join(__dirname, "..");

export interface CommentCase {
    /** The file name the case is saved under, without extension. */
    readonly name: string;
    /** What the case shows, for the screenshot's reader. */
    readonly title: string;
    /** The CLI's exit code. */
    readonly exitCode: number;
    readonly markdown: string;
}

const GIT_ENV = {
    GIT_AUTHOR_NAME: "rayops screenshots",
    GIT_AUTHOR_EMAIL: "screenshots@example.com",
    GIT_COMMITTER_NAME: "rayops screenshots",
    GIT_COMMITTER_EMAIL: "screenshots@example.com",
};

function git(cwd: string, ...args: string[]): string {
    return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...GIT_ENV } });
}

/** `text` with `pattern` replaced; throws when the stack file no longer has what the case edits. */
function edit(text: string, pattern: RegExp | string, replacement: string, what: string): string {
    const out = text.replace(pattern, replacement);
    if (out === text)
        throw new Error(`Pulumi.dev.yaml no longer holds ${String(pattern)} (${what}): update ${__filename}`);
    return out;
}

/** The GPU pool may grow to 12 nodes: stack-enforce-node-limits allows 10 (mandatory). */
const tooManyGpuNodes = (t: string) =>
    edit(
        t,
        /(gpu:\n\s+instanceTypes: \[g5\.xlarge\]\n\s+minSize: 0\n\s+maxSize:) 2/,
        "$1 12",
        "gpu pool maxSize",
    );

/** An empty duration, which the config schema rejects before anything is planned. */
const emptyDuration = (t: string) =>
    edit(t, "scaleDownUnneededTime: 5m", 'scaleDownUnneededTime: ""', "duration");

/** The pull request: the cpu pool's ceiling from 4 to 6 nodes, and the gpu worker group dropped. */
const pullRequest = (t: string) =>
    edit(
        edit(
            t,
            /( {4}cpu:\n {6}instanceTypes: \[m6i\.2xlarge\]\n {6}minSize: 0\n {6}maxSize: )4/,
            "$16",
            "cpu pool maxSize",
        ),
        /\n {6}gpu:\n {8}pool: gpu\n( {8}.*\n)+? {8}gpus: 1/,
        "",
        "gpu worker group",
    );

/** Runs `rayops <args>` in `cwd`, in this process, and returns what it printed and its exit code. */
async function rayops(cwd: string, args: string[]): Promise<{ exitCode: number; stdout: string }> {
    let stdout = "";
    const ctx = {
        // A pull request's workflow names its base branch so; nothing else of the environment is read.
        env: { NO_COLOR: "1", GITHUB_BASE_REF: "main" },
        cwd,
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (_s: string) => true },
        exitCode: 0 as const,
    };
    const exitCode = await main(["node", "rayops", ...args], ctx);
    return { exitCode, stdout };
}

/** This checkout's files as git sees them (tracked, and new ones not ignored), copied into `dir`. */
function copyProject(dir: string): void {
    const files = git(ROOT, "ls-files", "-co", "--exclude-standard", "-z").split("\0").filter(Boolean);
    for (const f of files) {
        try {
            mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
            copyFileSync(path.join(ROOT, f), path.join(dir, f));
        } catch (err) {
            // A file deleted in the working tree but still tracked.
            if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
        }
    }
}

/** The four cases, in the order a reader compares them. */
export async function commentCases(): Promise<CommentCase[]> {
    const repo = mkdtempSync(path.join(tmpdir(), "rayops-screenshots-"));
    try {
        copyProject(repo);
        git(repo, "init", "-q", "-b", "main");
        // The base revision's programs borrow this checkout's install, as in CI; a link git must not commit.
        symlinkSync(path.join(ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
        writeFileSync(path.join(repo, ".git", "info", "exclude"), "node_modules\n");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "base");

        const stackFile = path.join(repo, "Pulumi.dev.yaml");
        const original = readFileSync(stackFile, "utf8");
        const plan = ["plan", "--stack", "dev", "--markdown"];
        const run = async (change: ((t: string) => string) | undefined, args: string[]) => {
            writeFileSync(stackFile, change ? change(original) : original);
            return rayops(repo, args);
        };

        const good = await run(undefined, plan);
        const violating = await run(tooManyGpuNodes, plan);
        const failed = await run(emptyDuration, plan);
        writeFileSync(stackFile, pullRequest(original));
        git(repo, "commit", "-q", "-am", "the pull request");
        const diff = await rayops(repo, [...plan, "--base", "HEAD^1"]);

        return [
            { name: "good", title: "a passing dev plan", ...caseOf(good) },
            {
                name: "violating",
                title: "a mandatory policy violation (gpu pool up to 12 nodes)",
                ...caseOf(violating),
            },
            { name: "failed", title: "a config error (empty scaleDownUnneededTime)", ...caseOf(failed) },
            { name: "diff", title: "a pull request against main (plan --base HEAD^1)", ...caseOf(diff) },
        ];
    } finally {
        rmSync(repo, { recursive: true, force: true });
    }
}

function caseOf(r: { exitCode: number; stdout: string }): Pick<CommentCase, "exitCode" | "markdown"> {
    return { exitCode: r.exitCode, markdown: r.stdout };
}
