import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";

/** Where and as whom rayops talks to GitHub; read once from the environment by `readAppConfig`. */
export interface AppConfig {
    /** The App's numeric id (or its client id, `Iv…`); the JWT's `iss` claim. */
    readonly appId: string;
    /** The installation of the App on the repository's owner. */
    readonly installationId: number;
    /** The App's private key, PEM text with real newlines. Never log it: pass errors through `redact`. */
    readonly privateKey: string;
    readonly owner: string;
    readonly repo: string;
    /** REST API root without a trailing slash, e.g. `https://api.github.com` or `https://ghe.example/api/v3`. */
    readonly apiUrl: string;
}

/** Thrown by `readAppConfig`; `problems` lists every missing or bad variable, one sentence each. */
export class GitHubConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(
            `GitHub App configuration is incomplete or invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "GitHubConfigError";
    }
}

export const DEFAULT_GITHUB_API_URL = "https://api.github.com";

export interface ReadAppConfigOptions {
    /** Reads `GITHUB_APP_PRIVATE_KEY_PATH`; injectable so tests need no files. @default fs.readFileSync */
    readonly readFile?: (path: string) => string;
}

type Env = Readonly<Record<string, string | undefined>>;

// Owner: GitHub logins are alphanumeric with single hyphens; repository names also allow `.` and `_`.
const REPOSITORY_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Reads and validates the GitHub App settings. Collects every problem before throwing one
 * `GitHubConfigError`, so a workflow author fixes them in one round. Secret values are never part
 * of a message: only their variable names are.
 */
export function readAppConfig(env: Env, options: ReadAppConfigOptions = {}): AppConfig {
    const problems: string[] = [];
    const readFile = options.readFile ?? ((path: string) => readFileSync(path, "utf8"));

    const appId = nonEmpty(env.GITHUB_APP_ID);
    if (appId === undefined) {
        problems.push("GITHUB_APP_ID is not set: use the App ID shown on the GitHub App's settings page.");
    } else if (!/^[1-9][0-9]*$/.test(appId) && !/^Iv[0-9A-Za-z.]+$/.test(appId)) {
        problems.push(
            `GITHUB_APP_ID="${appId}" is not an App ID: expected a positive integer (or a client ID "Iv…").`,
        );
    }

    const installationRaw = nonEmpty(env.GITHUB_APP_INSTALLATION_ID);
    if (installationRaw === undefined) {
        problems.push(
            "GITHUB_APP_INSTALLATION_ID is not set: use the number at the end of the installation's settings URL.",
        );
    } else if (!/^[1-9][0-9]*$/.test(installationRaw)) {
        problems.push(`GITHUB_APP_INSTALLATION_ID="${installationRaw}" is not a positive integer.`);
    }

    const privateKey = readPrivateKey(env, readFile, problems);

    const repository = nonEmpty(env.GITHUB_REPOSITORY);
    if (repository === undefined) {
        problems.push("GITHUB_REPOSITORY is not set: expected owner/name (GitHub Actions sets it).");
    } else if (!REPOSITORY_PATTERN.test(repository)) {
        problems.push(`GITHUB_REPOSITORY="${repository}" is not of the form owner/name.`);
    }

    const apiUrl = readApiUrl(nonEmpty(env.GITHUB_API_URL) ?? DEFAULT_GITHUB_API_URL, problems);

    if (problems.length > 0) throw new GitHubConfigError(problems);
    const [owner, repo] = repository!.split("/");
    return {
        appId: appId!,
        installationId: Number(installationRaw),
        privateKey: privateKey!,
        owner: owner!,
        repo: repo!,
        apiUrl: apiUrl!,
    };
}

function nonEmpty(value: string | undefined): string | undefined {
    const trimmed = value?.trim();
    return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

function readPrivateKey(
    env: Env,
    readFile: (path: string) => string,
    problems: string[],
): string | undefined {
    const inline = nonEmpty(env.GITHUB_APP_PRIVATE_KEY);
    const path = nonEmpty(env.GITHUB_APP_PRIVATE_KEY_PATH);
    if (inline !== undefined && path !== undefined) {
        problems.push(
            "GITHUB_APP_PRIVATE_KEY and GITHUB_APP_PRIVATE_KEY_PATH are both set: set exactly one of them.",
        );
        return undefined;
    }
    let source: string;
    let text: string;
    if (inline !== undefined) {
        source = "GITHUB_APP_PRIVATE_KEY";
        text = inline;
    } else if (path !== undefined) {
        source = `GITHUB_APP_PRIVATE_KEY_PATH="${path}"`;
        try {
            text = readFile(path);
        } catch (err) {
            const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
            problems.push(`${source} cannot be read (${code}): point it at the App's .pem file.`);
            return undefined;
        }
    } else {
        problems.push(
            "GITHUB_APP_PRIVATE_KEY (PEM text) or GITHUB_APP_PRIVATE_KEY_PATH (a .pem file) is not set: " +
                "set one of them to the App's private key.",
        );
        return undefined;
    }
    // Secret stores and .env files often hold the PEM on one line with `\n` escapes.
    const pem = text
        .replace(/\\r\\n|\\n/g, "\n")
        .replace(/\r\n/g, "\n")
        .trim();
    const problem = privateKeyProblem(pem);
    if (problem !== undefined) {
        problems.push(`${source} ${problem}`);
        return undefined;
    }
    return `${pem}\n`;
}

/** Why `pem` cannot sign App JWTs, or undefined. Never quotes the key. */
function privateKeyProblem(pem: string): string | undefined {
    if (!/^-----BEGIN (RSA )?PRIVATE KEY-----\n[\s\S]+\n-----END (RSA )?PRIVATE KEY-----$/.test(pem)) {
        return (
            "does not hold a PEM private key: expected the .pem file GitHub downloads (a PKCS#1 " +
            '"RSA PRIVATE KEY" block) or its PKCS#8 conversion, with newlines or \\n escapes.'
        );
    }
    try {
        const key = createPrivateKey(pem);
        if (key.asymmetricKeyType !== "rsa") {
            return `holds a ${key.asymmetricKeyType} key: GitHub App keys are RSA (JWTs are signed with RS256).`;
        }
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? "parse error";
        return `cannot be parsed as a private key (${code}): download a new key from the App's settings page.`;
    }
    return undefined;
}

function readApiUrl(raw: string, problems: string[]): string | undefined {
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        problems.push(`GITHUB_API_URL="${raw}" is not a URL: expected e.g. ${DEFAULT_GITHUB_API_URL}.`);
        return undefined;
    }
    // Plain http would send the App's JWT and tokens in clear; only loopback test servers may use it.
    if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) {
        problems.push(
            `GITHUB_API_URL="${raw}" must use https (http is allowed only for 127.0.0.1 or localhost).`,
        );
        return undefined;
    }
    if (url.username !== "" || url.password !== "") {
        // The value is not echoed: it holds a credential.
        problems.push(
            "GITHUB_API_URL must not carry credentials (user:password@): the App authenticates itself.",
        );
        return undefined;
    }
    if (url.search !== "" || url.hash !== "") {
        problems.push(`GITHUB_API_URL="${raw}" must not carry a query or a fragment.`);
        return undefined;
    }
    return url.toString().replace(/\/+$/, "");
}
