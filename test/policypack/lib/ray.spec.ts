import assert from "node:assert/strict";
import { podGpuLimitOf, podRequestsOf, type WorkerGroup, workerGroupsOf } from "../../../policypack/lib/ray";
import { UNKNOWN, UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { change, rayCluster } from "../fixtures";

const GiB = 2 ** 30;
const CPU_GROUP = "spec.workerGroupSpecs.0";
const CONTAINERS = `${CPU_GROUP}.template.spec.containers`;

/** The worker groups of the fixture RayCluster, after `edit` changed it. */
function groupsOf(edit: (r: ReturnType<typeof rayCluster>) => ReturnType<typeof rayCluster> = (r) => r) {
    const groups = workerGroupsOf(edit(rayCluster()).outputs);
    assert.ok(Array.isArray(groups), "expected known worker groups");
    return groups;
}

/** The CPU group with its containers replaced by `containers`. */
function cpuGroupWith(containers: unknown): WorkerGroup {
    return groupsOf((r) => change(r, CONTAINERS, containers))[0];
}

const container = (name: string, resources: Record<string, unknown>) => ({ name, resources });

describe("policypack/lib/ray", () => {
    describe("workerGroupsOf", () => {
        it("reads name, maxReplicas, hosts and pool of each group", () => {
            const [cpu, gpu] = groupsOf();
            assert.deepEqual(
                [cpu, gpu].map((g) => [g.groupName, g.maxReplicas, g.numOfHosts, g.pool]),
                [
                    ["cpu", 10, 1, "cpu"],
                    ["gpu", 4, 1, "gpu"],
                ],
            );
        });

        it("is UNKNOWN when the list of worker groups is unknown during preview", () => {
            const ray = change(rayCluster(), "spec.workerGroupSpecs", UNKNOWN_VALUE);
            assert.equal(workerGroupsOf(ray.outputs), UNKNOWN);
        });

        it("is empty for a head-only cluster without workerGroupSpecs", () => {
            const ray = change(rayCluster(), "spec.workerGroupSpecs", undefined);
            assert.deepEqual(workerGroupsOf(ray.outputs), []);
        });

        it("names an unnamed group by its 1-based position", () => {
            const groups = groupsOf((r) => change(r, "spec.workerGroupSpecs.1.groupName", undefined));
            assert.deepEqual(
                groups.map((g) => g.groupName),
                ["cpu", "#2"],
            );
        });

        it("defaults numOfHosts to 1 and keeps an unknown one unknown", () => {
            const [unset] = groupsOf((r) => change(r, `${CPU_GROUP}.numOfHosts`, undefined));
            const [unknown] = groupsOf((r) => change(r, `${CPU_GROUP}.numOfHosts`, UNKNOWN_VALUE));
            assert.equal(unset.numOfHosts, 1);
            assert.equal(unknown.numOfHosts, UNKNOWN);
        });

        it("keeps a pool label that is unknown during preview unknown, not absent", () => {
            const [label] = groupsOf((r) =>
                change(r, `${CPU_GROUP}.template.spec.nodeSelector`, { "rayops.io/pool": UNKNOWN_VALUE }),
            );
            const [selector] = groupsOf((r) =>
                change(r, `${CPU_GROUP}.template.spec.nodeSelector`, UNKNOWN_VALUE),
            );
            assert.equal(label.pool, UNKNOWN);
            assert.equal(selector.pool, UNKNOWN);
        });

        it("reads a pool label that is not a string as no pool", () => {
            const [group] = groupsOf((r) =>
                change(r, `${CPU_GROUP}.template.spec.nodeSelector`, { "rayops.io/pool": 7 }),
            );
            assert.equal(group.pool, undefined);
        });

        it("is UNKNOWN for the containers of a group whose container list is unknown", () => {
            assert.equal(cpuGroupWith(UNKNOWN_VALUE).containers, UNKNOWN);
        });

        it("reads a group without containers as having none", () => {
            assert.deepEqual(cpuGroupWith(undefined).containers, []);
        });

        it("names an unnamed container by its 1-based position", () => {
            const group = cpuGroupWith([
                container("ray-worker", {}),
                { resources: { limits: { cpu: "1" } } },
            ]);
            assert.ok(Array.isArray(group.containers));
            assert.deepEqual(
                group.containers.map((c) => c.name),
                ["ray-worker", "#2"],
            );
        });
    });

    describe("podRequestsOf", () => {
        it("adds up the requests of all containers of the pod", () => {
            // GIVEN a worker and a sidecar, each with CPU, memory and GPU requests
            const group = cpuGroupWith([
                container("ray-worker", { requests: { cpu: "3", memory: "12Gi", "nvidia.com/gpu": "1" } }),
                container("sidecar", { requests: { cpu: "500m", memory: "1Gi", "nvidia.com/gpu": "1" } }),
            ]);
            // THEN the pod asks for their sum
            assert.deepEqual(podRequestsOf(group), { cpu: 3.5, memoryBytes: 13 * GiB, gpus: 2 });
        });

        it("counts a container that sets no request for a resource as asking for none of it", () => {
            const group = cpuGroupWith([
                container("ray-worker", { requests: { cpu: "2", memory: "4Gi", "nvidia.com/gpu": "1" } }),
                container("sidecar", {}),
            ]);
            assert.deepEqual(podRequestsOf(group), { cpu: 2, memoryBytes: 4 * GiB, gpus: 1 });
        });

        it("takes the limit for a resource without a request, as the API server does", () => {
            const group = cpuGroupWith([
                container("ray-worker", { limits: { cpu: "4", memory: "8Gi" }, requests: { cpu: "1" } }),
            ]);
            assert.deepEqual(podRequestsOf(group), { cpu: 1, memoryBytes: 8 * GiB, gpus: 0 });
        });

        it("is UNKNOWN when the containers are unknown", () => {
            assert.equal(podRequestsOf(cpuGroupWith(UNKNOWN_VALUE)), UNKNOWN);
        });

        it("is UNKNOWN when a container's requests are unknown, even with known limits", () => {
            const group = cpuGroupWith([
                container("ray-worker", { limits: { cpu: "4", memory: "8Gi" }, requests: UNKNOWN_VALUE }),
            ]);
            assert.equal(podRequestsOf(group), UNKNOWN);
        });

        it("is UNKNOWN when one request is unknown", () => {
            const group = cpuGroupWith([
                container("ray-worker", { requests: { cpu: UNKNOWN_VALUE, memory: "8Gi" } }),
            ]);
            assert.equal(podRequestsOf(group), UNKNOWN);
        });
    });

    describe("podGpuLimitOf", () => {
        it("adds up the nvidia.com/gpu limits of all containers, ignoring requests", () => {
            const group = cpuGroupWith([
                container("ray-worker", {
                    limits: { "nvidia.com/gpu": "2" },
                    requests: { "nvidia.com/gpu": "1" },
                }),
                container("sidecar", { limits: { "nvidia.com/gpu": "1" } }),
                container("logger", { limits: { cpu: "1" } }),
            ]);
            assert.equal(podGpuLimitOf(group), 3);
        });

        it("is UNKNOWN when the containers are unknown", () => {
            assert.equal(podGpuLimitOf(cpuGroupWith(UNKNOWN_VALUE)), UNKNOWN);
        });

        it("is UNKNOWN when one container's GPU limit is unknown", () => {
            const group = cpuGroupWith([
                container("ray-worker", { limits: { "nvidia.com/gpu": "1" } }),
                container("sidecar", { limits: { "nvidia.com/gpu": UNKNOWN_VALUE } }),
            ]);
            assert.equal(podGpuLimitOf(group), UNKNOWN);
        });
    });
});
