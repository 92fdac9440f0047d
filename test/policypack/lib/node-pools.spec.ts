import { strict as assert } from "node:assert";
import type { CapturedResource } from "../../../automation/plan/types";
import {
    gpusPerNode,
    karpenterInstanceTypesOf,
    karpenterLabelsOf,
    karpenterNodeCeiling,
    nodePoolsOf,
} from "../../../policypack/lib/node-pools";
import { UNKNOWN, UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { change, cpuPool, run } from "../fixtures";
import { karpenterCpuPool, karpenterGpuPool } from "../karpenter-fixtures";

const asResource = (r: CapturedResource) => ({ ...r, props: r.outputs });
const readPool = (r: CapturedResource) => nodePoolsOf([asResource(r)])[0];

const INSTANCE_TYPE = "node.kubernetes.io/instance-type";
const INSTANCE_FAMILY = "karpenter.k8s.aws/instance-family";

/** The CPU NodePool with its template requirements replaced by `requirements`. */
const withRequirements = (requirements: unknown) =>
    change(karpenterCpuPool(), "spec.template.spec.requirements", requirements);

describe("node pools read from EKS node groups (policypack/lib/node-pools.ts)", () => {
    it("reads a node group that lists no instance types as EKS's default t3.medium", () => {
        // GIVEN the CPU pool with an empty instanceTypes list
        const pool = change(cpuPool(), "instanceTypes", []);
        // THEN it launches what EKS launches when none is named
        assert.deepEqual(readPool(pool).instanceTypes, ["t3.medium"]);
    });

    it("reads unknown instance types as unknown, not as EKS's default", () => {
        // GIVEN instance types computed during preview
        const pool = change(cpuPool(), "instanceTypes", UNKNOWN_VALUE);
        // THEN neither the types nor a GPU signal from them is assumed
        const read = readPool(pool);
        assert.deepEqual(
            { instanceTypes: read.instanceTypes, gpu: read.gpu },
            { instanceTypes: UNKNOWN, gpu: false },
        );
    });

    it("counts a node group as a GPU pool when one of several instance types has GPUs", () => {
        // GIVEN a CPU type and a GPU type on the standard AMI, without the GPU label
        const pool = change(cpuPool(), "instanceTypes", ["m6i.2xlarge", "g5.xlarge"]);
        assert.equal(readPool(pool).gpu, true);
    });

    it("reads a node group without an AMI type as a CPU pool", () => {
        // GIVEN the CPU pool with amiType left to EKS's default
        const pool = change(cpuPool(), "amiType", undefined);
        assert.equal(readPool(pool).gpu, false);
    });

    it("reads an unknown AMI type as no GPU signal", () => {
        const pool = change(cpuPool(), "amiType", UNKNOWN_VALUE);
        assert.equal(readPool(pool).gpu, false);
    });

    it("reads a node group without labels as a CPU pool without a pool label", () => {
        const pool = change(cpuPool(), "labels", undefined);
        const read = readPool(pool);
        assert.deepEqual({ pool: read.pool, gpu: read.gpu }, { pool: undefined, gpu: false });
    });

    it("reads unknown labels as neither a pool label nor a GPU signal", () => {
        const pool = change(cpuPool(), "labels", UNKNOWN_VALUE);
        const read = readPool(pool);
        assert.deepEqual({ pool: read.pool, gpu: read.gpu }, { pool: undefined, gpu: false });
    });

    it("reads an unknown rayops.io/pool label as no pool label", () => {
        // GIVEN a pool label only the deployment knows: no RayCluster selector can be matched against it
        const pool = change(cpuPool(), "labels", { "rayops.io/pool": UNKNOWN_VALUE });
        assert.equal(readPool(pool).pool, undefined);
    });

    it("counts the GPUs of a catalog type and none for a type outside the catalog", () => {
        assert.deepEqual(["g5.12xlarge", "m6i.2xlarge", "x9z.large"].map(gpusPerNode), [4, 0, 0]);
    });
});

describe("node pools read from Karpenter NodePools (policypack/lib/node-pools.ts)", () => {
    it("reads a GPU NodePool's ceiling as its GPU limit over the GPUs of its largest type", () => {
        // GIVEN g5.xlarge and g5.12xlarge (4 GPUs) with a limit of 8 GPUs
        const pool = change(
            change(karpenterGpuPool(), "spec.template.spec.requirements.1.values", [
                "g5.xlarge",
                "g5.12xlarge",
            ]),
            "spec.limits",
            { "nvidia.com/gpu": "8" },
        );
        // THEN it counts as 2 GPU nodes
        const [read] = nodePoolsOf([asResource(pool)]);
        assert.deepEqual(
            { gpu: read.gpu, pool: read.pool, maxSize: read.maxSize },
            { gpu: true, pool: "gpu", maxSize: 2 },
        );
    });

    it("reads a CPU NodePool's ceiling from its cpu limit in any quantity spelling, rounded up", () => {
        // GIVEN m6i.2xlarge (8 vCPU) with a limit of 20000m = 20 cores
        const pool = change(karpenterCpuPool(), "spec.limits", { cpu: "20000m" });
        // THEN it counts as 3 nodes: Karpenter launches while the pool is still below its limit
        assert.equal(nodePoolsOf([asResource(pool)])[0].maxSize, 3);
    });

    it("leaves the ceiling undefined without a limit and unknown when the limit is unknown", () => {
        const none = change(karpenterCpuPool(), "spec.limits", undefined);
        const unknown = change(karpenterCpuPool(), "spec.limits", "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
        assert.equal(nodePoolsOf([asResource(none)])[0].maxSize, undefined);
        assert.equal(nodePoolsOf([asResource(unknown)])[0].maxSize, UNKNOWN);
    });

    it("lets stack-enforce-node-limits report Karpenter GPU limits above maxGpuNodes", () => {
        // GIVEN a GPU NodePool allowed 11 g5.xlarge GPUs against the default maxGpuNodes = 10
        const pool = change(karpenterGpuPool(), "spec.limits", { cpu: "44", "nvidia.com/gpu": "11" });
        const result = run("stack-enforce-node-limits", [pool]);
        assert.equal(result.findings.length, 1);
        assert.match(
            result.findings[0].message,
            /may scale to 11 nodes .*maxGpuNodes = 10.*spec\.limits of Karpenter NodePools/,
        );
    });

    it("narrows the instance-type requirement to the types of the instance-family requirement", () => {
        // GIVEN types m6i.2xlarge and g5.xlarge, but only the m6i family
        const pool = withRequirements([
            { key: INSTANCE_FAMILY, operator: "In", values: ["m6i"] },
            { key: INSTANCE_TYPE, operator: "In", values: ["m6i.2xlarge", "g5.xlarge"] },
        ]);
        // THEN Karpenter can only launch m6i.2xlarge, so it is no GPU pool
        const read = readPool(pool);
        assert.deepEqual(
            { instanceTypes: read.instanceTypes, gpu: read.gpu },
            { instanceTypes: ["m6i.2xlarge"], gpu: false },
        );
    });

    it("expands a family requirement to the catalog's types and keeps a family outside it as <family>.*", () => {
        // GIVEN the c7i family, which the catalog knows, and x9z, which it does not
        const pool = withRequirements([{ key: INSTANCE_FAMILY, operator: "In", values: ["c7i", "x9z"] }]);
        assert.deepEqual(karpenterInstanceTypesOf(pool.outputs), [
            "c7i.xlarge",
            "c7i.2xlarge",
            "c7i.4xlarge",
            "x9z.*",
        ]);
    });

    it("counts a NodePool as a GPU pool when one of several allowed types has GPUs", () => {
        const pool = withRequirements([
            { key: INSTANCE_TYPE, operator: "In", values: ["m6i.2xlarge", "g5.xlarge"] },
        ]);
        assert.equal(readPool(pool).gpu, true);
    });

    it("reads a NodePool without requirements as unrestricted, with no instance types to count", () => {
        // GIVEN a NodePool that restricts nothing: Karpenter may launch any type the region offers
        const pool = withRequirements(undefined);
        // THEN the allowlist sees no restriction and the pool offers no known type
        assert.equal(karpenterInstanceTypesOf(pool.outputs), undefined);
        assert.deepEqual(readPool(pool).instanceTypes, []);
    });

    it("reads an instance-type requirement without values as allowing no type", () => {
        const pool = withRequirements([{ key: INSTANCE_TYPE, operator: "In" }]);
        assert.deepEqual(karpenterInstanceTypesOf(pool.outputs), []);
    });

    const unknownRequirements: Record<string, unknown> = {
        "the requirements list": UNKNOWN_VALUE,
        "a requirement's key": [{ key: UNKNOWN_VALUE, operator: "In", values: ["m6i.2xlarge"] }],
        "a requirement's operator": [
            { key: INSTANCE_TYPE, operator: UNKNOWN_VALUE, values: ["m6i.2xlarge"] },
        ],
        "a requirement's values": [
            { key: INSTANCE_FAMILY, operator: "In", values: ["m6i"] },
            { key: INSTANCE_TYPE, operator: "In", values: UNKNOWN_VALUE },
        ],
    };
    for (const [what, requirements] of Object.entries(unknownRequirements)) {
        it(`reads the instance types and the ceiling as unknown when ${what} is unknown`, () => {
            // GIVEN the CPU NodePool (cpu limit 32) with that part of its requirements unknown
            const read = readPool(withRequirements(requirements));
            // THEN neither what it may launch nor how many nodes that makes is decided
            assert.deepEqual(
                { instanceTypes: read.instanceTypes, maxSize: read.maxSize },
                { instanceTypes: UNKNOWN, maxSize: UNKNOWN },
            );
        });
    }

    it("reads a NodePool without template labels as a CPU pool without a pool label", () => {
        const pool = change(karpenterCpuPool(), "spec.template.metadata", undefined);
        const read = readPool(pool);
        assert.deepEqual({ pool: read.pool, gpu: read.gpu }, { pool: undefined, gpu: false });
    });

    it("reads unknown template labels as no labels", () => {
        const pool = change(karpenterCpuPool(), "spec.template.metadata.labels", UNKNOWN_VALUE);
        assert.deepEqual(karpenterLabelsOf(pool.outputs), {});
    });

    it("reads an unknown rayops.io/pool label of a NodePool as no pool label", () => {
        const pool = change(karpenterCpuPool(), "spec.template.metadata.labels", {
            "rayops.io/pool": UNKNOWN_VALUE,
        });
        assert.equal(readPool(pool).pool, undefined);
    });

    describe("karpenterNodeCeiling", () => {
        const limits = (l: Record<string, string>) => ({ spec: { limits: l } });

        it("divides the cpu limit by the vCPUs of the largest catalog type, skipping types outside the catalog", () => {
            // GIVEN 16 cores over an unknown type and m6i.2xlarge (8 vCPU)
            assert.equal(karpenterNodeCeiling(limits({ cpu: "16" }), ["x9z.large", "m6i.2xlarge"], false), 2);
        });

        it("divides the GPU limit by the GPUs of the largest catalog type, skipping types outside the catalog", () => {
            // GIVEN 8 GPUs over an unknown type and g5.12xlarge (4 GPUs)
            assert.equal(
                karpenterNodeCeiling(limits({ "nvidia.com/gpu": "8" }), ["x9z.large", "g5.12xlarge"], true),
                2,
            );
        });

        it("leaves the ceiling undefined when no type is in the catalog", () => {
            assert.equal(karpenterNodeCeiling(limits({ cpu: "16" }), ["x9z.large"], false), undefined);
        });

        it("is unknown when the types are unknown even though the limit is known", () => {
            assert.equal(karpenterNodeCeiling(limits({ cpu: "16" }), UNKNOWN, false), UNKNOWN);
        });
    });
});
