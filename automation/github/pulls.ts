/**
 * The pull request a commit on the default branch came from, so `rayops up --comment` can say on
 * it what was applied. GitHub's "list pull requests associated with a commit" endpoint answers,
 * for a commit on the default branch, the merged pull request that introduced it (REST API
 * 2022-11-28, commits/commits#list-pull-requests-associated-with-a-commit); a direct push has none.
 */
import type { RepoClient } from "./client";

export const COMMIT_PULLS = "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls";

export interface MergedPullRequest {
    readonly number: number;
    readonly title: string;
    readonly url: string | undefined;
}

interface PullJson {
    readonly number?: unknown;
    readonly title?: unknown;
    readonly html_url?: unknown;
    readonly merged_at?: unknown;
    readonly merge_commit_sha?: unknown;
}

/**
 * The merged pull request of `sha`: the one whose merge commit it is, else the one merged pull
 * request listed (a rebase merge puts the pull request's own commits on the branch); undefined for
 * a commit no merged pull request brought, or one that two merged pull requests share.
 */
export async function mergedPullRequestOf(
    target: RepoClient,
    sha: string,
): Promise<MergedPullRequest | undefined> {
    if (!/^[0-9a-f]{40}$/.test(sha)) {
        throw new Error(`commit "${sha}" is not a full commit SHA (40 hexadecimal digits)`);
    }
    const { client, owner, repo } = target;
    const merged: PullJson[] = [];
    for await (const page of client.pages<PullJson>(COMMIT_PULLS, { owner, repo, commit_sha: sha })) {
        merged.push(...page.filter((p) => typeof p.merged_at === "string" && typeof p.number === "number"));
    }
    const chosen =
        merged.find((p) => p.merge_commit_sha === sha) ?? (merged.length === 1 ? merged[0] : undefined);
    if (chosen === undefined) return undefined;
    return {
        number: chosen.number as number,
        title: typeof chosen.title === "string" ? chosen.title : "",
        url: typeof chosen.html_url === "string" ? chosen.html_url : undefined,
    };
}
