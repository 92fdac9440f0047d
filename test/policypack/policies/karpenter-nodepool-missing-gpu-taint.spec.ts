import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, run } from "../fixtures";
import { karpenterCpuPool, karpenterGpuPool } from "../karpenter-fixtures";

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

    it("does not report taints that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(karpenterGpuPool(), "spec.template.spec.taints", UNKNOWN_VALUE)]));
    });
});
