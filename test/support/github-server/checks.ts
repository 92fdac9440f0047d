/** Check-run routes: `checks: write`, at most 50 annotations per request, annotations accumulate. */
import type { GitHubStore } from "./store";
import {
    type Ctx,
    type FakeCheckRun,
    type Json,
    notFound,
    type Reply,
    requirePermission,
    unprocessable,
} from "./types";

export function createCheckRun(store: GitHubStore, ctx: Ctx): Reply {
    const denied = requirePermission(ctx, [["checks", "write"]]);
    if (denied) return denied;
    const { name, head_sha, status, conclusion, output } = ctx.body as Record<string, unknown>;
    if (typeof name !== "string" || typeof head_sha !== "string")
        return unprocessable("name and head_sha are required");
    const run: FakeCheckRun = {
        id: store.newId(),
        name,
        headSha: head_sha,
        status: (status as string | undefined) ?? "queued",
        conclusion: null,
        output: {},
        annotations: [],
        batches: [],
    };
    const invalid = applyCheckUpdate(run, status, conclusion, output);
    if (invalid) return invalid;
    store.checkRuns.push(run);
    return { status: 201, body: store.checkRunJson(run) };
}

export function updateCheckRun(store: GitHubStore, ctx: Ctx): Reply {
    const denied = requirePermission(ctx, [["checks", "write"]]);
    if (denied) return denied;
    const run = store.checkRuns.find((c) => c.id === Number(ctx.params.check_run_id));
    if (!run) return notFound();
    const { status, conclusion, output } = ctx.body as Record<string, unknown>;
    const invalid = applyCheckUpdate(run, status, conclusion, output);
    return invalid ?? { status: 200, body: store.checkRunJson(run) };
}

function applyCheckUpdate(
    run: FakeCheckRun,
    status: unknown,
    conclusion: unknown,
    output: unknown,
): Reply | undefined {
    if (output !== undefined) {
        const out = output as { title?: unknown; summary?: unknown; text?: unknown; annotations?: unknown[] };
        if (typeof out.title !== "string" || typeof out.summary !== "string") {
            return unprocessable("output.title and output.summary are required");
        }
        if ((out.annotations?.length ?? 0) > 50)
            return unprocessable("Only 50 annotations are allowed per request");
        run.output = {
            title: out.title,
            summary: out.summary,
            ...(typeof out.text === "string" ? { text: out.text } : {}),
        };
        run.annotations.push(...((out.annotations ?? []) as Json[]));
        run.batches.push(out.annotations?.length ?? 0);
    }
    if (conclusion !== undefined) {
        run.conclusion = String(conclusion);
        run.status = "completed";
    } else if (typeof status === "string") {
        if (status === "completed") return unprocessable("conclusion is required when status is completed");
        run.status = status;
    }
    return undefined;
}
