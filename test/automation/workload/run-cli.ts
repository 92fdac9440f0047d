/** Runs the real `rayops` executable (bin/rayops.js) as a child process, with a bounded wait. */
import { spawn } from "node:child_process";
import * as path from "node:path";

export const REPO_ROOT = path.join(__dirname, "..", "..", "..");

export interface CliRun {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

export function runRayops(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(REPO_ROOT, "bin", "rayops.js"), ...args], {
            cwd: REPO_ROOT,
            env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (c: string) => {
            stdout += c;
        });
        child.stderr.setEncoding("utf8").on("data", (c: string) => {
            stderr += c;
        });
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(
                new Error(
                    `rayops ${args.join(" ")} ran past ${timeoutMs / 1000} s; stderr:\n${stderr.slice(-3000)}`,
                ),
            );
        }, timeoutMs);
        child.on("error", reject);
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr });
        });
    });
}

/** The environment the CLI runs with: the cluster's token, no colour, nothing of the caller's Ray. */
export function cliEnv(token: string | undefined, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...extra };
    delete env.RAY_ADDRESS;
    delete env.RAY_AUTH_TOKEN_PATH;
    if (token === undefined) delete env.RAY_AUTH_TOKEN;
    else env.RAY_AUTH_TOKEN = token;
    return env;
}
