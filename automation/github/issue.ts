import type { RepoClient } from "./client";
import { fitComment, GITHUB_COMMENT_LIMIT } from "./comment";
import { redact } from "./redact";

export interface UpsertIssueInput {
    /** Stable id of the report, e.g. `drift:prod` or `cost-report`; kept as a hidden marker in the body. */
    readonly marker: string;
    readonly title: string;
    /** Markdown; cut on a line boundary, with a note, if longer than GitHub allows. */
    readonly body: string;
    /** Set when the issue is created and used to narrow the search for it. @default [] */
    readonly labels?: readonly string[];
    /**
     * The reported condition is over: post `body` as a closing comment on the open issue and close
     * it. Nothing is created when no issue is open. @default false
     */
    readonly resolved?: boolean;
}

export interface UpsertIssueResult {
    readonly action: "created" | "updated" | "unchanged" | "closed" | "none";
    readonly number?: number;
    readonly url?: string;
}

interface Issue {
    readonly number: number;
    readonly title: string;
    readonly body?: string | null;
    readonly html_url?: string;
    readonly pull_request?: unknown;
}

const MARKER_ID = /^[A-Za-z0-9_.:/-]{1,200}$/;

/** The hidden marker that identifies the issue of report `id`. */
export function issueMarker(id: string): string {
    if (!MARKER_ID.test(id)) {
        throw new Error(
            `marker="${id}" cannot identify an issue: use 1-200 letters, digits, "-", "_", ".", ":" or "/"`,
        );
    }
    return `<!-- rayops:issue=${id} -->`;
}

/**
 * Keeps one open issue per report. The issue is found by its marker (on the body's first line)
 * among open issues carrying `labels`; a title alone never identifies it, so an issue written by a
 * person is never overwritten. Closed issues are left alone: a condition that comes back gets a
 * new issue, which keeps each occurrence's history apart.
 */
export async function upsertIssue(target: RepoClient, input: UpsertIssueInput): Promise<UpsertIssueResult> {
    const { client, owner, repo } = target;
    const marker = issueMarker(input.marker);
    const labels = input.labels ?? [];
    const existing = await findOpenIssue(target, marker, labels);

    if (input.resolved) {
        if (existing === undefined) return { action: "none" };
        await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
            owner,
            repo,
            issue_number: existing.number,
            body: fitComment(redact(input.body), ""),
        });
        await client.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
            owner,
            repo,
            issue_number: existing.number,
            state: "closed",
            state_reason: "completed",
        });
        return { action: "closed", number: existing.number, url: existing.html_url };
    }

    const body = `${marker}\n${fitComment(redact(input.body), "", GITHUB_COMMENT_LIMIT - marker.length - 1)}`;
    if (existing === undefined) {
        const res = await client.request<Issue>("POST /repos/{owner}/{repo}/issues", {
            owner,
            repo,
            title: input.title,
            body,
            labels: [...labels],
        });
        return { action: "created", number: res.data.number, url: res.data.html_url };
    }
    if (existing.title === input.title && existing.body === body) {
        return { action: "unchanged", number: existing.number, url: existing.html_url };
    }
    // Labels are left as they are: people add their own (owner, priority) to a report issue.
    await client.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
        owner,
        repo,
        issue_number: existing.number,
        title: input.title,
        body,
    });
    return { action: "updated", number: existing.number, url: existing.html_url };
}

async function findOpenIssue(
    target: RepoClient,
    marker: string,
    labels: readonly string[],
): Promise<Issue | undefined> {
    const { client, owner, repo } = target;
    const params: Record<string, unknown> = { owner, repo, state: "open", sort: "created", direction: "asc" };
    if (labels.length > 0) params.labels = labels.join(",");
    for await (const page of client.pages<Issue>("GET /repos/{owner}/{repo}/issues", params)) {
        // The issues list includes pull requests; those are never report issues.
        const found = page.find(
            (issue) =>
                issue.pull_request === undefined &&
                (issue.body ?? "").trimStart().split("\n", 1)[0] === marker,
        );
        if (found) return found;
    }
    return undefined;
}
