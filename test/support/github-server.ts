/**
 * A fake of the GitHub REST API for tests: a real HTTP server on 127.0.0.1 that checks what GitHub
 * checks (the App's RS256 JWT, installation tokens, their repository and permission scope) and
 * keeps issues, comments and check runs in memory.
 *
 * The subset it speaks (anything else answers 404):
 * - `POST /app/installations/{installation_id}/access_tokens`: bearer App JWT; body `repositories`
 *   (names), `repository_ids`, `permissions`; 422 when they exceed the installation. Answers
 *   `ghs_…` tokens that expire after `tokenLifetimeSeconds` (default 1 h).
 * - `GET|POST /repos/{owner}/{repo}/issues/{issue_number}/comments` (paginated: `per_page` default
 *   30, max 100, `page`, RFC 8288 `Link`), `PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}`.
 *   A number that is not an issue created here counts as a pull request.
 * - `GET /repos/{owner}/{repo}/issues` (filters: `state` open|closed|all, `labels` all-of,
 *   `sort=created` with `direction`; paginated), `POST /repos/{owner}/{repo}/issues`,
 *   `GET|PATCH /repos/{owner}/{repo}/issues/{issue_number}` (title, body, state, state_reason, labels).
 * - `POST /repos/{owner}/{repo}/check-runs`, `PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}`
 *   (at most 50 annotations per request; annotations accumulate).
 * Permissions are enforced as GitHub documents them: comments need `issues` (or `pull_requests` on
 * a pull request), issues need `issues`, check runs need `checks: write`; a 403 carries
 * `x-accepted-github-permissions`. Faults (5xx, rate limits, 401) can be queued for the next requests.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, verify } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type AppConfig, readAppConfig } from "../../automation/github/config";

type Level = "read" | "write";
type Json = Record<string, unknown>;

export interface AppKeys {
    /** PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), the format GitHub hands out. */
    readonly privateKeyPem: string;
    readonly publicKey: KeyObject;
}

/** A fresh 2048-bit RSA key pair for a test App; never written to disk. */
export function generateAppKeys(): AppKeys {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return { privateKeyPem: privateKey.export({ type: "pkcs1", format: "pem" }).toString(), publicKey };
}

export interface FakeGitHubOptions {
    readonly appId: string | number;
    readonly installationId: number;
    /** The App's public key; JWTs not signed by its private key are refused. */
    readonly publicKey: KeyObject;
    readonly owner: string;
    readonly repo: string;
    /** What the installation may grant. @default pull_requests, issues, checks: write; contents, metadata: read */
    readonly appPermissions?: Readonly<Record<string, Level>>;
    /** @default 3600 */
    readonly tokenLifetimeSeconds?: number;
}

export interface JwtClaims {
    readonly iss: string | number;
    readonly iat: number;
    readonly exp: number;
}

export interface TokenRequest {
    readonly installationId: number;
    readonly body: {
        readonly repositories?: string[];
        readonly repository_ids?: number[];
        readonly permissions?: Record<string, Level>;
    };
    readonly claims: JwtClaims;
}

export interface FakeComment {
    readonly id: number;
    readonly issueNumber: number;
    body: string;
    readonly author: string;
    readonly createdAt: string;
    updatedAt: string;
}

export interface FakeIssue {
    readonly number: number;
    title: string;
    body: string;
    state: "open" | "closed";
    stateReason: string | null;
    labels: string[];
    readonly createdAt: string;
}

export interface FakeCheckRun {
    readonly id: number;
    readonly name: string;
    readonly headSha: string;
    status: string;
    conclusion: string | null;
    output: { title?: string; summary?: string; text?: string };
    readonly annotations: Json[];
    /** Annotations received per request, in order. */
    readonly batches: number[];
}

export interface Fault {
    readonly status: number;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: unknown;
    /** Only requests to this route template, e.g. `GET /repos/{owner}/{repo}/issues`. @default any */
    readonly route?: string;
}

interface IssuedToken {
    readonly expiresAt: number;
    readonly permissions: Readonly<Record<string, Level>>;
    readonly repositories: readonly string[] | "all";
}

interface Ctx {
    readonly req: IncomingMessage;
    readonly url: URL;
    readonly params: Record<string, string>;
    readonly body: Json;
    token?: IssuedToken;
    claims?: JwtClaims;
}

interface Reply {
    readonly status: number;
    readonly body?: unknown;
    readonly headers?: Record<string, string>;
}

type Handler = (ctx: Ctx) => Reply;

interface Route {
    readonly method: string;
    readonly template: string;
    readonly pattern: RegExp;
    readonly auth: "jwt" | "installation";
    readonly handler: Handler;
}

const DEFAULT_APP_PERMISSIONS: Record<string, Level> = {
    pull_requests: "write",
    issues: "write",
    checks: "write",
    contents: "read",
    metadata: "read",
};

export class FakeGitHub {
    /** `http://127.0.0.1:<port>`; use as GITHUB_API_URL. */
    readonly url: string;
    readonly tokenRequests: TokenRequest[] = [];
    /** Every installation token handed out, so tests can assert none leaks. */
    readonly issuedTokens: string[] = [];
    /** Every App JWT received, verified or not. */
    readonly jwtsSeen: string[] = [];
    /** Every request: its route template (or `METHOD path` when none matched) and the status answered. */
    readonly requests: Array<{ readonly route: string; readonly path: string; readonly status: number }> = [];
    readonly comments: FakeComment[] = [];
    readonly issues: FakeIssue[] = [];
    readonly checkRuns: FakeCheckRun[] = [];

    private readonly tokens = new Map<string, IssuedToken>();
    private readonly faults: Array<{ fault: Fault; remaining: number }> = [];
    private readonly routes: Route[];
    private nextId = 1000;

    private constructor(
        private readonly server: Server,
        private readonly options: FakeGitHubOptions,
    ) {
        const { port } = server.address() as AddressInfo;
        this.url = `http://127.0.0.1:${port}`;
        this.routes = this.buildRoutes();
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
        this.faults.push({ fault, remaining: times });
    }

    failNext(times: number, status: 502 | 503 | 504 = 502, route?: string): void {
        this.injectFault({ status, route, body: { message: "Server Error" } }, times);
    }

    /** A primary rate limit (`x-ratelimit-remaining: 0`, reset in `resetInSeconds`) or, with `retryAfterSeconds`, a secondary one. */
    rateLimitNext(opts: {
        readonly resetInSeconds?: number;
        readonly retryAfterSeconds?: number;
        readonly status?: 403 | 429;
        readonly route?: string;
    }): void {
        const headers: Record<string, string> =
            opts.retryAfterSeconds !== undefined
                ? { "retry-after": String(opts.retryAfterSeconds) }
                : {
                      "x-ratelimit-limit": "5000",
                      "x-ratelimit-remaining": "0",
                      "x-ratelimit-used": "5000",
                      "x-ratelimit-resource": "core",
                      "x-ratelimit-reset": String(
                          Math.floor(Date.now() / 1000) + (opts.resetInSeconds ?? 60),
                      ),
                  };
        const message =
            opts.retryAfterSeconds !== undefined
                ? "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
                : `API rate limit exceeded for installation ID ${this.options.installationId}.`;
        this.injectFault({ status: opts.status ?? 403, headers, route: opts.route, body: { message } });
    }

    unauthorizedNext(route?: string): void {
        this.injectFault({ status: 401, route, body: { message: "Bad credentials" } });
    }

    /** Adds comments to an issue or pull request thread, oldest first. */
    seedComments(issueNumber: number, bodies: readonly string[], author = "octocat"): void {
        for (const body of bodies) this.addComment(issueNumber, body, author);
    }

    commentsOn(issueNumber: number): FakeComment[] {
        return this.comments.filter((c) => c.issueNumber === issueNumber);
    }

    seedIssue(issue: {
        title: string;
        body: string;
        labels?: string[];
        state?: "open" | "closed";
    }): FakeIssue {
        const created: FakeIssue = {
            number: this.nextIssueNumber(),
            title: issue.title,
            body: issue.body,
            labels: issue.labels ?? [],
            state: issue.state ?? "open",
            stateReason: issue.state === "closed" ? "completed" : null,
            createdAt: new Date().toISOString(),
        };
        this.issues.push(created);
        return created;
    }

    // ---- request handling -------------------------------------------------------------------

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const url = new URL(req.url ?? "/", this.url);
        const method = req.method ?? "GET";
        let routeName = `${method} ${url.pathname}`;
        let reply: Reply;
        try {
            const raw = await readBody(req);
            const route = this.routes.find((r) => r.method === method && r.pattern.test(url.pathname));
            if (route) routeName = route.template;
            const fault = this.takeFault(routeName);
            if (fault) {
                reply = {
                    status: fault.status,
                    headers: { ...fault.headers },
                    body: fault.body ?? { message: "fault" },
                };
            } else if (!route) {
                reply = notFound();
            } else {
                const params = route.pattern.exec(url.pathname)!.groups ?? {};
                const body = raw === "" ? {} : (JSON.parse(raw) as Json);
                const ctx: Ctx = { req, url, params, body };
                reply =
                    (route.auth === "jwt" ? this.checkJwt(ctx) : this.checkToken(ctx)) ?? route.handler(ctx);
            }
        } catch (err) {
            reply = { status: 500, body: { message: `fake GitHub failed: ${(err as Error).message}` } };
        }
        this.requests.push({ route: routeName, path: url.pathname + url.search, status: reply.status });
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

    private takeFault(route: string): Fault | undefined {
        const entry = this.faults.find((f) => f.fault.route === undefined || f.fault.route === route);
        if (!entry) return undefined;
        entry.remaining--;
        if (entry.remaining <= 0) this.faults.splice(this.faults.indexOf(entry), 1);
        return entry.fault;
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

    // ---- routes ------------------------------------------------------------------------------

    private buildRoutes(): Route[] {
        const r = (method: string, template: string, auth: Route["auth"], handler: Handler): Route => ({
            method,
            template,
            auth,
            handler,
            pattern: new RegExp(`^${template.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`),
        });
        return [
            r("POST", "/app/installations/{installation_id}/access_tokens", "jwt", (ctx) =>
                this.createToken(ctx),
            ),
            r("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", "installation", (ctx) =>
                this.listComments(ctx),
            ),
            r("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", "installation", (ctx) =>
                this.postComment(ctx),
            ),
            r("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", "installation", (ctx) =>
                this.editComment(ctx),
            ),
            r("GET", "/repos/{owner}/{repo}/issues", "installation", (ctx) => this.listIssues(ctx)),
            r("POST", "/repos/{owner}/{repo}/issues", "installation", (ctx) => this.createIssue(ctx)),
            r("GET", "/repos/{owner}/{repo}/issues/{issue_number}", "installation", (ctx) =>
                this.getIssue(ctx),
            ),
            r("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}", "installation", (ctx) =>
                this.updateIssue(ctx),
            ),
            r("POST", "/repos/{owner}/{repo}/check-runs", "installation", (ctx) => this.createCheckRun(ctx)),
            r("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", "installation", (ctx) =>
                this.updateCheckRun(ctx),
            ),
        ].map((route) => ({ ...route, template: `${route.method} ${route.template}` }));
    }

    private createToken(ctx: Ctx): Reply {
        const installationId = Number(ctx.params.installation_id);
        if (installationId !== this.options.installationId) return notFound();
        const body = ctx.body as TokenRequest["body"];
        this.tokenRequests.push({ installationId, body, claims: ctx.claims! });
        const appPermissions = this.options.appPermissions ?? DEFAULT_APP_PERMISSIONS;
        const asked = body.permissions ?? appPermissions;
        for (const [name, level] of Object.entries(asked)) {
            const granted = appPermissions[name];
            if (granted === undefined || (level === "write" && granted !== "write")) {
                return unprocessable(`The permissions requested are not granted to this installation.`);
            }
        }
        const names = body.repositories;
        if (names?.some((name) => name !== this.options.repo)) {
            return unprocessable(
                "There is at least one repository that does not exist or is not accessible to the parent installation.",
            );
        }
        const ids = body.repository_ids;
        if (ids?.some((id) => id !== this.repositoryId())) {
            return unprocessable(
                "There is at least one repository that does not exist or is not accessible to the parent installation.",
            );
        }
        const token = `ghs_${randomBytes(27).toString("base64url").replace(/[-_]/g, "x").slice(0, 36)}`;
        const lifetime = (this.options.tokenLifetimeSeconds ?? 3600) * 1000;
        const expiresAt = Date.now() + lifetime;
        const scoped = names !== undefined || ids !== undefined;
        this.tokens.set(token, {
            expiresAt,
            permissions: asked,
            repositories: scoped ? [this.options.repo] : "all",
        });
        this.issuedTokens.push(token);
        return {
            status: 201,
            body: {
                token,
                expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
                permissions: { ...asked, metadata: "read" },
                repository_selection: scoped ? "selected" : "all",
                ...(scoped ? { repositories: [this.repositoryJson()] } : {}),
            },
        };
    }

    private listComments(ctx: Ctx): Reply {
        const issueNumber = Number(ctx.params.issue_number);
        const denied = this.requireThread(ctx, issueNumber, "read");
        if (denied) return denied;
        return this.paginated(
            ctx,
            this.commentsOn(issueNumber).map((c) => this.commentJson(c)),
        );
    }

    private postComment(ctx: Ctx): Reply {
        const issueNumber = Number(ctx.params.issue_number);
        const denied = this.requireThread(ctx, issueNumber, "write");
        if (denied) return denied;
        const invalid = validateBody(ctx.body.body);
        if (invalid) return invalid;
        return {
            status: 201,
            body: this.commentJson(this.addComment(issueNumber, ctx.body.body as string, "rayops[bot]")),
        };
    }

    private editComment(ctx: Ctx): Reply {
        const comment = this.comments.find((c) => c.id === Number(ctx.params.comment_id));
        if (!comment) return notFound();
        const denied = this.requireThread(ctx, comment.issueNumber, "write");
        if (denied) return denied;
        const invalid = validateBody(ctx.body.body);
        if (invalid) return invalid;
        comment.body = ctx.body.body as string;
        comment.updatedAt = new Date().toISOString();
        return { status: 200, body: this.commentJson(comment) };
    }

    private listIssues(ctx: Ctx): Reply {
        const denied = requirePermission(ctx, [["issues", "read"]]);
        if (denied) return denied;
        const state = ctx.url.searchParams.get("state") ?? "open";
        const labels = (ctx.url.searchParams.get("labels") ?? "").split(",").filter((l) => l !== "");
        const ascending = ctx.url.searchParams.get("direction") === "asc";
        const matching = this.issues
            .filter((i) => state === "all" || i.state === state)
            .filter((i) => labels.every((label) => i.labels.includes(label)))
            .sort((a, b) => (ascending ? a.number - b.number : b.number - a.number));
        return this.paginated(
            ctx,
            matching.map((i) => this.issueJson(i)),
        );
    }

    private createIssue(ctx: Ctx): Reply {
        const denied = requirePermission(ctx, [["issues", "write"]]);
        if (denied) return denied;
        if (typeof ctx.body.title !== "string" || ctx.body.title === "")
            return unprocessable("title is missing");
        const invalid = validateBody(ctx.body.body ?? "");
        if (invalid) return invalid;
        const issue = this.seedIssue({
            title: ctx.body.title,
            body: (ctx.body.body as string | undefined) ?? "",
            labels: (ctx.body.labels as string[] | undefined) ?? [],
        });
        return { status: 201, body: this.issueJson(issue) };
    }

    private getIssue(ctx: Ctx): Reply {
        const denied = requirePermission(ctx, [["issues", "read"]]);
        if (denied) return denied;
        const issue = this.issues.find((i) => i.number === Number(ctx.params.issue_number));
        return issue ? { status: 200, body: this.issueJson(issue) } : notFound();
    }

    private updateIssue(ctx: Ctx): Reply {
        const denied = requirePermission(ctx, [["issues", "write"]]);
        if (denied) return denied;
        const issue = this.issues.find((i) => i.number === Number(ctx.params.issue_number));
        if (!issue) return notFound();
        const { title, body, state, state_reason, labels } = ctx.body as Record<string, unknown>;
        if (body !== undefined) {
            const invalid = validateBody(body);
            if (invalid) return invalid;
            issue.body = body as string;
        }
        if (typeof title === "string") issue.title = title;
        if (state === "open" || state === "closed") issue.state = state;
        if (typeof state_reason === "string") issue.stateReason = state_reason;
        if (Array.isArray(labels)) issue.labels = labels.map(String);
        return { status: 200, body: this.issueJson(issue) };
    }

    private createCheckRun(ctx: Ctx): Reply {
        const denied = requirePermission(ctx, [["checks", "write"]]);
        if (denied) return denied;
        const { name, head_sha, status, conclusion, output } = ctx.body as Record<string, unknown>;
        if (typeof name !== "string" || typeof head_sha !== "string")
            return unprocessable("name and head_sha are required");
        const run: FakeCheckRun = {
            id: this.nextId++,
            name,
            headSha: head_sha,
            status: (status as string | undefined) ?? "queued",
            conclusion: null,
            output: {},
            annotations: [],
            batches: [],
        };
        const invalid = applyCheckUpdate(run, status, conclusion, output);
        if (invalid) return invalid;
        this.checkRuns.push(run);
        return { status: 201, body: this.checkRunJson(run) };
    }

    private updateCheckRun(ctx: Ctx): Reply {
        const denied = requirePermission(ctx, [["checks", "write"]]);
        if (denied) return denied;
        const run = this.checkRuns.find((c) => c.id === Number(ctx.params.check_run_id));
        if (!run) return notFound();
        const { status, conclusion, output } = ctx.body as Record<string, unknown>;
        const invalid = applyCheckUpdate(run, status, conclusion, output);
        return invalid ?? { status: 200, body: this.checkRunJson(run) };
    }

    // ---- helpers -----------------------------------------------------------------------------

    private requireThread(ctx: Ctx, issueNumber: number, level: Level): Reply | undefined {
        // On a pull request either permission will do; on an issue only `issues` does.
        const accepted: Array<[string, Level]> = this.isIssue(issueNumber)
            ? [["issues", level]]
            : [
                  ["issues", level],
                  ["pull_requests", level],
              ];
        return requirePermission(ctx, accepted);
    }

    private isIssue(issueNumber: number): boolean {
        return this.issues.some((i) => i.number === issueNumber);
    }

    private nextIssueNumber(): number {
        const used = new Set([
            ...this.issues.map((i) => i.number),
            ...this.comments.map((c) => c.issueNumber),
        ]);
        let n = 1;
        while (used.has(n)) n++;
        return n;
    }

    private addComment(issueNumber: number, body: string, author: string): FakeComment {
        const now = new Date().toISOString();
        const comment: FakeComment = {
            id: this.nextId++,
            issueNumber,
            body,
            author,
            createdAt: now,
            updatedAt: now,
        };
        this.comments.push(comment);
        return comment;
    }

    private paginated(ctx: Ctx, items: unknown[]): Reply {
        const perPage = Math.min(100, Math.max(1, Number(ctx.url.searchParams.get("per_page") ?? 30) || 30));
        const page = Math.max(1, Number(ctx.url.searchParams.get("page") ?? 1) || 1);
        const last = Math.max(1, Math.ceil(items.length / perPage));
        const link = (p: number, rel: string) => {
            const u = new URL(ctx.url.pathname + ctx.url.search, this.url);
            u.searchParams.set("per_page", String(perPage));
            u.searchParams.set("page", String(p));
            return `<${u.toString()}>; rel="${rel}"`;
        };
        const links: string[] = [];
        if (page > 1) links.push(link(page - 1, "prev"));
        if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
        if (page > 1) links.push(link(1, "first"));
        return {
            status: 200,
            body: items.slice((page - 1) * perPage, page * perPage),
            headers: links.length > 0 ? { link: links.join(", ") } : {},
        };
    }

    private repositoryId(): number {
        return 4242;
    }

    private repositoryJson(): Json {
        const { owner, repo } = this.options;
        return { id: this.repositoryId(), name: repo, full_name: `${owner}/${repo}` };
    }

    private commentJson(c: FakeComment): Json {
        const { owner, repo } = this.options;
        return {
            id: c.id,
            body: c.body,
            user: { login: c.author, type: c.author.endsWith("[bot]") ? "Bot" : "User" },
            created_at: c.createdAt,
            updated_at: c.updatedAt,
            html_url: `https://github.com/${owner}/${repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
        };
    }

    private issueJson(i: FakeIssue): Json {
        const { owner, repo } = this.options;
        return {
            number: i.number,
            title: i.title,
            body: i.body,
            state: i.state,
            state_reason: i.stateReason,
            labels: i.labels.map((name) => ({ name })),
            created_at: i.createdAt,
            html_url: `https://github.com/${owner}/${repo}/issues/${i.number}`,
        };
    }

    private checkRunJson(run: FakeCheckRun): Json {
        const { owner, repo } = this.options;
        return {
            id: run.id,
            name: run.name,
            head_sha: run.headSha,
            status: run.status,
            conclusion: run.conclusion,
            output: { ...run.output, annotations_count: run.annotations.length },
            html_url: `https://github.com/${owner}/${repo}/runs/${run.id}`,
        };
    }
}

/** Checks an App JWT as GitHub does; returns its claims or why it is refused. */
export function verifyAppJwt(jwt: string, publicKey: KeyObject, appId: string | number): JwtClaims | string {
    const parts = jwt.split(".");
    if (parts.length !== 3) return "A JSON web token could not be decoded";
    let header: { alg?: string };
    let claims: Partial<JwtClaims>;
    try {
        header = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8"));
        claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
    } catch {
        return "A JSON web token could not be decoded";
    }
    if (header.alg !== "RS256") return `'alg' must be RS256, got ${header.alg}`;
    const signed = verify(
        "sha256",
        Buffer.from(`${parts[0]}.${parts[1]}`),
        publicKey,
        Buffer.from(parts[2]!, "base64url"),
    );
    if (!signed)
        return "A JSON web token could not be decoded: the signature does not match the App's public key";
    if (String(claims.iss) !== String(appId)) return `'Issuer' claim ('iss') must be the App's id ${appId}`;
    if (!Number.isInteger(claims.iat)) return "'Issued at' claim ('iat') must be an Integer";
    if (!Number.isInteger(claims.exp)) return "'Expiration time' claim ('exp') must be a numeric value";
    const now = Math.floor(Date.now() / 1000);
    if (claims.exp! - claims.iat! > 600) return "'Expiration time' claim ('exp') is too far in the future";
    if (claims.exp! <= now) return "'Expiration time' claim ('exp') is in the past";
    if (claims.iat! > now + 60) return "'Issued at' claim ('iat') is in the future";
    return claims as JwtClaims;
}

function requirePermission(ctx: Ctx, accepted: ReadonlyArray<readonly [string, Level]>): Reply | undefined {
    const granted = ctx.token!.permissions;
    const ok = accepted.some(
        ([name, level]) => granted[name] === "write" || (level === "read" && granted[name] === "read"),
    );
    if (ok) return undefined;
    return {
        status: 403,
        headers: { "x-accepted-github-permissions": accepted.map(([n, l]) => `${n}=${l}`).join("; ") },
        body: { message: "Resource not accessible by integration" },
    };
}

function applyCheckUpdate(
    run: FakeCheckRun,
    status: unknown,
    conclusion: unknown,
    output: unknown,
): Reply | undefined {
    if (output !== undefined) {
        const out = output as { title?: unknown; summary?: unknown; text?: unknown; annotations?: unknown[] };
        if (typeof out.title !== "string" || typeof out.summary !== "string") {
            return unprocessable("output.title and output.summary are required");
        }
        if ((out.annotations?.length ?? 0) > 50)
            return unprocessable("Only 50 annotations are allowed per request");
        run.output = {
            title: out.title,
            summary: out.summary,
            ...(typeof out.text === "string" ? { text: out.text } : {}),
        };
        run.annotations.push(...((out.annotations ?? []) as Json[]));
        run.batches.push(out.annotations?.length ?? 0);
    }
    if (conclusion !== undefined) {
        run.conclusion = String(conclusion);
        run.status = "completed";
    } else if (typeof status === "string") {
        if (status === "completed") return unprocessable("conclusion is required when status is completed");
        run.status = status;
    }
    return undefined;
}

function validateBody(body: unknown): Reply | undefined {
    if (typeof body !== "string") return unprocessable("body is missing");
    // The same check GitHub makes; see GITHUB_COMMENT_LIMIT in automation/github/comment.ts.
    if (body.length > 65_536) return unprocessable("Body is too long (maximum is 65536 characters)");
    return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > 10 * 1024 * 1024) reject(new Error("request body over 10 MiB"));
            else chunks.push(chunk);
        });
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
    });
}

function notFound(): Reply {
    return { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };
}

function unauthorized(message: string): Reply {
    return { status: 401, body: { message, documentation_url: "https://docs.github.com/rest" } };
}

function unprocessable(message: string): Reply {
    return { status: 422, body: { message, documentation_url: "https://docs.github.com/rest" } };
}

export interface GitHubFixture {
    readonly server: FakeGitHub;
    readonly keys: AppKeys;
    /** The environment a workflow would set, pointing at the fake server. */
    readonly env: Readonly<Record<string, string>>;
    /** `readAppConfig(env)`. */
    readonly config: AppConfig;
}

/**
 * Generates App keys and starts a fake GitHub for `owner/repo`; the usual setup of a spec that
 * talks to GitHub. Close `fixture.server` in `after`.
 */
export async function startGitHubFixture(
    overrides: Partial<Omit<FakeGitHubOptions, "publicKey">> & { readonly keys?: AppKeys } = {},
): Promise<GitHubFixture> {
    const keys = overrides.keys ?? generateAppKeys();
    const options: FakeGitHubOptions = {
        appId: overrides.appId ?? 123456,
        installationId: overrides.installationId ?? 7890,
        owner: overrides.owner ?? "acme",
        repo: overrides.repo ?? "ml-platform",
        publicKey: keys.publicKey,
        ...(overrides.appPermissions ? { appPermissions: overrides.appPermissions } : {}),
        ...(overrides.tokenLifetimeSeconds ? { tokenLifetimeSeconds: overrides.tokenLifetimeSeconds } : {}),
    };
    const server = await FakeGitHub.start(options);
    const env = {
        GITHUB_APP_ID: String(options.appId),
        GITHUB_APP_INSTALLATION_ID: String(options.installationId),
        GITHUB_APP_PRIVATE_KEY: keys.privateKeyPem,
        GITHUB_REPOSITORY: `${options.owner}/${options.repo}`,
        GITHUB_API_URL: server.url,
    };
    return { server, keys, env, config: readAppConfig(env) };
}

/** An injectable `sleep` that returns at once and records each wait, so retry specs never wait. */
export function recordingSleep(): {
    readonly sleep: (ms: number) => Promise<void>;
    readonly waits: number[];
} {
    const waits: number[] = [];
    return {
        waits,
        sleep: async (ms: number) => {
            waits.push(ms);
        },
    };
}
