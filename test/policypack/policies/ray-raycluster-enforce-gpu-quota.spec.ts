import assert from "node:assert/strict";
import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, change, cpuPool, gpuPool, rayCluster, run, singleGpuSignalPools } from "../fixtures";

const POLICY = "ray-raycluster-enforce-gpu-quota";
const GPU_GROUP = "spec.workerGroupSpecs.1";

describe(POLICY, () => {
    it("passes 4 one-GPU workers under the quota of 10 nodes × 1 GPU", () => {
        assertPasses(run(POLICY, [gpuPool(), cpuPool(), rayCluster()]));
    });

    it("reports worker groups that may use more GPUs than the quota, with the arithmetic and the fix", () => {
        const ray = change(rayCluster(), `${GPU_GROUP}.maxReplicas`, 12);
        const result = run(POLICY, [gpuPool(), ray]);
        assert.equal(result.findings.length, 1);
        const [finding] = result.findings;
        assert.equal(finding.resource?.name, "ray");
        assert.match(finding.message, /RayCluster "ray" may use up to 12 GPUs \("gpu" 12 × 1 GPU\)/);
        assert.match(
            finding.message,
            /above the quota of 10 GPUs \(maxGpuNodes 10 × 1 per node of g5\.xlarge\)/,
        );
        assert.match(finding.message, /Lower maxReplicas/);
    });

    it("sizes the quota by the GPUs per node of the stack's GPU pool", () => {
        const ray = change(rayCluster(), `${GPU_GROUP}.maxReplicas`, 12);
        assertPasses(run(POLICY, [gpuPool(4, ["g5.12xlarge"]), ray]));
    });

    it("passes worker groups asking for exactly the quota, 10 GPUs", () => {
        const ray = change(rayCluster(), `${GPU_GROUP}.maxReplicas`, 10);
        assertPasses(run(POLICY, [gpuPool(), ray]));
    });

    it("reports worker groups asking for one GPU above the quota", () => {
        const ray = change(rayCluster(), `${GPU_GROUP}.maxReplicas`, 11);
        const result = run(POLICY, [gpuPool(), ray]);
        assert.equal(result.findings.length, 1);
        assert.match(result.findings[0].message, /11 in all, above the quota of 10 GPUs/);
    });

    it("does not raise the quota for a GPU pool of a type outside allowedGpuInstanceTypes", () => {
        // GIVEN a p4d.24xlarge pool (8 GPUs per node), a type the default allowlist leaves out
        const ray = change(rayCluster(), `${GPU_GROUP}.maxReplicas`, 12);
        const result = run(POLICY, [gpuPool(2, ["p4d.24xlarge"]), ray]);
        // THEN the quota stays 10 × 1, as with no allowed GPU pool
        assert.equal(result.findings.length, 1);
        assert.match(
            result.findings[0].message,
            /above the quota of 10 GPUs \(maxGpuNodes 10 × 1 per node, no allowed GPU pool found\)/,
        );
    });

    it("sizes the quota by a GPU-type pool on the standard AMI without the GPU label", () => {
        // GIVEN g5.12xlarge (4 GPUs) as the pool's only GPU signal: the quota is 10 × 4
        const pool = change(singleGpuSignalPools()["a GPU instance type"], "instanceTypes", ["g5.12xlarge"]);
        const ray = change(rayCluster(), `${GPU_GROUP}.maxReplicas`, 12);
        assertPasses(run(POLICY, [pool, ray]));
    });

    it("multiplies replicas by numOfHosts, the pods of one multi-host replica", () => {
        // GIVEN 4 replicas of 3 hosts with 1 GPU each: 12 GPUs against the quota of 10
        const ray = change(rayCluster(), `${GPU_GROUP}.numOfHosts`, 3);
        const result = run(POLICY, [gpuPool(), ray]);
        assert.equal(result.findings.length, 1);
        assert.match(result.findings[0].message, /up to 12 GPUs \("gpu" 4 × 3 hosts × 1 GPU\)/);
    });

    it("multiplies replicas by the pod's nvidia.com/gpu limit", () => {
        const twoGpus = { cpu: "3", memory: "12Gi", "nvidia.com/gpu": "2" };
        const ray = change(rayCluster(), `${GPU_GROUP}.template.spec.containers.0.resources.limits`, twoGpus);
        assertPasses(run(POLICY, [gpuPool(), rayCluster()], { config: { maxGpuNodes: 6 } }));
        const result = run(POLICY, [gpuPool(), ray], { config: { maxGpuNodes: 6 } });
        assert.match(result.findings[0].message, /up to 8 GPUs \("gpu" 4 × 2 GPU\)/);
    });

    it("uses the pack config: maxGpuNodes 2 makes 4 one-GPU workers fail", () => {
        const result = run(POLICY, [gpuPool(), rayCluster()], { config: { maxGpuNodes: 2 } });
        assert.equal(result.findings.length, 1);
        assert.match(result.findings[0].message, /4 in all, above the quota of 2 GPUs/);
    });

    it("assumes 1 GPU per node when the stack has no GPU pool", () => {
        const result = run(POLICY, [rayCluster()], { config: { maxGpuNodes: 3 } });
        assert.match(
            result.findings[0].message,
            /quota of 3 GPUs \(maxGpuNodes 3 × 1 per node, no allowed GPU pool found\)/,
        );
    });

    it("reports a GPU worker group without maxReplicas, which the CRD leaves unbounded", () => {
        const ray = change(rayCluster(), `${GPU_GROUP}.maxReplicas`, undefined);
        const result = run(POLICY, [gpuPool(), ray]);
        assert.equal(result.findings.length, 1);
        assert.match(result.findings[0].message, /"gpu" request GPUs without maxReplicas.*Set maxReplicas/);
    });

    it('reads maxReplicas given as the string "12"', () => {
        const ray = change(rayCluster(), `${GPU_GROUP}.maxReplicas`, "12");
        assert.equal(run(POLICY, [gpuPool(), ray]).findings.length, 1);
    });

    it("does not report a maxReplicas that is unknown during preview", () => {
        assertPasses(
            run(POLICY, [gpuPool(), change(rayCluster(), `${GPU_GROUP}.maxReplicas`, UNKNOWN_VALUE)]),
        );
    });
});
