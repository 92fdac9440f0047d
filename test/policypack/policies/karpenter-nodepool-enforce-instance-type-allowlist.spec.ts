import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, run } from "../fixtures";
import { karpenterCpuPool, karpenterGpuPool, karpenterSingleGpuSignalPools } from "../karpenter-fixtures";

const POLICY = "karpenter-nodepool-enforce-instance-type-allowlist";
const TYPES = "spec.template.spec.requirements.1.values";
const FAMILIES = "spec.template.spec.requirements.0.values";

describe(POLICY, () => {
    it("passes CPU and GPU NodePools that allow catalog types of their kind", () => {
        assertPasses(run(POLICY, [karpenterCpuPool(), karpenterGpuPool()]));
    });

    it("reports a family whose types are outside the allowlist when the NodePool restricts families only", () => {
        // GIVEN a GPU pool whose only type restriction is the family p5
        const pool = change(karpenterGpuPool(), "spec.template.spec.requirements", [
            { key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["p5"] },
        ]);
        // THEN the family's catalog type is reported with the allowed ones
        assertReported(
            run(POLICY, [pool]),
            "gpu-nodepool",
            /"p5\.48xlarge", which is not in allowedGpuInstanceTypes/,
        );
    });

    it("reports a family that has no type in the instance catalog", () => {
        const pool = change(karpenterCpuPool(), "spec.template.spec.requirements", [
            { key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["x2iedn"] },
        ]);
        assertReported(
            run(POLICY, [pool]),
            "cpu-nodepool",
            /family "x2iedn", which has no type in the instance catalog/,
        );
    });

    it("reports a type outside the instance catalog and lists the allowed ones", () => {
        // GIVEN an instance-type requirement naming an uncatalogued type, and no family requirement
        const pool = change(karpenterCpuPool(), "spec.template.spec.requirements", [
            { key: "node.kubernetes.io/instance-type", operator: "In", values: ["x2iedn.32xlarge"] },
        ]);
        const result = run(POLICY, [pool], {
            config: { allowedCpuInstanceTypes: ["m6i.large", "m6i.xlarge"] },
        });
        assertReported(
            result,
            "cpu-nodepool",
            /"x2iedn\.32xlarge", which is not in the instance catalog .*Restrict its requirements to: m6i\.large, m6i\.xlarge;/,
        );
    });

    it("reports an instance-type requirement that allows no value", () => {
        // GIVEN In [] : an empty list restricts nothing the policy can check against the allowlist
        const pool = change(karpenterCpuPool(), "spec.template.spec.requirements", [
            { key: "node.kubernetes.io/instance-type", operator: "In", values: [] },
        ]);
        assertReported(run(POLICY, [pool]), "cpu-nodepool", /may launch any instance type/);
    });

    it("does not report requirements that are unknown during preview", () => {
        assertPasses(
            run(POLICY, [change(karpenterCpuPool(), "spec.template.spec.requirements", UNKNOWN_VALUE)]),
        );
    });

    it("reports a GPU type the config leaves out of allowedGpuInstanceTypes", () => {
        const result = run(POLICY, [karpenterGpuPool()], {
            config: { allowedGpuInstanceTypes: ["g6.xlarge"] },
        });
        assertReported(result, "gpu-nodepool", /"g5\.xlarge", which is not in allowedGpuInstanceTypes/);
    });

    it("reports a CPU type in a GPU NodePool", () => {
        const pool = change(change(karpenterGpuPool(), TYPES, ["g5.xlarge", "m6i.xlarge"]), FAMILIES, [
            "g5",
            "m6i",
        ]);
        assertReported(
            run(POLICY, [pool]),
            "gpu-nodepool",
            /"m6i\.xlarge", which has no GPU but the pool is a GPU pool/,
        );
    });

    for (const signal of ["a GPU instance-type requirement", "a GPU instance-family requirement"]) {
        it(`checks a NodePool whose only GPU signal is ${signal} against the GPU list`, () => {
            assertPasses(run(POLICY, [karpenterSingleGpuSignalPools()[signal]]));
        });
    }

    it("reports CPU types in a NodePool whose only GPU signal is the nvidia.com/gpu.present label", () => {
        const pool = karpenterSingleGpuSignalPools()["the nvidia.com/gpu.present label"];
        assertReported(
            run(POLICY, [pool]),
            "cpu-nodepool",
            /\(GPU pool\) allows instance type "m6i\.2xlarge", which has no GPU but the pool is a GPU pool/,
        );
    });

    // NotIn excludes types: everything else the region offers stays allowed, so its values are no
    // allowlist. https://karpenter.sh/docs/concepts/nodepools/ (read 2026-12-02)
    for (const key of ["node.kubernetes.io/instance-type", "karpenter.k8s.aws/instance-family"]) {
        it(`reports a NodePool restricted only by a NotIn requirement on ${key}`, () => {
            // GIVEN values that would all be allowed, had the requirement been In
            const values = key.endsWith("instance-type") ? ["m6i.2xlarge"] : ["c6i"];
            const pool = change(karpenterCpuPool(), "spec.template.spec.requirements", [
                { key, operator: "NotIn", values },
            ]);
            assertReported(run(POLICY, [pool]), "cpu-nodepool", /may launch any instance type/);
        });
    }

    it("reports a NodePool that restricts neither instance types nor families", () => {
        const pool = change(karpenterCpuPool(), "spec.template.spec.requirements", []);
        assertReported(run(POLICY, [pool]), "cpu-nodepool", /may launch any instance type/);
    });
});
