import { createAppAuth } from "@octokit/auth-app";
import { request } from "@octokit/request";
import type { AppConfig, KeyModeConfig, TokenModeConfig } from "./config";
import { GitHubApiError } from "./errors";
import { APP_SLUG_PATTERN } from "./identity";
import { redact } from "./redact";
import { type RetryOptions, withRetry } from "./retry";

/** The repository permissions rayops asks for; an installation token carries only those requested. */
export interface InstallationPermissions {
    readonly pull_requests?: "read" | "write";
    readonly issues?: "read" | "write";
    readonly checks?: "read" | "write";
    readonly contents?: "read";
}

/** The least each rayops task needs; see docs/github-app/permissions.md for why. */
export const TASK_PERMISSIONS = {
    /**
     * The sticky PR comment: PR conversation comments are issue comments on the pull request. The
     * same permission reads which merged pull request a commit came from (`up --comment`).
     */
    prComment: { pull_requests: "write" },
    /** Drift and cost report issues. */
    reportIssue: { issues: "write" },
    /** Policy findings as a check run with annotations. */
    checkRun: { checks: "write" },
    /** Reading files of the repository (stack configuration at a ref). */
    readContents: { contents: "read" },
} as const satisfies Record<string, InstallationPermissions>;

/** A token rayops minted with the App's key (key mode), for exactly the permissions asked. */
export interface MintedToken {
    readonly scopedBy: "rayops";
    /** `ghs_…`; send as `authorization: token <token>`. Never log it. */
    readonly token: string;
    readonly expiresAt: Date;
    /** What GitHub granted, which may be less than what was asked for when the App lacks a permission. */
    readonly permissions: Readonly<Record<string, string>>;
}

/**
 * The token a workflow step minted (token mode). Its repository and permissions were chosen by
 * that step's inputs; rayops cannot narrow or widen them, and does not know when it expires.
 */
export interface WorkflowToken {
    readonly scopedBy: "workflow";
    /** `ghs_…`; send as `authorization: token <token>`. Never log it. */
    readonly token: string;
}

export type InstallationToken = MintedToken | WorkflowToken;

export interface AppTokenSourceOptions {
    /** Key mode: a cached token with less than this left is replaced. @default 300000 (5 minutes) */
    readonly refreshBeforeExpiryMs?: number;
    /** Retries of the token request and of `GET /app`. */
    readonly retry?: RetryOptions;
    /** @default Date.now */
    readonly now?: () => number;
    /** Receives redacted warnings from `@octokit/auth-app`. @default silent */
    readonly log?: (line: string) => void;
}

/** Hands out installation tokens for one repository and says which App they act as. */
export interface AppTokenSource {
    readonly config: AppConfig;
    /**
     * A token for a call that needs `permissions`. Key mode: one token per permission set, minted
     * for exactly that set and reused until near expiry. Token mode: always the workflow's one
     * token, whatever `permissions` says, because the minting step already scoped it; a call that
     * needs more than the step granted is refused by GitHub with 403.
     */
    installationToken(permissions: InstallationPermissions): Promise<InstallationToken>;
    /**
     * The App's slug; its bot user `<slug>[bot]` is the author of what rayops writes. Key mode:
     * read once from `GET /app` with the App's JWT; token mode: `RAYOPS_GITHUB_APP_SLUG`.
     */
    appSlug(): Promise<string>;
}

/** Pinned REST API version. Source: https://docs.github.com/en/rest/about-the-rest-api/api-versions (2026-11-25) */
export const GITHUB_API_VERSION = "2022-11-28";
export const USER_AGENT = "rayops";
const ACCESS_TOKENS_ROUTE = "POST /app/installations/{installation_id}/access_tokens";
const GET_APP_ROUTE = "GET /app";

/** The token source of `config`'s mode: minting tokens with the App's key, or handing out the workflow's. */
export function createAppTokenSource(config: AppConfig, options: AppTokenSourceOptions = {}): AppTokenSource {
    return config.mode === "key" ? createKeyTokenSource(config, options) : createWorkflowTokenSource(config);
}

/** Token mode: the one token of `RAYOPS_GITHUB_TOKEN`, for every call. */
function createWorkflowTokenSource(config: TokenModeConfig): AppTokenSource {
    return {
        config,
        async installationToken(permissions) {
            requireSomePermission(permissions);
            return { scopedBy: "workflow", token: config.token };
        },
        appSlug: async () => config.appSlug,
    };
}

/**
 * Key mode: signs a JWT (RS256, iat 30 s in the past, exp 10 min later, done by
 * `@octokit/auth-app`) and exchanges it for an installation token scoped to `config.repo` and to
 * exactly the permissions asked for. `@octokit/auth-app` caches tokens per (installation,
 * repository, permissions) for 59 minutes and merges concurrent requests; this wrapper also
 * refreshes a token that is about to expire, whatever the cache thinks.
 */
function createKeyTokenSource(config: KeyModeConfig, options: AppTokenSourceOptions): AppTokenSource {
    const now = options.now ?? Date.now;
    const refreshBeforeExpiryMs = options.refreshBeforeExpiryMs ?? 5 * 60_000;
    const base = request.defaults({
        baseUrl: config.apiUrl,
        headers: { "user-agent": USER_AGENT, "x-github-api-version": GITHUB_API_VERSION },
    });
    const auth = createAppAuth({
        appId: config.appId,
        privateKey: config.privateKey,
        installationId: config.installationId,
        request: base,
        log: {
            warn: (message: string) => options.log?.(redact(message)),
            info: () => undefined,
            debug: () => undefined,
            error: (message: string) => options.log?.(redact(message)),
        },
    });

    const fetchToken = (permissions: InstallationPermissions, refresh: boolean) =>
        withRetry(
            { route: ACCESS_TOKENS_ROUTE, apiUrl: config.apiUrl },
            () =>
                auth({
                    type: "installation",
                    repositoryNames: [config.repo],
                    permissions: { ...permissions },
                    refresh,
                }),
            options.retry,
        );

    const fetchSlug = async (): Promise<string> => {
        const res = await withRetry(
            { route: GET_APP_ROUTE, apiUrl: config.apiUrl },
            async () => {
                // `auth` signs a new JWT on every call, so each attempt carries a fresh one.
                const { token: jwt } = await auth({ type: "app" });
                return base(GET_APP_ROUTE, { headers: { authorization: `bearer ${jwt}` } });
            },
            options.retry,
        );
        const slug = (res.data as { slug?: unknown }).slug;
        if (typeof slug !== "string" || !APP_SLUG_PATTERN.test(slug)) {
            throw new GitHubApiError(
                `${GET_APP_ROUTE} answered without a usable App slug; compare GITHUB_API_URL with the App's GitHub`,
                res.status,
                GET_APP_ROUTE,
                1,
            );
        }
        return slug;
    };
    // Asked once per source; a failure is not kept, so a later call asks again.
    let slug: Promise<string> | undefined;

    // Tokens already handed out: one of them coming back from the cache near its expiry is replaced.
    const handedOut = new Set<string>();
    return {
        config,
        async installationToken(permissions) {
            requireSomePermission(permissions);
            let granted = await fetchToken(permissions, false);
            if (
                handedOut.has(granted.token) &&
                Date.parse(granted.expiresAt) - now() < refreshBeforeExpiryMs
            ) {
                granted = await fetchToken(permissions, true);
            }
            handedOut.add(granted.token);
            return {
                scopedBy: "rayops",
                token: granted.token,
                expiresAt: new Date(granted.expiresAt),
                permissions: granted.permissions,
            };
        },
        appSlug() {
            slug ??= fetchSlug().catch((err: unknown) => {
                slug = undefined;
                throw err;
            });
            return slug;
        },
    };
}

function requireSomePermission(permissions: InstallationPermissions): void {
    if (Object.keys(permissions).length === 0) {
        // Key mode: an empty set would ask GitHub for every permission the installation has. Token
        // mode: the same call would break once the workflow runs in key mode, so it is refused too.
        throw new Error("installationToken: ask for at least one permission (see TASK_PERMISSIONS)");
    }
}
