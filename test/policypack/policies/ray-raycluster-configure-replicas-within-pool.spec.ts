import assert from "node:assert/strict";
import { podsPerNode } from "../../../policypack/lib/instance-types";
import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, change, cpuPool, gpuPool, rayCluster, resource, run } from "../fixtures";

const POLICY = "ray-raycluster-configure-replicas-within-pool";
const CPU_GROUP = "spec.workerGroupSpecs.0";
const GiB = 2 ** 30;

/** The `cpu` pool as a second node group of its own, as a stack may split a pool across AZs. */
const cpuPoolPart = (maxSize: unknown) => {
    const { type, inputs } = cpuPool();
    return change(resource(type, "cpu-nodes-b", inputs), "scalingConfig.maxSize", maxSize);
};

const findingsOf = (result: ReturnType<typeof run>) => result.findings.map((f) => f.message);

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

    it("names the pod's requests, memory in GiB, when a pod is larger than one node", () => {
        const ray = change(
            rayCluster(),
            `${CPU_GROUP}.template.spec.containers.0.resources.requests.memory`,
            "64Gi",
        );
        const [message] = findingsOf(run(POLICY, [cpuPool(), gpuPool(), ray]));
        assert.match(message, /\(3 CPU, 64\.0 GiB, 0 GPU per pod\)/);
    });

    it("multiplies maxReplicas by numOfHosts, the pods of one multi-host replica", () => {
        // GIVEN 10 replicas of 2 hosts: 20 pods, 2 per node, need 10 nodes of a 6-node pool
        const ray = change(rayCluster(), `${CPU_GROUP}.numOfHosts`, 2);
        const [message] = findingsOf(run(POLICY, [cpuPool(6), gpuPool(), ray]));
        assert.match(message, /may need 10 nodes of pool "cpu" \(20 pods, 2 per m6i\.2xlarge node\)/);
    });

    it("adds up the maxSize of every node group of a pool", () => {
        // GIVEN the cpu pool as two node groups of 3: 6 nodes for the 5 the group needs
        assertPasses(run(POLICY, [cpuPool(3), cpuPoolPart(3), gpuPool(), rayCluster()]));
        assert.equal(run(POLICY, [cpuPool(3), cpuPoolPart(1), gpuPool(), rayCluster()]).findings.length, 1);
    });

    it("does not report a pool one of whose node groups has a maxSize unknown during preview", () => {
        const unknown = cpuPoolPart(UNKNOWN_VALUE);
        assertPasses(run(POLICY, [cpuPool(1), unknown, gpuPool(), rayCluster()]));
        assertPasses(run(POLICY, [unknown, cpuPool(1), gpuPool(), rayCluster()]));
    });

    it("does not report a pool whose instance types are unknown during preview", () => {
        const pool = change(cpuPool(1), "instanceTypes", UNKNOWN_VALUE);
        assertPasses(run(POLICY, [pool, gpuPool(), rayCluster()]));
    });

    it("sizes by the catalog types of a pool and skips a pool of types outside the catalog", () => {
        // GIVEN a 4-node pool of m6i.2xlarge (2 pods each) plus a type the catalog does not know
        const mixed = change(cpuPool(4), "instanceTypes", ["x9.metal", "m6i.2xlarge"]);
        assert.match(findingsOf(run(POLICY, [mixed, gpuPool(), rayCluster()]))[0], /2 per m6i\.2xlarge node/);
        // AND a pool of unknown types only, which cannot be sized at all
        const unsized = change(cpuPool(1), "instanceTypes", ["x9.metal"]);
        assertPasses(run(POLICY, [unsized, gpuPool(), rayCluster()]));
    });

    for (const types of [
        ["m6i.4xlarge", "m6i.2xlarge"],
        ["m6i.2xlarge", "m6i.4xlarge"],
    ]) {
        it(`counts pods per node on the pool's smallest type (${types.join(", ")})`, () => {
            // GIVEN m6i.2xlarge fits 2 pods and m6i.4xlarge 4: the autoscaler may launch either
            const pool = change(cpuPool(4), "instanceTypes", types);
            const [message] = findingsOf(run(POLICY, [pool, gpuPool(), rayCluster()]));
            assert.match(message, /may need 5 nodes of pool "cpu" \(10 pods, 2 per m6i\.2xlarge node\)/);
        });
    }

    it("names the first of the pool's types when several fit the same number of pods", () => {
        const pool = change(cpuPool(4), "instanceTypes", ["m6i.2xlarge", "m7i.2xlarge"]);
        const [message] = findingsOf(run(POLICY, [pool, gpuPool(), rayCluster()]));
        assert.match(message, /2 per m6i\.2xlarge node/);
    });

    it("checks RayClusters only, not other resources shaped like one", () => {
        const lookalike = resource("kubernetes:example.com/v1:WorkerPool", "pool", rayCluster().inputs);
        assert.equal(run(POLICY, [cpuPool(4), gpuPool(), rayCluster(), lookalike]).findings.length, 1);
    });

    it("does not report worker groups that are unknown during preview", () => {
        const ray = change(rayCluster(), "spec.workerGroupSpecs", UNKNOWN_VALUE);
        assertPasses(run(POLICY, [cpuPool(1), gpuPool(), ray]));
    });

    it("does not check a group that selects no pool", () => {
        const ray = change(rayCluster(), `${CPU_GROUP}.template.spec.nodeSelector`, undefined);
        assertPasses(run(POLICY, [cpuPool(1), gpuPool(), ray]));
    });

    it("does not report a numOfHosts that is unknown during preview", () => {
        const ray = change(rayCluster(), `${CPU_GROUP}.numOfHosts`, UNKNOWN_VALUE);
        assertPasses(run(POLICY, [cpuPool(1), gpuPool(), ray]));
    });

    it("does not report a pool whose maxSize is unset", () => {
        const pool = change(cpuPool(1), "scalingConfig.maxSize", undefined);
        assertPasses(run(POLICY, [pool, gpuPool(), rayCluster()]));
    });

    it("does not report a group whose requests are unknown during preview", () => {
        // GIVEN 200 workers on one node: too many for any known pod size
        const many = change(rayCluster(), `${CPU_GROUP}.maxReplicas`, 200);
        const ray = change(many, `${CPU_GROUP}.template.spec.containers.0.resources.requests`, UNKNOWN_VALUE);
        assertPasses(run(POLICY, [cpuPool(1), gpuPool(), ray]));
    });
});
