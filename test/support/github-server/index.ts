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
import { type AppConfig, readAppConfig } from "../../../automation/github/config";
import { type AppKeys, generateAppKeys } from "./jwt";
import { FakeGitHub } from "./server";
import type { FakeGitHubOptions } from "./types";

export type { RateLimitOptions } from "./faults";
export { type AppKeys, generateAppKeys, verifyAppJwt } from "./jwt";
export { FakeGitHub } from "./server";
export type {
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
