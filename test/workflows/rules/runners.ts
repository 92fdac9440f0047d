/** Rules about where jobs run: the stack's in-VPC runner for its cluster, GitHub-hosted for the rest. */
import { runnerLabelPrefix } from "../../../components/ci-runner/settings";
import { expression } from "../workflow-file";
import {
    conditionOf,
    jobsOf,
    normalizeExpressions,
    programOf,
    referenceInString,
    runnerLabels,
    SAME_REPO_GUARD,
    stackReference,
    triggersOf,
    type WorkflowRule,
} from "./model";

/** GitHub-hosted runner images (https://github.com/actions/runner-images): they sit outside every VPC. */
export const HOSTED_LABEL = /^(ubuntu|windows|macos)-/;

const RUN_SUFFIX = `-${expression("github.run_id")}-${expression("github.run_attempt")}`;

/**
 * The label a job puts in `runs-on:` to get `stack`'s CodeBuild runner: the CodeBuild project is
 * named `rayops-<stack>` (network/index.ts), and CodeBuild starts a build only for a label of the
 * form `codebuild-<project>-<run id>-<run attempt>`
 * (https://docs.aws.amazon.com/codebuild/latest/userguide/sample-github-action-runners-update-labels.html,
 * read 2026-12-02).
 */
export function inVpcRunnerLabel(stack: string): string {
    return `${runnerLabelPrefix(`rayops-${stack}`)}${RUN_SUFFIX}`;
}

function isCodeBuildLabel(label: string): boolean {
    return label.startsWith(runnerLabelPrefix(""));
}

export const runnerPerProgram: WorkflowRule = {
    id: "runner-per-program",
    why: "the cluster's EKS API is private, so only its stack's CodeBuild runner inside the VPC reaches it; everything else runs on GitHub-hosted runners, outside any VPC",
    check(file) {
        const out: string[] = [];
        const onPullRequest = triggersOf(file).includes("pull_request");
        for (const job of jobsOf(file)) {
            const where = `${file.path}: jobs.${job.id}`;
            const program = programOf(job);
            const labels = runnerLabels(job).map(normalizeExpressions);
            const codeBuild = labels.filter(isCodeBuildLabel);
            if (program === "both") {
                out.push(
                    `${where} runs rayops on the cluster and on the network program; give each its own job and runner`,
                );
                continue;
            }
            if (program === "cluster") {
                const reference = stackReference(job);
                if (reference === undefined) {
                    out.push(
                        `${where} runs rayops on the cluster program but names no stack (environment or matrix.stack), so its runner cannot be chosen`,
                    );
                    continue;
                }
                const expected = inVpcRunnerLabel(referenceInString(reference));
                if (codeBuild.length !== 1 || codeBuild[0] !== expected) {
                    out.push(
                        `${where} runs rayops on the cluster program of '${reference}' on ${JSON.stringify(labels)}; it must run on '${expected}', the stack's runner inside its VPC`,
                    );
                }
                if (onPullRequest && !conditionOf(job).includes(SAME_REPO_GUARD)) {
                    out.push(
                        `${where} runs inside the VPC on pull_request without 'if: ${SAME_REPO_GUARD}'; a fork's code must never reach that runner`,
                    );
                }
                continue;
            }
            // The network program, the offline plan and jobs with no engine step at all.
            if (codeBuild.length > 0) {
                out.push(
                    `${where} runs on the in-VPC runner ${JSON.stringify(codeBuild)} but never reaches the cluster; run it on a GitHub-hosted runner`,
                );
            } else if (!labels.every((label) => HOSTED_LABEL.test(label))) {
                out.push(
                    `${where} runs on ${JSON.stringify(labels)}; jobs that do not reach the cluster run on GitHub-hosted runners (ubuntu-*)`,
                );
            }
        }
        return out;
    },
};
