/** Faults queued for the next requests: 5xx, rate limits (primary or secondary) and 401s. */
import type { Fault } from "./types";

export interface RateLimitOptions {
    readonly resetInSeconds?: number;
    readonly retryAfterSeconds?: number;
    readonly status?: 403 | 429;
    readonly route?: string;
}

export class FaultQueue {
    private readonly queue: Array<{ fault: Fault; remaining: number }> = [];

    push(fault: Fault, times: number): void {
        this.queue.push({ fault, remaining: times });
    }

    /** The fault that answers a request to `route`, if one is queued for it; counts it used. */
    take(route: string): Fault | undefined {
        const entry = this.queue.find((f) => f.fault.route === undefined || f.fault.route === route);
        if (!entry) return undefined;
        entry.remaining--;
        if (entry.remaining <= 0) this.queue.splice(this.queue.indexOf(entry), 1);
        return entry.fault;
    }
}

/** GitHub's two rate limits: with `retryAfterSeconds` a secondary one, else a primary one. */
export function rateLimitFault(opts: RateLimitOptions, installationId: number): Fault {
    const headers: Record<string, string> =
        opts.retryAfterSeconds !== undefined
            ? { "retry-after": String(opts.retryAfterSeconds) }
            : {
                  "x-ratelimit-limit": "5000",
                  "x-ratelimit-remaining": "0",
                  "x-ratelimit-used": "5000",
                  "x-ratelimit-resource": "core",
                  "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + (opts.resetInSeconds ?? 60)),
              };
    const message =
        opts.retryAfterSeconds !== undefined
            ? "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
            : `API rate limit exceeded for installation ID ${installationId}.`;
    return { status: opts.status ?? 403, headers, route: opts.route, body: { message } };
}
