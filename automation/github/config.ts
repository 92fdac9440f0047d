import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { APP_SLUG_PATTERN, botLogin } from "./identity";
import { GITHUB_TOKEN_KINDS, githubTokenKind } from "./redact";

/** The repository rayops writes to and the API it talks to; the same in both modes. */
interface RepositoryTarget {
    readonly owner: string;
    readonly repo: string;
    /** REST API root without a trailing slash, e.g. `https://api.github.com` or `https://ghe.example/api/v3`. */
    readonly apiUrl: string;
}

/**
 * Key mode, for local runs: rayops holds the App's private key and mints its own installation
 * tokens, one per permission set, each scoped to `repo`.
 */
export interface KeyModeConfig extends RepositoryTarget {
    readonly mode: "key";
    /** The App's numeric id (or its client id, `Iv…`); the JWT's `iss` claim. */
    readonly appId: string;
    /** The installation of the App on the repository's owner. */
    readonly installationId: number;
    /** The App's private key, PEM text with real newlines. Never log it: pass errors through `redact`. */
    readonly privateKey: string;
}

/**
 * Token mode, for workflows: a trusted step (`actions/create-github-app-token`) minted one
 * installation token, scoped to the repository and to the job's `permission-*` inputs, and rayops
 * uses that token for every call; it never sees the App's key.
 */
export interface TokenModeConfig extends RepositoryTarget {
    readonly mode: "token";
    /** The installation token (`ghs_…`). Never log it: pass errors through `redact`. */
    readonly token: string;
    /** The App's slug, e.g. `rayops`; its bot user `<slug>[bot]` is the author of what rayops writes. */
    readonly appSlug: string;
}

/** Where and as whom rayops talks to GitHub; read once from the environment by `readAppConfig`. */
export type AppConfig = KeyModeConfig | TokenModeConfig;

/** How rayops authenticates: with the App's key (`key`) or with a token a workflow step minted (`token`). */
export type AuthMode = AppConfig["mode"];

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

/** The variables of token mode, set by a workflow from the outputs of `actions/create-github-app-token`. */
export const TOKEN_MODE_VARIABLES = ["RAYOPS_GITHUB_TOKEN", "RAYOPS_GITHUB_APP_SLUG"] as const;
/** The variables of key mode, for local runs. */
export const KEY_MODE_VARIABLES = [
    "GITHUB_APP_ID",
    "GITHUB_APP_INSTALLATION_ID",
    "GITHUB_APP_PRIVATE_KEY",
    "GITHUB_APP_PRIVATE_KEY_PATH",
] as const;

const INSTALLATION_TOKEN_PREFIX: keyof typeof GITHUB_TOKEN_KINDS = "ghs_";
// Only the prefix and the alphabet are checked: GitHub does not promise a fixed length.
const INSTALLATION_TOKEN_PATTERN = new RegExp(`^${INSTALLATION_TOKEN_PREFIX}[A-Za-z0-9_]{16,}$`);

type Credentials =
    | Omit<KeyModeConfig, keyof RepositoryTarget>
    | Omit<TokenModeConfig, keyof RepositoryTarget>;

/**
 * Reads and validates the GitHub App settings: token mode when a `RAYOPS_GITHUB_*` variable is
 * set, else key mode. Collects every problem before throwing one `GitHubConfigError`, so a
 * workflow author fixes them in one round. Secret values are never part of a message: only their
 * variable names are.
 */
export function readAppConfig(env: Env, options: ReadAppConfigOptions = {}): AppConfig {
    const problems: string[] = [];
    const readFile = options.readFile ?? ((path: string) => readFileSync(path, "utf8"));

    const tokenModeSet = TOKEN_MODE_VARIABLES.filter((name) => nonEmpty(env[name]) !== undefined);
    const keyModeSet = KEY_MODE_VARIABLES.filter((name) => nonEmpty(env[name]) !== undefined);
    let credentials: Credentials | undefined;
    if (tokenModeSet.length > 0 && keyModeSet.length > 0) {
        // Guessing which one was meant could hand the App's key to a step that should only hold a token.
        problems.push(
            `${tokenModeSet.join(" and ")} (token mode) and ${keyModeSet.join(", ")} (key mode) are all set: ` +
                "set one mode's variables only: token mode in workflows, key mode for local runs.",
        );
    } else if (tokenModeSet.length > 0) {
        credentials = readTokenMode(env, problems);
    } else {
        if (keyModeSet.length === 0) {
            problems.push(
                "No GitHub App credentials are set: in a workflow, set RAYOPS_GITHUB_TOKEN and RAYOPS_GITHUB_APP_SLUG " +
                    "from the outputs of actions/create-github-app-token (token mode); for a local run, set the " +
                    "key-mode variables below.",
            );
        }
        credentials = readKeyMode(env, readFile, problems);
    }

    const repository = nonEmpty(env.GITHUB_REPOSITORY);
    if (repository === undefined) {
        problems.push("GITHUB_REPOSITORY is not set: expected owner/name (GitHub Actions sets it).");
    } else if (!REPOSITORY_PATTERN.test(repository)) {
        problems.push(`GITHUB_REPOSITORY="${repository}" is not of the form owner/name.`);
    }

    const apiUrl = readApiUrl(nonEmpty(env.GITHUB_API_URL) ?? DEFAULT_GITHUB_API_URL, problems);

    if (problems.length > 0 || credentials === undefined) throw new GitHubConfigError(problems);
    const [owner, repo] = repository!.split("/");
    return { ...credentials, owner: owner!, repo: repo!, apiUrl: apiUrl! };
}

function readTokenMode(env: Env, problems: string[]): Credentials | undefined {
    const token = nonEmpty(env.RAYOPS_GITHUB_TOKEN);
    if (token === undefined) {
        problems.push(
            "RAYOPS_GITHUB_TOKEN is not set: token mode needs the installation token, the `token` output of " +
                "actions/create-github-app-token.",
        );
    } else {
        const problem = installationTokenProblem(token);
        if (problem !== undefined) problems.push(`RAYOPS_GITHUB_TOKEN ${problem}`);
    }
    const slug = nonEmpty(env.RAYOPS_GITHUB_APP_SLUG);
    const slugProblem =
        slug === undefined
            ? " is not set: token mode needs the App's slug, the `app-slug` output of actions/create-github-app-token."
            : appSlugProblem(slug);
    if (slugProblem !== undefined) problems.push(`RAYOPS_GITHUB_APP_SLUG${slugProblem}`);
    if (problems.length > 0) return undefined;
    return { mode: "token", token: token!, appSlug: slug! };
}

/** Why `token` is not an installation token, or undefined. Never quotes the token. */
function installationTokenProblem(token: string): string | undefined {
    if (INSTALLATION_TOKEN_PATTERN.test(token)) return undefined;
    const kind = githubTokenKind(token);
    if (kind !== undefined && kind !== GITHUB_TOKEN_KINDS[INSTALLATION_TOKEN_PREFIX]) {
        return (
            `holds ${kind}, not an App installation token: pass the \`token\` output of ` +
            `actions/create-github-app-token (${INSTALLATION_TOKEN_PREFIX}…), so that rayops writes as the App.`
        );
    }
    return (
        `does not look like a GitHub installation token (${INSTALLATION_TOKEN_PREFIX} followed by letters and digits): ` +
        "pass the `token` output of actions/create-github-app-token. The value is not shown."
    );
}

/** Why `slug` is not an App slug (a sentence that follows the variable's name), or undefined. */
function appSlugProblem(slug: string): string | undefined {
    if (APP_SLUG_PATTERN.test(slug)) return undefined;
    // A token put into the wrong variable must not be echoed.
    if (githubTokenKind(slug) !== undefined) {
        return " holds a GitHub token, not the App's slug: were RAYOPS_GITHUB_TOKEN and RAYOPS_GITHUB_APP_SLUG swapped?";
    }
    const bare = slug.endsWith("[bot]") ? slug.slice(0, -"[bot]".length) : undefined;
    if (bare !== undefined && APP_SLUG_PATTERN.test(bare)) {
        return `="${slug}" is the login of the App's bot (${botLogin(bare)}): set the slug alone, "${bare}".`;
    }
    return (
        `="${slug.slice(0, 100)}" is not an App slug: expected 1-34 lowercase letters, digits or "-", starting with ` +
        "a letter or digit (the name in https://github.com/apps/<slug>)."
    );
}

function readKeyMode(
    env: Env,
    readFile: (path: string) => string,
    problems: string[],
): Credentials | undefined {
    const before = problems.length;
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
    if (problems.length > before) return undefined;
    return {
        mode: "key",
        appId: appId!,
        installationId: Number(installationRaw),
        privateKey: privateKey!,
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
