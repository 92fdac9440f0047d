/**
 * `POST /app/installations/{installation_id}/access_tokens`: scoped, expiring installation tokens;
 * `GET /app`: the App itself.
 */
import { randomBytes } from "node:crypto";
import type { GitHubStore } from "./store";
import { type Ctx, type Level, notFound, type Reply, type TokenRequest, unprocessable } from "./types";

const DEFAULT_APP_PERMISSIONS: Record<string, Level> = {
    pull_requests: "write",
    issues: "write",
    checks: "write",
    contents: "read",
    metadata: "read",
};

const NOT_ACCESSIBLE =
    "There is at least one repository that does not exist or is not accessible to the parent installation.";

export function createToken(store: GitHubStore, ctx: Ctx): Reply {
    const { options } = store;
    const installationId = Number(ctx.params.installation_id);
    if (installationId !== options.installationId) return notFound();
    const body = ctx.body as TokenRequest["body"];
    store.tokenRequests.push({ installationId, body, claims: ctx.claims! });
    const appPermissions = options.appPermissions ?? DEFAULT_APP_PERMISSIONS;
    const asked = body.permissions ?? appPermissions;
    for (const [name, level] of Object.entries(asked)) {
        const granted = appPermissions[name];
        if (granted === undefined || (level === "write" && granted !== "write")) {
            return unprocessable(`The permissions requested are not granted to this installation.`);
        }
    }
    const names = body.repositories;
    if (names?.some((name) => name !== options.repo)) return unprocessable(NOT_ACCESSIBLE);
    const ids = body.repository_ids;
    if (ids?.some((id) => id !== store.repositoryId())) return unprocessable(NOT_ACCESSIBLE);
    const scoped = names !== undefined || ids !== undefined;
    const { token, expiresAt } = issueToken(store, asked, scoped);
    return {
        status: 201,
        body: {
            token,
            expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
            permissions: { ...asked, metadata: "read" },
            repository_selection: scoped ? "selected" : "all",
            ...(scoped ? { repositories: [store.repositoryJson()] } : {}),
        },
    };
}

/**
 * Issues an installation token for the fake's repository (`scoped`) or all of them, as the token
 * endpoint does; the fixture also uses it to stand in for a workflow's token step.
 */
export function issueToken(
    store: GitHubStore,
    permissions: Readonly<Record<string, Level>>,
    scoped: boolean,
    lifetimeSeconds = store.options.tokenLifetimeSeconds ?? 3600,
): { token: string; expiresAt: number } {
    const token = `ghs_${randomBytes(27).toString("base64url").replace(/[-_]/g, "x").slice(0, 36)}`;
    const expiresAt = Date.now() + lifetimeSeconds * 1000;
    store.tokens.set(token, {
        expiresAt,
        permissions,
        repositories: scoped ? [store.options.repo] : "all",
    });
    store.issuedTokens.push(token);
    return { token, expiresAt };
}

export function getApp(store: GitHubStore): Reply {
    return { status: 200, body: store.appJson() };
}
