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

const POLICY = "eks-nodegroup-enforce-instance-type-allowlist";

describe(POLICY, () => {
    it("passes CPU and GPU pools that use catalog types of their kind", () => {
        assertPasses(run(POLICY, [cpuPool(), gpuPool()]));
    });

    it("reports a type outside the catalog and says how to allow it", () => {
        const pool = change(cpuPool(), "instanceTypes", ["x2iedn.32xlarge"]);
        assertReported(
            run(POLICY, [pool]),
            "cpu-nodes",
            /not in the instance catalog.*allowedCpuInstanceTypes/,
        );
    });

    it("reports a CPU type in a GPU pool", () => {
        const pool = change(gpuPool(), "instanceTypes", ["g5.xlarge", "m6i.xlarge"]);
        assertReported(
            run(POLICY, [pool]),
            "gpu-nodes",
            /"m6i\.xlarge", which has no GPU but the pool is a GPU pool/,
        );
    });

    it("checks a GPU type on the standard AMI without the GPU label against the GPU list", () => {
        // GIVEN g5.xlarge, allowed for GPU pools only, as the pool's only GPU signal
        assertPasses(run(POLICY, [singleGpuSignalPools()["a GPU instance type"]]));
    });

    for (const signal of ["an NVIDIA AMI", "the nvidia.com/gpu.present label"]) {
        it(`reports CPU types in a pool whose only GPU signal is ${signal}`, () => {
            const pool = singleGpuSignalPools()[signal];
            assertReported(
                run(POLICY, [pool]),
                "cpu-nodes",
                /\(GPU pool\) uses instance type "m6i\.2xlarge", which has no GPU but the pool is a GPU pool/,
            );
        });
    }

    it("lists every allowed type of the pool's kind in the finding", () => {
        const result = run(POLICY, [cpuPool()], {
            config: { allowedCpuInstanceTypes: ["m6i.large", "m6i.xlarge"] },
        });
        assertReported(result, "cpu-nodes", /Use one of: m6i\.large, m6i\.xlarge; or add it/);
    });

    it("reports a GPU type the config leaves out of allowedGpuInstanceTypes", () => {
        const result = run(POLICY, [gpuPool()], { config: { allowedGpuInstanceTypes: ["g6.xlarge"] } });
        assertReported(result, "gpu-nodes", /not in allowedGpuInstanceTypes\. Use one of: g6\.xlarge/);
    });

    it("checks EKS's default t3.medium when no instance type is given", () => {
        const pool = change(cpuPool(), "instanceTypes", undefined);
        const result = run(POLICY, [pool], { config: { allowedCpuInstanceTypes: ["m6i.2xlarge"] } });
        assertReported(result, "cpu-nodes", /"t3\.medium"/);
    });

    it("does not report instance types that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(cpuPool(), "instanceTypes", UNKNOWN_VALUE)]));
    });
});
