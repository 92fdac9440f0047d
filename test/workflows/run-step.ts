import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { isMapping, type Mapping } from "./workflow-file";

/** What the GitHub runner itself puts in every step's environment. */
const RUNNER_VARIABLES = new Set([
    "GITHUB_STEP_SUMMARY",
    "GITHUB_OUTPUT",
    "RUNNER_TEMP",
    "GITHUB_RUN_ID",
    "GITHUB_ACTOR",
]);

export interface StepRun {
    readonly status: number | null;
    readonly stdout: string;
    /** Arguments of each `npx` call, in order. */
    readonly npxCalls: string[][];
    readonly summary: string;
    /** What the step wrote to $GITHUB_OUTPUT, as name → value. */
    readonly outputs: Record<string, string>;
    /** The runner's temp folder as the step saw it. */
    readonly runnerTemp: string;
}

/**
 * Runs a step's `run:` script the way a Linux runner does by default (`bash -e`), with the
 * values its `env:` expressions would have. `npx` is a fake that stands in for the rayops CLI (a
 * separate program whose cloud calls cannot run here): it records its arguments, prints a line
 * and exits with `npxExit`.
 */
export function runStep(
    stepBody: Mapping,
    env: Record<string, string>,
    options: { npxExit?: number; declaredEnv?: Mapping; cwd?: string } = {},
): StepRun {
    const script = stepBody["run"];
    if (typeof script !== "string") throw new Error("the step has no run script");
    const declared = {
        ...(options.declaredEnv ?? {}),
        ...(isMapping(stepBody["env"]) ? stepBody["env"] : {}),
    };
    for (const name of Object.keys(env)) {
        if (!(name in declared) && !RUNNER_VARIABLES.has(name)) {
            throw new Error(`the test sets ${name}, which the step does not declare in env:`);
        }
    }
    const dir = mkdtempSync(path.join(tmpdir(), "rayops-step-"));
    try {
        const log = path.join(dir, "npx-calls.jsonl");
        const summary = path.join(dir, "summary.md");
        const runnerTemp = path.join(dir, "runner-temp");
        const outputFile = path.join(dir, "output.txt");
        writeFileSync(summary, "");
        writeFileSync(outputFile, "");
        const fake = path.join(dir, "bin", "npx");
        mkdirSync(path.dirname(fake));
        mkdirSync(runnerTemp);
        writeFileSync(
            fake,
            [
                `#!${process.execPath}`,
                `require("node:fs").appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + "\\n");`,
                `process.stdout.write("fake rayops output\\n");`,
                `process.exit(${options.npxExit ?? 0});`,
            ].join("\n"),
        );
        chmodSync(fake, 0o755);
        const result = spawnSync("bash", ["-e", "-c", script], {
            encoding: "utf8",
            cwd: options.cwd,
            env: {
                PATH: `${path.dirname(fake)}:${process.env["PATH"] ?? ""}`,
                GITHUB_STEP_SUMMARY: summary,
                GITHUB_OUTPUT: outputFile,
                RUNNER_TEMP: runnerTemp,
                GITHUB_RUN_ID: "4242",
                GITHUB_ACTOR: "octocat",
                ...env,
            },
        });
        const calls = existsSync(log)
            ? readFileSync(log, "utf8")
                  .trim()
                  .split("\n")
                  .map((line) => JSON.parse(line) as string[])
            : [];
        return {
            status: result.status,
            stdout: result.stdout,
            npxCalls: calls,
            summary: readFileSync(summary, "utf8"),
            outputs: Object.fromEntries(
                readFileSync(outputFile, "utf8")
                    .split("\n")
                    .filter((line) => line.includes("="))
                    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
            ),
            runnerTemp,
        };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
