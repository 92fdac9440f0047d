/**
 * Check-run routes: `checks: write` (listing: `checks: read`), at most 50 annotations per request,
 * annotations accumulate; each run keeps its `external_id`.
 */
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
    const { name, head_sha, external_id, status, conclusion, output } = ctx.body as Record<string, unknown>;
    if (typeof name !== "string" || typeof head_sha !== "string")
        return unprocessable("name and head_sha are required");
    const run: FakeCheckRun = {
        id: store.newId(),
        name,
        headSha: head_sha,
        externalId: typeof external_id === "string" ? external_id : null,
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

/**
 * `GET /repos/{owner}/{repo}/commits/{ref}/check-runs` for a commit SHA: `check_name`, `app_id`,
 * `filter` (`latest`, the default, keeps the newest run per name; `all`), paginated, wrapped in
 * `{ total_count, check_runs }`.
 */
export function listCheckRunsForRef(store: GitHubStore, ctx: Ctx): Reply {
    const denied = requirePermission(ctx, [["checks", "read"]]);
    if (denied) return denied;
    const query = ctx.url.searchParams;
    const name = query.get("check_name");
    const appId = query.get("app_id");
    if (appId !== null && appId !== String(store.appJson().id)) return store.paginated(ctx, [], "check_runs");
    let runs = store.checkRuns
        .filter((run) => run.headSha === ctx.params.ref)
        .filter((run) => name === null || run.name === name)
        .sort((a, b) => b.id - a.id);
    if ((query.get("filter") ?? "latest") === "latest") {
        runs = runs.filter((run, i) => runs.findIndex((r) => r.name === run.name) === i);
    }
    return store.paginated(
        ctx,
        runs.map((run) => store.checkRunJson(run)),
        "check_runs",
    );
}

export function getCheckRun(store: GitHubStore, ctx: Ctx): Reply {
    const denied = requirePermission(ctx, [["checks", "read"]]);
    if (denied) return denied;
    const run = store.checkRuns.find((c) => c.id === Number(ctx.params.check_run_id));
    return run ? { status: 200, body: store.checkRunJson(run) } : notFound();
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
