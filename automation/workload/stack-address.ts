/**
 * Reaching a stack's Ray dashboard: the RayCluster's head service is cluster-internal, so the CLI
 * runs `kubectl port-forward` to it with the kubeconfig from the stack's outputs, and talks to the
 * forwarded loopback port. The stack outputs come through a small interface, implemented by the
 * Automation API workspace (automation/workspace/).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CliError } from "../exit-codes";

/** The stack outputs this module reads, named as the program exports them. */
export const OUTPUT_KEYS = {
    kubeconfig: "kubeconfig",
    namespace: "rayNamespace",
    service: "rayDashboardService",
    authTokenSecret: "rayAuthTokenSecret",
} as const;

/** The Ray dashboard's port on the head service (Ray's and KubeRay's default). */
export const DASHBOARD_PORT = 8265;

export interface DashboardTarget {
    /** The kubeconfig document (YAML or JSON text). */
    readonly kubeconfig: string;
    readonly namespace: string;
    readonly service: string;
    /** The Secret holding the cluster's Ray auth token, when the stack exports it. */
    readonly authTokenSecret?: string;
}

// The Automation API's `outputs()` wraps each value as { value, secret }; accept both shapes.
function unwrap(value: unknown): unknown {
    if (value && typeof value === "object" && "value" in value && "secret" in value) {
        return (value as { value: unknown }).value;
    }
    return value;
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Picks and checks the outputs a port-forward needs; the error names the stack and the key. */
export function dashboardTargetFromOutputs(stack: string, outputs: Record<string, unknown>): DashboardTarget {
    const read = (key: string): unknown => {
        const value = unwrap(outputs[key]);
        if (value === undefined || value === null || value === "") {
            throw new CliError(
                `stack ${stack} has no output ${key}; has it been deployed (\`rayops up --stack ${stack}\`)? ` +
                    "Or pass --address to reach a dashboard directly",
            );
        }
        return value;
    };
    const rawKubeconfig = read(OUTPUT_KEYS.kubeconfig);
    const kubeconfig = typeof rawKubeconfig === "string" ? rawKubeconfig : JSON.stringify(rawKubeconfig);
    const name = (key: string): string => {
        const value = read(key);
        if (typeof value !== "string" || !K8S_NAME.test(value) || value.length > 63) {
            throw new CliError(
                `stack ${stack} output ${key} is ${JSON.stringify(value)}; allowed a Kubernetes name (RFC 1123 label)`,
            );
        }
        return value;
    };
    const target = { kubeconfig, namespace: name(OUTPUT_KEYS.namespace), service: name(OUTPUT_KEYS.service) };
    const secret = unwrap(outputs[OUTPUT_KEYS.authTokenSecret]);
    return secret ? { ...target, authTokenSecret: name(OUTPUT_KEYS.authTokenSecret) } : target;
}

/**
 * The kubectl arguments. Local port left empty (`:8265`) so kubectl picks a free one and says which;
 * bound to 127.0.0.1 only, so nobody else on the machine's network reaches the dashboard.
 */
export function portForwardArgs(target: DashboardTarget, kubeconfigPath: string): string[] {
    return [
        "port-forward",
        `svc/${target.service}`,
        `:${DASHBOARD_PORT}`,
        "--namespace",
        target.namespace,
        "--kubeconfig",
        kubeconfigPath,
        "--address",
        "127.0.0.1",
    ];
}

/** The local port from kubectl's "Forwarding from 127.0.0.1:41523 -> 8265" line. */
export function parseForwardingLine(line: string): number | undefined {
    const match = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(line);
    return match ? Number(match[1]) : undefined;
}

export interface PortForward {
    /** `http://127.0.0.1:<port>`. */
    readonly address: string;
    /** Ends kubectl and deletes the kubeconfig copy. */
    close(): void;
}

export interface PortForwardOptions {
    /** @default "kubectl" (from PATH) */
    readonly kubectl?: string;
    /** @default 30_000 */
    readonly readyTimeoutMs?: number;
    readonly env?: NodeJS.ProcessEnv;
}

export function openPortForward(
    target: DashboardTarget,
    opts: PortForwardOptions = {},
): Promise<PortForward> {
    const kubectl = opts.kubectl ?? "kubectl";
    const timeoutMs = opts.readyTimeoutMs ?? 30_000;
    // The kubeconfig holds the cluster endpoint and CA: a private directory, removed on close.
    const dir = mkdtempSync(path.join(os.tmpdir(), "rayops-kube-"));
    const kubeconfigPath = path.join(dir, "kubeconfig");
    writeFileSync(kubeconfigPath, target.kubeconfig, { mode: 0o600 });
    const removeDir = () => rmSync(dir, { recursive: true, force: true });
    process.once("exit", removeDir);

    let child: ChildProcess;
    try {
        child = spawn(kubectl, portForwardArgs(target, kubeconfigPath), {
            stdio: ["ignore", "pipe", "pipe"],
            env: opts.env ?? process.env,
        });
    } catch (err) {
        removeDir();
        throw err;
    }
    const close = () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        removeDir();
        process.removeListener("exit", removeDir);
    };

    return new Promise<PortForward>((resolve, reject) => {
        let stderr = "";
        let stdout = "";
        let ready = false;
        let failed = false;
        const fail = (message: string) => {
            if (failed) return; // a spawn error is followed by "close": report the first
            failed = true;
            clearTimeout(timer);
            close();
            reject(new CliError(message));
        };
        const timer = setTimeout(
            () =>
                fail(
                    `kubectl port-forward to svc/${target.service} in ${target.namespace} was not ready within ` +
                        `${timeoutMs / 1000} s: ${stderr.trim() || "(no output)"}`,
                ),
            timeoutMs,
        );
        child.on("error", (err: NodeJS.ErrnoException) =>
            fail(
                err.code === "ENOENT"
                    ? `kubectl not found (${kubectl}): install kubectl to use --stack, or pass --address http://<host>:${DASHBOARD_PORT}`
                    : `kubectl port-forward could not start: ${err.message}`,
            ),
        );
        // "close", not "exit": it comes after kubectl's stderr has been read to the end.
        child.on("close", (code, signal) =>
            fail(
                `kubectl port-forward to svc/${target.service} in ${target.namespace} ended (${signal ?? `exit ${code}`}): ` +
                    (stderr.trim() || "(no output)"),
            ),
        );
        child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
            stderr = (stderr + chunk).slice(-4096);
        });
        child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
            if (ready) return; // later lines ("Handling connection for 8265") say nothing new
            stdout += chunk;
            const port = stdout
                .split("\n")
                .map(parseForwardingLine)
                .find((p) => p !== undefined);
            if (port === undefined) return;
            ready = true;
            clearTimeout(timer);
            child.removeAllListeners("close");
            child.removeAllListeners("error");
            // After a successful start, an ended kubectl shows as a refused connection to the port.
            child.on("error", () => undefined);
            resolve({ address: `http://127.0.0.1:${port}`, close });
        });
    });
}

/**
 * The cluster's Ray auth token, read from the Secret KubeRay keeps it in (key `auth_token`) with
 * the stack's kubeconfig. Used when no token is set in the environment.
 */
export function readClusterToken(
    target: DashboardTarget,
    secretName: string,
    opts: { readonly kubectl?: string; readonly env?: NodeJS.ProcessEnv } = {},
): string {
    const kubectl = opts.kubectl ?? "kubectl";
    const dir = mkdtempSync(path.join(os.tmpdir(), "rayops-kube-"));
    const kubeconfigPath = path.join(dir, "kubeconfig");
    writeFileSync(kubeconfigPath, target.kubeconfig, { mode: 0o600 });
    try {
        const out = execFileSync(
            kubectl,
            [
                "get",
                "secret",
                secretName,
                "--namespace",
                target.namespace,
                "--kubeconfig",
                kubeconfigPath,
                "-o",
                "jsonpath={.data.auth_token}",
            ],
            { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: opts.env ?? process.env },
        );
        const token = Buffer.from(out.trim(), "base64").toString("utf8");
        if (!token) throw new CliError(`secret ${target.namespace}/${secretName} has no auth_token`);
        return token;
    } catch (err) {
        if (err instanceof CliError) throw err;
        const e = err as NodeJS.ErrnoException & { stderr?: string };
        throw new CliError(
            e.code === "ENOENT"
                ? `kubectl not found (${kubectl}): install kubectl to use --stack, or pass --address and RAY_AUTH_TOKEN`
                : `could not read the Ray auth token from secret ${target.namespace}/${secretName}: ${(e.stderr ?? e.message).trim()}`,
        );
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
