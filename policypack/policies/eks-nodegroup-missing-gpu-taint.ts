import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GPU_RESOURCE, isGpuNodeGroup, NODE_GROUP_TYPE } from "../lib/node-pools";
import { forTypes, nameOf } from "../lib/policy";
import { asArray, asString, at, UNKNOWN } from "../lib/values";

/** EKS spells taint effects in upper snake case; Kubernetes manifests use camel case. */
const NO_SCHEDULE = new Set(["NO_SCHEDULE", "NoSchedule"]);

/**
 * Without the taint, any pod lands on an expensive GPU node, keeps it from scaling to zero, and
 * may starve GPU jobs. Pods that need a GPU tolerate `nvidia.com/gpu` (the NVIDIA device plugin's
 * convention; KubeRay adds the toleration for groups that request GPUs).
 */
export const eksNodeGroupMissingGpuTaint: ResourceValidationPolicy = {
    name: "eks-nodegroup-missing-gpu-taint",
    description: "GPU node groups carry the taint nvidia.com/gpu with effect NO_SCHEDULE.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: forTypes([NODE_GROUP_TYPE], (props, args, report) => {
        if (!isGpuNodeGroup(props)) return;
        const taints = asArray(props.taints);
        if (taints === UNKNOWN) return;
        const tainted = (taints ?? []).some((t) => {
            const key = asString(at(t, "key"));
            const effect = asString(at(t, "effect"));
            if (key === UNKNOWN || effect === UNKNOWN) return true;
            return key === GPU_RESOURCE && typeof effect === "string" && NO_SCHEDULE.has(effect);
        });
        if (tainted) return;
        report(
            `${nameOf(args)} is a GPU pool without the ${GPU_RESOURCE} NO_SCHEDULE taint, so any pod may be scheduled on its GPU nodes. Add taints: [{ key: "${GPU_RESOURCE}", value: "true", effect: "NO_SCHEDULE" }].`,
        );
    }),
};
