import { request as octokitRequest } from "@octokit/request";
import { type AppTokenSource, GITHUB_API_VERSION, type InstallationPermissions, USER_AGENT } from "./auth";
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
    readonly retry?: RetryOptions;
    /** Pages a list call follows at most, so a broken `Link` header cannot loop forever. @default 100 */
    readonly maxPages?: number;
}

/** A small REST client: installation-token auth, retries, Link pagination, clear redacted errors. */
export interface GitHubClient {
    readonly apiUrl: string;
    /** One call, e.g. `request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number, body })`. */
    request<T = unknown>(
        route: string,
        params?: Readonly<Record<string, unknown>>,
    ): Promise<GitHubResponse<T>>;
    /** The pages of a list endpoint (`per_page=100` unless given), following `Link: rel="next"`. */
    pages<T>(route: string, params?: Readonly<Record<string, unknown>>): AsyncGenerator<T[], void, undefined>;
    /** Every item of a list endpoint. */
    paginate<T>(route: string, params?: Readonly<Record<string, unknown>>): Promise<T[]>;
}

/** Where a repository-scoped call goes: the client (with its token's permissions) and the repository. */
export interface RepoClient {
    readonly client: GitHubClient;
    readonly owner: string;
    readonly repo: string;
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
    const apiUrl = options.apiUrl.replace(/\/+$/, "");
    const origin = new URL(apiUrl).origin;
    const maxPages = options.maxPages ?? 100;
    const base = octokitRequest.defaults({
        baseUrl: apiUrl,
        headers: { "user-agent": USER_AGENT, "x-github-api-version": GITHUB_API_VERSION },
    });

    const send = <T>(route: string, label: string, params: Readonly<Record<string, unknown>>) =>
        withRetry(
            label,
            apiUrl,
            async (): Promise<GitHubResponse<T>> => {
                const token = await options.token();
                const headers = {
                    ...(params.headers as Record<string, string> | undefined),
                    authorization: `token ${token}`,
                };
                const res = await base(route, { ...params, headers });
                return { status: res.status, data: res.data as T, headers: stringHeaders(res.headers) };
            },
            options.retry,
        );

    const client: GitHubClient = {
        apiUrl,
        request: (route, params = {}) => send(route, route, params),
        async *pages<T>(route: string, params: Readonly<Record<string, unknown>> = {}) {
            const method = route.split(" ")[0];
            let res = await send<T[]>(route, route, { per_page: 100, ...params });
            for (let page = 1; ; page++) {
                yield res.data;
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
                res = await send<T[]>(`${method} ${next}`, `${route} (page ${page + 1})`, {});
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
        ...options,
    });
    return { client, owner: source.config.owner, repo: source.config.repo };
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
