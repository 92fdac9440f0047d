/**
 * A scratch git repository holding this checkout's files at a base commit on `main`, for what
 * plans a pull request against its base (`plan --base`): the fixture-PR spec and the screenshots.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

const GIT_IDENTITY = {
    GIT_AUTHOR_NAME: "rayops scratch",
    GIT_AUTHOR_EMAIL: "scratch@example.com",
    GIT_COMMITTER_NAME: "rayops scratch",
    GIT_COMMITTER_EMAIL: "scratch@example.com",
};

/** `git <args>` in `cwd`, committing as a fixed identity (the machine may have none). */
export function git(cwd: string, ...args: string[]): string {
    return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...GIT_IDENTITY } });
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

/** A new repository under the temp folder with this checkout committed as `base` on `main`; the caller removes it. */
export function scratchRepo(prefix: string): string {
    const repo = mkdtempSync(path.join(tmpdir(), prefix));
    copyProject(repo);
    git(repo, "init", "-q", "-b", "main");
    // The base revision's programs borrow this checkout's install, as in CI; a link git must not commit.
    symlinkSync(path.join(ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
    writeFileSync(path.join(repo, ".git", "info", "exclude"), "node_modules\n");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "base");
    return repo;
}

/** `text` with `pattern` replaced; throws when the stack file no longer holds what is edited. */
export function editStack(text: string, pattern: RegExp | string, replacement: string, what: string): string {
    const out = text.replace(pattern, replacement);
    if (out === text)
        throw new Error(`Pulumi.dev.yaml no longer holds ${String(pattern)} (${what}): update ${__filename}`);
    return out;
}

/** The fixture pull request on dev's stack file: the cpu pool's ceiling from 4 to 6 nodes, the gpu worker group dropped. */
export function pullRequestEdit(stack: string): string {
    return editStack(
        editStack(
            stack,
            /( {4}cpu:\n {6}instanceTypes: \[m6i\.2xlarge\]\n {6}minSize: 0\n {6}maxSize: )4/,
            "$16",
            "cpu pool maxSize",
        ),
        /\n {6}gpu:\n {8}pool: gpu\n( {8}.*\n)+? {8}gpus: 1/,
        "",
        "gpu worker group",
    );
}
