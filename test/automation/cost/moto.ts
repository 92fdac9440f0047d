/**
 * moto in server mode (PyPI `moto[server]`, requirements-dev.txt) as a local stand-in for AWS
 * Cost Explorer: it speaks the real JSON 1.1 protocol (`X-Amz-Target:
 * AWSInsightsIndexService.GetCostAndUsage`) on 127.0.0.1 and answers from a queue of results the
 * test sets through moto's own API (one result per distinct request).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import * as path from "node:path";
import { REPO_ROOT } from "../../support/program";

/** `RAYOPS_MOTO_SERVER`, else `moto_server` on PATH, else the project's .venv (where .ci/run installs it). */
export function motoServerPath(env: NodeJS.ProcessEnv = process.env): string {
    const candidates = [
        env.RAYOPS_MOTO_SERVER,
        ...(env.PATH ?? "").split(path.delimiter).map((dir) => dir && path.join(dir, "moto_server")),
        path.join(REPO_ROOT, ".venv", "bin", "moto_server"),
    ];
    const found = candidates.find((c): c is string => !!c && existsSync(c));
    if (!found) {
        throw new Error(
            "moto_server not found: install it with `pip install 'moto[server]==5.2.5'` (requirements-dev.txt; .ci/run puts .venv/bin on PATH) or set RAYOPS_MOTO_SERVER",
        );
    }
    return found;
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as { port: number };
            server.close(() => resolve(port));
        });
    });
}

export interface MotoServer {
    /** `http://127.0.0.1:<port>`: the endpoint to give the AWS client. */
    readonly url: string;
    /** Queues Cost Explorer results, answered to requests in order (one per distinct request). */
    queueCostAndUsage(results: readonly unknown[]): Promise<void>;
    reset(): Promise<void>;
    stop(): Promise<void>;
}

async function post(url: string, body?: unknown): Promise<number> {
    const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
}

const READY_TIMEOUT_MS = 50_000;

export async function startMoto(): Promise<MotoServer> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child: ChildProcess = spawn(motoServerPath(), ["-H", "127.0.0.1", "-p", String(port)], {
        stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d) => (stderr += d));
    const exited = new Promise<never>((_, reject) =>
        child.once("exit", (code) => reject(new Error(`moto_server exited (${code}): ${stderr}`))),
    );
    // Ready once its API answers: polled against a generous deadline, since it starts in about a
    // second on a quiet machine and many more on a busy one. On failure the child is killed.
    const deadline = Date.now() + READY_TIMEOUT_MS;
    const ready = (async () => {
        for (;;) {
            try {
                if ((await post(`${url}/moto-api/reset`)) === 200) return;
            } catch {
                if (Date.now() > deadline) {
                    throw new Error(
                        `moto_server did not answer on ${url} within ${READY_TIMEOUT_MS / 1000} s: ${stderr}`,
                    );
                }
                await new Promise((r) => setTimeout(r, 100));
            }
        }
    })();
    try {
        await Promise.race([ready, exited]);
    } catch (err) {
        child.kill("SIGKILL");
        throw err;
    }
    exited.catch(() => undefined);
    return {
        url,
        async queueCostAndUsage(results) {
            const status = await post(`${url}/moto-api/static/ce/cost-and-usage-results`, { results });
            if (status !== 201) throw new Error(`moto refused the Cost Explorer results (${status})`);
        },
        async reset() {
            await post(`${url}/moto-api/reset`);
        },
        stop: () =>
            new Promise<void>((resolve) => {
                if (child.exitCode !== null) return resolve();
                child.removeAllListeners("exit");
                child.once("exit", () => resolve());
                child.kill();
            }),
    };
}

/** Dummy static credentials for the default chain, put back afterwards. */
export function withDummyCredentials(): () => void {
    const keys = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"] as const;
    const saved = keys.map((k) => [k, process.env[k]] as const);
    process.env.AWS_ACCESS_KEY_ID = "rayops-test-dummy-key";
    process.env.AWS_SECRET_ACCESS_KEY = "dummy-secret-for-moto";
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    return () => {
        for (const [k, v] of saved) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    };
}
