/** The HTTP side of the fake: routing, authentication, queued faults and the response headers. */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createCheckRun, getCheckRun, listCheckRunsForRef, updateCheckRun } from "./checks";
import { FaultQueue, type RateLimitOptions, rateLimitFault } from "./faults";
import {
    createIssue,
    editComment,
    getIssue,
    listComments,
    listIssues,
    postComment,
    updateIssue,
} from "./issues";
import { verifyAppJwt } from "./jwt";
import { listCommitPulls } from "./pulls";
import { GitHubStore } from "./store";
import { createToken, getApp, issueToken } from "./tokens";
import {
    type Ctx,
    type FakeGitHubOptions,
    type Fault,
    type Json,
    type Level,
    notFound,
    type Reply,
    readBody,
    unauthorized,
} from "./types";

type Handler = (store: GitHubStore, ctx: Ctx) => Reply;

interface Route {
    /** `METHOD /path/{param}`, as `count` and `Fault.route` name it. */
    readonly template: string;
    readonly method: string;
    readonly pattern: RegExp;
    readonly auth: "jwt" | "installation";
    readonly handler: Handler;
}

function route(method: string, path: string, auth: Route["auth"], handler: Handler): Route {
    return {
        template: `${method} ${path}`,
        method,
        pattern: new RegExp(`^${path.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`),
        auth,
        handler,
    };
}

const ROUTES: readonly Route[] = [
    route("GET", "/app", "jwt", getApp),
    route("POST", "/app/installations/{installation_id}/access_tokens", "jwt", createToken),
    route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", "installation", listComments),
    route("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", "installation", postComment),
    route("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", "installation", editComment),
    route("GET", "/repos/{owner}/{repo}/issues", "installation", listIssues),
    route("POST", "/repos/{owner}/{repo}/issues", "installation", createIssue),
    route("GET", "/repos/{owner}/{repo}/issues/{issue_number}", "installation", getIssue),
    route("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}", "installation", updateIssue),
    route("POST", "/repos/{owner}/{repo}/check-runs", "installation", createCheckRun),
    route("GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs", "installation", listCheckRunsForRef),
    route("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", "installation", updateCheckRun),
    route("GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}", "installation", getCheckRun),
    route("GET", "/repos/{owner}/{repo}/commits/{commit_sha}/pulls", "installation", listCommitPulls),
];

export class FakeGitHub extends GitHubStore {
    /** Every App JWT received, verified or not. */
    readonly jwtsSeen: string[] = [];
    /** Every request: its route template (or `METHOD path` when none matched) and the status answered. */
    readonly requests: Array<{ readonly route: string; readonly path: string; readonly status: number }> = [];

    private readonly faults = new FaultQueue();

    private constructor(
        private readonly server: Server,
        options: FakeGitHubOptions,
    ) {
        super(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, options);
    }

    static async start(options: FakeGitHubOptions): Promise<FakeGitHub> {
        const server = createServer();
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(0, "127.0.0.1", () => resolve());
        });
        const fake = new FakeGitHub(server, options);
        server.on("request", (req, res) => void fake.handle(req, res));
        return fake;
    }

    close(): Promise<void> {
        this.server.closeAllConnections();
        return new Promise((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
    }

    /** Requests received for a route template, faulted ones included. */
    count(route: string): number {
        return this.requests.filter((r) => r.route === route).length;
    }

    /** Answers the next `times` matching requests with `fault` instead of serving them. */
    injectFault(fault: Fault, times = 1): void {
        this.faults.push(fault, times);
    }

    failNext(times: number, status: 502 | 503 | 504 = 502, route?: string): void {
        this.injectFault({ status, route, body: { message: "Server Error" } }, times);
    }

    /** A primary rate limit (`x-ratelimit-remaining: 0`, reset in `resetInSeconds`) or, with `retryAfterSeconds`, a secondary one. */
    rateLimitNext(opts: RateLimitOptions): void {
        this.injectFault(rateLimitFault(opts, this.options.installationId));
    }

    unauthorizedNext(route?: string): void {
        this.injectFault({ status: 401, route, body: { message: "Bad credentials" } });
    }

    /** Serves the next `times` requests to `route` (they take effect), then answers each with `status`. */
    failAfterApplying(route: string, status: 502 | 503 | 504 = 502, times = 1): void {
        this.injectFault({ status, route, afterApplying: true, body: { message: "Server Error" } }, times);
    }

    /** Serves the next `times` requests to `route` (they take effect), then closes the connection unanswered. */
    dropConnectionAfterApplying(route: string, times = 1): void {
        this.injectFault({ status: 0, route, afterApplying: true, dropConnection: true }, times);
    }

    /**
     * An installation token for the repository with exactly `permissions`, as a workflow's
     * `actions/create-github-app-token` step would hand it on (token mode).
     */
    mintInstallationToken(permissions: Readonly<Record<string, Level>>): string {
        return issueToken(this, permissions, true).token;
    }

    /** Revokes `token`, as the token step does when its job ends; later calls with it answer 401. */
    revokeToken(token: string): void {
        this.tokens.delete(token);
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const url = new URL(req.url ?? "/", this.url);
        const method = req.method ?? "GET";
        let routeName = `${method} ${url.pathname}`;
        let reply: Reply;
        let fault: Fault | undefined;
        try {
            const raw = await readBody(req);
            const matched = ROUTES.find((r) => r.method === method && r.pattern.test(url.pathname));
            if (matched) routeName = matched.template;
            fault = this.faults.take(routeName);
            if (fault && !fault.afterApplying) {
                reply = faultReply(fault);
            } else if (!matched) {
                reply = notFound();
            } else {
                const params = matched.pattern.exec(url.pathname)!.groups ?? {};
                const body = raw === "" ? {} : (JSON.parse(raw) as Json);
                const ctx: Ctx = { req, url, params, body };
                reply =
                    (matched.auth === "jwt" ? this.checkJwt(ctx) : this.checkToken(ctx)) ??
                    matched.handler(this, ctx);
                if (fault) reply = faultReply(fault);
            }
        } catch (err) {
            reply = { status: 500, body: { message: `fake GitHub failed: ${(err as Error).message}` } };
        }
        this.requests.push({ route: routeName, path: url.pathname + url.search, status: reply.status });
        if (fault?.dropConnection) {
            res.socket?.destroy();
            return;
        }
        const payload = reply.body === undefined ? "" : JSON.stringify(reply.body);
        res.writeHead(reply.status, {
            "content-type": "application/json; charset=utf-8",
            "x-github-request-id": createHash("sha1")
                .update(String(this.requests.length))
                .digest("hex")
                .slice(0, 16),
            ...(reply.status < 400 ? { "x-ratelimit-remaining": "4999", "x-ratelimit-limit": "5000" } : {}),
            ...reply.headers,
        });
        res.end(payload);
    }

    private checkJwt(ctx: Ctx): Reply | undefined {
        const match = /^bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? "");
        if (!match) return unauthorized("A JSON web token could not be decoded");
        this.jwtsSeen.push(match[1]!);
        const result = verifyAppJwt(match[1]!, this.options.publicKey, this.options.appId);
        if (typeof result === "string") return unauthorized(result);
        ctx.claims = result;
        return undefined;
    }

    private checkToken(ctx: Ctx): Reply | undefined {
        const match = /^(?:token|bearer)\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? "");
        const token = match ? this.tokens.get(match[1]!) : undefined;
        if (!token || token.expiresAt <= Date.now()) return unauthorized("Bad credentials");
        const { owner, repo } = ctx.params;
        if (owner !== this.options.owner || repo !== this.options.repo) return notFound();
        if (token.repositories !== "all" && !token.repositories.includes(repo)) return notFound();
        ctx.token = token;
        return undefined;
    }
}

function faultReply(fault: Fault): Reply {
    return { status: fault.status, headers: { ...fault.headers }, body: fault.body ?? { message: "fault" } };
}
