import { strict as assert } from "node:assert";
import { nodePoolsOf } from "../../../policypack/lib/node-pools";
import { UNKNOWN } from "../../../policypack/lib/values";
import { change, run } from "../fixtures";
import { karpenterCpuPool, karpenterGpuPool } from "../karpenter-fixtures";

const asResource = (r: ReturnType<typeof karpenterGpuPool>) => ({ ...r, props: r.outputs });

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
});
