import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import {
    assertPasses,
    assertReported,
    change,
    cpuPool,
    gpuPool,
    run,
    singleGpuSignalPools,
} from "../fixtures";

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

    it("accepts the effect spelt NoSchedule, as Kubernetes manifests spell it", () => {
        assertPasses(run(POLICY, [change(gpuPool(), "taints.0.effect", "NoSchedule")]));
    });

    it("reports a GPU taint with the PREFER_NO_SCHEDULE effect", () => {
        const pool = change(gpuPool(), "taints.0.effect", "PREFER_NO_SCHEDULE");
        assertReported(run(POLICY, [pool]), "gpu-nodes", /without the nvidia\.com\/gpu NO_SCHEDULE taint/);
    });

    for (const [signal, pool] of Object.entries(singleGpuSignalPools())) {
        it(`reports an untainted pool whose only GPU signal is ${signal}`, () => {
            // GIVEN the CPU pool WHEN one GPU signal is added THEN it needs the GPU taint
            assertReported(run(POLICY, [pool]), "cpu-nodes", /is a GPU pool without the nvidia\.com\/gpu/);
        });
    }

    it("reports a GPU pool whose NO_SCHEDULE taint has another key", () => {
        // GIVEN a dedicated-nodes taint: it keeps pods off, but GPU pods tolerate nvidia.com/gpu only
        const pool = change(gpuPool(), "taints.0.key", "dedicated");
        assertReported(run(POLICY, [pool]), "gpu-nodes", /without the nvidia\.com\/gpu NO_SCHEDULE taint/);
    });

    it("does not report taints that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(gpuPool(), "taints", UNKNOWN_VALUE)]));
    });

    for (const field of ["key", "effect"]) {
        it(`does not report a taint whose ${field} alone is unknown during preview`, () => {
            // GIVEN the only taint, its other field a GPU taint's
            assertPasses(run(POLICY, [change(gpuPool(), `taints.0.${field}`, UNKNOWN_VALUE)]));
        });
    }
});
