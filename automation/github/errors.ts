import type { AuthMode } from "./config";
import { redact } from "./redact";

/** The parts of an `@octokit/request` error that rayops reads (duck-typed: the class is not a dependency). */
export interface HttpFailure {
    readonly status: number;
    readonly message: string;
    readonly response?: {
        readonly status: number;
        readonly headers: Readonly<Record<string, string | undefined>>;
        readonly data?: unknown;
    };
}

export function isHttpFailure(err: unknown): err is HttpFailure {
    return err instanceof Error && typeof (err as { status?: unknown }).status === "number";
}

/**
 * A GitHub API call that failed for good (after retries). The message says what to check; it holds
 * no token, JWT or key, and the original error is not attached as `cause` because octokit keeps
 * the request (headers, body) on it.
 */
export class GitHubApiError extends Error {
    constructor(
        message: string,
        /** HTTP status; 0 when GitHub could not be reached. */
        readonly status: number,
        /** The route template, e.g. `POST /repos/{owner}/{repo}/issues/{issue_number}/comments`. */
        readonly route: string,
        readonly attempts: number,
    ) {
        super(redact(message));
        this.name = "GitHubApiError";
    }
}

/** A 401 in key mode: rayops signed the JWT and minted the token, so its own settings are wrong. */
export const AUTH_FAILED_MESSAGE =
    "GitHub App authentication failed (401): check GITHUB_APP_ID, the installation id and that the private key matches the App";

/** A 401 in token mode: the key is not involved; the token a workflow step minted is no longer good here. */
export const TOKEN_REJECTED_MESSAGE =
    "GitHub refused RAYOPS_GITHUB_TOKEN (401): the installation token expired (they live one hour) or was revoked " +
    "(actions/create-github-app-token revokes it when the job ends), or it belongs to another installation; " +
    "mint it in the same job, in a step right before rayops";

/**
 * Answers that say nothing about whether GitHub applied the call: a gateway error or timeout in
 * front of the API server. They are transient, so idempotent calls are retried on them.
 */
export const OUTCOME_UNKNOWN_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** True when GitHub may have applied the failed call: it answered 502/503/504 or the answer never came. */
export function outcomeUnknown(err: unknown): boolean {
    // A GitHubApiError comes from an inner call (the token request): the call itself was never sent.
    if (err instanceof GitHubApiError || !isHttpFailure(err)) return false;
    return err.response === undefined || OUTCOME_UNKNOWN_STATUSES.has(err.response.status);
}

/** Turns any failure of `route` into a `GitHubApiError` whose message says what to check. */
export function toGitHubApiError(
    err: unknown,
    route: string,
    attempts: number,
    apiUrl: string,
    mode: AuthMode = "key",
): GitHubApiError {
    if (err instanceof GitHubApiError) return err;
    const tries = `${attempts} attempt${attempts === 1 ? "" : "s"}`;
    if (!isHttpFailure(err) || err.response === undefined) {
        const reason = err instanceof Error ? err.message : String(err);
        return new GitHubApiError(
            `Could not reach GitHub at ${apiUrl} for ${route} after ${tries}: ${reason}`,
            0,
            route,
            attempts,
        );
    }
    const { status, headers, data } = err.response;
    const said = githubSaid(data);
    let message: string;
    if (status === 401) {
        message = `${mode === "token" ? TOKEN_REJECTED_MESSAGE : AUTH_FAILED_MESSAGE} [${route}]${said}`;
    } else if ((status === 403 || status === 429) && rateLimited(headers)) {
        const reset = Number(headers["x-ratelimit-reset"]);
        const when =
            Number.isFinite(reset) && reset > 0
                ? `; the limit resets at ${new Date(reset * 1000).toISOString()}`
                : "";
        message = `GitHub API rate limit exceeded (${status}) on ${route} after ${tries}${when}${said}`;
    } else if (status === 403) {
        const accepted = headers["x-accepted-github-permissions"];
        message =
            `GitHub refused ${route} (403): the installation token lacks a permission` +
            (accepted ? ` (GitHub accepts: ${accepted})` : "") +
            (mode === "token"
                ? "; the workflow chose the token's permissions: add the permission-<name> input to its actions/create-github-app-token step"
                : "") +
            `; see docs/github-app/permissions.md${said}`;
    } else if (status === 404) {
        message =
            `GitHub answered 404 for ${route}: the repository, the issue or pull request number, or the installation ` +
            `does not exist, or the App is not installed on the repository${said}`;
    } else if (status === 422 && route.includes("/access_tokens")) {
        message =
            `GitHub would not issue an installation token (422): the installation does not cover the repository ` +
            `or the App lacks a requested permission; compare them with the App's settings${said}`;
    } else if (status === 422) {
        message = `GitHub rejected ${route} (422)${said}`;
    } else if (status >= 500) {
        message = `GitHub returned ${status} for ${route} after ${tries}; GitHub is having trouble, run the job again later${said}`;
    } else {
        message = `GitHub returned ${status} for ${route}${said}`;
    }
    return new GitHubApiError(message, status, route, attempts);
}

/** True when a 403/429 is GitHub's primary or secondary rate limit rather than a permission problem. */
export function rateLimited(headers: Readonly<Record<string, string | undefined>>): boolean {
    return headers["retry-after"] !== undefined || headers["x-ratelimit-remaining"] === "0";
}

function githubSaid(data: unknown): string {
    if (typeof data !== "object" || data === null) return "";
    const { message, errors } = data as { message?: unknown; errors?: unknown };
    if (typeof message !== "string" || message === "") return "";
    const details = Array.isArray(errors) && errors.length > 0 ? `: ${JSON.stringify(errors)}` : "";
    // GitHub's own text is bounded so a huge error body cannot flood the log.
    return `. GitHub said: "${(message + details).slice(0, 500)}"`;
}
