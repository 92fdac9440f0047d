/**
 * The hardening rules every workflow under .github/workflows/ must follow (DESIGN.md, "Security
 * defaults"). Each rule is a pure function from a parsed workflow to the list of its violations;
 * the same functions check the real workflows and the fixtures that prove each rule bites.
 */
import { VERIFIED_PINS } from "./pins";
import { isMapping, type Mapping, type WorkflowFile } from "./workflow-file";

export interface WorkflowRule {
    /** Kebab-case name; fixture files that break this rule are named `<id>--<case>.yml`. */
    readonly id: string;
    /** Why the rule exists, as a reviewer would want it explained. */
    readonly why: string;
    readonly check: (file: WorkflowFile) => string[];
}

interface Job {
    readonly id: string;
    readonly body: Mapping;
}

interface Step {
    readonly where: string;
    readonly body: Mapping;
}

function jobsOf(file: WorkflowFile): Job[] {
    const jobs = file.workflow["jobs"];
    if (!isMapping(jobs)) return [];
    return Object.entries(jobs).map(([id, body]) => ({ id, body: isMapping(body) ? body : {} }));
}

function stepsOf(job: Job): Step[] {
    const steps = job.body["steps"];
    if (!Array.isArray(steps)) return [];
    return steps.map((body, i) => ({
        where: `jobs.${job.id}.steps[${i}]`,
        body: isMapping(body) ? body : {},
    }));
}

function usesOf(step: Step): string {
    const uses = step.body["uses"];
    return typeof uses === "string" ? uses : "";
}

function runOf(step: Step): string {
    const run = step.body["run"];
    return typeof run === "string" ? run : "";
}

/** The action a `uses:` names, without path or ref: `aws-actions/configure-aws-credentials`. */
function actionName(uses: string): string {
    return uses.split("@")[0].split("/").slice(0, 2).join("/");
}

function usesAction(job: Job, action: string): boolean {
    return stepsOf(job).some((step) => actionName(usesOf(step)) === action);
}

/** The triggers of a workflow, whichever of the three YAML forms `on:` is written in. */
function triggersOf(file: WorkflowFile): string[] {
    const on = file.workflow["on"];
    if (typeof on === "string") return [on];
    if (Array.isArray(on)) return on.filter((t): t is string => typeof t === "string");
    if (isMapping(on)) return Object.keys(on);
    return [];
}

function permissionEntries(permissions: unknown): Array<[string, unknown]> {
    return isMapping(permissions) ? Object.entries(permissions) : [];
}

function hasIdTokenWrite(job: Job): boolean {
    return permissionEntries(job.body["permissions"]).some(([k, v]) => k === "id-token" && v === "write");
}

/** `${{ inputs.stack }}` → `inputs.stack`; a literal stays as it is. */
function unwrapExpression(value: string): string {
    const match = /^\$\{\{\s*(.+?)\s*\}\}$/.exec(value.trim());
    return match ? match[1] : value;
}

function environmentName(job: Job): string | undefined {
    const env = job.body["environment"];
    if (typeof env === "string") return env;
    if (isMapping(env) && typeof env["name"] === "string") return env["name"];
    return undefined;
}

/**
 * What a job's concurrency group must name: its environment (a stack, or `inputs.stack`), or the
 * matrix's stack. Undefined for jobs that touch no stack.
 */
function stackReference(job: Job): string | undefined {
    const env = environmentName(job);
    if (env !== undefined) return unwrapExpression(env);
    const strategy = job.body["strategy"];
    if (isMapping(strategy) && isMapping(strategy["matrix"]) && "stack" in strategy["matrix"]) {
        return "matrix.stack";
    }
    return undefined;
}

function concurrencyOf(file: WorkflowFile, job: Job): { group?: string; cancelInProgress?: unknown } {
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

function groupNames(group: string, reference: string): boolean {
    if (reference.includes(".")) return group.includes(reference);
    return new RegExp(`(^|[^A-Za-z0-9])${reference}([^A-Za-z0-9]|$)`).test(group);
}

const RAYOPS_DEPLOY = /\brayops\s+(up|destroy|workload\s+submit)\b/;
const RAYOPS_DESTROY = /\brayops\s+destroy\b/;
const RAYOPS_EXPORT = /\brayops\s+stack\s+export\b/;
const SAME_REPO_GUARD = "github.event.pull_request.head.repo.full_name == github.repository";
const USES_LINE = /^\s*(?:-\s+)?uses:\s*(["']?)([^\s"'#]+)\1\s*(?:#\s*(\S+).*)?$/;

function countUses(value: unknown): number {
    if (Array.isArray(value)) return value.reduce((n: number, v) => n + countUses(v), 0);
    if (!isMapping(value)) return 0;
    return Object.entries(value).reduce(
        (n, [k, v]) => n + (k === "uses" && typeof v === "string" ? 1 : 0) + countUses(v),
        0,
    );
}

const actionsPinnedToVerifiedSha: WorkflowRule = {
    id: "actions-pinned-to-verified-sha",
    why: "a tag or branch can be moved to other code; a full SHA from the verified list cannot",
    check(file) {
        const out: string[] = [];
        let seen = 0;
        file.source.split("\n").forEach((line, i) => {
            const match = USES_LINE.exec(line);
            if (!match) return;
            seen++;
            const [, , uses, comment] = match;
            const where = `${file.path}:${i + 1}: uses ${uses}`;
            if (uses.startsWith("./")) return;
            const [, ref = ""] = uses.split("@");
            const action = actionName(uses);
            if (!/^[0-9a-f]{40}$/.test(ref)) {
                out.push(
                    `${where}: ref '${ref}' is not a full 40-hex commit SHA; pin one from test/workflows/pins.ts`,
                );
                return;
            }
            const pin = VERIFIED_PINS.find((p) => p.action === action && p.sha === ref);
            if (!pin) {
                out.push(
                    `${where}: ${action}@${ref} is not in test/workflows/pins.ts; verify it, then add it`,
                );
            } else if (comment !== pin.tag) {
                out.push(`${where}: trailing comment is '${comment ?? "(none)"}', expected '# ${pin.tag}'`);
            }
        });
        const total = countUses(file.workflow);
        if (seen !== total) {
            out.push(
                `${file.path}: ${total} uses keys but ${seen} block-style 'uses:' lines; write one per line`,
            );
        }
        return out;
    },
};

const topLevelPermissionsMinimal: WorkflowRule = {
    id: "top-level-permissions-minimal",
    why: "jobs that forget their own permissions must get nothing rather than the repository default",
    check(file) {
        const permissions = file.workflow["permissions"];
        const entries = permissionEntries(permissions);
        const minimal =
            isMapping(permissions) &&
            entries.every(([scope, level]) => scope === "contents" && level === "read");
        if (minimal) return [];
        return [
            `${file.path}: top-level permissions is ${JSON.stringify(permissions) ?? "missing"}; allowed: {} or {contents: read}`,
        ];
    },
};

/** The only grants any job needs: PR comments and issues go through the GitHub App, not GITHUB_TOKEN. */
const ALLOWED_GRANTS: ReadonlyArray<readonly [string, string]> = [
    ["contents", "read"],
    ["id-token", "write"],
];

const jobPermissionsExplicitAndMinimal: WorkflowRule = {
    id: "job-permissions-explicit-and-minimal",
    why: "each job states what its token may do, and nothing beyond reading the code and minting an OIDC token",
    check(file) {
        const out: string[] = [];
        for (const job of jobsOf(file)) {
            const permissions = job.body["permissions"];
            if (!isMapping(permissions)) {
                out.push(
                    `${file.path}: jobs.${job.id}.permissions is ${JSON.stringify(permissions) ?? "missing"}; it must be a mapping such as {contents: read}`,
                );
                continue;
            }
            for (const [scope, level] of Object.entries(permissions)) {
                if (!ALLOWED_GRANTS.some(([s, l]) => s === scope && l === level)) {
                    out.push(
                        `${file.path}: jobs.${job.id}.permissions.${scope} is '${String(level)}'; allowed: contents: read, id-token: write`,
                    );
                }
            }
        }
        return out;
    },
};

const idTokenOnlyWhereAwsIsReached: WorkflowRule = {
    id: "id-token-only-where-aws-is-reached",
    why: "an OIDC token is a credential: only jobs that assume an AWS role may mint one, and those must",
    check(file) {
        const out: string[] = [];
        for (const job of jobsOf(file)) {
            const reachesAws = usesAction(job, "aws-actions/configure-aws-credentials");
            const idToken = hasIdTokenWrite(job);
            if (idToken && !reachesAws) {
                out.push(
                    `${file.path}: jobs.${job.id} has id-token: write but never runs aws-actions/configure-aws-credentials`,
                );
            }
            if (reachesAws && !idToken) {
                out.push(
                    `${file.path}: jobs.${job.id} runs aws-actions/configure-aws-credentials without id-token: write`,
                );
            }
        }
        return out;
    },
};

const noPullRequestTarget: WorkflowRule = {
    id: "no-pull-request-target",
    why: "pull_request_target runs with the base repository's secrets while the pull request may come from a fork",
    check(file) {
        return triggersOf(file).includes("pull_request_target")
            ? [`${file.path}: on.pull_request_target is not allowed; use pull_request`]
            : [];
    },
};

const noExpressionsInRun: WorkflowRule = {
    id: "no-expressions-in-run",
    why: "an expression in run: is pasted into the script before bash parses it, so input becomes code; env: is data",
    check(file) {
        const out: string[] = [];
        for (const job of jobsOf(file)) {
            for (const step of stepsOf(job)) {
                const expr = /\$\{\{[^}]*\}\}/.exec(runOf(step));
                if (expr) {
                    out.push(
                        `${file.path}: ${step.where}.run contains '${expr[0]}'; pass it through env: instead`,
                    );
                }
            }
        }
        return out;
    },
};

const timeoutOnEveryJob: WorkflowRule = {
    id: "timeout-on-every-job",
    why: "a hung job holds its concurrency group (and so its stack) for six hours without a timeout",
    check(file) {
        return jobsOf(file)
            .filter((job) => {
                const t = job.body["timeout-minutes"];
                return !(typeof t === "number" && Number.isInteger(t) && t > 0);
            })
            .map(
                (job) =>
                    `${file.path}: jobs.${job.id}.timeout-minutes is ${JSON.stringify(job.body["timeout-minutes"]) ?? "missing"}; it must be a positive whole number`,
            );
    },
};

const checkoutWithoutPersistedCredentials: WorkflowRule = {
    id: "checkout-without-persisted-credentials",
    why: "actions/checkout otherwise leaves the job's token in .git/config for every later step to read",
    check(file) {
        const out: string[] = [];
        for (const job of jobsOf(file)) {
            for (const step of stepsOf(job)) {
                if (actionName(usesOf(step)) !== "actions/checkout") continue;
                const withs = step.body["with"];
                const persist = isMapping(withs) ? withs["persist-credentials"] : undefined;
                if (persist !== false && persist !== "false") {
                    out.push(
                        `${file.path}: ${step.where}.with.persist-credentials is ${JSON.stringify(persist) ?? "missing"}; it must be false`,
                    );
                }
            }
        }
        return out;
    },
};

const concurrencyPerStack: WorkflowRule = {
    id: "concurrency-per-stack",
    why: "two runs against one stack race for its state; a deploy cut off half-way leaves a lock and partial state",
    check(file) {
        const out: string[] = [];
        for (const job of jobsOf(file)) {
            const reference = stackReference(job);
            if (reference === undefined) continue;
            const { group, cancelInProgress } = concurrencyOf(file, job);
            if (group === undefined || !groupNames(group, reference)) {
                out.push(
                    `${file.path}: jobs.${job.id} touches stack '${reference}' but its concurrency group is ${JSON.stringify(group) ?? "missing"}; the group must name '${reference}'`,
                );
            }
            if (environmentName(job) !== undefined && cancelInProgress !== false) {
                out.push(
                    `${file.path}: jobs.${job.id} deploys to an environment but its cancel-in-progress is ${JSON.stringify(cancelInProgress) ?? "missing"}; it must be false`,
                );
            }
        }
        return out;
    },
};

const deploysBehindEnvironment: WorkflowRule = {
    id: "deploys-behind-environment",
    why: "the environment holds the deploy role and, for prod, the reviewers who approve each change",
    check(file) {
        return jobsOf(file)
            .filter((job) => environmentName(job) === undefined)
            .flatMap((job) =>
                stepsOf(job)
                    .filter((step) => RAYOPS_DEPLOY.test(runOf(step)))
                    .map(
                        (step) =>
                            `${file.path}: ${step.where} runs '${RAYOPS_DEPLOY.exec(runOf(step))?.[0]}' in a job with no environment`,
                    ),
            );
    },
};

const stateBackupBeforeDestroy: WorkflowRule = {
    id: "state-backup-before-destroy",
    why: "once destroyed, the stack's state is the only record of what existed; it is kept as an artifact first",
    check(file) {
        const out: string[] = [];
        for (const job of jobsOf(file)) {
            const steps = stepsOf(job);
            const destroyAt = steps.findIndex((step) => RAYOPS_DESTROY.test(runOf(step)));
            if (destroyAt < 0) continue;
            const exportAt = steps.findIndex((step) => RAYOPS_EXPORT.test(runOf(step)));
            const uploadAt = steps.findIndex(
                (step) => actionName(usesOf(step)) === "actions/upload-artifact",
            );
            if (exportAt < 0 || exportAt > destroyAt) {
                out.push(
                    `${file.path}: jobs.${job.id} runs rayops destroy without a rayops stack export before it`,
                );
            } else if (uploadAt < exportAt || uploadAt > destroyAt) {
                out.push(
                    `${file.path}: jobs.${job.id} does not upload the exported state (actions/upload-artifact) between export and destroy`,
                );
            }
        }
        return out;
    },
};

const pullRequestSecretsOnlyForSameRepo: WorkflowRule = {
    id: "pull-request-secrets-only-for-same-repo",
    why: "fork pull requests get no secrets from GitHub; a job that needs them must say it skips forks, not fail on them",
    check(file) {
        if (!triggersOf(file).includes("pull_request")) return [];
        const out: string[] = [];
        for (const job of jobsOf(file)) {
            const needsCredentials = JSON.stringify(job.body).includes("secrets.") || hasIdTokenWrite(job);
            const condition = typeof job.body["if"] === "string" ? job.body["if"].replace(/\s+/g, " ") : "";
            if (needsCredentials && !condition.includes(SAME_REPO_GUARD)) {
                out.push(
                    `${file.path}: jobs.${job.id} uses secrets or OIDC on pull_request without 'if: ${SAME_REPO_GUARD}'`,
                );
            }
        }
        return out;
    },
};

const secretsScopedToSteps: WorkflowRule = {
    id: "secrets-scoped-to-steps",
    why: "a secret in workflow or job env reaches every step, npm ci's install scripts included",
    check(file) {
        const out: string[] = [];
        if (JSON.stringify(file.workflow["env"] ?? {}).includes("secrets.")) {
            out.push(
                `${file.path}: the top-level env reads a secret; set it in the env of the step that needs it`,
            );
        }
        for (const job of jobsOf(file)) {
            if (JSON.stringify(job.body["env"] ?? {}).includes("secrets.")) {
                out.push(
                    `${file.path}: jobs.${job.id}.env reads a secret; set it in the env of the step that needs it`,
                );
            }
        }
        return out;
    },
};

const rayopsWithoutRegistryFallback: WorkflowRule = {
    id: "rayops-without-registry-fallback",
    why: "plain npx downloads and runs a registry package named rayops if the local bin is ever missing",
    check(file) {
        const out: string[] = [];
        for (const job of jobsOf(file)) {
            for (const step of stepsOf(job)) {
                for (const match of runOf(step).matchAll(/\bnpx\b([^\n]*?)\brayops\b/g)) {
                    if (!match[1].includes("--no-install")) {
                        out.push(
                            `${file.path}: ${step.where}.run calls '${match[0]}'; use 'npx --no-install rayops'`,
                        );
                    }
                }
            }
        }
        return out;
    },
};

export const WORKFLOW_RULES: readonly WorkflowRule[] = [
    actionsPinnedToVerifiedSha,
    topLevelPermissionsMinimal,
    jobPermissionsExplicitAndMinimal,
    idTokenOnlyWhereAwsIsReached,
    noPullRequestTarget,
    noExpressionsInRun,
    timeoutOnEveryJob,
    checkoutWithoutPersistedCredentials,
    concurrencyPerStack,
    deploysBehindEnvironment,
    stateBackupBeforeDestroy,
    pullRequestSecretsOnlyForSameRepo,
    secretsScopedToSteps,
    rayopsWithoutRegistryFallback,
];
