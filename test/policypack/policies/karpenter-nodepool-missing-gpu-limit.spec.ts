import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, run } from "../fixtures";
import { karpenterCpuPool, karpenterGpuPool, karpenterSingleGpuSignalPools } from "../karpenter-fixtures";

const POLICY = "karpenter-nodepool-missing-gpu-limit";

describe(POLICY, () => {
    it("passes a GPU NodePool with an nvidia.com/gpu limit and a CPU NodePool without one", () => {
        assertPasses(run(POLICY, [karpenterGpuPool(), karpenterCpuPool()]));
    });

    it("reports a GPU NodePool without an nvidia.com/gpu limit", () => {
        // GIVEN the GPU pool with only its CPU limit left
        const pool = change(karpenterGpuPool(), "spec.limits", { cpu: "8" });
        // THEN the finding says which limit to set
        assertReported(run(POLICY, [pool]), "gpu-nodepool", /sets no spec\.limits\["nvidia\.com\/gpu"\]/);
    });

    it("reports a NodePool that restricts no instance type and has no GPU limit", () => {
        const pool = change(
            change(karpenterCpuPool(), "spec.template.spec.requirements", []),
            "spec.limits",
            {},
        );
        assertReported(run(POLICY, [pool]), "cpu-nodepool", /restricts no instance type/);
    });

    for (const [signal, pool] of Object.entries(karpenterSingleGpuSignalPools())) {
        it(`reports a NodePool without a GPU limit whose only GPU signal is ${signal}`, () => {
            assertReported(
                run(POLICY, [pool]),
                "cpu-nodepool",
                /may launch GPU instances but sets no spec\.limits\["nvidia\.com\/gpu"\]/,
            );
        });
    }

    it("does not report a labelled GPU NodePool whose requirements are unknown during preview", () => {
        // GIVEN the GPU label and no GPU limit: only the unknown types could show it launches CPU nodes only
        const pool = change(
            change(karpenterGpuPool(), "spec.template.spec.requirements", UNKNOWN_VALUE),
            "spec.limits",
            { cpu: "8" },
        );
        assertPasses(run(POLICY, [pool]));
    });

    it("does not report a GPU limit that is unknown during preview", () => {
        assertPasses(run(POLICY, [change(karpenterGpuPool(), "spec.limits", UNKNOWN_VALUE)]));
    });
});
