import * as assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { readNetworkStack } from "../../automation/plan/programs";
import { listStackFiles } from "../../automation/plan/stack-file";
import { NETWORK_DIR } from "../../automation/workspace/program";
import { parseNetworkConfig } from "../../components/config/network-program";
import { rawConfigFromPulumi } from "../../components/config/raw";
import { actionName, jobsOf, runnerLabels, runOf, stepsOf, usesOf } from "./rules/model";
import { inVpcRunnerLabel } from "./rules/runners";
import { expression, REPO_ROOT, readWorkflows, WORKFLOWS_DIR } from "./workflow-file";

/** The stacks with a network stack file, and each one's in-VPC runner settings. */
const NETWORK_FOLDER = path.join(REPO_ROOT, NETWORK_DIR);
const STACKS = listStackFiles(NETWORK_FOLDER, readdirSync(NETWORK_FOLDER));
const runnerOf = (stack: string) => {
    const file = readNetworkStack(REPO_ROOT, stack);
    return parseNetworkConfig(rawConfigFromPulumi(file.config), { stack }).ciRunner;
};

/** Every job on a CodeBuild label, with the stacks whose runner it may land on. */
const inVpcJobs = readWorkflows(WORKFLOWS_DIR).flatMap((file) =>
    jobsOf(file).flatMap((job) => {
        const labels = runnerLabels(job);
        const stacks = STACKS.filter((stack) => labels.includes(inVpcRunnerLabel(stack)));
        const anyStack = [expression("matrix.stack"), expression("inputs.stack")].some((ref) =>
            labels.includes(inVpcRunnerLabel(ref)),
        );
        if (stacks.length === 0 && !anyStack) return [];
        return [{ where: `${file.path}: jobs.${job.id}`, job, stacks: anyStack ? STACKS : stacks }];
    }),
);

describe("jobs on the stacks' in-VPC CodeBuild runners", () => {
    it("are found, for dev and for prod", () => {
        // GIVEN the workflows WHEN jobs on a CodeBuild label are listed THEN both stacks have some
        assert.deepEqual(STACKS, ["dev", "prod"]);
        assert.ok(inVpcJobs.some((j) => j.stacks.includes("dev")));
        assert.ok(inVpcJobs.some((j) => j.stacks.includes("prod")));
    });

    it("end before the runner's build timeout, so GitHub stops the job rather than CodeBuild killing it mid-update", () => {
        // GIVEN each job's timeout WHEN compared with rayops:ciRunner.timeoutMinutes of every stack
        // it may run for THEN the job's is shorter
        const tooLong = inVpcJobs.flatMap(({ where, job, stacks }) =>
            stacks
                .filter((stack) => !(Number(job.body["timeout-minutes"]) < runnerOf(stack).timeoutMinutes))
                .map(
                    (stack) =>
                        `${where}: timeout-minutes ${String(job.body["timeout-minutes"])} is not below ${stack}'s runner timeout of ${runnerOf(stack).timeoutMinutes}`,
                ),
        );
        assert.deepEqual(tooLong, []);
    });

    it("run only for stacks whose network creates the runner", () => {
        const missing = inVpcJobs.flatMap(({ where, stacks }) =>
            stacks.filter((stack) => !runnerOf(stack).enabled).map((stack) => `${where}: ${stack}`),
        );
        assert.deepEqual(missing, []);
    });

    it("set up Node.js themselves before npm ci, since the CodeBuild image does not promise one", () => {
        const withoutNode = inVpcJobs.flatMap(({ where, job }) => {
            const steps = stepsOf(job);
            const setupAt = steps.findIndex((s) => actionName(usesOf(s)) === "actions/setup-node");
            const installAt = steps.findIndex((s) => /^npm ci\b/.test(runOf(s)));
            return setupAt >= 0 && setupAt < installAt ? [] : [where];
        });
        assert.deepEqual(withoutNode, []);
    });
});
