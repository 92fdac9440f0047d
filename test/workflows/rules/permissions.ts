/** Rules about what a workflow's token, OIDC and secrets may reach. */
import { isMapping } from "../workflow-file";
import {
    hasIdTokenWrite,
    jobsOf,
    permissionEntries,
    triggersOf,
    usesAction,
    type WorkflowRule,
} from "./model";

const SAME_REPO_GUARD = "github.event.pull_request.head.repo.full_name == github.repository";

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
