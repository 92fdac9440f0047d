import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isGpuInstanceType, isKnownInstanceType } from "../lib/instance-types";
import { isGpuKarpenterNodePool, KARPENTER_NODEPOOL_TYPE, karpenterInstanceTypesOf } from "../lib/node-pools";
import { forTypes, nameOf } from "../lib/policy";
import { UNKNOWN } from "../lib/values";
import { configSchemaFor, readConfig } from "./config";

/**
 * Karpenter picks any instance type its requirements allow, so the requirements themselves must
 * stay inside the allowlists: a NodePool restricts `node.kubernetes.io/instance-type` or
 * `karpenter.k8s.aws/instance-family` to reviewed types of its kind (GPU or CPU). A NodePool
 * with neither restriction could launch any type the region offers.
 */
export const karpenterNodePoolEnforceInstanceTypeAllowlist: ResourceValidationPolicy = {
    name: "karpenter-nodepool-enforce-instance-type-allowlist",
    description:
        "Karpenter NodePools restrict instance types or families to the pack's CPU or GPU allowlist, matching the pool's kind.",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: configSchemaFor("allowedCpuInstanceTypes", "allowedGpuInstanceTypes"),
    validateResource: forTypes([KARPENTER_NODEPOOL_TYPE], (props, args, report) => {
        const types = karpenterInstanceTypesOf(props);
        if (types === UNKNOWN) return;
        const config = readConfig(args);
        const gpu = isGpuKarpenterNodePool(props);
        const [kind, key, allowed] = gpu
            ? (["GPU", "allowedGpuInstanceTypes", config.allowedGpuInstanceTypes] as const)
            : (["CPU", "allowedCpuInstanceTypes", config.allowedCpuInstanceTypes] as const);
        if (types === undefined || types.length === 0) {
            report(
                `${nameOf(args)} restricts neither node.kubernetes.io/instance-type nor karpenter.k8s.aws/instance-family, so Karpenter may launch any instance type. Add an "In" requirement with types from "${key}".`,
            );
            return;
        }
        for (const t of types) {
            if (allowed.includes(t)) continue;
            const why = t.endsWith(".*")
                ? `is the family "${t.slice(0, -2)}", which has no type in the instance catalog (policypack/lib/instance-types.ts)`
                : !isKnownInstanceType(t)
                  ? "is not in the instance catalog (policypack/lib/instance-types.ts)"
                  : gpu && !isGpuInstanceType(t)
                    ? "has no GPU but the pool is a GPU pool"
                    : `is not in ${key}`;
            report(
                `${nameOf(args)} (${kind} pool) allows instance type "${t}", which ${why}. Restrict its requirements to: ${allowed.join(", ")}; or add it to the pack config "${key}".`,
            );
        }
    }),
};
