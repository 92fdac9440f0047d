/** Rules about what a workflow's token, OIDC and secrets may reach. */
import { expression, isMapping } from "../workflow-file";
import {
    actionName,
    conditionOf,
    environmentName,
    hasIdTokenWrite,
    type Job,
    jobsOf,
    normalizeExpressions,
    permissionEntries,
    SAME_REPO_GUARD,
    SERVICE_ENVIRONMENTS,
    STACK_ENVIRONMENTS,
    stackEnvironment,
    stepsOf,
    triggersOf,
    usesAction,
    usesOf,
    type WorkflowRule,
} from "./model";

export const topLevelPermissionsMinimal: WorkflowRule = {
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

export const jobPermissionsExplicitAndMinimal: WorkflowRule = {
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

export const idTokenOnlyWhereAwsIsReached: WorkflowRule = {
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

export const noPullRequestTarget: WorkflowRule = {
    id: "no-pull-request-target",
    why: "pull_request_target runs with the base repository's secrets while the pull request may come from a fork",
    check(file) {
        return triggersOf(file).includes("pull_request_target")
            ? [`${file.path}: on.pull_request_target is not allowed; use pull_request`]
            : [];
    },
};

export const pullRequestSecretsOnlyForSameRepo: WorkflowRule = {
    id: "pull-request-secrets-only-for-same-repo",
    why: "fork pull requests get no secrets from GitHub; a job that needs them must say it skips forks, not fail on them",
    check(file) {
        if (!triggersOf(file).includes("pull_request")) return [];
        const out: string[] = [];
        for (const job of jobsOf(file)) {
            const needsCredentials = JSON.stringify(job.body).includes("secrets.") || hasIdTokenWrite(job);
            if (needsCredentials && !conditionOf(job).includes(SAME_REPO_GUARD)) {
                out.push(
                    `${file.path}: jobs.${job.id} uses secrets or OIDC on pull_request without 'if: ${SAME_REPO_GUARD}'`,
                );
            }
        }
        return out;
    },
};

export const secretsScopedToSteps: WorkflowRule = {
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

/** The deploy role: a variable of the stack's environment, so the environment is what chooses it. */
const ENVIRONMENT_ROLE = expression("vars.AWS_ROLE_ARN");
const MATRIX_ROLE = /^\$\{\{ matrix\.([A-Za-z0-9_-]+) \}\}$/;
const VARIABLE = /^\$\{\{ vars\.([A-Za-z0-9_]+) \}\}$/;

/**
 * For a job outside an environment: whether `strategy.matrix.include` sets `key` for every stack of
 * `matrix.stack` to a variable named for that stack (`…_DEV` for dev), all with one prefix.
 */
function perStackVariables(job: Job, key: string): string | undefined {
    const strategy = job.body["strategy"];
    const matrix = isMapping(strategy) ? strategy["matrix"] : undefined;
    const stacks = isMapping(matrix) && Array.isArray(matrix["stack"]) ? matrix["stack"] : [];
    const include = isMapping(matrix) && Array.isArray(matrix["include"]) ? matrix["include"] : [];
    if (stacks.length === 0) return "its matrix lists no stack";
    const prefixes = new Set<string>();
    for (const stack of stacks) {
        const entry = include.find((e) => isMapping(e) && e["stack"] === stack);
        const value = isMapping(entry) ? entry[key] : undefined;
        const variable =
            typeof value === "string" ? VARIABLE.exec(normalizeExpressions(value))?.[1] : undefined;
        const suffix = `_${String(stack).toUpperCase()}`;
        if (variable === undefined || !variable.endsWith(suffix)) {
            return `matrix.include gives stack '${String(stack)}' ${JSON.stringify(value) ?? "no"} ${key}; it must be a variable ending in ${suffix}`;
        }
        prefixes.add(variable.slice(0, -suffix.length));
    }
    return prefixes.size === 1
        ? undefined
        : `its stacks' ${key} variables differ in more than the stack: ${[...prefixes].join(", ")}`;
}

export const awsRoleChosenByStack: WorkflowRule = {
    id: "aws-role-chosen-by-stack",
    why: "each stack lives in its own AWS account with roles of its own; a job assumes the role of the stack it works on, chosen by that stack, never one role for all stacks",
    check(file) {
        const out: string[] = [];
        for (const job of jobsOf(file)) {
            for (const step of stepsOf(job)) {
                if (actionName(usesOf(step)) !== "aws-actions/configure-aws-credentials") continue;
                const withs = step.body["with"];
                const raw = isMapping(withs) ? withs["role-to-assume"] : undefined;
                const role = typeof raw === "string" ? normalizeExpressions(raw.trim()) : "";
                const where = `${file.path}: ${step.where}.with.role-to-assume`;
                const environment = stackEnvironment(job);
                if (environment !== undefined) {
                    if (role !== ENVIRONMENT_ROLE) {
                        out.push(
                            `${where} is ${JSON.stringify(raw) ?? "missing"} in environment '${environment}'; it must be '${ENVIRONMENT_ROLE}', the environment's own role`,
                        );
                    }
                    continue;
                }
                const key = MATRIX_ROLE.exec(role)?.[1];
                const problem =
                    key === undefined
                        ? `it must be '${expression("matrix.<key>")}', set per stack in strategy.matrix.include`
                        : perStackVariables(job, key);
                if (problem !== undefined) {
                    out.push(
                        `${where} is ${JSON.stringify(raw) ?? "missing"} outside a stack's environment: ${problem}`,
                    );
                }
            }
        }
        return out;
    },
};

export const secretsOnlyInEnvironments: WorkflowRule = {
    id: "secrets-only-in-environments",
    why: "an environment gives a secret to the jobs that name it, on the branches it allows; a repository secret reaches any job of any branch",
    check(file) {
        const out: string[] = [];
        const known = [...STACK_ENVIRONMENTS, ...Object.keys(SERVICE_ENVIRONMENTS)];
        for (const job of jobsOf(file)) {
            const environment = environmentName(job);
            if (environment !== undefined && !environment.includes("${{") && !known.includes(environment)) {
                out.push(
                    `${file.path}: jobs.${job.id}.environment is '${environment}'; allowed: ${known.join(", ")} (docs/ci-aws-oidc.md#environments)`,
                );
            }
            if (environment === undefined && JSON.stringify(job.body).includes("secrets.")) {
                out.push(
                    `${file.path}: jobs.${job.id} reads a secret outside any environment; name the environment that holds it`,
                );
            }
        }
        return out;
    },
};

/** The App's long-lived key; only actions/create-github-app-token may read it. */
const APP_KEY = expression("secrets.RAYOPS_APP_PRIVATE_KEY");
const TOKEN_ACTION = "actions/create-github-app-token";
/** The variables of the CLI's key mode (automation/github/config.ts): never set in a workflow. */
const KEY_MODE_VARIABLES = ["GITHUB_APP_PRIVATE_KEY", "GITHUB_APP_PRIVATE_KEY_PATH"];

export const appKeyOnlyInTokenStep: WorkflowRule = {
    id: "app-key-only-in-token-step",
    why: "the App's private key outlives every job and can mint tokens for every repository it is installed on; one trusted action turns it into a short-lived, scoped token, and only that token reaches a step running the repository's code",
    check(file) {
        const out: string[] = [];
        let keyUses = 0;
        for (const job of jobsOf(file)) {
            for (const step of stepsOf(job)) {
                if (actionName(usesOf(step)) !== TOKEN_ACTION) continue;
                const withs = isMapping(step.body["with"]) ? step.body["with"] : {};
                const where = `${file.path}: ${step.where}`;
                if (normalizeExpressions(String(withs["private-key"] ?? "")) === APP_KEY) keyUses++;
                const permissions = Object.entries(withs).filter(([k]) => k.startsWith("permission-"));
                if (permissions.length === 0) {
                    out.push(
                        `${where} asks for no permission-* input, so the token gets every permission of the installation; name the ones the job needs`,
                    );
                }
                for (const [k, v] of permissions) {
                    if (v !== "read" && v !== "write") {
                        out.push(`${where}.with.${k} is ${JSON.stringify(v)}; allowed: read, write`);
                    }
                }
                for (const k of ["owner", "repositories"]) {
                    if (k in withs) {
                        out.push(
                            `${where}.with.${k} is set; leave it out so the token covers this repository only`,
                        );
                    }
                }
                if (String(withs["skip-token-revoke"] ?? "false") !== "false") {
                    out.push(
                        `${where}.with.skip-token-revoke keeps the token alive after the job; leave it out`,
                    );
                }
            }
        }
        const mentions = normalizeExpressions(file.source).split(APP_KEY).length - 1;
        if (mentions !== keyUses) {
            out.push(
                `${file.path}: ${APP_KEY} is read ${mentions} time(s) but only ${keyUses} as the private-key of ${TOKEN_ACTION}; pass the minted token on instead`,
            );
        }
        for (const name of KEY_MODE_VARIABLES) {
            if (new RegExp(`^\\s*${name}\\s*:`, "m").test(file.source)) {
                out.push(
                    `${file.path}: sets ${name}; the App's key never reaches the CLI in a workflow (use RAYOPS_GITHUB_TOKEN from ${TOKEN_ACTION})`,
                );
            }
        }
        return out;
    },
};
