/**
 * Posting engine reports through the rayops GitHub App: the sticky PR comment of `preview
 * --comment` and the drift issue of `drift --issue`. The App's settings are checked before the
 * engine runs, so a misconfigured workflow fails in seconds, not after a long preview.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { CliError, ExitCode } from "../exit-codes";
import * as gh from "../github";
import type { AppTokenSource } from "../github/auth";
import type { AppConfig } from "../github/config";
import { markdownDetails, markdownSummary } from "../render/markdown";
import { fixFile, fixHint, keyLine, POLICY_FIXES, stackFileOf } from "../render/policy-fixes";
import { type Report, violationCounts } from "../render/report";
import type { CliContext } from "./context";

// One token source per configuration: in key mode it keeps the minted tokens and the slug that
// `GET /app` answered, so a preview that posts a comment and a check run asks for the slug once.
const sources = new WeakMap<AppConfig, AppTokenSource>();

function tokenSource(app: AppConfig): AppTokenSource {
    let source = sources.get(app);
    if (source === undefined) {
        source = gh.createAppTokenSource(app);
        sources.set(app, source);
    }
    return source;
}

/**
 * Reads the App's settings from the environment: token mode (`RAYOPS_GITHUB_TOKEN`,
 * `RAYOPS_GITHUB_APP_SLUG`) in workflows, key mode (`GITHUB_APP_*`) locally; every problem listed
 * in one error.
 */
export function readGitHubApp(env: CliContext["env"]): AppConfig {
    try {
        return gh.readAppConfig(env);
    } catch (err) {
        if (err instanceof gh.GitHubConfigError) throw new CliError(err.message, ExitCode.error);
        throw err;
    }
}

interface PullRequestEvent {
    readonly pull_request?: { readonly number?: unknown; readonly head?: { readonly sha?: unknown } };
}

function readEvent(env: CliContext["env"]): PullRequestEvent | undefined {
    const file = env.GITHUB_EVENT_PATH;
    if (!file) return undefined;
    try {
        return JSON.parse(readFileSync(file, "utf8")) as PullRequestEvent;
    } catch (err) {
        throw new CliError(
            `GITHUB_EVENT_PATH="${file}" cannot be read as JSON (${(err as Error).message})`,
            ExitCode.error,
        );
    }
}

/** The pull request to comment on: `--pr`, else the `pull_request` event GitHub Actions describes. */
export function pullRequestNumber(option: string | undefined, env: CliContext["env"]): number {
    if (option !== undefined) {
        if (!/^[1-9][0-9]*$/.test(option.trim())) {
            throw new CliError(`--pr "${option}" is not a pull request number: expected a positive integer`);
        }
        return Number(option.trim());
    }
    const number = readEvent(env)?.pull_request?.number;
    if (typeof number === "number" && Number.isInteger(number) && number > 0) return number;
    throw new CliError(
        "--comment needs the pull request: pass --pr <number> or run in a pull_request workflow (GITHUB_EVENT_PATH)",
    );
}

/**
 * Where a finding's annotation points: the line of the config key that controls it in the stack
 * file (automation/render/policy-fixes.ts), or the component that sets it; the stack file's first
 * line for a policy the table does not know. Paths are repository-relative; the files are read
 * from GITHUB_WORKSPACE (the checkout), else from the working directory's repository.
 */
function findingLocation(
    policy: string,
    stack: string,
    resourceName: string,
    env: CliContext["env"],
    cwd: string,
): { path: string; startLine: number } {
    const fix = POLICY_FIXES[policy];
    if (fix !== undefined && "sources" in fix) return { path: fix.sources[0]!, startLine: 1 };
    const file = fix !== undefined ? fixFile(fix, stack) : stackFileOf(stack);
    // From network/, the repository is one folder up.
    const roots = [env.GITHUB_WORKSPACE, cwd, path.dirname(cwd)].filter((r): r is string => !!r);
    const root = roots.find((r) => existsSync(path.join(r, file)));
    if (fix === undefined || root === undefined) return { path: file, startLine: 1 };
    return {
        path: file,
        startLine: keyLine(readFileSync(path.join(root, file), "utf8"), fix.key, resourceName),
    };
}

/** `https://github.com/<owner>/<repo>/blob/<sha>/`, for links to the repository's docs at the commit reported on. */
function docsBase(env: CliContext["env"]): string | undefined {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo } = env;
    const sha = headSha(env);
    return server && repo && sha ? `${server}/${repo}/blob/${sha}/` : undefined;
}

function runUrl(env: CliContext["env"]): string | undefined {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
    return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
}

function headSha(env: CliContext["env"]): string | undefined {
    // On a pull_request event GITHUB_SHA is GitHub's merge commit; the head commit is what people pushed.
    let sha: unknown;
    try {
        sha = readEvent(env)?.pull_request?.head?.sha;
    } catch {
        sha = undefined;
    }
    return typeof sha === "string" && sha !== "" ? sha : env.GITHUB_SHA || undefined;
}

/**
 * Creates or updates the stack's one comment on the pull request. `operation` names the comment:
 * "up" keeps what was applied apart from the preview's comment (default: the report's kind).
 */
export async function postStickyComment(
    app: AppConfig,
    report: Report,
    pullNumber: number,
    env: CliContext["env"],
    operation: string = report.kind,
): Promise<{ action: string; url?: string }> {
    const target = gh.connectRepository(tokenSource(app), gh.TASK_PERMISSIONS.prComment);
    const result = await gh.upsertStickyComment(target, {
        pullNumber,
        stack: report.stack,
        summary: markdownSummary(report, { heading: false, docsBase: docsBase(env) }),
        details: markdownDetails(report),
        status: report.succeeded ? "succeeded" : "failed",
        operation,
        sha: headSha(env),
        runUrl: runUrl(env),
    });
    return { action: result.action, url: result.url };
}

/**
 * The merged pull request `up` reports on: `--pr`, else the one GitHub says brought GITHUB_SHA
 * (the push to the default branch a merge makes), or `none` saying why there is none.
 */
export async function mergedPullRequest(
    app: AppConfig,
    option: string | undefined,
    env: CliContext["env"],
): Promise<{ readonly number: number } | { readonly none: string }> {
    if (option !== undefined) return { number: pullRequestNumber(option, env) };
    const sha = env.GITHUB_SHA;
    if (!sha) {
        return { none: "no --pr and no GITHUB_SHA: run in a push workflow, or pass --pr <number>" };
    }
    const target = gh.connectRepository(tokenSource(app), gh.TASK_PERMISSIONS.prComment);
    const pull = await gh.mergedPullRequestOf(target, sha);
    return pull
        ? { number: pull.number }
        : { none: `no merged pull request brought commit ${sha.slice(0, 12)}` };
}

/**
 * A check run named `rayops policy (<stack>)` on the pull request's head commit, with one
 * annotation per policy finding: failure for mandatory, warning for advisory. Findings point at
 * the stack's file, where the configuration that produced the resource lives.
 */
export async function postPolicyCheckRun(
    app: AppConfig,
    report: Report,
    env: CliContext["env"],
    /** The command's working directory: the repository, or its network/ folder. */
    cwd: string = process.cwd(),
): Promise<{ url?: string; annotations: number }> {
    const sha = headSha(env);
    if (!sha) {
        throw new CliError("--check-run needs the commit: run in a GitHub Actions workflow (GITHUB_SHA)");
    }
    const counts = violationCounts(report.policy.findings);
    const annotations = report.policy.findings
        .filter((f) => f.enforcementLevel !== "disabled")
        .map((f) => {
            const where = findingLocation(f.policy, report.stack, f.resource?.name ?? "", env, cwd);
            const hint = fixHint(f.policy, report.stack);
            const text = f.resource ? `${f.resource.name} (${f.resource.type}): ${f.message}` : f.message;
            return {
                ...where,
                level: f.enforcementLevel === "mandatory" ? ("failure" as const) : ("warning" as const),
                title: f.policy,
                message: hint ? `${text}\n${hint}` : text,
            };
        });
    const conclusion = !report.succeeded ? "failure" : counts.mandatory > 0 ? "failure" : "success";
    const target = gh.connectRepository(tokenSource(app), gh.TASK_PERMISSIONS.checkRun);
    const result = await gh.createCheckRun(target, {
        name: `rayops policy (${report.stack})`,
        headSha: sha,
        conclusion,
        title: `${counts.mandatory} mandatory, ${counts.advisory} advisory policy finding(s)`,
        summary: markdownSummary(report, { docsBase: docsBase(env) }),
        annotations,
        detailsUrl: runUrl(env),
    });
    return { url: result.url, annotations: annotations.length };
}

/** Opens or updates the stack's drift issue, or closes it when the stack is clean again. */
export async function reportDriftIssue(
    app: AppConfig,
    report: Report,
    drifted: boolean,
    env: CliContext["env"],
): Promise<{ action: string; number?: number; url?: string }> {
    const target = gh.connectRepository(tokenSource(app), gh.TASK_PERMISSIONS.reportIssue);
    const link = runUrl(env);
    const footer = link ? `\n\n<sub>Checked by rayops in [this workflow run](${link}).</sub>` : "";
    const summary = drifted
        ? `${markdownSummary(report)}${footer}`
        : `No drift in stack \`${report.stack}\` any more: the cloud matches the stack's state.${footer}`;
    // Room for the issue's hidden marker line, which upsertIssue puts in front.
    const body = gh.fitComment(
        summary,
        drifted ? markdownDetails(report) : "",
        gh.GITHUB_COMMENT_LIMIT - 200,
    );
    const result = await gh.upsertIssue(target, {
        marker: `drift:${report.stack}`,
        title: `Drift in stack ${report.stack}`,
        body,
        labels: ["rayops", "drift"],
        resolved: !drifted,
    });
    return { action: result.action, number: result.number, url: result.url };
}
