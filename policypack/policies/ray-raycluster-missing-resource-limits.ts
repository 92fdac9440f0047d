import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, nameOf } from "../lib/policy";
import { parseQuantity } from "../lib/quantity";
import { RAY_CLUSTER_TYPE, workerGroupsOf } from "../lib/ray";
import { isUnknown, UNKNOWN } from "../lib/values";

const REQUIRED = ["cpu", "memory"] as const;

/**
 * Ray sizes its workers from the container limits (`num-cpus`, object store memory), and the
 * cluster autoscaler sizes nodes from the pod's requests; without limits a worker can starve its
 * neighbours and Ray over-commits the node.
 * https://docs.ray.io/en/latest/cluster/kubernetes/user-guides/config.html#resources (read 2026-11-25)
 */
export const rayRayClusterMissingResourceLimits: ResourceValidationPolicy = {
    name: "ray-raycluster-missing-resource-limits",
    description: "Every container of every RayCluster worker group sets resources.limits.cpu and .memory.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: forTypes([RAY_CLUSTER_TYPE], (props, args, report) => {
        const groups = workerGroupsOf(props);
        if (groups === UNKNOWN) return;
        for (const group of groups) {
            if (group.containers === UNKNOWN) continue;
            for (const c of group.containers) {
                if (c.limits === UNKNOWN) continue;
                const bad = REQUIRED.filter((r) => {
                    const v = c.limits === undefined ? undefined : (c.limits as Record<string, unknown>)[r];
                    return !isUnknown(v) && parseQuantity(v) === undefined;
                });
                if (bad.length === 0) continue;
                report(
                    `${nameOf(args)} worker group "${group.groupName}" container "${c.name}" has no valid resources.limits.${bad.join(" or .")}. Set resources.limits to e.g. { cpu: "4", memory: "16Gi" } (Kubernetes quantities).`,
                );
            }
        }
    }),
};
