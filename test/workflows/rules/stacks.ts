/** Rules about how jobs touch a stack: timeouts, concurrency, environments, state backups. */
import {
    actionName,
    concurrencyOf,
    groupNames,
    jobsOf,
    NETWORK_DIR,
    programOf,
    runOf,
    stackEnvironment,
    stackReference,
    stepsOf,
    usesOf,
    type WorkflowRule,
} from "./model";

const RAYOPS_DEPLOY = /\brayops\s+(up|destroy|workload\s+submit)\b/;
const RAYOPS_DESTROY = /\brayops\s+destroy\b/;
const RAYOPS_EXPORT = /\brayops\s+stack\s+export\b/;

export const timeoutOnEveryJob: WorkflowRule = {
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

export const concurrencyPerStack: WorkflowRule = {
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
            if (stackEnvironment(job) !== undefined && cancelInProgress !== false) {
                out.push(
                    `${file.path}: jobs.${job.id} deploys to an environment but its cancel-in-progress is ${JSON.stringify(cancelInProgress) ?? "missing"}; it must be false`,
                );
            }
            // The network and the cluster of a stack are two stacks with two locks: each program's
            // jobs queue in their own group (rayops-network-<stack>, rayops-<stack>).
            const program = programOf(job);
            const networkGroup = group !== undefined && groupNames(group, NETWORK_DIR);
            if (program === "network" && group !== undefined && !networkGroup) {
                out.push(
                    `${file.path}: jobs.${job.id} runs the network program in group '${group}'; its group must name '${NETWORK_DIR}' (rayops-network-<stack>)`,
                );
            }
            if (program === "cluster" && networkGroup) {
                out.push(
                    `${file.path}: jobs.${job.id} runs the cluster program in the network's group '${group}'`,
                );
            }
        }
        return out;
    },
};

export const deploysBehindEnvironment: WorkflowRule = {
    id: "deploys-behind-environment",
    why: "the environment holds the deploy role and, for prod, the reviewers who approve each change",
    check(file) {
        return jobsOf(file)
            .filter((job) => stackEnvironment(job) === undefined)
            .flatMap((job) =>
                stepsOf(job)
                    .filter((step) => RAYOPS_DEPLOY.test(runOf(step)))
                    .map(
                        (step) =>
                            `${file.path}: ${step.where} runs '${RAYOPS_DEPLOY.exec(runOf(step))?.[0]}' in a job outside its stack's environment`,
                    ),
            );
    },
};

export const stateBackupBeforeDestroy: WorkflowRule = {
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
