import { GitHubApiError, isHttpFailure, rateLimited, toGitHubApiError } from "./errors";
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

const RETRIED_STATUSES = new Set([502, 503, 504]);
// GitHub asks clients that hit a secondary rate limit without `retry-after` to wait at least a minute.
// Source: https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api (2026-11-25)
const SECONDARY_LIMIT_WAIT_MS = 60_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call` until it succeeds, a failure is not worth retrying, or `maxAttempts` is reached;
 * then throws a `GitHubApiError` for `route`. Retried: 502/503/504, network errors and rate limits
 * (403/429 with `retry-after`, or `x-ratelimit-remaining: 0` with `x-ratelimit-reset`).
 */
export async function withRetry<T>(
    route: string,
    apiUrl: string,
    call: () => Promise<T>,
    options: RetryOptions = {},
): Promise<T> {
    const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    const sleep = options.sleep ?? realSleep;
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (err) {
            const wait = attempt < maxAttempts ? retryDelayMs(err, attempt, options) : undefined;
            if (wait === undefined) throw toGitHubApiError(err, route, attempt, apiUrl);
            const what =
                isHttpFailure(err) && err.response
                    ? `GitHub answered ${err.response.status} on`
                    : "GitHub could not be reached for";
            options.log?.(
                redact(
                    `${what} ${route}; retrying in ${Math.ceil(wait / 1000)} s (${attempt}/${maxAttempts})`,
                ),
            );
            await sleep(wait);
        }
    }
}

/** How long to wait before retrying after `err`, or undefined when it must not be retried. */
export function retryDelayMs(err: unknown, attempt: number, options: RetryOptions = {}): number | undefined {
    const maxWaitMs = options.maxWaitMs ?? 60_000;
    const backoff = Math.min(maxWaitMs, (options.baseDelayMs ?? 1000) * 2 ** (attempt - 1));
    // A GitHubApiError is already final: it comes from an inner call (the token request) that retried.
    if (err instanceof GitHubApiError || !isHttpFailure(err)) return undefined;
    if (err.response === undefined) return backoff;
    const { status, headers } = err.response;
    if (RETRIED_STATUSES.has(status)) return backoff;
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
