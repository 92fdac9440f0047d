import assert from "node:assert/strict";
import { podsPerNode } from "../../../policypack/lib/instance-types";
import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, change, cpuPool, gpuPool, rayCluster, run } from "../fixtures";

const POLICY = "ray-raycluster-configure-replicas-within-pool";
const CPU_GROUP = "spec.workerGroupSpecs.0";
const GiB = 2 ** 30;

describe(POLICY, () => {
    it("passes groups that fit their pools (10 cpu workers, 2 per m6i.2xlarge, on 6 nodes)", () => {
        assertPasses(run(POLICY, [cpuPool(6), gpuPool(4), rayCluster()]));
    });

    it("reports, as advisory, a group that needs more nodes than the pool's maxSize", () => {
        const result = run(POLICY, [cpuPool(4), gpuPool(4), rayCluster()]);
        assert.equal(result.findings.length, 1);
        const [finding] = result.findings;
        assert.equal(finding.enforcementLevel, "advisory");
        assert.match(finding.message, /RayCluster "ray" worker group "cpu" may need 5 nodes of pool "cpu"/);
        assert.match(
            finding.message,
            /\(10 pods, 2 per m6i\.2xlarge node\) but the pool's maxSize is 4\. Lower maxReplicas to 8/,
        );
    });

    it("reports a group whose nodeSelector names a pool no node group carries", () => {
        const ray = change(rayCluster(), `${CPU_GROUP}.template.spec.nodeSelector`, {
            "rayops.io/pool": "highmem",
        });
        const result = run(POLICY, [cpuPool(), gpuPool(), ray]);
        assert.equal(result.findings.length, 1);
        assert.match(
            result.findings[0].message,
            /selects rayops\.io\/pool=highmem, but no node group carries that label/,
        );
    });

    it("reports a pod larger than one node of the pool", () => {
        const ray = change(
            rayCluster(),
            `${CPU_GROUP}.template.spec.containers.0.resources.requests.memory`,
            "64Gi",
        );
        const result = run(POLICY, [cpuPool(), gpuPool(), ray]);
        assert.equal(result.findings.length, 1);
        assert.match(
            result.findings[0].message,
            /asks for more than one m6i\.2xlarge node of pool "cpu" can offer/,
        );
    });

    it('uses the requests, parsed from Kubernetes quantities ("1500m", "6Gi": 4 pods per node)', () => {
        const ray = change(rayCluster(), `${CPU_GROUP}.template.spec.containers.0.resources.requests`, {
            cpu: "1500m",
            memory: "6Gi",
        });
        assertPasses(run(POLICY, [cpuPool(3), gpuPool(), ray]));
        assert.equal(run(POLICY, [cpuPool(2), gpuPool(), ray]).findings.length, 1);
    });

    it("does not report a maxReplicas that is unknown during preview", () => {
        const ray = change(rayCluster(), `${CPU_GROUP}.maxReplicas`, UNKNOWN_VALUE);
        assertPasses(run(POLICY, [cpuPool(1), gpuPool(), ray]));
    });

    it("counts pods per node from allocatable capacity", () => {
        // m6i.2xlarge: 8 vCPU and 32 GiB nominal, 7.65 CPU and about 28.9 GiB allocatable
        assert.equal(podsPerNode("m6i.2xlarge", { cpu: 2, memoryBytes: 4 * GiB, gpus: 0 }), 3);
        assert.equal(podsPerNode("g5.12xlarge", { cpu: 4, memoryBytes: 16 * GiB, gpus: 1 }), 4);
    });
});
