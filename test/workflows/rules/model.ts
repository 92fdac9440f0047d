/** How the hardening rules read a parsed workflow: its jobs, steps, triggers and stack references. */
import { expression, isMapping, type Mapping, type WorkflowFile } from "../workflow-file";

export interface WorkflowRule {
    /** Kebab-case name; fixture files that break this rule are named `<id>--<case>.yml`. */
    readonly id: string;
    /** Why the rule exists, as a reviewer would want it explained. */
    readonly why: string;
    readonly check: (file: WorkflowFile) => string[];
}

export interface Job {
    readonly id: string;
    readonly body: Mapping;
}

export interface Step {
    readonly where: string;
    readonly body: Mapping;
}

export function jobsOf(file: WorkflowFile): Job[] {
    const jobs = file.workflow["jobs"];
    if (!isMapping(jobs)) return [];
    return Object.entries(jobs).map(([id, body]) => ({ id, body: isMapping(body) ? body : {} }));
}

export function stepsOf(job: Job): Step[] {
    const steps = job.body["steps"];
    if (!Array.isArray(steps)) return [];
    return steps.map((body, i) => ({
        where: `jobs.${job.id}.steps[${i}]`,
        body: isMapping(body) ? body : {},
    }));
}

export function usesOf(step: Step): string {
    const uses = step.body["uses"];
    return typeof uses === "string" ? uses : "";
}

export function runOf(step: Step): string {
    const run = step.body["run"];
    return typeof run === "string" ? run : "";
}

/** The action a `uses:` names, without path or ref: `aws-actions/configure-aws-credentials`. */
export function actionName(uses: string): string {
    return uses.split("@")[0].split("/").slice(0, 2).join("/");
}

export function usesAction(job: Job, action: string): boolean {
    return stepsOf(job).some((step) => actionName(usesOf(step)) === action);
}

/** The triggers of a workflow, whichever of the three YAML forms `on:` is written in. */
export function triggersOf(file: WorkflowFile): string[] {
    const on = file.workflow["on"];
    if (typeof on === "string") return [on];
    if (Array.isArray(on)) return on.filter((t): t is string => typeof t === "string");
    if (isMapping(on)) return Object.keys(on);
    return [];
}

export function permissionEntries(permissions: unknown): Array<[string, unknown]> {
    return isMapping(permissions) ? Object.entries(permissions) : [];
}

export function hasIdTokenWrite(job: Job): boolean {
    return permissionEntries(job.body["permissions"]).some(([k, v]) => k === "id-token" && v === "write");
}

/** `${{ inputs.stack }}` → `inputs.stack`; a literal stays as it is. */
export function unwrapExpression(value: string): string {
    const match = /^\$\{\{\s*(.+?)\s*\}\}$/.exec(value.trim());
    return match ? match[1] : value;
}

/** The condition that keeps a pull_request job off pull requests from forks. */
export const SAME_REPO_GUARD = "github.event.pull_request.head.repo.full_name == github.repository";

/** A job's `if:`, whitespace collapsed; empty when it has none. */
export function conditionOf(job: Job): string {
    const condition = job.body["if"];
    return typeof condition === "string" ? condition.replace(/\s+/g, " ") : "";
}

export function environmentName(job: Job): string | undefined {
    const env = job.body["environment"];
    if (typeof env === "string") return env;
    if (isMapping(env) && typeof env["name"] === "string") return env["name"];
    return undefined;
}

/** The environments that are stacks: each holds its stack's deploy role and, for prod, reviewers. */
export const STACK_ENVIRONMENTS: readonly string[] = ["dev", "prod"];

/**
 * Review-free environments for jobs that change no stack: they hold those jobs' secrets (the App's
 * key, the Pulumi Cloud token) and give their OIDC subject (docs/ci-aws-oidc.md#environments).
 */
export const SERVICE_ENVIRONMENTS: Readonly<Record<string, string>> = {
    preview: "same-repository pull requests: the previews",
    reports: "main only: drift and cost reports",
    policy: "main only: the policy pack's publish",
};

/** A job's environment when it is a stack's: `dev`, `prod`, or an expression such as `${{ inputs.stack }}`. */
export function stackEnvironment(job: Job): string | undefined {
    const env = environmentName(job);
    if (env === undefined) return undefined;
    return STACK_ENVIRONMENTS.includes(env) || env.includes("${{") ? env : undefined;
}

/**
 * What a job's concurrency group must name: its stack's environment (a stack, or `inputs.stack`),
 * or the matrix's stack. Undefined for jobs that touch no stack.
 */
export function stackReference(job: Job): string | undefined {
    const env = stackEnvironment(job);
    if (env !== undefined) return unwrapExpression(env);
    const strategy = job.body["strategy"];
    if (isMapping(strategy) && isMapping(strategy["matrix"]) && "stack" in strategy["matrix"]) {
        return "matrix.stack";
    }
    return undefined;
}

export function concurrencyOf(file: WorkflowFile, job: Job): { group?: string; cancelInProgress?: unknown } {
    const c = job.body["concurrency"] ?? file.workflow["concurrency"];
    if (typeof c === "string") return { group: c };
    if (isMapping(c)) {
        return {
            group: typeof c["group"] === "string" ? c["group"] : undefined,
            cancelInProgress: c["cancel-in-progress"],
        };
    }
    return {};
}

export function groupNames(group: string, reference: string): boolean {
    if (reference.includes(".")) return group.includes(reference);
    return new RegExp(`(^|[^A-Za-z0-9])${reference}([^A-Za-z0-9]|$)`).test(group);
}

/**
 * The network program's folder, as automation/plan/programs.ts names it (NETWORK_DIR); importing
 * that module here would load the Pulumi SDK into every rule, so test/workflows/up.spec.ts checks
 * that the two agree.
 */
export const NETWORK_DIR = "network";

/** Commands that run the Pulumi engine on a stack; against the cluster program they reach its EKS API. */
const ENGINE_COMMAND = /\brayops\s+(preview|up|destroy|drift|refresh|workload)\b/;

/** `runs-on` as its list of labels; a single label is a list of one. Group or expression forms give none. */
export function runnerLabels(job: Job): string[] {
    const runsOn = job.body["runs-on"];
    if (typeof runsOn === "string") return [runsOn];
    if (Array.isArray(runsOn)) return runsOn.filter((l): l is string => typeof l === "string");
    return [];
}

/** Where a step's script runs: its own `working-directory`, else the job's `defaults.run` one. */
export function workingDirectoryOf(job: Job, step: Step): string | undefined {
    const own = step.body["working-directory"];
    if (typeof own === "string") return own;
    const defaults = job.body["defaults"];
    const run = isMapping(defaults) ? defaults["run"] : undefined;
    const inherited = isMapping(run) ? run["working-directory"] : undefined;
    return typeof inherited === "string" ? inherited : undefined;
}

function isNetworkDir(dir: string | undefined): boolean {
    return dir !== undefined && dir.replace(/^\.\//, "").replace(/\/$/, "") === NETWORK_DIR;
}

/**
 * Which program a job runs the engine on: the network program (every engine step runs in
 * network/), the cluster program (none does), both, or neither (no engine step: the offline plan,
 * the cost report, the policy pack).
 */
export function programOf(job: Job): "cluster" | "network" | "both" | undefined {
    const engine = stepsOf(job).filter((step) => ENGINE_COMMAND.test(runOf(step)));
    const inNetwork = engine.filter((step) => isNetworkDir(workingDirectoryOf(job, step))).length;
    if (engine.length === 0) return undefined;
    if (inNetwork === 0) return "cluster";
    return inNetwork === engine.length ? "network" : "both";
}

/** `${{  matrix.stack }}` → `${{ matrix.stack }}`: one space inside every expression, for comparing. */
export function normalizeExpressions(value: string): string {
    return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, inner: string) => expression(inner));
}

/** How a stack reference is written inside a string: `dev`, or `${{ matrix.stack }}`. */
export function referenceInString(reference: string): string {
    return reference.includes(".") ? expression(reference) : reference;
}
