import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GPU_RESOURCE, isGpuKarpenterNodePool, KARPENTER_NODEPOOL_TYPE } from "../lib/node-pools";
import { forTypes, nameOf } from "../lib/policy";
import { asArray, asString, at, UNKNOWN } from "../lib/values";

/**
 * The Karpenter twin of eks-nodegroup-missing-gpu-taint: without the taint any pending pod may
 * make Karpenter launch, or keep, a GPU node. Karpenter NodePools spell the effect `NoSchedule`.
 */
export const karpenterNodePoolMissingGpuTaint: ResourceValidationPolicy = {
    name: "karpenter-nodepool-missing-gpu-taint",
    description:
        "Karpenter NodePools that may launch GPU instances taint their nodes nvidia.com/gpu:NoSchedule.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: forTypes([KARPENTER_NODEPOOL_TYPE], (props, args, report) => {
        if (!isGpuKarpenterNodePool(props)) return;
        const taints = asArray(at(props, "spec", "template", "spec", "taints"));
        if (taints === UNKNOWN) return;
        const tainted = (taints ?? []).some((t) => {
            const key = asString(at(t, "key"));
            const effect = asString(at(t, "effect"));
            if (key === UNKNOWN || effect === UNKNOWN) return true;
            return key === GPU_RESOURCE && effect === "NoSchedule";
        });
        if (tainted) return;
        report(
            `${nameOf(args)} may launch GPU instances but does not taint them ${GPU_RESOURCE}:NoSchedule, so any pod may land on (and keep alive) a GPU node. Add spec.template.spec.taints: [{ key: "${GPU_RESOURCE}", value: "true", effect: "NoSchedule" }].`,
        );
    }),
};
