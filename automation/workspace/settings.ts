/**
 * Where the engine keeps state and secrets, decided once from the environment and the stack file.
 * Pure functions, so every rule is tested without a Pulumi CLI.
 */
import * as path from "node:path";
import type { OpenWorkspaceOptions } from "./types";

/** The state directory used when `PULUMI_BACKEND_URL` is not set: a trial needs no Pulumi Cloud. */
export const DEFAULT_STATE_DIR = ".pulumi-state";

/** The policy pack every preview and update runs, relative to the repository root. */
export const POLICY_PACK_DIR = "policypack";

/** Backends whose state rayops keeps itself, so secrets need a provider other than Pulumi Cloud's. */
const SELF_MANAGED_SCHEMES = new Set(["file:", "s3:", "azblob:", "gs:"]);
const ALLOWED_SCHEMES = new Set([...SELF_MANAGED_SCHEMES, "https:", "http:"]);

export interface WorkspaceSettings {
    readonly workDir: string;
    readonly backendUrl: string;
    /** Set for the default or any `file://` backend: the directory to create before the first run. */
    readonly localStateDir?: string;
    readonly policyPack: string;
    /** A Pulumi CLI installation to use instead of the `pulumi` on PATH (`RAYOPS_PULUMI_ROOT`). */
    readonly pulumiRoot?: string;
    /** Variables handed to every CLI call (the rest of the environment is inherited). */
    readonly envVars: Readonly<Record<string, string>>;
}

export class SettingsError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "SettingsError";
    }
}

export function resolveWorkspaceSettings(opts: OpenWorkspaceOptions): WorkspaceSettings {
    const workDir = path.resolve(opts.cwd);
    const configured = opts.env.PULUMI_BACKEND_URL?.trim();
    // A workflow passes an unset repository variable as an empty string: that means "the default".
    const backendUrl = configured ? checkBackendUrl(configured) : defaultBackendUrl(workDir);
    const envVars: Record<string, string> = {
        PULUMI_BACKEND_URL: backendUrl,
        PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    for (const key of ["PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE"]) {
        const value = opts.env[key];
        if (value !== undefined) envVars[key] = value;
    }
    const root = opts.env.RAYOPS_PULUMI_ROOT?.trim();
    return {
        workDir,
        backendUrl,
        localStateDir: backendUrl.startsWith("file://") ? fileUrlPath(backendUrl) : undefined,
        policyPack: path.join(workDir, POLICY_PACK_DIR),
        pulumiRoot: root ? path.resolve(workDir, root) : undefined,
        envVars,
    };
}

export function defaultBackendUrl(workDir: string): string {
    return `file://${path.join(path.resolve(workDir), DEFAULT_STATE_DIR)}`;
}

function checkBackendUrl(url: string): string {
    let scheme: string;
    try {
        scheme = new URL(url).protocol;
    } catch {
        throw new SettingsError(
            `PULUMI_BACKEND_URL="${url}" is not a URL: use file://<dir>, s3://<bucket>, azblob://…, gs://… or https://api.pulumi.com`,
        );
    }
    if (!ALLOWED_SCHEMES.has(scheme)) {
        throw new SettingsError(
            `PULUMI_BACKEND_URL="${url}" has scheme "${scheme}": allowed are file://, s3://, azblob://, gs:// and https://`,
        );
    }
    return url;
}

function fileUrlPath(url: string): string | undefined {
    // Pulumi also accepts `file://~/dir`; only absolute directories are created here.
    const dir = url.slice("file://".length).split("?")[0]!;
    return path.isAbsolute(dir) ? dir : undefined;
}

export function isSelfManagedBackend(backendUrl: string): boolean {
    try {
        return SELF_MANAGED_SCHEMES.has(new URL(backendUrl).protocol);
    } catch {
        return false;
    }
}

export class PassphraseProblem extends Error {
    constructor(readonly reason: "missing" | "empty") {
        super(`passphrase ${reason}`);
        this.name = "PassphraseProblem";
    }
}

/**
 * Fails when running on this stack would need a passphrase it does not have. A self-managed
 * backend encrypts secrets with a passphrase unless the stack file names another provider
 * (`awskms://…`, recommended for prod); Pulumi Cloud encrypts them itself. An empty
 * PULUMI_CONFIG_PASSPHRASE is refused too: a secret missing in GitHub Actions arrives as "", and
 * the engine would otherwise create, or fail to open, a stack keyed by the empty passphrase.
 */
export function checkPassphrase(
    backendUrl: string,
    secretsProvider: string | undefined,
    env: Readonly<Record<string, string | undefined>>,
): void {
    if (!isSelfManagedBackend(backendUrl)) return;
    if (secretsProvider !== undefined && secretsProvider !== "" && secretsProvider !== "passphrase") return;
    const passphrase = env.PULUMI_CONFIG_PASSPHRASE;
    const file = env.PULUMI_CONFIG_PASSPHRASE_FILE;
    if (passphrase === "") throw new PassphraseProblem("empty");
    if (passphrase === undefined && (file === undefined || file === "")) {
        throw new PassphraseProblem("missing");
    }
}
