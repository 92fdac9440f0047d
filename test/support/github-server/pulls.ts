/**
 * The pull requests of a commit (`GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls`): for a
 * commit on the default branch, the merged pull request that brought it. The route asks for
 * `pull_requests` read, as rayops's `up --comment` token has it (TASK_PERMISSIONS.prComment).
 */
import type { GitHubStore } from "./store";
import { type Ctx, type Reply, requirePermission, unprocessable } from "./types";

export function listCommitPulls(store: GitHubStore, ctx: Ctx): Reply {
    const denied = requirePermission(ctx, [["pull_requests", "read"]]);
    if (denied) return denied;
    const sha = ctx.params.commit_sha ?? "";
    if (!/^[0-9a-f]{40}$/.test(sha)) return unprocessable(`No commit found for SHA: ${sha}`);
    const pulls = store.mergedPulls.filter((p) => p.mergeCommitSha === sha || p.commits.includes(sha));
    return store.paginated(
        ctx,
        pulls.map((p) => store.pullJson(p)),
    );
}
