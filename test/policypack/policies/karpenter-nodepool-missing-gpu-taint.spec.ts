import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, run } from "../fixtures";
import { karpenterCpuPool, karpenterGpuPool, karpenterSingleGpuSignalPools } from "../karpenter-fixtures";

const POLICY = "karpenter-nodepool-missing-gpu-taint";

describe(POLICY, () => {
    it("passes a GPU NodePool tainted nvidia.com/gpu:NoSchedule and an untainted CPU NodePool", () => {
        assertPasses(run(POLICY, [karpenterGpuPool(), karpenterCpuPool()]));
    });

    it("reports a GPU NodePool without taints", () => {
        const pool = change(karpenterGpuPool(), "spec.template.spec.taints", []);
        assertReported(
            run(POLICY, [pool]),
            "gpu-nodepool",
            /does not taint them nvidia\.com\/gpu:NoSchedule/,
        );
    });

    it("reports a GPU taint with the PreferNoSchedule effect", () => {
        const pool = change(karpenterGpuPool(), "spec.template.spec.taints.0.effect", "PreferNoSchedule");
        assertReported(run(POLICY, [pool]), "gpu-nodepool", /Add spec\.template\.spec\.taints/);
    });

    for (const [signal, pool] of Object.entries(karpenterSingleGpuSignalPools())) {
        it(`reports an untainted NodePool whose only GPU signal is ${signal}`, () => {
            assertReported(
                run(POLICY, [pool]),
                "cpu-nodepool",
                /may launch GPU instances but does not taint/,
            );
        });
    }

    it("reports a GPU NodePool whose NoSchedule taint has another key", () => {
        const pool = change(karpenterGpuPool(), "spec.template.spec.taints.0.key", "dedicated");
        assertReported(
            run(POLICY, [pool]),
            "gpu-nodepool",
            /does not taint them nvidia\.com\/gpu:NoSchedule/,
        );
    });

    it("reports a GPU NodePool that sets no taints at all", () => {
        const pool = change(karpenterGpuPool(), "spec.template.spec.taints", undefined);
        assertReported(
            run(POLICY, [pool]),
            "gpu-nodepool",
            /does not taint them nvidia\.com\/gpu:NoSchedule/,
        );
    });

    for (const field of ["key", "effect"]) {
        it(`does not report a taint whose ${field} alone is unknown during preview`, () => {
            // GIVEN the only taint, its other field a GPU taint's
            const pool = change(karpenterGpuPool(), `spec.template.spec.taints.0.${field}`, UNKNOWN_VALUE);
            assertPasses(run(POLICY, [pool]));
        });
    }

    it("does not report taints that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(karpenterGpuPool(), "spec.template.spec.taints", UNKNOWN_VALUE)]));
    });
});
