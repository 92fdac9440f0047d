/**
 * NodePool built on its own under mocks, one argument varied per case: its own defaults run here,
 * which the program-level specs (node-pool.spec.ts, on the committed stacks) never exercise.
 */
import { strict as assert } from "node:assert";
import type { CapturedResource } from "../../../automation/plan/types";
import { NodePool, type NodePoolArgs } from "../../../components/nodes/node-pool";
import { buildAlone } from "../../support/one-component";

const BASE: NodePoolArgs = {
    pool: "cpu",
    clusterName: "rayops-spec",
    nodeRoleArn: "arn:aws:iam::123456789012:role/rayops-spec-node",
    kubernetesVersion: "1.33",
    subnetIds: ["subnet-a", "subnet-b"],
    instanceTypes: ["m6i.2xlarge"],
    minSize: 0,
    maxSize: 3,
    desiredSize: 0,
    diskSizeGiB: 100,
    volumeKmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/spec",
    propagatedTags: { environment: "spec" },
};

function build(extra: Partial<NodePoolArgs> = {}): Promise<CapturedResource[]> {
    return buildAlone(() => new NodePool("pool", { ...BASE, ...extra }));
}

const ofType = (resources: CapturedResource[], type: string) => resources.filter((r) => r.type === type);
const launchTemplate = (resources: CapturedResource[]) =>
    ofType(resources, "aws:ec2/launchTemplate:LaunchTemplate")[0]!.inputs as {
        blockDeviceMappings: { ebs: { encrypted: string | boolean; kmsKeyId?: string } }[];
        metadataOptions: Record<string, unknown>;
    };
const nodeGroup = (resources: CapturedResource[]) =>
    ofType(resources, "aws:eks/nodeGroup:NodeGroup")[0]!.inputs as Record<string, unknown>;

describe("NodePool built alone (components/nodes/node-pool.ts)", () => {
    it("names its children after itself, under its own type token", async () => {
        const resources = await build();
        const component = resources.find((r) => r.type === "rayops:nodes:NodePool");
        assert.ok(component, "the component registers itself");
        const children = resources.filter((r) => r.parent === component.urn).map((r) => r.name);
        assert.ok(children.length > 0);
        for (const child of children) assert.match(child, /^pool-/);
    });

    it("encrypts the root volume with the given key when encryptRootVolume is left out", async () => {
        const { blockDeviceMappings } = launchTemplate(await build());
        assert.equal(String(blockDeviceMappings[0]!.ebs.encrypted), "true");
        assert.equal(blockDeviceMappings[0]!.ebs.kmsKeyId, BASE.volumeKmsKeyArn);
    });

    it("leaves the root volume unencrypted only with encryptRootVolume: false", async () => {
        const { blockDeviceMappings } = launchTemplate(await build({ encryptRootVolume: false }));
        assert.equal(String(blockDeviceMappings[0]!.ebs.encrypted), "false");
    });

    it("requires IMDSv2 with a hop limit of 1 whatever the pool", async () => {
        for (const pool of ["cpu", "gpu"] as const) {
            const { metadataOptions } = launchTemplate(
                await build({ pool, instanceTypes: pool === "gpu" ? ["g5.xlarge"] : BASE.instanceTypes }),
            );
            assert.equal(metadataOptions.httpTokens, "required", pool);
            assert.equal(metadataOptions.httpPutResponseHopLimit, 1, pool);
        }
    });

    it("runs on demand unless capacityType says SPOT", async () => {
        assert.equal(nodeGroup(await build()).capacityType, "ON_DEMAND");
        assert.equal(nodeGroup(await build({ capacityType: "SPOT" })).capacityType, "SPOT");
    });

    it("taints only the gpu pool with nvidia.com/gpu=true:NoSchedule", async () => {
        assert.deepEqual(nodeGroup(await build()).taints, []);
        const gpu = nodeGroup(await build({ pool: "gpu", instanceTypes: ["g5.xlarge"] }));
        assert.deepEqual(gpu.taints, [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]);
    });

    it("tags the Auto Scaling group for scale from zero by default, and not when told otherwise", async () => {
        const tags = (r: CapturedResource[]) => ofType(r, "aws:autoscaling/tag:Tag").length;
        assert.ok(tags(await build()) > 0);
        assert.equal(tags(await build({ clusterAutoscalerTags: false })), 0);
    });
});
