import * as assert from "node:assert/strict";
import { nodeGroupsOf } from "../../../components/nodes/scheduling";
import { ofType, runStack } from "../../support/program";
import { issuesOf, rawOf } from "../config/raw-config";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const ASG_TAG = "aws:autoscaling/tag:Tag";
const ACCELERATOR = "k8s.amazonaws.com/accelerator";

describe("GPU pools mixing models (one node group per model)", () => {
    it("splits a g5 + g6 pool into an A10G and an L4 group sharing the pool's sizes", () => {
        const groups = nodeGroupsOf({
            name: "gpu",
            instanceTypes: ["g5.2xlarge", "g6.2xlarge", "g5.xlarge"],
            minSize: 1,
            maxSize: 7,
            desiredSize: 1,
        });
        assert.deepEqual(groups, [
            {
                model: "nvidia-a10g",
                instanceTypes: ["g5.2xlarge", "g5.xlarge"],
                minSize: 1,
                maxSize: 4,
                desiredSize: 1,
            },
            { model: "nvidia-l4", instanceTypes: ["g6.2xlarge"], minSize: 0, maxSize: 3, desiredSize: 0 },
        ]);
    });

    it("keeps a one-model GPU pool and every CPU pool as one group (no rename on upgrade)", () => {
        const one = { instanceTypes: ["g5.xlarge", "g5.2xlarge"], minSize: 0, maxSize: 2, desiredSize: 0 };
        assert.deepEqual(nodeGroupsOf({ name: "gpu", ...one }), [one]);
        const cpu = {
            instanceTypes: ["m6i.4xlarge", "m7i.4xlarge"],
            minSize: 1,
            maxSize: 10,
            desiredSize: 2,
        };
        assert.deepEqual(nodeGroupsOf({ name: "cpu", ...cpu }), [cpu]);
    });

    it("prod: one labelled node group per GPU model, the cluster-autoscaler told each one's model", async () => {
        // GIVEN prod, whose gpu pool mixes g5.2xlarge (A10G) and g6.2xlarge (L4), maxSize 8
        const run = await runStack("prod");
        const gpu = ofType(run, NODE_GROUP).filter(
            (g) => (g.inputs.labels as Record<string, string>)["rayops.io/pool"] === "gpu",
        );
        // THEN two groups, each of one model and labelled with it, together at most 8 nodes
        assert.deepEqual(
            gpu.map((g) => [
                g.inputs.nodeGroupName,
                g.inputs.instanceTypes,
                (g.inputs.labels as Record<string, string>)[ACCELERATOR],
            ]),
            [
                ["rayops-prod-gpu-nvidia-a10g", ["g5.2xlarge"], "nvidia-a10g"],
                ["rayops-prod-gpu-nvidia-l4", ["g6.2xlarge"], "nvidia-l4"],
            ],
        );
        const max = gpu.map((g) => (g.inputs.scalingConfig as { maxSize: number }).maxSize);
        assert.equal(
            max.reduce((a, b) => a + b),
            8,
        );
        // AND each group's Auto Scaling group carries its accelerator in the node template
        const templates = ofType(run, ASG_TAG)
            .map((t) => t.inputs.tag as { key: string; value: string })
            .filter((t) => t.key.endsWith(`/label/${ACCELERATOR}`))
            .map((t) => t.value)
            .sort();
        assert.deepEqual(templates, ["nvidia-a10g", "nvidia-l4"]);
    });

    it("refuses a mixed pool too small to give each model a node", () => {
        const raw = rawOf("prod");
        raw.nodePools.gpu.maxSize = 1;
        raw.ray.workerGroups.gpu.maxReplicas = 1;
        const issue = issuesOf(raw).find((i) => i.key === "nodePools.gpu.maxSize");
        assert.ok(issue, "no issue for nodePools.gpu.maxSize");
        assert.match(
            issue.message,
            /at least 2: the pool mixes 2 GPU models \(nvidia-a10g: g5\.2xlarge; nvidia-l4: g6\.2xlarge\)/,
        );
    });
});
