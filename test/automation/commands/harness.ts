/**
 * Runs the real rayops CLI in-process, with a fresh context per run: its output captured, its
 * dependencies (a FakeWorkspace, scripted answers, a fixed clock) handed in through `provideDeps`.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { main } from "../../../automation/cli";
import type { CliContext } from "../../../automation/cli-support/context";
import { type CommandDeps, provideDeps } from "../../../automation/cli-support/deps";
import { writeSelection } from "../../support/pulumi-selection";
import { assertReportDocument } from "../../support/report-schema";

export const REPO_ROOT = path.join(__dirname, "..", "..", "..");

export interface CliRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

export interface RunOptions {
    readonly cwd: string;
    readonly env?: Readonly<Record<string, string | undefined>>;
    readonly deps?: Partial<CommandDeps>;
    /**
     * The stack selected in the Pulumi workspace, written where the Pulumi CLI keeps it. Every run
     * gets a Pulumi home of its own (PULUMI_HOME, unless `env` names one), so nothing a developer
     * selected on this machine reaches a spec.
     */
    readonly selected?: string;
}

export async function runCli(args: readonly string[], opts: RunOptions): Promise<CliRun> {
    const pulumiHome = mkdtempSync(path.join(tmpdir(), "rayops-pulumi-home-"));
    try {
        if (opts.selected !== undefined)
            writeSelection(opts.env?.PULUMI_HOME ?? pulumiHome, opts.cwd, opts.selected);
        return await runIn(args, opts, pulumiHome);
    } finally {
        rmSync(pulumiHome, { recursive: true, force: true });
    }
}

async function runIn(args: readonly string[], opts: RunOptions, pulumiHome: string): Promise<CliRun> {
    let stdout = "";
    let stderr = "";
    const ctx: CliContext = {
        env: { NO_COLOR: "1", PULUMI_HOME: pulumiHome, ...opts.env },
        cwd: opts.cwd,
        stdout: { write: (s: string) => (stdout += s), isTTY: false },
        stderr: { write: (s: string) => (stderr += s), isTTY: false },
        exitCode: 0,
    };
    // A test never waits on a real prompt: without scripted answers there is no terminal.
    provideDeps(ctx, { stdinIsTTY: false, now: () => new Date("2026-11-25T10:20:30.000Z"), ...opts.deps });
    const code = await main(["node", "rayops", ...args], ctx);
    // Every report a spec makes the CLI print as JSON is checked against the published schema.
    if (REPORT_COMMANDS.has(args[0] ?? "") && args.includes("--json") && stdout.trim() !== "") {
        assertReportDocument(JSON.parse(stdout));
    }
    return { code, stdout, stderr };
}

/** The commands whose `--json` is a report document (docs/schemas/report.schema.json). */
const REPORT_COMMANDS = new Set(["plan", "preview", "up", "destroy", "refresh", "drift"]);

/** Answers prompts in order and records the questions; an unexpected question fails the test. */
export function scriptedPrompt(...answers: string[]): {
    readonly prompt: (question: string) => Promise<string>;
    readonly questions: string[];
} {
    const questions: string[] = [];
    return {
        questions,
        prompt: async (question) => {
            questions.push(question);
            const answer = answers.shift();
            if (answer === undefined) throw new Error(`unexpected prompt: ${question}`);
            return answer;
        },
    };
}

/** A scratch repository root with the project's stack files; remove it with `cleanup`. */
export function scratchRepo(extraFiles: Readonly<Record<string, string>> = {}): {
    readonly dir: string;
    cleanup(): void;
} {
    const dir = mkdtempSync(path.join(tmpdir(), "rayops-cli-"));
    // Both programs' project and stack files: the offline plan runs the network program first.
    mkdirSync(path.join(dir, "network"));
    for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"]) {
        copyFileSync(path.join(REPO_ROOT, f), path.join(dir, f));
        copyFileSync(path.join(REPO_ROOT, "network", f), path.join(dir, "network", f));
    }
    for (const [name, text] of Object.entries(extraFiles)) writeFileSync(path.join(dir, name), text);
    return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Non-empty lines of `text`. */
export function lines(text: string): string[] {
    return text.split("\n").filter((l) => l.trim() !== "");
}
