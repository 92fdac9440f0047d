import { strict as assert } from "node:assert";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import { mockId } from "../../../automation/plan/mocks";
import type { CapturedResource } from "../../../automation/plan/types";
import {
    amiType,
    gpusPerNode,
    type NodePoolName,
    nodeGroupsOf,
    nodeTemplateTags,
    POOL_TAINTS,
    poolLabels,
} from "../../../components/nodes/scheduling";
import { POOL_LABEL } from "../../../policypack/lib/node-pools";
import { committedConfig, readWhileCollecting } from "../../support/committed-config";
import { editKey, named, ofType, runStack, STACKS } from "../../support/program";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const ASG_TAG = "aws:autoscaling/tag:Tag";
const TEMPLATE = "k8s.io/cluster-autoscaler/node-template";

/** The taints each pool must carry, in the EKS API's spelling. */
const EXPECTED_TAINTS: Record<NodePoolName, { key: string; value: string; effect: string }[]> = {
    system: [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }],
    cpu: [],
    gpu: [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }],
    runners: [{ key: "github-runners", value: "true", effect: "NO_SCHEDULE" }],
};

function nodeGroup(run: OfflineProgramRun, stack: string, pool: string): CapturedResource {
    return named(run, NODE_GROUP, `rayops-${stack}-${pool}-ng`);
}

function launchTemplate(run: OfflineProgramRun, stack: string, pool: string): CapturedResource {
    return named(run, LAUNCH_TEMPLATE, `rayops-${stack}-${pool}-lt`);
}

function asgNameOf(group: CapturedResource): string {
    const resources = group.outputs.resources as { autoscalingGroups: { name: string }[] }[];
    return resources[0].autoscalingGroups[0].name;
}

/** The cluster-autoscaler tags put on a node group's Auto Scaling group. */
function asgTags(run: OfflineProgramRun, group: CapturedResource): Record<string, string> {
    const asg = asgNameOf(group);
    const tags = ofType(run, ASG_TAG)
        .filter((t) => t.inputs.autoscalingGroupName === asg)
        .map((t) => t.inputs.tag as { key: string; value: string; propagateAtLaunch: boolean });
    return Object.fromEntries(tags.map((t) => [t.key, t.value]));
}

function providerDefaultTags(run: OfflineProgramRun): Record<string, string> {
    const [aws] = ofType(run, "pulumi:providers:aws");
    const defaultTags = aws.inputs.defaultTags;
    const parsed = typeof defaultTags === "string" ? JSON.parse(defaultTags) : defaultTags;
    return (parsed as { tags: Record<string, string> }).tags;
}

describe("NodePool (components/nodes/node-pool.ts)", () => {
    for (const stack of STACKS) {
        describe(`the ${stack} stack`, () => {
            const config = committedConfig(stack);
            if (config === undefined) return;
            let run: OfflineProgramRun;
            before(async () => {
                run = await runStack(stack);
            });

            const groups = readWhileCollecting(`splits the ${stack} stack's pools into node groups`, () =>
                config.pools.flatMap((pool) =>
                    nodeGroupsOf(pool).map((group) => ({
                        pool,
                        group,
                        key: group.model ? `${pool.name}-${group.model}` : pool.name,
                    })),
                ),
            );
            if (groups === undefined) return;

            it(`creates one managed node group per pool and GPU model (${groups.map((g) => g.key).join(", ")})`, () => {
                const names = ofType(run, NODE_GROUP).map((g) => g.inputs.nodeGroupName);
                assert.deepEqual([...names].sort(), groups.map((g) => `rayops-${stack}-${g.key}`).sort());
            });

            for (const { pool, group, key } of groups) {
                const taints = EXPECTED_TAINTS[pool.name];
                const described = taints.map((t) => `${t.key}=${t.value}:NoSchedule`).join(", ") || "nothing";

                it(`taints ${pool.name} nodes with ${described}`, () => {
                    assert.deepEqual(nodeGroup(run, stack, key).inputs.taints ?? [], taints);
                });

                it(`labels ${pool.name} nodes ${POOL_LABEL}=${pool.name}`, () => {
                    const labels = nodeGroup(run, stack, key).inputs.labels as Record<string, string>;
                    assert.equal(labels[POOL_LABEL], pool.name);
                });

                it(`sizes ${key} from config: min ${group.minSize}, max ${group.maxSize}, desired ${group.desiredSize}`, () => {
                    assert.deepEqual(nodeGroup(run, stack, key).inputs.scalingConfig, {
                        minSize: group.minSize,
                        maxSize: group.maxSize,
                        desiredSize: group.desiredSize,
                    });
                });

                it(`launches ${key}'s configured instance types (${group.instanceTypes.join(", ")})`, () => {
                    assert.deepEqual(nodeGroup(run, stack, key).inputs.instanceTypes, group.instanceTypes);
                });

                it(`ignores later changes to the ${pool.name} pool's desired size (the cluster-autoscaler owns it)`, () => {
                    assert.ok(
                        nodeGroup(run, stack, key).ignoreChanges?.includes("scalingConfig.desiredSize"),
                    );
                });

                it(`boots ${pool.name} nodes from ${amiType(pool.name)}`, () => {
                    const expected = pool.name === "gpu" ? "AL2023_x86_64_NVIDIA" : "AL2023_x86_64_STANDARD";
                    assert.equal(nodeGroup(run, stack, key).inputs.amiType, expected);
                });

                it(`runs ${pool.name} nodes on the cluster's Kubernetes minor version`, () => {
                    assert.equal(nodeGroup(run, stack, key).inputs.version, config.cluster.version);
                });

                it(`starts ${pool.name} nodes from the pool's own launch template`, () => {
                    const group = nodeGroup(run, stack, key);
                    const template = launchTemplate(run, stack, key);
                    const ref = group.inputs.launchTemplate as { id: string; version: string };
                    assert.match(ref.id, /^lt-/);
                    assert.equal(ref.version, String(template.outputs.latestVersion));
                    assert.equal(group.parent, template.parent);
                });

                it(`gives ${pool.name} nodes an encrypted gp3 root volume of ${pool.diskSizeGiB} GiB on the data key`, () => {
                    // GIVEN the data key's ARN
                    const dataKey = named(run, "aws:kms/key:Key", `rayops-${stack}-data`).outputs.arn;
                    // WHEN the launch template's root volume is read
                    const [mapping] = launchTemplate(run, stack, key).inputs.blockDeviceMappings as {
                        ebs: Record<string, unknown>;
                    }[];
                    // THEN it is gp3, encrypted with that key, sized from config
                    assert.equal(mapping.ebs.volumeType, "gp3");
                    assert.equal(mapping.ebs.encrypted, "true");
                    assert.equal(mapping.ebs.kmsKeyId, dataKey);
                    assert.equal(mapping.ebs.volumeSize, pool.diskSizeGiB);
                });

                it(`requires IMDSv2 with a hop limit of 1 on ${pool.name} nodes (pods cannot reach node credentials)`, () => {
                    const metadata = launchTemplate(run, stack, key).inputs.metadataOptions as Record<
                        string,
                        unknown
                    >;
                    assert.equal(metadata.httpTokens, "required");
                    assert.equal(metadata.httpPutResponseHopLimit, 1);
                });

                it(`tags ${pool.name} instances, volumes and network interfaces with the default tags but the commit`, () => {
                    // GIVEN the provider's default tags, which EC2 does not copy to what an ASG launches
                    const defaults = providerDefaultTags(run);
                    const specs = launchTemplate(run, stack, key).inputs.tagSpecifications as {
                        resourceType: string;
                        tags: Record<string, string>;
                    }[];
                    // THEN each launched resource type carries every one of them
                    assert.deepEqual(specs.map((s) => s.resourceType).sort(), [
                        "instance",
                        "network-interface",
                        "volume",
                    ]);
                    for (const spec of specs) {
                        for (const [k, v] of Object.entries(defaults).filter(([k]) => k !== "commit")) {
                            assert.equal(spec.tags[k], v, `${spec.resourceType} lacks ${k}`);
                        }
                        // …but the commit, which changes with every merge and would roll every node
                        assert.equal(spec.tags.commit, undefined, `${spec.resourceType} carries the commit`);
                    }
                });

                it(`tags the ${pool.name} pool's Auto Scaling group with its node-template label`, () => {
                    const tags = asgTags(run, nodeGroup(run, stack, key));
                    assert.equal(tags[`${TEMPLATE}/label/${POOL_LABEL}`], pool.name);
                });

                it(`tags the ${pool.name} pool's Auto Scaling group with its node-template taints`, () => {
                    const tags = asgTags(run, nodeGroup(run, stack, key));
                    const taintTags = Object.entries(tags).filter(([k]) =>
                        k.startsWith(`${TEMPLATE}/taint/`),
                    );
                    assert.deepEqual(
                        taintTags,
                        taints.map((t) => [`${TEMPLATE}/taint/${t.key}`, `${t.value}:NoSchedule`]),
                    );
                });
            }

            const gpuGroups = groups.filter((g) => g.pool.name === "gpu");

            it("labels GPU nodes nvidia.com/gpu.present=true (the device plugin selects on it)", () => {
                for (const { key } of gpuGroups) {
                    const labels = nodeGroup(run, stack, key).inputs.labels as Record<string, string>;
                    assert.equal(labels["nvidia.com/gpu.present"], "true", key);
                }
            });

            it("announces the GPU count of a GPU node on each GPU group's Auto Scaling group", () => {
                for (const { key } of gpuGroups) {
                    const tags = asgTags(run, nodeGroup(run, stack, key));
                    assert.equal(tags[`${TEMPLATE}/resources/nvidia.com/gpu`], "1", key);
                }
            });

            it("announces no GPUs on the CPU pools' Auto Scaling groups", () => {
                for (const pool of config.pools.filter((p) => p.name !== "gpu")) {
                    const tags = asgTags(run, nodeGroup(run, stack, pool.name));
                    assert.equal(tags[`${TEMPLATE}/resources/nvidia.com/gpu`], undefined, pool.name);
                }
            });

            it("keeps the node-template tags off the instances (propagateAtLaunch false)", () => {
                for (const t of ofType(run, ASG_TAG)) {
                    assert.equal(
                        (t.inputs.tag as { propagateAtLaunch: boolean }).propagateAtLaunch,
                        false,
                        t.name,
                    );
                }
            });

            it("places every node group in the private subnets only", () => {
                const subnets = ofType(run, "aws:ec2/subnet:Subnet");
                const idsOf = (kind: string) =>
                    subnets
                        .filter((s) => new RegExp(`-${kind}-\\d+$`).test(s.name))
                        .map((s) => mockId("aws:ec2/subnet:Subnet", s.name));
                for (const g of ofType(run, NODE_GROUP)) {
                    assert.deepEqual(
                        [...(g.inputs.subnetIds as string[])].sort(),
                        idsOf("private").sort(),
                        g.name,
                    );
                }
            });
        });
    }

    it("labels a single-model GPU pool with its accelerator (dev: g5.xlarge → nvidia-a10g)", async () => {
        const run = await runStack("dev");
        const labels = nodeGroup(run, "dev", "gpu").inputs.labels as Record<string, string>;
        assert.equal(labels["k8s.amazonaws.com/accelerator"], "nvidia-a10g");
    });

    it("creates no cluster-autoscaler node-template tags when the node autoscaler is karpenter", async () => {
        // GIVEN dev with karpenter chosen as node autoscaler
        const run = await runStack("dev", (c) =>
            editKey(c, "addons", (v) => (v.nodeAutoscaler = "karpenter")),
        );
        // THEN only the system node group exists (Karpenter launches the rest) and its ASG is not tagged
        assert.equal(ofType(run, NODE_GROUP).length, 1);
        assert.equal(ofType(run, ASG_TAG).length, 0);
    });

    it('writes encrypted: "false" and no key when a pool opts out of root volume encryption', async () => {
        // GIVEN dev's cpu pool with encryptRootVolume: false
        const run = await runStack("dev", (c) =>
            editKey(c, "nodePools", (v) => (v.cpu.encryptRootVolume = false)),
        );
        // THEN its launch template says so and the other pools stay encrypted
        const [cpu] = launchTemplate(run, "dev", "cpu").inputs.blockDeviceMappings as {
            ebs: Record<string, unknown>;
        }[];
        assert.equal(cpu.ebs.encrypted, "false");
        assert.equal(cpu.ebs.kmsKeyId, undefined);
        const [gpu] = launchTemplate(run, "dev", "gpu").inputs.blockDeviceMappings as {
            ebs: Record<string, unknown>;
        }[];
        assert.equal(gpu.ebs.encrypted, "true");
    });

    it("parents every node group and launch template to its NodePool component", async () => {
        const run = await runStack("prod");
        const pools = new Map(ofType(run, "rayops:nodes:NodePool").map((p) => [p.urn, p]));
        for (const r of [...ofType(run, NODE_GROUP), ...ofType(run, LAUNCH_TEMPLATE)]) {
            assert.ok(r.parent && pools.has(r.parent), `${r.name} is not a child of a NodePool`);
        }
    });
});

describe("node pool description (components/nodes/scheduling.ts)", () => {
    it("taints exactly the system, gpu and runners pools", () => {
        assert.deepEqual(POOL_TAINTS, EXPECTED_TAINTS);
    });

    it("boots the gpu pool from the NVIDIA AL2023 AMI and every other pool from the standard one", () => {
        assert.equal(amiType("gpu"), "AL2023_x86_64_NVIDIA");
        for (const pool of ["system", "cpu", "runners"] as const)
            assert.equal(amiType(pool), "AL2023_x86_64_STANDARD");
    });

    it("keeps extra labels but never lets them override the pool label", () => {
        const labels = poolLabels("cpu", ["m6i.large"], { team: "ml", [POOL_LABEL]: "gpu" });
        assert.deepEqual(labels, { team: "ml", [POOL_LABEL]: "cpu" });
    });

    it("gives CPU pools no GPU labels", () => {
        assert.deepEqual(poolLabels("runners", ["c6i.2xlarge"]), { [POOL_LABEL]: "runners" });
    });

    it("labels a GPU pool nvidia.com/gpu.present=true and its single GPU model", () => {
        assert.deepEqual(poolLabels("gpu", ["g6.xlarge", "g6.2xlarge"]), {
            [POOL_LABEL]: "gpu",
            "nvidia.com/gpu.present": "true",
            "k8s.amazonaws.com/accelerator": "nvidia-l4",
        });
    });

    it("counts the GPUs a node of the pool surely has: the fewest among its types", () => {
        assert.equal(gpusPerNode(["g5.12xlarge", "g5.2xlarge"]), 1);
        assert.equal(gpusPerNode(["g5.12xlarge", "g6.12xlarge"]), 4);
        assert.equal(gpusPerNode(["m6i.large"]), 0);
    });

    it("describes labels, taints and GPUs as cluster-autoscaler node-template tags", () => {
        const tags = nodeTemplateTags(
            { [POOL_LABEL]: "gpu" },
            [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }],
            4,
        );
        assert.deepEqual(tags, {
            [`${TEMPLATE}/label/${POOL_LABEL}`]: "gpu",
            [`${TEMPLATE}/taint/nvidia.com/gpu`]: "true:NoSchedule",
            [`${TEMPLATE}/resources/nvidia.com/gpu`]: "4",
        });
    });

    it("announces no GPU resource when a node has none", () => {
        const tags = nodeTemplateTags({ [POOL_LABEL]: "cpu" }, [], 0);
        assert.deepEqual(Object.keys(tags), [`${TEMPLATE}/label/${POOL_LABEL}`]);
    });
});
