/**
 * A real local Ray head for the workload specs: `ray start --head --block` in its own process
 * group, its own temp dir and free ports (other Ray instances on the machine are left alone, which
 * `ray stop` would not do), token authentication on, the dashboard (and so the Jobs API) answering.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface RayHead {
    /** `http://127.0.0.1:<dashboard port>`. */
    readonly address: string;
    /** The cluster's token (RAY_AUTH_TOKEN for clients). */
    readonly token: string;
    /** Stops the head and everything it started, then removes its temp dir. */
    stop(): Promise<void>;
}

const START_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 15_000;

/** Fails, rather than skips, where Ray is missing: CI installs it, so its absence is a broken setup. */
export function assertRayImportable(): void {
    const probe = spawnSync("python3", ["-c", "import ray, sys; sys.stdout.write(ray.__version__)"], {
        encoding: "utf8",
    });
    if (probe.status !== 0) {
        throw new Error(
            "these specs need Ray, but `python3 -c 'import ray'` failed: install it with " +
                `\`pip install -r workloads/requirements.txt\` (${(probe.stderr || String(probe.error)).trim()})`,
        );
    }
}

/** Distinct free loopback ports: all held open together, then released. */
async function freePorts(count: number): Promise<number[]> {
    const servers = await Promise.all(
        Array.from(
            { length: count },
            () =>
                new Promise<net.Server>((resolve, reject) => {
                    const s = net.createServer();
                    s.once("error", reject);
                    s.listen(0, "127.0.0.1", () => resolve(s));
                }),
        ),
    );
    const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    return ports;
}

function alive(child: ChildProcess): boolean {
    return child.exitCode === null && child.signalCode === null;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
    try {
        process.kill(-pid, signal);
    } catch {
        // the group is already gone
    }
}

export async function startRayHead(numCpus: number): Promise<RayHead> {
    assertRayImportable();
    // Short: Ray's Unix socket paths under it must stay within 107 characters.
    const dir = mkdtempSync(path.join(os.tmpdir(), "rr-"));
    const logFile = path.join(dir, "ray-start.log");
    const log = openSync(logFile, "a");
    const token = randomBytes(32).toString("hex");
    const [gcs, dashboard, client, agentHttp, agentGrpc, metrics, runtimeEnv] = await freePorts(7);
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        RAY_AUTH_MODE: "token",
        RAY_AUTH_TOKEN: token,
        RAY_USAGE_STATS_ENABLED: "0", // no report to the network
        RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S: "0", // stop at once instead of draining for 30 s
    };
    delete env.RAY_ADDRESS;
    delete env.RAY_AUTH_TOKEN_PATH;
    const args = [
        ...["-m", "ray.scripts.scripts", "start", "--head", "--block"],
        ...["--port", String(gcs), "--dashboard-port", String(dashboard), "--dashboard-host", "127.0.0.1"],
        ...[
            "--num-cpus",
            String(numCpus),
            "--include-dashboard",
            "true",
            "--temp-dir",
            path.join(dir, "ray"),
        ],
        ...["--ray-client-server-port", String(client), "--dashboard-agent-listen-port", String(agentHttp)],
        ...["--dashboard-agent-grpc-port", String(agentGrpc), "--metrics-export-port", String(metrics)],
        ...["--runtime-env-agent-port", String(runtimeEnv)],
    ];
    const child = spawn("python3", args, { env, detached: true, stdio: ["ignore", log, log] });
    const pid = child.pid!;
    // Should mocha itself be stopped, the head must not outlive it.
    const onExit = () => killGroup(pid, "SIGKILL");
    process.once("exit", onExit);

    const stop = async () => {
        if (alive(child)) {
            // `ray start --block` tears down the processes it started on SIGTERM.
            child.kill("SIGTERM");
            const deadline = Date.now() + STOP_GRACE_MS;
            while (alive(child) && Date.now() < deadline) await sleep(200);
        }
        killGroup(pid, "SIGKILL"); // whatever is left of the group (workers, agents)
        process.removeListener("exit", onExit);
        rmSync(dir, { recursive: true, force: true });
    };

    const address = `http://127.0.0.1:${dashboard}`;
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
        if (!alive(child)) {
            const tail = readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n");
            await stop();
            throw new Error(
                `ray start exited (${child.exitCode ?? child.signalCode}) before the dashboard answered:\n${tail}`,
            );
        }
        try {
            const res = await fetch(`${address}/api/version`, {
                headers: { authorization: `Bearer ${token}` },
                signal: AbortSignal.timeout(2000),
            });
            if (res.status === 200) break;
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) {
            await stop();
            throw new Error(
                `the Ray dashboard at ${address} did not answer within ${START_TIMEOUT_MS / 1000} s`,
            );
        }
        await sleep(300);
    }
    return { address, token, stop };
}
