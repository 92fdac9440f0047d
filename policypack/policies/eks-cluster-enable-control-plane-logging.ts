import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, nameOf } from "../lib/policy";
import { asStringArray, UNKNOWN } from "../lib/values";
import { EKS_CLUSTER_TYPE, EKS_COMPONENT_TYPE } from "./eks-cluster-enable-secrets-encryption";

/**
 * All five control-plane log types: the audit log answers "who did what", the authenticator log
 * "which IAM identity was that", the others explain scheduling and controller failures.
 * https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html (read 2026-11-25)
 */
export const CONTROL_PLANE_LOG_TYPES = [
    "api",
    "audit",
    "authenticator",
    "controllerManager",
    "scheduler",
] as const;

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
