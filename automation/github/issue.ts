import type { RepoClient } from "./client";
import { findAppComment, firstLine, fitComment, GITHUB_COMMENT_LIMIT } from "./comment";
import { type Authored, authoredByApp } from "./identity";
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

interface Issue extends Authored {
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

const CREATE_ISSUE = "POST /repos/{owner}/{repo}/issues";
const UPDATE_ISSUE = "PATCH /repos/{owner}/{repo}/issues/{issue_number}";
const CREATE_COMMENT = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";

/**
 * Keeps one open issue per report. The issue is found by its marker (on the body's first line)
 * among open issues carrying `labels`, and only if the App itself opened it (`authoredByApp`): a
 * title or a marker typed by someone else never identifies it, so an issue written by a person is
 * never overwritten. Closed issues are left alone: a condition that comes back gets a new issue,
 * which keeps each occurrence's history apart. A create (of the issue or of the closing comment)
 * that fails in a way GitHub may have applied is followed by a second look before it is sent again.
 */
export async function upsertIssue(target: RepoClient, input: UpsertIssueInput): Promise<UpsertIssueResult> {
    const { client, owner, repo } = target;
    const marker = issueMarker(input.marker);
    const labels = input.labels ?? [];
    const slug = await target.appSlug();
    const find = () => findOpenIssue(target, marker, labels, slug);
    let existing = await find();

    if (input.resolved) {
        if (existing === undefined) return { action: "none" };
        const closing = fitComment(redact(input.body), "");
        const issueNumber = existing.number;
        await client.create(CREATE_COMMENT, { owner, repo, issue_number: issueNumber, body: closing }, () =>
            findAppComment(target, issueNumber, slug, (text) => text === closing),
        );
        await client.request(UPDATE_ISSUE, {
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
        const created = await client.create<Issue>(
            CREATE_ISSUE,
            { owner, repo, title: input.title, body, labels: [...labels] },
            find,
        );
        const { data } = created;
        // An issue found after a failed create is the one that create opened, unless another run
        // changed it in between.
        if (!created.found || (data.title === input.title && data.body === body)) {
            return { action: "created", number: data.number, url: data.html_url };
        }
        existing = data;
    }
    if (existing.title === input.title && existing.body === body) {
        return { action: "unchanged", number: existing.number, url: existing.html_url };
    }
    // Labels are left as they are: people add their own (owner, priority) to a report issue.
    await client.request(UPDATE_ISSUE, {
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
    slug: string,
): Promise<Issue | undefined> {
    const { client, owner, repo } = target;
    const params: Record<string, unknown> = { owner, repo, state: "open", sort: "created", direction: "asc" };
    if (labels.length > 0) params.labels = labels.join(",");
    for await (const page of client.pages<Issue>("GET /repos/{owner}/{repo}/issues", params)) {
        // The issues list includes pull requests; those are never report issues.
        const found = page.find(
            (issue) =>
                issue.pull_request === undefined &&
                authoredByApp(issue, slug) &&
                firstLine(issue.body ?? "") === marker,
        );
        if (found) return found;
    }
    return undefined;
}
