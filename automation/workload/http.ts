/**
 * One HTTP exchange through node:http(s). Not the global `fetch`: it always sends
 * `Sec-Fetch-Mode`, and the Ray dashboard answers every PUT/POST that carries a Sec-Fetch-* header
 * with 405 "method not allowed for browser traffic" (is_browser_request in
 * ray/dashboard/optional_utils.py, Ray 2.60.0; measured here 2026-11-25).
 */
import * as http from "node:http";
import * as https from "node:https";

export interface HttpAnswer {
    readonly status: number;
    readonly body: string;
}

export interface HttpRequest {
    readonly method: string;
    readonly headers?: Record<string, string>;
    readonly body?: Buffer;
    readonly timeoutMs: number;
}

/** Rejects with the socket error (its `code`, e.g. ECONNREFUSED) or a TimeoutError. */
export function httpExchange(url: string, req: HttpRequest): Promise<HttpAnswer> {
    const target = new URL(url);
    const transport = target.protocol === "https:" ? https : http;
    const headers: Record<string, string | number> = { "user-agent": "rayops", ...req.headers };
    if (req.body) headers["content-length"] = req.body.length;
    return new Promise((resolve, reject) => {
        const outgoing = transport.request(target, { method: req.method, headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("error", reject);
            res.on("end", () =>
                resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
            );
        });
        outgoing.setTimeout(req.timeoutMs, () => {
            const err = new Error(`no answer within ${req.timeoutMs / 1000} s`);
            err.name = "TimeoutError";
            outgoing.destroy(err);
        });
        outgoing.on("error", reject);
        outgoing.end(req.body);
    });
}
