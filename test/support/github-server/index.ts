/**
 * A fake of the GitHub REST API for tests: a real HTTP server on 127.0.0.1 that checks what GitHub
 * checks (the App's RS256 JWT, installation tokens, their repository and permission scope) and
 * keeps issues, comments and check runs in memory.
 *
 * The subset it speaks (anything else answers 404):
 * - `GET /app`: bearer App JWT; the App with its `slug` (`appSlug`, default `rayops`).
 * - `POST /app/installations/{installation_id}/access_tokens`: bearer App JWT; body `repositories`
 *   (names), `repository_ids`, `permissions`; 422 when they exceed the installation. Answers
 *   `ghs_…` tokens that expire after `tokenLifetimeSeconds` (default 1 h).
 * - `GET|POST /repos/{owner}/{repo}/issues/{issue_number}/comments` (paginated: `per_page` default
 *   30, max 100, `page`, RFC 8288 `Link`), `PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}`.
 *   A number that is not an issue created here counts as a pull request.
 * - `GET /repos/{owner}/{repo}/issues` (filters: `state` open|closed|all, `labels` all-of,
 *   `sort=created` with `direction`; paginated), `POST /repos/{owner}/{repo}/issues`,
 *   `GET|PATCH /repos/{owner}/{repo}/issues/{issue_number}` (title, body, state, state_reason, labels).
 * - `POST /repos/{owner}/{repo}/check-runs` (keeps `external_id`), `PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}`
 *   (at most 50 annotations per request; annotations accumulate), `GET /repos/{owner}/{repo}/commits/{ref}/check-runs`
 *   (`check_name`, `app_id`, `filter`; paginated inside `{ total_count, check_runs }`).
 * What installation tokens write is authored by the App's bot, `<appSlug>[bot]` (`type: "Bot"`);
 * tests plant comments and issues by people (or other bots) with `seedComments` and `seedIssue`.
 * Permissions are enforced as GitHub documents them: comments need `issues` (or `pull_requests` on
 * a pull request), issues need `issues`, check runs need `checks: write`; a 403 carries
 * `x-accepted-github-permissions`. Faults (5xx, rate limits, 401) can be queued for the next
 * requests, either instead of serving them or after serving them (`failAfterApplying`,
 * `dropConnectionAfterApplying`): GitHub applied the call but the client saw it fail.
 */
import { type KeyModeConfig, readAppConfig, type TokenModeConfig } from "../../../automation/github/config";
import { type AppKeys, generateAppKeys } from "./jwt";
import { FakeGitHub } from "./server";
import type { FakeGitHubOptions } from "./types";

export type { RateLimitOptions } from "./faults";
export { type AppKeys, generateAppKeys, verifyAppJwt } from "./jwt";
export { FakeGitHub } from "./server";
export type {
    FakeAuthor,
    FakeCheckRun,
    FakeComment,
    FakeGitHubOptions,
    FakeIssue,
    Fault,
    JwtClaims,
    TokenRequest,
} from "./types";

export interface GitHubFixture {
    readonly server: FakeGitHub;
    readonly keys: AppKeys;
    /** The key-mode environment of a local run, pointing at the fake server. */
    readonly env: Readonly<Record<string, string>>;
    /** `readAppConfig(env)`. */
    readonly config: KeyModeConfig;
    /**
     * The token-mode environment a workflow sets: a token minted for exactly `permissions` (as
     * `actions/create-github-app-token` would) and the App's slug, pointing at the fake server.
     */
    tokenEnv(permissions: Readonly<Record<string, "read" | "write">>): Readonly<Record<string, string>>;
    /** `readAppConfig(tokenEnv(permissions))`. */
    tokenConfig(permissions: Readonly<Record<string, "read" | "write">>): TokenModeConfig;
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
        ...(overrides.appSlug ? { appSlug: overrides.appSlug } : {}),
    };
    const server = await FakeGitHub.start(options);
    const env = {
        GITHUB_APP_ID: String(options.appId),
        GITHUB_APP_INSTALLATION_ID: String(options.installationId),
        GITHUB_APP_PRIVATE_KEY: keys.privateKeyPem,
        GITHUB_REPOSITORY: `${options.owner}/${options.repo}`,
        GITHUB_API_URL: server.url,
    };
    const config = readAppConfig(env);
    if (config.mode !== "key") throw new Error("the fixture's environment must read as key mode");
    const tokenEnv = (permissions: Readonly<Record<string, "read" | "write">>) => ({
        RAYOPS_GITHUB_TOKEN: server.mintInstallationToken(permissions),
        RAYOPS_GITHUB_APP_SLUG: server.appSlug,
        GITHUB_REPOSITORY: env.GITHUB_REPOSITORY,
        GITHUB_API_URL: env.GITHUB_API_URL,
    });
    const tokenConfig = (permissions: Readonly<Record<string, "read" | "write">>) => {
        const read = readAppConfig(tokenEnv(permissions));
        if (read.mode !== "token") throw new Error("the token environment must read as token mode");
        return read;
    };
    return { server, keys, env, config, tokenEnv, tokenConfig };
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
