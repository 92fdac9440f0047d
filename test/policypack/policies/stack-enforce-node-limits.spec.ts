import assert from "node:assert/strict";
import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import {
    assertPasses,
    change,
    cpuPool,
    gpuPool,
    nodeGroup,
    run,
    runnersPool,
    singleGpuSignalPools,
    systemPool,
} from "../fixtures";
import { karpenterGpuPool, karpenterSingleGpuSignalPools } from "../karpenter-fixtures";

const POLICY = "stack-enforce-node-limits";

describe(POLICY, () => {
    it("passes pools within the default limits (GPU 4 of 10, non-GPU 13 of 20, runners 4 of 10)", () => {
        assertPasses(run(POLICY, [systemPool(), cpuPool(), gpuPool(), runnersPool()]));
    });

    it("passes GPU pools adding up to exactly maxGpuNodes = 10", () => {
        assertPasses(run(POLICY, [systemPool(), gpuPool(10)]));
    });

    it("passes non-GPU pools adding up to exactly maxCpuNodes = 20", () => {
        // GIVEN system 3 + cpu 13 + runners 4 = 20 THEN the limit itself is allowed
        assertPasses(run(POLICY, [systemPool(3), cpuPool(13), runnersPool(4)]));
    });

    it("passes a runners pool of exactly maxRunnerNodes = 10", () => {
        assertPasses(run(POLICY, [runnersPool(10)]));
    });

    it("passes a Karpenter GPU NodePool whose limit is exactly maxGpuNodes = 10 nodes", () => {
        const pool = change(karpenterGpuPool(), "spec.limits", { cpu: "40", "nvidia.com/gpu": "10" });
        assertPasses(run(POLICY, [pool]));
    });

    it("reports GPU pools above maxGpuNodes, naming each pool and how to fix it", () => {
        const result = run(POLICY, [systemPool(), gpuPool(11)]);
        assert.equal(result.findings.length, 1);
        const [finding] = result.findings;
        assert.equal(finding.resource?.name, "gpu-nodes");
        assert.match(finding.message, /GPU node pools may scale to 11 nodes \(NodeGroup "gpu-nodes" 11\)/);
        assert.match(finding.message, /above the limit maxGpuNodes = 10\. Lower scalingConfig\.maxSize/);
    });

    it("adds system, cpu and runners pools against maxCpuNodes", () => {
        const result = run(POLICY, [systemPool(3), cpuPool(12), runnersPool(6)]);
        assert.equal(result.findings.length, 1);
        // a sum over three pools belongs to none of them: the finding is the stack's
        assert.equal(result.findings[0].resource, undefined);
        assert.match(result.findings[0].message, /non-GPU node pools may scale to 21 nodes/);
        assert.match(
            result.findings[0].message,
            /NodeGroup "system-nodes" 3, NodeGroup "cpu-nodes" 12, NodeGroup "runners-nodes" 6/,
        );
    });

    for (const [signal, pool] of Object.entries(singleGpuSignalPools(11))) {
        it(`counts a node group whose only GPU signal is ${signal} against maxGpuNodes`, () => {
            // GIVEN 11 nodes: within maxCpuNodes = 20, above maxGpuNodes = 10
            const result = run(POLICY, [pool]);
            assert.equal(result.findings.length, 1);
            assert.match(
                result.findings[0].message,
                /The GPU node pools may scale to 11 nodes .*maxGpuNodes = 10/,
            );
        });
    }

    for (const signal of ["a GPU instance-type requirement", "a GPU instance-family requirement"]) {
        it(`counts a Karpenter NodePool whose only GPU signal is ${signal} against maxGpuNodes`, () => {
            // GIVEN 44 GPUs: 11 nodes or more of any g5 type; 44 cores: at most 11 nodes as a CPU pool
            const pool = change(karpenterSingleGpuSignalPools()[signal], "spec.limits", {
                cpu: "44",
                "nvidia.com/gpu": "44",
            });
            const result = run(POLICY, [pool]);
            assert.equal(result.findings.length, 1);
            assert.match(
                result.findings[0].message,
                /The GPU node pools may scale to \d+ nodes .*maxGpuNodes = 10/,
            );
        });
    }

    it("reports a runners pool above maxRunnerNodes", () => {
        const result = run(POLICY, [runnersPool(11)]);
        assert.deepEqual(
            result.findings.map((f) => f.message.match(/limit \w+ = \d+/)?.[0]),
            ["limit maxRunnerNodes = 10"],
        );
        assert.match(result.findings[0].message, /"runners-nodes"/);
    });

    it("uses the pack config: maxGpuNodes 4 makes a 5-node GPU pool fail", () => {
        assertPasses(run(POLICY, [gpuPool(5)]));
        const result = run(POLICY, [gpuPool(5)], { config: { maxGpuNodes: 4 } });
        assert.equal(result.findings.length, 1);
        assert.match(result.findings[0].message, /may scale to 5 nodes .* maxGpuNodes = 4/);
    });

    it('reads maxSize given as the string "11"', () => {
        const result = run(POLICY, [change(gpuPool(), "scalingConfig.maxSize", "11")]);
        assert.equal(result.findings.length, 1);
    });

    it("does not report a sum that an unknown maxSize leaves undecided", () => {
        const unknownSize = change(gpuPool(), "scalingConfig.maxSize", UNKNOWN_VALUE);
        const large = nodeGroup({ pool: "gpu-large", instanceTypes: ["g5.12xlarge"], maxSize: 4, gpu: true });
        assertPasses(run(POLICY, [unknownSize, large]));
    });

    it("reports when the known part alone already exceeds the limit", () => {
        const unknownSize = change(gpuPool(), "scalingConfig.maxSize", UNKNOWN_VALUE);
        const large = nodeGroup({
            pool: "gpu-large",
            instanceTypes: ["g5.12xlarge"],
            maxSize: 12,
            gpu: true,
        });
        const result = run(POLICY, [unknownSize, large]);
        assert.equal(result.findings.length, 1);
        assert.match(
            result.findings[0].message,
            /may scale to at least 12 nodes \(NodeGroup "gpu-nodes" \(unknown\), NodeGroup "gpu-large-nodes" 12\)/,
        );
    });

    it("does not report a sum that a pool without maxSize leaves undecided", () => {
        // GIVEN a GPU pool whose scalingConfig names no maxSize, beside 4 known GPU nodes
        const noMax = change(gpuPool(), "scalingConfig.maxSize", undefined);
        const large = nodeGroup({ pool: "gpu-large", instanceTypes: ["g5.12xlarge"], maxSize: 4, gpu: true });
        assertPasses(run(POLICY, [noMax, large]));
    });

    it("reports a known part above the limit beside a pool without maxSize, naming that pool", () => {
        const noMax = change(gpuPool(), "scalingConfig.maxSize", undefined);
        const large = nodeGroup({
            pool: "gpu-large",
            instanceTypes: ["g5.12xlarge"],
            maxSize: 12,
            gpu: true,
        });
        const result = run(POLICY, [noMax, large]);
        assert.equal(result.findings.length, 1);
        assert.match(
            result.findings[0].message,
            /may scale to at least 12 nodes \(NodeGroup "gpu-nodes" \(no maxSize\), NodeGroup "gpu-large-nodes" 12\)/,
        );
    });
});
