import type { AuthMode } from "./config";
import {
    GitHubApiError,
    isHttpFailure,
    OUTCOME_UNKNOWN_STATUSES,
    outcomeUnknown,
    rateLimited,
    toGitHubApiError,
} from "./errors";
import { redact } from "./redact";

/** How GitHub calls are retried. Every field has a default; tests inject `sleep` and `now`. */
export interface RetryOptions {
    /** Tries per call, the first included. @default 4 */
    readonly maxAttempts?: number;
    /** Longest single wait. A rate limit that resets later than this fails at once instead. @default 60000 */
    readonly maxWaitMs?: number;
    /** First back-off after a 502/503/504 or a network error; doubles on each retry. @default 1000 */
    readonly baseDelayMs?: number;
    /** @default a real timer */
    readonly sleep?: (ms: number) => Promise<void>;
    /** Milliseconds since the epoch; compared with `x-ratelimit-reset`. @default Date.now */
    readonly now?: () => number;
    /** Receives one redacted line per retry. @default silent */
    readonly log?: (line: string) => void;
}

/** What a retried call is, for its log lines and its error, and whether it may be sent twice. */
export interface RetryTarget<T> {
    /** The route template, e.g. `POST /repos/{owner}/{repo}/issues`. */
    readonly route: string;
    /** REST API root, named when GitHub cannot be reached. */
    readonly apiUrl: string;
    /** The credentials the call carries; a 401's message says what to check for them. @default "key" */
    readonly mode?: AuthMode;
    /**
     * Whether sending the call twice does no harm. A 502/503/504 or a lost connection leaves open
     * whether GitHub applied the call, so one that is not idempotent (a create) is never sent again
     * blindly: with `lookAgain` the loop first looks for what the failed attempt may have made and
     * sends the call again only when nothing turns up; without it the failure is final at once.
     * Rate limits (403/429) mean GitHub did not apply the call and are retried either way.
     * @default true
     */
    readonly idempotent?: boolean;
    /** Finds what an earlier attempt of a non-idempotent call made; a result ends the loop with it. */
    readonly lookAgain?: () => Promise<T | undefined>;
}

// GitHub asks clients that hit a secondary rate limit without `retry-after` to wait at least a minute.
// Source: https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api (2026-11-25)
const SECONDARY_LIMIT_WAIT_MS = 60_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call` until it succeeds, a failure is not worth retrying, or `maxAttempts` is reached;
 * then throws a `GitHubApiError` for `target.route`. Retried: 502/503/504, network errors and rate
 * limits (403/429 with `retry-after`, or `x-ratelimit-remaining: 0` with `x-ratelimit-reset`); a
 * call that is not idempotent only as `RetryTarget.idempotent` says. The attempts, the back-off
 * and the one log line per retry are the same whether or not the loop looks again in between.
 */
export async function withRetry<T>(
    target: RetryTarget<T>,
    call: () => Promise<T>,
    options: RetryOptions = {},
): Promise<T> {
    const { route, apiUrl, mode } = target;
    const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    const sleep = options.sleep ?? realSleep;
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (err) {
            const blind = target.idempotent === false && outcomeUnknown(err);
            if (blind && target.lookAgain === undefined) {
                throw withNote(
                    toGitHubApiError(err, route, attempt, apiUrl, mode),
                    "it was not sent again because GitHub may have applied it",
                );
            }
            const wait = attempt < maxAttempts ? retryDelayMs(err, attempt, options) : undefined;
            if (wait === undefined) {
                const final = toGitHubApiError(err, route, attempt, apiUrl, mode);
                throw blind ? withNote(final, "GitHub may have applied the last attempt") : final;
            }
            const what =
                isHttpFailure(err) && err.response
                    ? `GitHub answered ${err.response.status} on`
                    : "GitHub could not be reached for";
            const next = blind ? "looking for its result, then retrying" : "retrying";
            options.log?.(
                redact(
                    `${what} ${route}; ${next} in ${Math.ceil(wait / 1000)} s (${attempt}/${maxAttempts})`,
                ),
            );
            await sleep(wait);
            if (blind) {
                const found = await target.lookAgain!();
                if (found !== undefined) return found;
            }
        }
    }
}

function withNote(err: GitHubApiError, note: string): GitHubApiError {
    return new GitHubApiError(`${err.message}; ${note}`, err.status, err.route, err.attempts);
}

/** How long to wait before retrying after `err`, or undefined when it must not be retried. */
export function retryDelayMs(err: unknown, attempt: number, options: RetryOptions = {}): number | undefined {
    const maxWaitMs = options.maxWaitMs ?? 60_000;
    const backoff = Math.min(maxWaitMs, (options.baseDelayMs ?? 1000) * 2 ** (attempt - 1));
    // A GitHubApiError is already final: it comes from an inner call (the token request) that retried.
    if (err instanceof GitHubApiError || !isHttpFailure(err)) return undefined;
    if (err.response === undefined) return backoff;
    const { status, headers } = err.response;
    if (OUTCOME_UNKNOWN_STATUSES.has(status)) return backoff;
    if (status !== 403 && status !== 429) return undefined;
    let wait: number | undefined;
    const retryAfter = Number(headers["retry-after"]);
    if (headers["retry-after"] !== undefined && Number.isFinite(retryAfter)) {
        wait = Math.max(0, retryAfter) * 1000;
    } else if (rateLimited(headers)) {
        const reset = Number(headers["x-ratelimit-reset"]);
        const now = (options.now ?? Date.now)();
        // One extra second: the reset time is whole seconds and clocks drift.
        wait = Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) + 1000 : backoff;
    } else if (/secondary rate limit/i.test(err.message)) {
        wait = SECONDARY_LIMIT_WAIT_MS;
    }
    if (wait === undefined || wait > maxWaitMs) return undefined;
    return wait;
}
