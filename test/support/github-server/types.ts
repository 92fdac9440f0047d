/** The fake's data shapes and its request/reply plumbing, shared by the route modules. */

import type { KeyObject } from "node:crypto";
import type { IncomingMessage } from "node:http";

export type Level = "read" | "write";
export type Json = Record<string, unknown>;

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
    /** The App's slug: `GET /app` answers it and its bot `<slug>[bot]` authors what installation tokens write. @default "rayops" */
    readonly appSlug?: string;
}

/** Who wrote a comment or an issue, as GitHub renders `user` and `performed_via_github_app`. */
export interface FakeAuthor {
    readonly login: string;
    readonly type: "User" | "Bot";
    /** The slug of the App a person acted through (a user-to-server token). @default none (null) */
    readonly viaApp?: string;
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
    readonly author: FakeAuthor;
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
    readonly author: FakeAuthor;
    readonly createdAt: string;
}

export interface FakeCheckRun {
    readonly id: number;
    readonly name: string;
    readonly headSha: string;
    /** The creator's reference for the run, or null. */
    readonly externalId: string | null;
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
    /**
     * Serve the request first, so that it takes effect, and only then answer with the fault: GitHub
     * applied the call but the client sees a failure. @default false (the request is not served)
     */
    readonly afterApplying?: boolean;
    /** Close the connection without any answer; `status` and `body` are not sent. @default false */
    readonly dropConnection?: boolean;
}

export interface IssuedToken {
    readonly expiresAt: number;
    readonly permissions: Readonly<Record<string, Level>>;
    readonly repositories: readonly string[] | "all";
}

export interface Ctx {
    readonly req: IncomingMessage;
    readonly url: URL;
    readonly params: Record<string, string>;
    readonly body: Json;
    token?: IssuedToken;
    claims?: JwtClaims;
}

export interface Reply {
    readonly status: number;
    readonly body?: unknown;
    readonly headers?: Record<string, string>;
}

export function notFound(): Reply {
    return { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };
}

export function unauthorized(message: string): Reply {
    return { status: 401, body: { message, documentation_url: "https://docs.github.com/rest" } };
}

export function unprocessable(message: string): Reply {
    return { status: 422, body: { message, documentation_url: "https://docs.github.com/rest" } };
}

/** A 403 naming the accepted permissions, as GitHub answers, unless the token grants one of them. */
export function requirePermission(
    ctx: Ctx,
    accepted: ReadonlyArray<readonly [string, Level]>,
): Reply | undefined {
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

export function validateBody(body: unknown): Reply | undefined {
    if (typeof body !== "string") return unprocessable("body is missing");
    // The same check GitHub makes; see GITHUB_COMMENT_LIMIT in automation/github/comment.ts.
    if (body.length > 65_536) return unprocessable("Body is too long (maximum is 65536 characters)");
    return undefined;
}

export function readBody(req: IncomingMessage): Promise<string> {
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
