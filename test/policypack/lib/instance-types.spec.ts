import assert from "node:assert/strict";
import { allocatable, INSTANCE_TYPES, podsPerNode } from "../../../policypack/lib/instance-types";
import { GIB } from "../../../policypack/lib/quantity";

/**
 * The GPU of each family, for the k8s.amazonaws.com/accelerator label the program sets.
 * Source: the family pages under https://aws.amazon.com/ec2/instance-types/ (read 2026-11-25).
 */
const GPU_MODEL_BY_FAMILY: Readonly<Record<string, string>> = {
    g5: "nvidia-a10g",
    g6: "nvidia-l4",
    g6e: "nvidia-l40s",
    p4d: "nvidia-a100",
    p5: "nvidia-h100",
};

const close = (actual: number, expected: number) =>
    assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

describe("policypack/lib/instance-types", () => {
    describe("INSTANCE_TYPES", () => {
        it("names the GPU model of its family on every GPU type", () => {
            const gpuTypes = Object.entries(INSTANCE_TYPES).filter(([, t]) => t.gpus > 0);
            assert.deepEqual(
                gpuTypes.map(([name, t]) => [name, t.gpuModel]),
                gpuTypes.map(([name]) => [name, GPU_MODEL_BY_FAMILY[name.split(".")[0]]]),
            );
        });

        it("names no GPU model on CPU types", () => {
            const cpuTypes = Object.entries(INSTANCE_TYPES).filter(([, t]) => t.gpus === 0);
            assert.deepEqual(
                cpuTypes.filter(([, t]) => t.gpuModel !== undefined),
                [],
            );
        });
    });

    describe("allocatable", () => {
        it("subtracts the kubelet and system reservations from the nominal capacity", () => {
            // GIVEN m6i.large: 2 vCPU, 8 GiB nominal
            const a = allocatable("m6i.large");
            // THEN 2 - 0.1 - 0.25 CPU and 8 × 0.92 - 0.5 GiB are left for pods, and no GPU
            close(a.cpu, 1.65);
            close(a.memoryGiB, 6.86);
            assert.equal(a.gpus, 0);
        });

        it("keeps every GPU of the node for pods", () => {
            assert.equal(allocatable("p5.48xlarge").gpus, 8);
        });

        it("refuses a type outside the catalog and names it", () => {
            assert.throws(() => allocatable("x9z.large"), /unknown instance type "x9z\.large"/);
        });
    });

    describe("podsPerNode", () => {
        it("fits as many multi-GPU pods as the node has GPUs for", () => {
            // GIVEN g5.12xlarge (4 GPUs, 47.65 CPU allocatable) and small pods asking for 2 GPUs each
            const pod = { cpu: 1, memoryBytes: GIB, gpus: 2 };
            // THEN the GPUs bound it: 2 pods, not the 47 the CPU would allow
            assert.equal(podsPerNode("g5.12xlarge", pod), 2);
        });

        it("bounds a pod that asks for memory only by memory", () => {
            // GIVEN m6i.2xlarge with about 28.94 GiB allocatable and 4 GiB pods
            assert.equal(podsPerNode("m6i.2xlarge", { cpu: 0, memoryBytes: 4 * GIB, gpus: 0 }), 7);
        });

        it("treats a negative request, which Kubernetes rejects, like no request of that resource", () => {
            // GIVEN m6i.2xlarge (7.65 CPU, about 28.94 GiB allocatable)
            assert.equal(podsPerNode("m6i.2xlarge", { cpu: -1, memoryBytes: 4 * GIB, gpus: 0 }), 7);
            assert.equal(podsPerNode("m6i.2xlarge", { cpu: 2, memoryBytes: -GIB, gpus: 0 }), 3);
        });

        it('treats a request of -0, as parseQuantity reads "-0", like no request of that resource', () => {
            // GIVEN m6i.2xlarge (7.65 CPU, about 28.94 GiB allocatable): dividing by -0 would give -Infinity
            assert.equal(podsPerNode("m6i.2xlarge", { cpu: -0, memoryBytes: 4 * GIB, gpus: 0 }), 7);
            assert.equal(podsPerNode("m6i.2xlarge", { cpu: 2, memoryBytes: -0, gpus: 0 }), 3);
        });

        it("bounds a pod that asks for nothing by the kubelet's default of 110 pods", () => {
            assert.equal(podsPerNode("m6i.2xlarge", { cpu: 0, memoryBytes: 0, gpus: 0 }), 110);
        });

        it("fits no pod that asks for a GPU on a CPU node", () => {
            assert.equal(podsPerNode("m6i.2xlarge", { cpu: 1, memoryBytes: GIB, gpus: 1 }), 0);
        });
    });
});
