/**
 * The CiRunner as the policy pack sees it: built alone with an AWS provider carrying the required
 * tags, once as a finished update answers and once as a new stack's preview (every ARN and id
 * unknown), and run through every policy of the pack.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { evaluatePolicies } from "../../../automation/plan/evaluate";
import { runProgramOffline } from "../../../automation/plan/harness";
import type { CapturedResource } from "../../../automation/plan/types";
import { CiRunner } from "../../../components/ci-runner/ci-runner";
import { REQUIRED_TAGS } from "../../policypack/fixtures";
import { FACTORY_KEY } from "../../support/one-component";

const REGION = "us-west-2";

async function build(preview: boolean): Promise<CapturedResource[]> {
    const global = globalThis as Record<string, unknown>;
    global[FACTORY_KEY] = () => {
        const provider = new aws.Provider("aws", { region: REGION, defaultTags: { tags: REQUIRED_TAGS } });
        const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" }, { provider });
        const subnet = new aws.ec2.Subnet(
            "private",
            { vpcId: vpc.id, cidrBlock: "10.0.128.0/19" },
            { provider },
        );
        new CiRunner(
            "ci",
            {
                projectName: "rayops-dev",
                vpcId: vpc.id,
                subnetIds: [subnet.id],
                githubRepositoryUrl: "https://github.com/acme/rayops",
                region: REGION,
            },
            { providers: { aws: provider } },
        );
    };
    try {
        const run = await runProgramOffline({
            project: "rayops",
            stack: "spec",
            config: { "aws:region": REGION },
            program: path.join(__dirname, "../../support/one-component/program.ts"),
            mocks: { preview },
        });
        return run.resources;
    } finally {
        delete global[FACTORY_KEY];
    }
}

describe("CiRunner under the policy pack (components/ci-runner/ci-runner.ts)", () => {
    for (const preview of [false, true]) {
        it(`passes every policy ${preview ? "in a new stack's preview, its ids and ARNs unknown" : "as an update answers"}`, async () => {
            const resources = await build(preview);
            assert.ok(resources.some((r) => r.type === "aws:codebuild/project:Project"));
            const result = evaluatePolicies(resources);
            assert.deepEqual(
                result.findings.map((f) => `${f.policy}: ${f.message}`),
                [],
            );
        });
    }
});
