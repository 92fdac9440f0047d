import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, nameOf } from "../lib/policy";
import { asBool, asStringArray, at, UNKNOWN } from "../lib/values";
import { EKS_CLUSTER_TYPE, EKS_COMPONENT_TYPE } from "./eks-cluster-enable-secrets-encryption";

const ANYWHERE = new Set(["0.0.0.0/0", "::/0"]);

/**
 * The Kubernetes API may be public only from listed CIDRs. AWS turns the public endpoint on when
 * it is not set, and opens it to 0.0.0.0/0 when no CIDRs are listed; `@pulumi/eks` defaults to
 * the same. https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html (read 2026-11-25)
 */
export const eksClusterDisallowPublicEndpointFromAnywhere: ResourceValidationPolicy = {
    name: "eks-cluster-disallow-public-endpoint-from-anywhere",
    description: "The EKS API endpoint is private, or public only from listed CIDRs (never 0.0.0.0/0).",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: forTypes([EKS_COMPONENT_TYPE, EKS_CLUSTER_TYPE], (props, args, report) => {
        const vpc = args.type === EKS_CLUSTER_TYPE ? at(props, "vpcConfig") : props;
        if (vpc === UNKNOWN) return;
        const isPublic = asBool(at(vpc, "endpointPublicAccess"));
        if (isPublic === UNKNOWN || isPublic === false) return;
        const cidrs = asStringArray(at(vpc, "publicAccessCidrs"));
        if (cidrs === UNKNOWN) return;
        const field = args.type === EKS_CLUSTER_TYPE ? "vpcConfig.publicAccessCidrs" : "publicAccessCidrs";
        const fix = `Set endpointPublicAccess to false, or list the CIDRs allowed to reach it in ${field}.`;
        if (!cidrs || cidrs.length === 0) {
            report(
                `${nameOf(args)} exposes its API endpoint to 0.0.0.0/0 (public access without CIDRs). ${fix}`,
            );
            return;
        }
        const open = cidrs.filter((c) => ANYWHERE.has(c.trim()));
        if (open.length > 0) {
            report(`${nameOf(args)} exposes its API endpoint to ${open.join(", ")}. ${fix}`);
        }
    }),
};
