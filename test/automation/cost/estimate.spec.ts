/** The cost estimate on hand-built resources whose monthly cost is checked by hand. */
import assert from "node:assert/strict";
import { estimateCost, withDelta } from "../../../automation/cost/estimate";
import { DEFAULT_PRICES, HOURS_PER_MONTH } from "../../../automation/cost/prices";
import type { CostResource } from "../../../automation/cost/pricing";
import type { CostSection } from "../../../automation/render/report";
import { EKS_VERSIONS, eksSupport } from "../../../components/cluster/eks-versions";
import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { nodePool, resource } from "./fixtures";

const lineOf = (cost: CostSection, id: string) => {
    const line = cost.lines.find((l) => l.id === id);
    assert.ok(line, `no line ${id} in ${cost.lines.map((l) => l.id).join(", ")}`);
    return line;
};

describe("cost estimate", () => {
    it("prices a 2-node m6i.large pool for a 730-hour month at exactly 2 × price × 730", () => {
        // GIVEN a pool fixed at two m6i.large nodes in us-east-1 ($0.096/h)
        const cost = estimateCost(nodePool({ pool: "system", min: 2, max: 2 }), { region: "us-east-1" });
        // THEN its instance line is 2 × 0.096 × 730 in every column
        const line = lineOf(cost, "nodes:system");
        const price = DEFAULT_PRICES.regions["us-east-1"]!.instanceHour["m6i.large"]!;
        assert.equal(price, 0.096);
        assert.equal(HOURS_PER_MONTH, 730);
        for (const column of ["floor", "expected", "ceiling"] as const)
            assert.equal(line[column], 2 * price * 730);
        assert.equal(Math.round(line.floor * 100) / 100, 140.16);
    });

    it("prices floor, expected and ceiling at the pool's min, desired and max sizes", () => {
        const cost = estimateCost(
            nodePool({
                pool: "cpu",
                instanceTypes: ["m6i.2xlarge"],
                min: 1,
                desired: 2,
                max: 5,
                volumeGiB: 100,
            }),
            { region: "us-east-1" },
        );
        const nodes = lineOf(cost, "nodes:cpu");
        assert.deepEqual(
            [nodes.floor, nodes.expected, nodes.ceiling],
            [1, 2, 5].map((n) => n * 0.384 * 730),
        );
        // 100 GiB gp3 at $0.08/GB-month is $8 per node
        const volumes = lineOf(cost, "volumes:cpu");
        assert.deepEqual([volumes.floor, volumes.expected, volumes.ceiling], [8, 16, 40]);
    });

    it("starts a pool without a desired size at its minimum, as EKS does", () => {
        const cost = estimateCost(nodePool({ pool: "gpu", instanceTypes: ["g5.xlarge"], min: 0, max: 2 }), {
            region: "us-west-2",
        });
        const line = lineOf(cost, "nodes:gpu");
        assert.deepEqual([line.floor, line.expected, line.ceiling], [0, 0, 2 * 1.006 * 730]);
    });

    it("keeps floor ≤ expected ≤ ceiling in every line and in the totals", () => {
        const cost = estimateCost(
            [
                ...nodePool({ pool: "system", min: 2, max: 3, volumeGiB: 50 }),
                ...nodePool({
                    pool: "cpu",
                    instanceTypes: ["c6i.2xlarge"],
                    min: 0,
                    desired: 1,
                    max: 6,
                    volumeGiB: 100,
                }),
                resource("eks:index:Cluster", "eks", { skipDefaultNodeGroup: true }),
                resource("aws:ec2/natGateway:NatGateway", "nat", {}),
            ],
            { region: "eu-west-1" },
        );
        for (const l of [...cost.lines, cost]) {
            assert.ok(l.floor <= l.expected && l.expected <= l.ceiling, JSON.stringify(l));
        }
        assert.equal(
            cost.ceiling,
            cost.lines.reduce((t, l) => t + l.ceiling, 0),
        );
    });

    it("prices a multi-type pool at its first type, the one on-demand node groups launch first", () => {
        const cost = estimateCost(
            nodePool({ pool: "gpu", instanceTypes: ["g5.2xlarge", "g6.2xlarge"], min: 1, max: 1 }),
            { region: "us-east-1" },
        );
        const line = lineOf(cost, "nodes:gpu");
        assert.equal(line.floor, 1 * 1.212 * 730);
        assert.match(line.note ?? "", /first of g5\.2xlarge, g6\.2xlarge/);
    });

    it("gives a node group without a launch template EKS's 20 GiB root volume", () => {
        const cost = estimateCost(nodePool({ pool: "system", min: 1, max: 1 }), { region: "us-east-1" });
        assert.equal(lineOf(cost, "volumes:system").floor, 20 * 0.08);
    });

    it("flags an instance type without a price in the region as unknown and does not count it", () => {
        // GIVEN g6 (not offered in eu-west-1) next to a priced pool
        const cost = estimateCost(
            [
                ...nodePool({ pool: "gpu", instanceTypes: ["g6.xlarge"], min: 1, max: 2, volumeGiB: 100 }),
                ...nodePool({ pool: "system", min: 1, max: 1 }),
            ],
            { region: "eu-west-1" },
        );
        // THEN the GPU nodes are listed as unknown, shown as not counted, and left out of the totals
        assert.ok(
            cost.unknown.some((u) => u.includes("g6.xlarge in eu-west-1")),
            cost.unknown.join("; "),
        );
        const gpu = lineOf(cost, "nodes:gpu");
        assert.deepEqual([gpu.floor, gpu.ceiling], [0, 0]);
        assert.match(gpu.note ?? "", /price unknown .*not counted/);
        const priced = cost.lines.filter((l) => l.id !== "nodes:gpu").reduce((t, l) => t + l.ceiling, 0);
        assert.equal(cost.ceiling, priced);
        assert.ok(cost.ceiling > 0);
    });

    it("reports everything as unknown in a region without a price table", () => {
        const cost = estimateCost(
            [
                ...nodePool({ pool: "system", min: 2, max: 2 }),
                resource("aws:ec2/natGateway:NatGateway", "nat", {}),
            ],
            { region: "af-south-1" },
        );
        assert.ok(cost.unknown.includes("af-south-1: no price table for this region"));
        assert.ok(cost.unknown.some((u) => u.startsWith("m6i.large in af-south-1")));
        assert.ok(cost.unknown.some((u) => u.startsWith("NAT gateway hours in af-south-1")));
        assert.equal(lineOf(cost, "nodes:system").floor, 0);
        assert.equal(lineOf(cost, "nat-gateways").floor, 0);
    });

    it("takes the region from the plan's aws provider when none is given", () => {
        const cost = estimateCost([
            resource("pulumi:providers:aws", "aws", { region: "ap-southeast-2" }),
            ...nodePool({ pool: "system", min: 1, max: 1 }),
        ]);
        assert.equal(lineOf(cost, "nodes:system").floor, 0.12 * 730);
    });

    it("prices NAT gateways, their public IPv4 addresses and KMS keys as fixed monthly costs", () => {
        const cost = estimateCost(
            [
                resource("aws:ec2/natGateway:NatGateway", "nat-0", {}),
                resource("aws:ec2/natGateway:NatGateway", "nat-1", {}),
                resource("aws:ec2/eip:Eip", "eip-0", {}),
                resource("aws:ec2/eip:Eip", "eip-1", {}),
                resource("aws:kms/key:Key", "data", {}),
            ],
            { region: "us-east-1" },
        );
        const nat = lineOf(cost, "nat-gateways");
        assert.equal(nat.expected, 2 * 0.045 * 730);
        assert.match(nat.note ?? "", /data processing per GB not counted/);
        assert.equal(lineOf(cost, "public-ipv4").expected, 2 * 0.005 * 730);
        assert.equal(lineOf(cost, "kms-keys").expected, 1);
    });

    it("counts an EKS cluster once when the component and its cluster resource are both in the plan", () => {
        const cost = estimateCost(
            [
                resource("eks:index:Cluster", "eks", { skipDefaultNodeGroup: true }),
                resource("aws:eks/cluster:Cluster", "eks-cluster", {}),
            ],
            { region: "us-east-1" },
        );
        assert.equal(lineOf(cost, "eks-control-plane").expected, 0.1 * 730);
        assert.deepEqual(cost.unknown, []);
    });

    it("prices a cluster on a version in extended support at $0.60/h, and says so", function () {
        // Today's extended-support version, from the dated table (components/cluster/eks-versions.ts).
        const version = Object.keys(EKS_VERSIONS).find((v) => eksSupport(v).status === "extended");
        if (version === undefined) {
            console.log("    skipped: no version of the table is in extended support today; add newer rows");
            this.skip();
        }
        const cost = estimateCost([resource("aws:eks/cluster:Cluster", "eks-cluster", { version })], {
            region: "us-east-1",
        });
        assert.equal(lineOf(cost, "eks-control-plane").expected, 0.6 * 730);
        assert.match(lineOf(cost, "eks-control-plane").note ?? "", /1 in extended support at \$0\.60\/h/);
        const standard = Object.keys(EKS_VERSIONS).find((v) => eksSupport(v).status === "standard");
        if (standard) {
            const std = estimateCost([resource("aws:eks/cluster:Cluster", "c", { version: standard })], {
                region: "us-east-1",
            });
            assert.equal(lineOf(std, "eks-control-plane").expected, 0.1 * 730);
        }
    });

    it("lists the default node group of an eks:index:Cluster that keeps one as unknown", () => {
        const cost = estimateCost([resource("eks:index:Cluster", "eks", {})], { region: "us-east-1" });
        assert.ok(cost.unknown.some((u) => u.includes("default node group of eks")));
    });

    it("shows S3 storage as usage-based with its rate and counts nothing for it", () => {
        const cost = estimateCost([resource("aws:s3/bucket:Bucket", "artifacts", {})], {
            region: "us-east-1",
        });
        const s3 = lineOf(cost, "s3-storage");
        assert.deepEqual([s3.floor, s3.ceiling], [0, 0]);
        assert.match(s3.note ?? "", /usage-based, not counted: Standard storage \$0\.023\/GB-month/);
    });

    it("prices a persistent volume claim on the default gp3 storage class", () => {
        const cost = estimateCost(
            [
                resource("kubernetes:storage.k8s.io/v1:StorageClass", "sc", {
                    metadata: {
                        name: "gp3-encrypted",
                        annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
                    },
                    parameters: { type: "gp3" },
                }),
                resource("kubernetes:core/v1:PersistentVolumeClaim", "ray-head", {
                    spec: { resources: { requests: { storage: "50Gi" } } },
                }),
            ],
            { region: "us-east-1" },
        );
        assert.equal(lineOf(cost, "volume-claim:ray-head").expected, 50 * 0.08);
    });

    it("never counts a node group whose sizes are unknown during a preview", () => {
        const preview = resource("aws:eks/nodeGroup:NodeGroup", "cpu-ng", {
            instanceTypes: ["m6i.large"],
            labels: { "rayops.io/pool": "cpu" },
            scalingConfig: UNKNOWN_VALUE,
        });
        const cost = estimateCost([preview], { region: "us-east-1" });
        assert.equal(cost.ceiling, 0);
        assert.ok(cost.unknown.some((u) => u.startsWith("node pool cpu")));
    });

    it("gives a Karpenter NodePool a zero floor and a ceiling from its CPU and GPU limits", () => {
        // GIVEN a GPU NodePool limited to 16 vCPU and 2 GPUs, g5.xlarge (4 vCPU, 1 GPU) or g5.2xlarge (8 vCPU, 1 GPU)
        const pool: CostResource[] = [
            resource("kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", "gpu-nodeclass", {
                metadata: { name: "gpu" },
                spec: { blockDeviceMappings: [{ ebs: { volumeSize: "100Gi", volumeType: "gp3" } }] },
            }),
            resource("kubernetes:karpenter.sh/v1:NodePool", "gpu-nodepool", {
                metadata: { name: "gpu" },
                spec: {
                    template: {
                        metadata: { labels: { "rayops.io/pool": "gpu" } },
                        spec: {
                            nodeClassRef: { name: "gpu" },
                            requirements: [
                                {
                                    key: "node.kubernetes.io/instance-type",
                                    operator: "In",
                                    values: ["g5.xlarge", "g5.2xlarge"],
                                },
                            ],
                        },
                    },
                    limits: { cpu: "16", "nvidia.com/gpu": "2" },
                },
            }),
        ];
        const cost = estimateCost(pool, { region: "us-east-1" });
        // THEN the worst case is 2 × g5.2xlarge (the GPU limit binds; it costs more than 2 × g5.xlarge)
        const nodes = lineOf(cost, "nodes:gpu");
        assert.deepEqual([nodes.floor, nodes.expected, nodes.ceiling], [0, 0, 2 * 1.212 * 730]);
        assert.equal(lineOf(cost, "volumes:gpu").ceiling, 2 * 100 * 0.08);
    });

    it("keeps one node of the cheapest allowed type in the Karpenter pool that runs the Ray head", () => {
        // GIVEN a Karpenter cpu pool (m6i.4xlarge or m6i.2xlarge) and a RayCluster whose head selects it
        const resources: CostResource[] = [
            resource("kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", "cpu-nodeclass", {
                metadata: { name: "cpu" },
                spec: { blockDeviceMappings: [{ ebs: { volumeSize: "100Gi", volumeType: "gp3" } }] },
            }),
            resource("kubernetes:karpenter.sh/v1:NodePool", "cpu-nodepool", {
                metadata: { name: "cpu" },
                spec: {
                    template: {
                        metadata: { labels: { "rayops.io/pool": "cpu" } },
                        spec: {
                            nodeClassRef: { name: "cpu" },
                            requirements: [
                                {
                                    key: "node.kubernetes.io/instance-type",
                                    operator: "In",
                                    values: ["m6i.4xlarge", "m6i.2xlarge"],
                                },
                            ],
                        },
                    },
                    limits: { cpu: "32" },
                },
            }),
            resource("kubernetes:ray.io/v1:RayCluster", "ray", {
                spec: {
                    headGroupSpec: { template: { spec: { nodeSelector: { "rayops.io/pool": "cpu" } } } },
                },
            }),
        ];
        const cost = estimateCost(resources, { region: "us-east-1" });
        // THEN floor and expected are one m6i.2xlarge ($0.384/h) and its root volume, not zero
        const nodes = lineOf(cost, "nodes:cpu");
        assert.deepEqual([nodes.floor, nodes.expected], [0.384 * 730, 0.384 * 730]);
        assert.match(nodes.note ?? "", /at least 1 × m6i\.2xlarge .*runs the Ray head/);
        assert.equal(lineOf(cost, "volumes:cpu").floor, 100 * 0.08);
    });

    it("prices the CodeBuild runners from assumed usage, shown in the note, with no floor", () => {
        const cost = estimateCost(
            [
                resource("aws:codebuild/project:Project", "rayops-dev-ci", {
                    environment: { computeType: "BUILD_GENERAL1_MEDIUM" },
                    buildTimeout: 60,
                }),
            ],
            { region: "us-east-1" },
        );
        const line = lineOf(cost, "ci-runners:rayops-dev-ci");
        // 200 jobs × 12 min × $0.01, and at most every job running its 60-minute timeout
        assert.deepEqual([line.floor, line.expected, line.ceiling], [0, 24, 120]);
        assert.match(line.note ?? "", /assumed 200 jobs\/month of 12 min/);
    });

    it("shows the change against a base estimate, positive when it costs more", () => {
        const base = estimateCost(nodePool({ pool: "gpu", instanceTypes: ["g5.xlarge"], min: 0, max: 2 }), {
            region: "us-east-1",
        });
        const head = estimateCost(nodePool({ pool: "gpu", instanceTypes: ["g5.xlarge"], min: 0, max: 4 }), {
            region: "us-east-1",
        });
        const delta = withDelta(head, base, "main").delta!;
        assert.equal(delta.base, "main");
        assert.equal(delta.floor, 0);
        assert.equal(
            Math.round(delta.ceiling * 100),
            Math.round(2 * 1.006 * 730 * 100 + 2 * 20 * 0.08 * 100),
        );
    });
});
