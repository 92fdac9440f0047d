/**
 * Issue and comment routes. Comments need `issues` (or `pull_requests` on a pull request), issues
 * need `issues`; a number that is not an issue created here counts as a pull request. What an
 * installation token writes is authored by the App's bot.
 */
import type { GitHubStore } from "./store";
import {
    type Ctx,
    type Level,
    notFound,
    type Reply,
    requirePermission,
    unprocessable,
    validateBody,
} from "./types";

function requireThread(store: GitHubStore, ctx: Ctx, issueNumber: number, level: Level): Reply | undefined {
    // On a pull request either permission will do; on an issue only `issues` does.
    const accepted: Array<[string, Level]> = store.isIssue(issueNumber)
        ? [["issues", level]]
        : [
              ["issues", level],
              ["pull_requests", level],
          ];
    return requirePermission(ctx, accepted);
}

export function listComments(store: GitHubStore, ctx: Ctx): Reply {
    const issueNumber = Number(ctx.params.issue_number);
    const denied = requireThread(store, ctx, issueNumber, "read");
    if (denied) return denied;
    return store.paginated(
        ctx,
        store.commentsOn(issueNumber).map((c) => store.commentJson(c)),
    );
}

export function postComment(store: GitHubStore, ctx: Ctx): Reply {
    const issueNumber = Number(ctx.params.issue_number);
    const denied = requireThread(store, ctx, issueNumber, "write");
    if (denied) return denied;
    const invalid = validateBody(ctx.body.body);
    if (invalid) return invalid;
    return {
        status: 201,
        body: store.commentJson(store.addComment(issueNumber, ctx.body.body as string, store.botAuthor)),
    };
}

export function editComment(store: GitHubStore, ctx: Ctx): Reply {
    const comment = store.comments.find((c) => c.id === Number(ctx.params.comment_id));
    if (!comment) return notFound();
    const denied = requireThread(store, ctx, comment.issueNumber, "write");
    if (denied) return denied;
    const invalid = validateBody(ctx.body.body);
    if (invalid) return invalid;
    comment.body = ctx.body.body as string;
    comment.updatedAt = new Date().toISOString();
    return { status: 200, body: store.commentJson(comment) };
}

export function listIssues(store: GitHubStore, ctx: Ctx): Reply {
    const denied = requirePermission(ctx, [["issues", "read"]]);
    if (denied) return denied;
    const state = ctx.url.searchParams.get("state") ?? "open";
    const labels = (ctx.url.searchParams.get("labels") ?? "").split(",").filter((l) => l !== "");
    const ascending = ctx.url.searchParams.get("direction") === "asc";
    const matching = store.issues
        .filter((i) => state === "all" || i.state === state)
        .filter((i) => labels.every((label) => i.labels.includes(label)))
        .sort((a, b) => (ascending ? a.number - b.number : b.number - a.number));
    return store.paginated(
        ctx,
        matching.map((i) => store.issueJson(i)),
    );
}

export function createIssue(store: GitHubStore, ctx: Ctx): Reply {
    const denied = requirePermission(ctx, [["issues", "write"]]);
    if (denied) return denied;
    if (typeof ctx.body.title !== "string" || ctx.body.title === "") return unprocessable("title is missing");
    const invalid = validateBody(ctx.body.body ?? "");
    if (invalid) return invalid;
    const issue = store.seedIssue({
        title: ctx.body.title,
        body: (ctx.body.body as string | undefined) ?? "",
        labels: (ctx.body.labels as string[] | undefined) ?? [],
        author: store.botAuthor,
    });
    return { status: 201, body: store.issueJson(issue) };
}

export function getIssue(store: GitHubStore, ctx: Ctx): Reply {
    const denied = requirePermission(ctx, [["issues", "read"]]);
    if (denied) return denied;
    const issue = store.issues.find((i) => i.number === Number(ctx.params.issue_number));
    return issue ? { status: 200, body: store.issueJson(issue) } : notFound();
}

export function updateIssue(store: GitHubStore, ctx: Ctx): Reply {
    const denied = requirePermission(ctx, [["issues", "write"]]);
    if (denied) return denied;
    const issue = store.issues.find((i) => i.number === Number(ctx.params.issue_number));
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
    return { status: 200, body: store.issueJson(issue) };
}
