import { createAppAuth } from "@octokit/auth-app";
import { request } from "@octokit/request";
import type { AppConfig } from "./config";
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
    /** The sticky PR comment: PR conversation comments are issue comments on the pull request. */
    prComment: { pull_requests: "write" },
    /** Drift and cost report issues. */
    reportIssue: { issues: "write" },
    /** Policy findings as a check run with annotations. */
    checkRun: { checks: "write" },
    /** Reading files of the repository (stack configuration at a ref). */
    readContents: { contents: "read" },
} as const satisfies Record<string, InstallationPermissions>;

export interface InstallationToken {
    /** `ghs_…`; send as `authorization: token <token>`. Never log it. */
    readonly token: string;
    readonly expiresAt: Date;
    /** What GitHub granted, which may be less than what was asked for when the App lacks a permission. */
    readonly permissions: Readonly<Record<string, string>>;
}

export interface AppTokenSourceOptions {
    /** A cached token with less than this left is replaced. @default 300000 (5 minutes) */
    readonly refreshBeforeExpiryMs?: number;
    /** Retries of the token request itself. */
    readonly retry?: RetryOptions;
    /** @default Date.now */
    readonly now?: () => number;
    /** Receives redacted warnings from `@octokit/auth-app`. @default silent */
    readonly log?: (line: string) => void;
}

/** Hands out installation tokens for one repository; one token per permission set, reused until near expiry. */
export interface AppTokenSource {
    readonly config: AppConfig;
    installationToken(permissions: InstallationPermissions): Promise<InstallationToken>;
}

/** Pinned REST API version. Source: https://docs.github.com/en/rest/about-the-rest-api/api-versions (2026-11-25) */
export const GITHUB_API_VERSION = "2022-11-28";
export const USER_AGENT = "rayops";
const ACCESS_TOKENS_ROUTE = "POST /app/installations/{installation_id}/access_tokens";

/**
 * Creates the App's token source: signs a JWT (RS256, iat 30 s in the past, exp 10 min later, done
 * by `@octokit/auth-app`) and exchanges it for an installation token scoped to `config.repo` and to
 * exactly the permissions asked for. `@octokit/auth-app` caches tokens per (installation,
 * repository, permissions) for 59 minutes and merges concurrent requests; this wrapper also
 * refreshes a token that is about to expire, whatever the cache thinks.
 */
export function createAppTokenSource(config: AppConfig, options: AppTokenSourceOptions = {}): AppTokenSource {
    const now = options.now ?? Date.now;
    const refreshBeforeExpiryMs = options.refreshBeforeExpiryMs ?? 5 * 60_000;
    const auth = createAppAuth({
        appId: config.appId,
        privateKey: config.privateKey,
        installationId: config.installationId,
        request: request.defaults({
            baseUrl: config.apiUrl,
            headers: { "user-agent": USER_AGENT, "x-github-api-version": GITHUB_API_VERSION },
        }),
        log: {
            warn: (message: string) => options.log?.(redact(message)),
            info: () => undefined,
            debug: () => undefined,
            error: (message: string) => options.log?.(redact(message)),
        },
    });

    const fetchToken = (permissions: InstallationPermissions, refresh: boolean) =>
        withRetry(
            ACCESS_TOKENS_ROUTE,
            config.apiUrl,
            () =>
                auth({
                    type: "installation",
                    repositoryNames: [config.repo],
                    permissions: { ...permissions },
                    refresh,
                }),
            options.retry,
        );

    // Tokens already handed out: one of them coming back from the cache near its expiry is replaced.
    const handedOut = new Set<string>();
    return {
        config,
        async installationToken(permissions) {
            if (Object.keys(permissions).length === 0) {
                // An empty set would ask GitHub for every permission the installation has.
                throw new Error("installationToken: ask for at least one permission (see TASK_PERMISSIONS)");
            }
            let granted = await fetchToken(permissions, false);
            if (
                handedOut.has(granted.token) &&
                Date.parse(granted.expiresAt) - now() < refreshBeforeExpiryMs
            ) {
                granted = await fetchToken(permissions, true);
            }
            handedOut.add(granted.token);
            return {
                token: granted.token,
                expiresAt: new Date(granted.expiresAt),
                permissions: granted.permissions,
            };
        },
    };
}
