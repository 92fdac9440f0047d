import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, cpuPool, gpuPool, run } from "../fixtures";

const POLICY = "eks-nodegroup-missing-gpu-taint";

describe(POLICY, () => {
    it("passes a GPU pool tainted nvidia.com/gpu NO_SCHEDULE, and CPU pools without taints", () => {
        assertPasses(run(POLICY, [gpuPool(), cpuPool()]));
    });

    it("reports a GPU pool without taints and gives the taint to add", () => {
        const pool = change(gpuPool(), "taints", undefined);
        assertReported(
            run(POLICY, [pool]),
            "gpu-nodes",
            /taints: \[\{ key: "nvidia\.com\/gpu", value: "true", effect: "NO_SCHEDULE" \}\]/,
        );
    });

    it("reports a GPU taint with the PREFER_NO_SCHEDULE effect", () => {
        const pool = change(gpuPool(), "taints.0.effect", "PREFER_NO_SCHEDULE");
        assertReported(run(POLICY, [pool]), "gpu-nodes", /without the nvidia\.com\/gpu NO_SCHEDULE taint/);
    });

    it("treats a pool labelled nvidia.com/gpu.present as a GPU pool even with CPU types", () => {
        const pool = change(change(gpuPool(), "instanceTypes", ["m6i.xlarge"]), "taints", []);
        const plainAmi = change(pool, "amiType", "AL2023_x86_64_STANDARD");
        assertReported(run(POLICY, [plainAmi]), "gpu-nodes", /is a GPU pool/);
    });

    it("treats a pool with an NVIDIA AMI as a GPU pool", () => {
        const pool = change(change(cpuPool(), "amiType", "AL2023_x86_64_NVIDIA"), "taints", []);
        assertReported(run(POLICY, [pool]), "cpu-nodes", /is a GPU pool/);
    });

    it("does not report taints that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(gpuPool(), "taints", UNKNOWN_VALUE)]));
    });
});
