import { request as octokitRequest } from "@octokit/request";
import { type AppTokenSource, GITHUB_API_VERSION, type InstallationPermissions, USER_AGENT } from "./auth";
import type { AuthMode } from "./config";
import { GitHubApiError } from "./errors";
import { type RetryOptions, withRetry } from "./retry";

export interface GitHubResponse<T> {
    readonly status: number;
    readonly data: T;
    readonly headers: Readonly<Record<string, string | undefined>>;
}

export interface GitHubClientOptions {
    /** REST API root, e.g. `https://api.github.com`. */
    readonly apiUrl: string;
    /** Resolves the installation token before each attempt; the token source caches it. */
    readonly token: () => Promise<string>;
    /** Where the token came from; a 401 or 403 says what to check for it. @default "key" */
    readonly mode?: AuthMode;
    readonly retry?: RetryOptions;
    /** Pages a list call follows at most, so a broken `Link` header cannot loop forever. @default 100 */
    readonly maxPages?: number;
}

/** What `GitHubClient.create` made, or found that an earlier attempt had made. */
export interface Created<T> {
    readonly data: T;
    /** True when a failed attempt had in fact been applied and `find` found its result. */
    readonly found: boolean;
}

/** A small REST client: installation-token auth, retries, Link pagination, clear redacted errors. */
export interface GitHubClient {
    readonly apiUrl: string;
    /**
     * One call, e.g. `request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number, body })`.
     * GET, PATCH, PUT and DELETE are retried on 502/503/504 and network errors. A POST creates
     * something, so it is retried only on rate limits: after a 5xx or a lost connection GitHub may
     * have applied it, and the call fails at once. Use `create` to recover from that.
     */
    request<T = unknown>(
        route: string,
        params?: Readonly<Record<string, unknown>>,
    ): Promise<GitHubResponse<T>>;
    /**
     * A POST that must take effect once. After a failure that GitHub may have applied (502/503/504,
     * a lost connection) it waits its back-off, calls `find` to look for what the failed attempt
     * made, and sends the POST again only when `find` finds nothing. Attempts, back-off and log
     * lines are those of `request`.
     */
    create<T>(
        route: string,
        params: Readonly<Record<string, unknown>>,
        find: () => Promise<T | undefined>,
    ): Promise<Created<T>>;
    /**
     * The pages of a list endpoint (`per_page=100` unless given), following `Link: rel="next"`. A
     * list that GitHub wraps in an object with `total_count` (check runs) yields the wrapped items.
     */
    pages<T>(route: string, params?: Readonly<Record<string, unknown>>): AsyncGenerator<T[], void, undefined>;
    /** Every item of a list endpoint. */
    paginate<T>(route: string, params?: Readonly<Record<string, unknown>>): Promise<T[]>;
}

/** Where a repository-scoped call goes: the client (with its token's permissions), the repository and the App. */
export interface RepoClient {
    readonly client: GitHubClient;
    readonly owner: string;
    readonly repo: string;
    /** The App's slug: rayops finds and edits only what `<slug>[bot]` wrote. */
    readonly appSlug: () => Promise<string>;
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
    const apiUrl = options.apiUrl.replace(/\/+$/, "");
    const origin = new URL(apiUrl).origin;
    const maxPages = options.maxPages ?? 100;
    const base = octokitRequest.defaults({
        baseUrl: apiUrl,
        headers: { "user-agent": USER_AGENT, "x-github-api-version": GITHUB_API_VERSION },
    });

    const mode = options.mode ?? "key";
    const attempt = async <T>(route: string, params: Readonly<Record<string, unknown>>) => {
        const token = await options.token();
        const headers = {
            ...(params.headers as Record<string, string> | undefined),
            authorization: `token ${token}`,
        };
        const res = await base(route, { ...params, headers });
        return { status: res.status, data: res.data as T, headers: stringHeaders(res.headers) };
    };
    const send = <T>(route: string, label: string, params: Readonly<Record<string, unknown>>) =>
        withRetry<GitHubResponse<T>>(
            { route: label, apiUrl, mode, idempotent: !route.startsWith("POST ") },
            () => attempt<T>(route, params),
            options.retry,
        );

    const client: GitHubClient = {
        apiUrl,
        request: (route, params = {}) => send(route, route, params),
        create: <T>(
            route: string,
            params: Readonly<Record<string, unknown>>,
            find: () => Promise<T | undefined>,
        ) =>
            withRetry<Created<T>>(
                {
                    route,
                    apiUrl,
                    mode,
                    idempotent: false,
                    lookAgain: async () => {
                        const found = await find();
                        return found === undefined ? undefined : { data: found, found: true };
                    },
                },
                async () => ({ data: (await attempt<T>(route, params)).data, found: false }),
                options.retry,
            ),
        async *pages<T>(route: string, params: Readonly<Record<string, unknown>> = {}) {
            const method = route.split(" ")[0];
            let res = await send<unknown>(route, route, { per_page: 100, ...params });
            for (let page = 1; ; page++) {
                yield listItems<T>(res.data, route);
                const next = nextPageUrl(res.headers.link);
                if (next === undefined) return;
                if (new URL(next).origin !== origin) {
                    // Following it would send the installation token to another host.
                    throw new GitHubApiError(
                        `${route}: the next-page link leaves ${origin}; refusing to follow it`,
                        0,
                        route,
                        1,
                    );
                }
                if (page >= maxPages) {
                    throw new GitHubApiError(
                        `${route}: more than ${maxPages} pages; refusing to read further`,
                        0,
                        route,
                        1,
                    );
                }
                res = await send<unknown>(`${method} ${next}`, `${route} (page ${page + 1})`, {});
            }
        },
        async paginate<T>(route: string, params: Readonly<Record<string, unknown>> = {}) {
            const items: T[] = [];
            for await (const page of client.pages<T>(route, params)) items.push(...page);
            return items;
        },
    };
    return client;
}

/** A client for `source.config`'s repository whose token carries exactly `permissions`. */
export function connectRepository(
    source: AppTokenSource,
    permissions: InstallationPermissions,
    options: { readonly retry?: RetryOptions; readonly maxPages?: number } = {},
): RepoClient {
    const client = createGitHubClient({
        apiUrl: source.config.apiUrl,
        token: async () => (await source.installationToken(permissions)).token,
        mode: source.config.mode,
        ...options,
    });
    return {
        client,
        owner: source.config.owner,
        repo: source.config.repo,
        appSlug: () => source.appSlug(),
    };
}

// Keys GitHub puts next to the items of a wrapped list; the one key left holds the items. The same
// rule as octokit's pagination plugin:
// https://github.com/octokit/plugin-paginate-rest.js/blob/main/src/normalize-paginated-list-response.ts (2026-12-02)
const LIST_METADATA_KEYS = new Set([
    "total_count",
    "incomplete_results",
    "repository_selection",
    "total_commits",
]);

/** The items of one page: the array itself, or the one array of a `{ total_count, <items> }` object. */
function listItems<T>(data: unknown, route: string): T[] {
    if (Array.isArray(data)) return data as T[];
    if (typeof data === "object" && data !== null && "total_count" in data) {
        const lists = Object.entries(data).filter(([key]) => !LIST_METADATA_KEYS.has(key));
        if (lists.length === 1 && Array.isArray(lists[0]![1])) return lists[0]![1] as T[];
    }
    throw new GitHubApiError(`${route}: GitHub did not answer with a list`, 0, route, 1);
}

/** The `rel="next"` target of an RFC 8288 `Link` header, as GitHub sends it. */
export function nextPageUrl(link: string | undefined): string | undefined {
    if (!link) return undefined;
    for (const match of link.matchAll(/<([^>]+)>\s*;\s*rel="([^"]+)"/g)) {
        if (match[2]!.split(/\s+/).includes("next")) return match[1];
    }
    return undefined;
}

function stringHeaders(
    headers: Readonly<Record<string, string | number | undefined>>,
): Record<string, string | undefined> {
    return Object.fromEntries(
        Object.entries(headers).map(([k, v]) => [k, v === undefined ? undefined : String(v)]),
    );
}
