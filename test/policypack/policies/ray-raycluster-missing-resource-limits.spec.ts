import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, rayCluster, run } from "../fixtures";

const POLICY = "ray-raycluster-missing-resource-limits";
const GPU_CONTAINER = "spec.workerGroupSpecs.1.template.spec.containers.0";

describe(POLICY, () => {
    it("passes worker containers with cpu and memory limits", () => {
        assertPasses(run(POLICY, [rayCluster()]));
    });

    it("reports a container without a memory limit, naming group and container", () => {
        const ray = change(rayCluster(), `${GPU_CONTAINER}.resources.limits.memory`, undefined);
        assertReported(
            run(POLICY, [ray]),
            "ray",
            /worker group "gpu" container "ray-worker" has no valid resources\.limits\.memory\. Set resources\.limits/,
        );
    });

    it("reports a container without any limits", () => {
        const ray = change(rayCluster(), `${GPU_CONTAINER}.resources`, undefined);
        assertReported(run(POLICY, [ray]), "ray", /resources\.limits\.cpu or \.memory/);
    });

    it("reports a limit that is not a Kubernetes quantity", () => {
        const ray = change(rayCluster(), `${GPU_CONTAINER}.resources.limits.cpu`, "four");
        assertReported(run(POLICY, [ray]), "ray", /limits\.cpu/);
    });

    it("accepts limits given as numbers", () => {
        assertPasses(run(POLICY, [change(rayCluster(), `${GPU_CONTAINER}.resources.limits.cpu`, 4)]));
    });

    it("does not report limits that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(rayCluster(), `${GPU_CONTAINER}.resources.limits`, UNKNOWN_VALUE)]));
    });

    it("does not report worker groups that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(rayCluster(), "spec.workerGroupSpecs", UNKNOWN_VALUE)]));
    });

    it("does not report a group whose containers are unknown during preview", () => {
        const ray = change(rayCluster(), "spec.workerGroupSpecs.1.template.spec.containers", UNKNOWN_VALUE);
        assertPasses(run(POLICY, [ray]));
    });
});
