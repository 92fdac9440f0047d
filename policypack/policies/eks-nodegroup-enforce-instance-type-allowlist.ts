import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isGpuInstanceType, isKnownInstanceType } from "../lib/instance-types";
import { instanceTypesOf, isGpuNodeGroup, NODE_GROUP_TYPE } from "../lib/node-pools";
import { forTypes, nameOf } from "../lib/policy";
import { UNKNOWN } from "../lib/values";
import { configSchemaFor, readConfig } from "./config";

/**
 * Node groups launch only reviewed instance types: GPU pools from the GPU list, other pools from
 * the CPU list. Keeps cost estimates meaningful (the cost model prices catalog types) and stops a
 * CPU type from slipping into a GPU pool, where it would carry the GPU taint and idle.
 */
export const eksNodeGroupEnforceInstanceTypeAllowlist: ResourceValidationPolicy = {
    name: "eks-nodegroup-enforce-instance-type-allowlist",
    description:
        "Node groups use instance types from the pack's CPU or GPU allowlist, matching the pool's kind.",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: configSchemaFor("allowedCpuInstanceTypes", "allowedGpuInstanceTypes"),
    validateResource: forTypes([NODE_GROUP_TYPE], (props, args, report) => {
        const types = instanceTypesOf(props);
        if (types === UNKNOWN) return;
        const config = readConfig(args);
        const gpu = isGpuNodeGroup(props);
        const [kind, key, allowed] = gpu
            ? (["GPU", "allowedGpuInstanceTypes", config.allowedGpuInstanceTypes] as const)
            : (["CPU", "allowedCpuInstanceTypes", config.allowedCpuInstanceTypes] as const);
        for (const t of types) {
            if (allowed.includes(t)) continue;
            const why = !isKnownInstanceType(t)
                ? "is not in the instance catalog (policypack/lib/instance-types.ts)"
                : gpu && !isGpuInstanceType(t)
                  ? "has no GPU but the pool is a GPU pool"
                  : `is not in ${key}`;
            report(
                `${nameOf(args)} (${kind} pool) uses instance type "${t}", which ${why}. Use one of: ${allowed.join(", ")}; or add it to the pack config "${key}".`,
            );
        }
    }),
};
