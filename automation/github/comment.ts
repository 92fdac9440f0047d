import type { RepoClient } from "./client";
import { type Authored, authoredByApp } from "./identity";
import { redact } from "./redact";

/**
 * GitHub's limit on an issue or PR comment body (and an issue body), in characters.
 * Source: the API answers 422 "Body is too long (maximum is 65536 characters)" (2026-11-25).
 * JavaScript counts UTF-16 code units, never fewer than characters, so checking `.length` is safe.
 */
export const GITHUB_COMMENT_LIMIT = 65_536;

// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles) of a terminal.
const ANSI_PATTERN = new RegExp(
    [
        "\\u001b\\[[0-?]*[ -/]*[@-~]",
        "\\u001b\\][^\\u0007\\u001b]*(?:\\u0007|\\u001b\\\\)",
        "\\u009b[0-?]*[ -/]*[@-~]",
        "\\u001b[@-Z\\\\-_]",
    ].join("|"),
    "g",
);

/** Removes terminal escape sequences, so output rendered for a terminal reads cleanly in Markdown. */
export function stripAnsi(text: string): string {
    return text.replace(ANSI_PATTERN, "");
}

/**
 * Fits a Markdown report into `limit` characters. The summary comes first and is kept whole; the
 * details follow in a collapsed `<details>` block. When they do not fit, the details are cut on a
 * line boundary and a visible note says how much was left out. Only a summary that alone exceeds
 * the limit is cut itself (and the details dropped). ANSI escapes are removed.
 */
export function fitComment(summary: string, details: string, limit = GITHUB_COMMENT_LIMIT): string {
    return fitReport(summary, details, limit).text;
}

function fitReport(summary: string, details: string, limit: number): { text: string; trimmed: boolean } {
    const head = stripAnsi(summary).replace(/\s+$/, "");
    const body = stripAnsi(details).replace(/^\s*\n|\s+$/g, "");
    if (body === "") {
        return head.length <= limit
            ? { text: head, trimmed: false }
            : { text: trimSummary(head, 0, limit), trimmed: true };
    }
    const full = `${head}\n\n${detailsBlock(body, "Details")}`;
    if (full.length <= limit) return { text: full, trimmed: false };

    const lines = body.split("\n");
    const render = (kept: number) => {
        const shown = lines.slice(0, kept);
        // A cut inside a fenced code block would swallow the closing </details>; close the fence.
        if (shown.filter((line) => /^\s*(```|~~~)/.test(line)).length % 2 === 1) shown.push("```");
        shown.push(`… ${lines.length - kept} more lines not shown`);
        return `${head}\n\n${trimNote(kept, lines.length)}\n\n${detailsBlock(shown.join("\n"), trimLabel(kept, lines.length))}`;
    };
    // Fill greedily against an estimate of the fixed parts, then step back until the result fits.
    const fixed = render(0).length + "\n```".length;
    let kept = 0;
    let used = 0;
    while (kept < lines.length && fixed + used + lines[kept]!.length + 1 <= limit) {
        used += lines[kept]!.length + 1;
        kept++;
    }
    let text = render(kept);
    while (text.length > limit && kept > 0) text = render(--kept);
    if (text.length > limit) return { text: trimSummary(head, lines.length, limit), trimmed: true };
    return { text, trimmed: true };
}

function detailsBlock(content: string, label: string): string {
    // Blank lines around the content let GitHub render Markdown (tables) inside the HTML block.
    return `<details>\n<summary>${label}</summary>\n\n${content}\n\n</details>`;
}

function trimLabel(kept: number, total: number): string {
    return `Details (first ${kept} of ${total} lines)`;
}

function trimNote(kept: number, total: number): string {
    return (
        `> [!NOTE]\n> Trimmed to fit GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString("en-US")}-character comment limit: ` +
        `the details show the first ${kept} of ${total} lines (${total - kept} left out). The workflow log has the full output.`
    );
}

function trimSummary(head: string, detailLines: number, limit: number): string {
    const lines = head.split("\n");
    const note = (kept: number) =>
        `\n\n> [!NOTE]\n> Trimmed to fit GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString("en-US")}-character comment limit: ` +
        `the summary shows the first ${kept} of ${lines.length} lines` +
        (detailLines > 0 ? ` and ${detailLines} lines of details were left out` : "") +
        ". The workflow log has the full output.";
    const budget = limit - note(lines.length).length;
    let kept = 0;
    let used = 0;
    while (kept < lines.length && used + lines[kept]!.length + 1 <= budget) {
        used += lines[kept]!.length + 1;
        kept++;
    }
    const text = `${lines.slice(0, kept).join("\n")}${note(kept)}`;
    // A single line longer than the whole limit: fall back to a hard cut, still under the limit.
    return text.length <= limit ? text : text.slice(0, limit);
}

const STACK_NAME = /^[A-Za-z0-9_.\-/]{1,200}$/;

/**
 * The hidden marker that identifies the sticky comment of `stack` on a pull request: one for what
 * was previewed while the pull request was open, and one for what `up` applied once it was merged,
 * so neither overwrites the other.
 */
export function stickyMarker(stack: string, operation = "preview"): string {
    if (!STACK_NAME.test(stack)) {
        throw new Error(
            `stack="${stack}" cannot name a sticky comment: use 1-200 letters, digits, "-", "_", "." or "/" (a Pulumi stack name)`,
        );
    }
    return operation === "up" ? `<!-- rayops:up:stack=${stack} -->` : `<!-- rayops:stack=${stack} -->`;
}

export interface StickyCommentInput {
    /** The pull request's number. */
    readonly pullNumber: number;
    readonly stack: string;
    /** Markdown shown first and always kept (changes, policy findings, cost delta). */
    readonly summary: string;
    /** Markdown shown collapsed and cut when too long (the resource table). @default "" */
    readonly details?: string;
    /** A failed run still gets its comment, marked prominently as failed. @default "succeeded" */
    readonly status?: "succeeded" | "failed";
    /** What ran, for the heading: "preview", "plan", ... @default "preview" */
    readonly operation?: string;
    /** The commit the report is for, shown in the footer. */
    readonly sha?: string;
    /** A link to the workflow run, shown in the footer. */
    readonly runUrl?: string;
}

/** The whole comment body: marker, heading, the fitted report and a footer; at most `limit` characters. */
export function renderStickyComment(
    input: Omit<StickyCommentInput, "pullNumber">,
    limit = GITHUB_COMMENT_LIMIT,
): string {
    return renderSticky(input, limit).body;
}

function renderSticky(
    input: Omit<StickyCommentInput, "pullNumber">,
    limit: number,
): { body: string; trimmed: boolean } {
    const operation = input.operation ?? "preview";
    const marker = stickyMarker(input.stack, operation);
    const title = operation.charAt(0).toUpperCase() + operation.slice(1);
    // A failed run's summary says why in a callout of its own (automation/render/markdown.ts):
    // the heading only makes the failure impossible to miss.
    const heading =
        input.status === "failed"
            ? `## ❌ ${title} failed: stack \`${input.stack}\``
            : `## rayops ${operation}: stack \`${input.stack}\``;
    const footerParts = [
        input.sha ? `commit ${input.sha.slice(0, 12)}` : undefined,
        input.runUrl ? `[workflow run](${input.runUrl})` : undefined,
    ].filter((part) => part !== undefined);
    const footer =
        footerParts.length > 0 ? `\n\n<sub>Updated by rayops for ${footerParts.join(" · ")}</sub>` : "";
    const prefix = `${marker}\n${heading}\n\n`;
    // Reports can quote tool output; make sure no credential reaches a public comment.
    const report = fitReport(
        redact(input.summary),
        redact(input.details ?? ""),
        limit - prefix.length - footer.length,
    );
    return { body: `${prefix}${report.text}${footer}`, trimmed: report.trimmed };
}

export interface StickyCommentResult {
    readonly action: "created" | "updated" | "unchanged";
    readonly commentId: number;
    readonly url: string | undefined;
    /** Whether the details (or summary) had to be cut to fit. */
    readonly trimmed: boolean;
    readonly length: number;
}

interface IssueComment extends Authored {
    readonly id: number;
    readonly body?: string | null;
    readonly html_url?: string;
}

const LIST_COMMENTS = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments";
const CREATE_COMMENT = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
const EDIT_COMMENT = "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}";

/**
 * Creates or edits the one comment of `stack` on a pull request. The comment is the oldest one,
 * across every page of the PR's comments, that carries the marker on its first line and was
 * written by the App itself (`authoredByApp`): a comment anyone else starts with the marker is left
 * alone, and the App's own is created next to it. When the create fails in a way GitHub may have
 * applied, the comments are read again and a comment found there is used instead of a second one.
 */
export async function upsertStickyComment(
    target: RepoClient,
    input: StickyCommentInput,
): Promise<StickyCommentResult> {
    if (!Number.isInteger(input.pullNumber) || input.pullNumber < 1) {
        throw new Error(
            `pullNumber=${input.pullNumber} is not a pull request number: expected a positive integer`,
        );
    }
    const { client, owner, repo } = target;
    const marker = stickyMarker(input.stack, input.operation);
    const { body, trimmed } = renderSticky(input, GITHUB_COMMENT_LIMIT);
    const slug = await target.appSlug();
    const thread = { owner, repo, issue_number: input.pullNumber };
    const find = () => findAppComment(target, input.pullNumber, slug, (text) => firstLine(text) === marker);
    const result = (action: StickyCommentResult["action"], comment: IssueComment) => ({
        action,
        commentId: comment.id,
        url: comment.html_url,
        trimmed,
        length: body.length,
    });

    let existing = await find();
    if (existing === undefined) {
        const created = await client.create(CREATE_COMMENT, { ...thread, body }, find);
        // A comment found after a failed create is the one that create made, unless another run
        // changed it in between.
        if (!created.found || created.data.body === body) return result("created", created.data);
        existing = created.data;
    }
    if (existing.body === body) return result("unchanged", existing);
    const res = await client.request<IssueComment>(EDIT_COMMENT, {
        owner,
        repo,
        comment_id: existing.id,
        body,
    });
    return result("updated", res.data);
}

/**
 * The oldest comment on issue or pull request `issueNumber` that the App `slug` wrote and whose
 * body passes `matches`, reading page after page until one does.
 */
export async function findAppComment(
    target: RepoClient,
    issueNumber: number,
    slug: string,
    matches: (body: string) => boolean,
): Promise<IssueComment | undefined> {
    const { client, owner, repo } = target;
    for await (const page of client.pages<IssueComment>(LIST_COMMENTS, {
        owner,
        repo,
        issue_number: issueNumber,
    })) {
        const found = page.find((comment) => authoredByApp(comment, slug) && matches(comment.body ?? ""));
        if (found) return found;
    }
    return undefined;
}

/** The first line of a body after leading blank space: where rayops puts its hidden markers. */
export function firstLine(body: string): string {
    return body.trimStart().split("\n", 1)[0]!;
}
