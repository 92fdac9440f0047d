import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
    GPU_RESOURCE,
    isGpuKarpenterNodePool,
    KARPENTER_NODEPOOL_TYPE,
    karpenterInstanceTypesOf,
    karpenterLimitOf,
} from "../lib/node-pools";
import { forTypes, nameOf } from "../lib/policy";
import { UNKNOWN } from "../lib/values";

/**
 * A Karpenter NodePool has no maxSize: its `limits` are the only ceiling. A GPU NodePool without
 * an `nvidia.com/gpu` limit can launch GPU nodes until the account's EC2 quota stops it, which
 * makes the GPU quota (maxGpuNodes) unenforceable.
 */
export const karpenterNodePoolMissingGpuLimit: ResourceValidationPolicy = {
    name: "karpenter-nodepool-missing-gpu-limit",
    description: 'Karpenter NodePools that may launch GPU instances set spec.limits["nvidia.com/gpu"].',
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([KARPENTER_NODEPOOL_TYPE], (props, args, report) => {
        const types = karpenterInstanceTypesOf(props);
        if (types === UNKNOWN) return;
        // No type restriction at all means GPU types are among those Karpenter may pick.
        if (types !== undefined && !isGpuKarpenterNodePool(props)) return;
        const limit = karpenterLimitOf(props, GPU_RESOURCE);
        if (limit === UNKNOWN || limit !== undefined) return;
        const why =
            types === undefined
                ? "restricts no instance type, so it may launch GPU instances,"
                : "may launch GPU instances";
        report(
            `${nameOf(args)} ${why} but sets no spec.limits["${GPU_RESOURCE}"]. Set it to at most maxGpuNodes × GPUs per node of its largest type.`,
        );
    }),
};
