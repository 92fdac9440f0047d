import { randomUUID } from "node:crypto";
import type { RepoClient } from "./client";
import { fitComment } from "./comment";
import { redact } from "./redact";

// Limits of the Checks API. Source: https://docs.github.com/en/rest/checks/runs (2026-11-25):
// at most 50 annotations per request (more are appended by updating the run), output summary and
// text at most 65,535 characters, an annotation's message and raw_details at most 64 KB, its
// title at most 255 characters.
export const ANNOTATIONS_PER_REQUEST = 50;
const OUTPUT_TEXT_LIMIT = 65_535;
const ANNOTATION_TEXT_LIMIT = 64 * 1024;
const ANNOTATION_TITLE_LIMIT = 255;

export interface CheckAnnotation {
    /** Repository-relative file the finding points at, e.g. `Pulumi.prod.yaml` or `components/cluster/cluster.ts`. */
    readonly path: string;
    readonly startLine: number;
    /** @default startLine */
    readonly endLine?: number;
    /** `failure` for a mandatory policy, `warning` for an advisory one. */
    readonly level: "notice" | "warning" | "failure";
    readonly message: string;
    /** Shown in bold above the message, e.g. the policy name. */
    readonly title?: string;
    readonly rawDetails?: string;
}

export interface CheckRunInput {
    /** The check's name in the PR's checks list, e.g. `rayops policy (prod)`. */
    readonly name: string;
    /** The commit the check belongs to: the PR's head SHA. */
    readonly headSha: string;
    readonly conclusion: "success" | "failure" | "neutral" | "action_required" | "skipped";
    readonly title: string;
    /** Markdown; cut to GitHub's limit with a note. */
    readonly summary: string;
    readonly text?: string;
    readonly annotations?: readonly CheckAnnotation[];
    readonly detailsUrl?: string;
}

export interface CheckRunResult {
    readonly id: number;
    readonly url: string | undefined;
    /** Writes of the run: one create, plus one update per further batch of 50 annotations (retries not counted). */
    readonly requests: number;
}

interface CheckRun {
    readonly id: number;
    readonly html_url?: string;
    readonly external_id?: string | null;
    /** The App that made the run. Source: the `check-run` schema, https://docs.github.com/rest/checks/runs (2026-12-02). */
    readonly app?: { readonly slug?: string } | null;
    /** How many annotations the run holds so far (`output.annotations_count`, same schema). */
    readonly output?: { readonly annotations_count?: number } | null;
}

const CREATE_RUN = "POST /repos/{owner}/{repo}/check-runs";
const UPDATE_RUN = "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}";
const LIST_RUNS = "GET /repos/{owner}/{repo}/commits/{ref}/check-runs";
const GET_RUN = "GET /repos/{owner}/{repo}/check-runs/{check_run_id}";

/**
 * Creates a completed check run with its annotations. Batches of 50: the run is created in
 * progress with the first batch, each further batch is appended by an update, and the last update
 * completes it, so the PR never shows a finished check with only part of its findings.
 *
 * Each call gives its run an `external_id` of its own (a random UUID). When the create fails in a
 * way GitHub may have applied, the commit's runs of that name are listed and a run by this App with
 * that `external_id` is used instead of creating a second one.
 */
export async function createCheckRun(target: RepoClient, input: CheckRunInput): Promise<CheckRunResult> {
    if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(input.headSha)) {
        throw new Error(
            `headSha="${input.headSha}" is not a commit SHA: expected 40 (or 64) lowercase hex digits`,
        );
    }
    const { client, owner, repo } = target;
    const batches: CheckAnnotation[][] = [];
    const annotations = input.annotations ?? [];
    for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
        batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
    }
    // Every request with an `output` must carry its title and summary.
    const output = (batch: readonly CheckAnnotation[] | undefined) => ({
        title: input.title.slice(0, ANNOTATION_TITLE_LIMIT),
        summary: fitComment(redact(input.summary), "", OUTPUT_TEXT_LIMIT),
        ...(input.text !== undefined ? { text: fitComment(redact(input.text), "", OUTPUT_TEXT_LIMIT) } : {}),
        ...(batch && batch.length > 0 ? { annotations: batch.map(toApiAnnotation) } : {}),
    });
    const completion = {
        status: "completed",
        conclusion: input.conclusion,
        completed_at: new Date().toISOString(),
    };

    const externalId = randomUUID();
    const slug = await target.appSlug();
    const created = await client.create<CheckRun>(
        CREATE_RUN,
        {
            owner,
            repo,
            name: input.name,
            head_sha: input.headSha,
            external_id: externalId,
            ...(input.detailsUrl !== undefined ? { details_url: input.detailsUrl } : {}),
            ...(batches.length > 1 ? { status: "in_progress" } : completion),
            output: output(batches[0]),
        },
        async () => {
            // `filter: all`: the default, `latest`, could hide the run behind a newer one of the same name.
            const runs = client.pages<CheckRun>(LIST_RUNS, {
                owner,
                repo,
                ref: input.headSha,
                check_name: input.name,
                filter: "all",
            });
            for await (const page of runs) {
                const mine = page.find((run) => run.external_id === externalId && run.app?.slug === slug);
                if (mine) return mine;
            }
            return undefined;
        },
    );
    // Each update appends its batch: one GitHub applied but answered 5xx must not be sent again,
    // or its annotations would show twice. The run's annotation count says whether it landed.
    let sent = batches[0]?.length ?? 0;
    for (let i = 1; i < batches.length; i++) {
        sent += batches[i]!.length;
        const expected = sent;
        await client.create<CheckRun>(
            UPDATE_RUN,
            {
                owner,
                repo,
                check_run_id: created.data.id,
                ...(i === batches.length - 1 ? completion : {}),
                output: output(batches[i]),
            },
            async () => {
                const run = await client.request<CheckRun>(GET_RUN, {
                    owner,
                    repo,
                    check_run_id: created.data.id,
                });
                return (run.data.output?.annotations_count ?? 0) >= expected ? run.data : undefined;
            },
        );
    }
    return { id: created.data.id, url: created.data.html_url, requests: Math.max(1, batches.length) };
}

function toApiAnnotation(a: CheckAnnotation) {
    return {
        path: a.path,
        start_line: a.startLine,
        end_line: a.endLine ?? a.startLine,
        annotation_level: a.level,
        message: truncateBytes(redact(a.message), ANNOTATION_TEXT_LIMIT),
        ...(a.title !== undefined ? { title: a.title.slice(0, ANNOTATION_TITLE_LIMIT) } : {}),
        ...(a.rawDetails !== undefined
            ? { raw_details: truncateBytes(redact(a.rawDetails), ANNOTATION_TEXT_LIMIT) }
            : {}),
    };
}

/** Cuts `text` to at most `limit` UTF-8 bytes without splitting a character. */
function truncateBytes(text: string, limit: number): string {
    const bytes = Buffer.from(text, "utf8");
    if (bytes.length <= limit) return text;
    return bytes
        .subarray(0, limit)
        .toString("utf8")
        .replace(/\uFFFD$/, "");
}
