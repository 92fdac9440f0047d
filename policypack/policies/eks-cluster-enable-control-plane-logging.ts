import type { ResourceValidationPolicy } from "@pulumi/policy";
import { CONTROL_PLANE_LOG_TYPES } from "../lib/control-plane-logs";
import { forTypes, nameOf } from "../lib/policy";
import { asStringArray, UNKNOWN } from "../lib/values";
import { EKS_CLUSTER_TYPE, EKS_COMPONENT_TYPE } from "./eks-cluster-enable-secrets-encryption";

export const eksClusterEnableControlPlaneLogging: ResourceValidationPolicy = {
    name: "eks-cluster-enable-control-plane-logging",
    description: "EKS clusters send all five control-plane log types to CloudWatch Logs.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: forTypes([EKS_COMPONENT_TYPE, EKS_CLUSTER_TYPE], (props, args, report) => {
        const enabled = asStringArray(props.enabledClusterLogTypes);
        if (enabled === UNKNOWN) return;
        const missing = CONTROL_PLANE_LOG_TYPES.filter((t) => !enabled?.includes(t));
        if (missing.length === 0) return;
        report(
            `${nameOf(args)} does not log ${missing.join(", ")}. Set enabledClusterLogTypes to ${JSON.stringify(CONTROL_PLANE_LOG_TYPES)}.`,
        );
    }),
};
