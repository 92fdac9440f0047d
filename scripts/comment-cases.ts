/**
 * The Markdown `rayops plan --markdown` prints (what a pull request's job summary shows, with the
 * same summary renderer as the sticky PR comment) for four cases: a passing dev plan, a plan that
 * breaks a mandatory policy, a config error, and a pull request planned against its base. Each is
 * the CLI itself (automation/cli.ts `main`) run in this process, in a scratch git repository that
 * holds this checkout's files at a base commit on `main`; nothing here renders Markdown itself.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { main } from "../automation/cli";
import { editStack, git, pullRequestEdit, scratchRepo } from "../test/support/scratch-repo";

export interface CommentCase {
    /** The file name the case is saved under, without extension. */
    readonly name: string;
    /** What the case shows, for the screenshot's reader. */
    readonly title: string;
    /** The CLI's exit code. */
    readonly exitCode: number;
    readonly markdown: string;
}

/** The GPU pool may grow to 12 nodes: stack-enforce-node-limits allows 10 (mandatory). */
const tooManyGpuNodes = (t: string) =>
    editStack(
        t,
        /(gpu:\n\s+instanceTypes: \[g5\.xlarge\]\n\s+minSize: 0\n\s+maxSize:) 2/,
        "$1 12",
        "gpu pool maxSize",
    );

/** An empty duration, which the config schema rejects before anything is planned. */
const emptyDuration = (t: string) =>
    editStack(t, "scaleDownUnneededTime: 5m", 'scaleDownUnneededTime: ""', "duration");

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

/** The four cases, in the order a reader compares them. */
export async function commentCases(): Promise<CommentCase[]> {
    const repo = scratchRepo("rayops-screenshots-");
    try {
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
        writeFileSync(stackFile, pullRequestEdit(original));
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
