import assert from "node:assert/strict";
import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import {
    assertPasses,
    change,
    cpuPool,
    gpuPool,
    rayCluster,
    resource,
    run,
    singleGpuSignalPools,
} from "../fixtures";

const POLICY = "ray-raycluster-enforce-gpu-quota";
const GPU_GROUP = "spec.workerGroupSpecs.1";
const CPU_GROUP = "spec.workerGroupSpecs.0";
const ONE_GPU = { cpu: "3", memory: "12Gi", "nvidia.com/gpu": "1" };

/** The fixture cluster with its CPU group given one GPU per pod too, so both groups count. */
const twoGpuGroups = (name = "ray") =>
    change(rayCluster(name), `${CPU_GROUP}.template.spec.containers.0.resources.limits`, ONE_GPU);

const messagesOf = (result: ReturnType<typeof run>) =>
    result.findings.map((f) => `${f.resource?.name}: ${f.message}`).sort();

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
        assert.match(
            finding.message,
            /RayCluster "ray" may use up to 12 GPUs \("gpu" 12 × 1 GPU\): 12 in all, above/,
        );
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

    it("takes the GPUs per node of the pool's largest allowed type, whatever its position", () => {
        // GIVEN a pool of g5.12xlarge (4 GPUs) and g5.xlarge (1 GPU): the quota is 10 × 4
        const ray = change(rayCluster(), `${GPU_GROUP}.maxReplicas`, 12);
        assertPasses(run(POLICY, [gpuPool(4, ["g5.12xlarge", "g5.xlarge"]), ray]));
    });

    it("names the first of several allowed types with the most GPUs per node", () => {
        const ray = change(rayCluster(), `${GPU_GROUP}.maxReplicas`, 12);
        const result = run(POLICY, [gpuPool(4, ["g5.xlarge", "g6.xlarge"]), ray]);
        assert.equal(result.findings.length, 1);
        assert.match(result.findings[0].message, /× 1 per node of g5\.xlarge\)/);
    });

    it("assumes 1 GPU per node for a GPU pool whose instance types are unknown during preview", () => {
        const pool = change(gpuPool(), "instanceTypes", UNKNOWN_VALUE);
        const ray = change(rayCluster(), `${GPU_GROUP}.maxReplicas`, 12);
        const result = run(POLICY, [pool, ray]);
        assert.equal(result.findings.length, 1);
        assert.match(
            result.findings[0].message,
            /quota of 10 GPUs \(maxGpuNodes 10 × 1 per node, no allowed/,
        );
    });

    it("counts RayClusters only, not other resources shaped like one", () => {
        // GIVEN 4 GPUs of RayCluster against a quota of 6, and another operator's CRD with the same spec
        const lookalike = resource("kubernetes:example.com/v1:WorkerPool", "pool", rayCluster().inputs);
        // THEN only the RayCluster's 4 GPUs count
        assertPasses(run(POLICY, [gpuPool(), rayCluster(), lookalike], { config: { maxGpuNodes: 6 } }));
    });

    it("does not report worker groups that are unknown during preview", () => {
        const ray = change(rayCluster(), "spec.workerGroupSpecs", UNKNOWN_VALUE);
        assertPasses(run(POLICY, [gpuPool(), ray]));
    });

    it("does not report a group without maxReplicas whose GPU limit is unknown during preview", () => {
        const unbounded = change(rayCluster(), `${GPU_GROUP}.maxReplicas`, undefined);
        const ray = change(unbounded, `${GPU_GROUP}.template.spec.containers.0.resources.limits`, {
            ...ONE_GPU,
            "nvidia.com/gpu": UNKNOWN_VALUE,
        });
        assertPasses(run(POLICY, [gpuPool(), ray]));
    });

    it("does not report a group without maxReplicas whose numOfHosts is unknown during preview", () => {
        const unbounded = change(rayCluster(), `${GPU_GROUP}.maxReplicas`, undefined);
        assertPasses(run(POLICY, [gpuPool(), change(unbounded, `${GPU_GROUP}.numOfHosts`, UNKNOWN_VALUE)]));
    });

    it("reports maxReplicas set to the CRD's default, int32 max, as unbounded", () => {
        const ray = change(rayCluster(), `${GPU_GROUP}.maxReplicas`, 2147483647);
        const result = run(POLICY, [gpuPool(), ray]);
        assert.equal(result.findings.length, 1);
        assert.match(result.findings[0].message, /"gpu" request GPUs without maxReplicas/);
    });

    it("names every unbounded GPU group of a cluster in one finding", () => {
        const noMax = change(twoGpuGroups(), `${GPU_GROUP}.maxReplicas`, undefined);
        const ray = change(noMax, `${CPU_GROUP}.maxReplicas`, undefined);
        const result = run(POLICY, [gpuPool(), ray]);
        assert.equal(result.findings.length, 1);
        assert.match(
            result.findings[0].message,
            /worker groups "cpu", "gpu" request GPUs without maxReplicas/,
        );
    });

    it("lists each GPU group's share of a cluster's GPUs", () => {
        // GIVEN 10 + 4 one-GPU workers: 14 GPUs against the quota of 10
        const result = run(POLICY, [gpuPool(), twoGpuGroups()]);
        assert.equal(result.findings.length, 1);
        assert.match(
            result.findings[0].message,
            /up to 14 GPUs \("cpu" 10 × 1 GPU, "gpu" 4 × 1 GPU\): 14 in all/,
        );
    });

    it("adds up the GPUs of all RayClusters and tells each cluster what the others use", () => {
        // GIVEN two clusters of 8 and 4 GPUs: each fits alone, together 12 exceed the quota of 10
        const big = change(rayCluster("ray-a"), `${GPU_GROUP}.maxReplicas`, 8);
        const result = run(POLICY, [gpuPool(), big, rayCluster("ray-b")]);
        assert.equal(result.findings.length, 2);
        const [a, b] = messagesOf(result);
        assert.match(a, /^ray-a: .*up to 8 GPUs \("gpu" 8 × 1 GPU\) and other RayClusters 4: 12 in all/);
        assert.match(b, /^ray-b: .*up to 4 GPUs \("gpu" 4 × 1 GPU\) and other RayClusters 8: 12 in all/);
    });

    it("reports an unbounded cluster for its unbounded groups only when the bounded total exceeds the quota", () => {
        // GIVEN one cluster whose only GPU group is unbounded, and another of 12 GPUs
        const unbounded = change(rayCluster("ray-a"), `${GPU_GROUP}.maxReplicas`, undefined);
        const big = change(rayCluster("ray-b"), `${GPU_GROUP}.maxReplicas`, 12);
        const result = run(POLICY, [gpuPool(), unbounded, big]);
        // THEN ray-a is told about maxReplicas, and ray-b alone about the 12 GPUs
        const [a, b] = messagesOf(result);
        assert.equal(result.findings.length, 2);
        assert.match(a, /^ray-a: .*"gpu" request GPUs without maxReplicas/);
        assert.match(b, /^ray-b: .*up to 12 GPUs \("gpu" 12 × 1 GPU\): 12 in all/);
    });
});
