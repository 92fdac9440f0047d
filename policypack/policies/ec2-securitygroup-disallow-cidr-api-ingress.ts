import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { nameOf } from "../lib/policy";
import {
    EKS_API_PORT,
    EKS_API_TAG,
    hasEksApiTag,
    INGRESS_RULE_TYPE,
    ingressOf,
    opensTcpPort,
    SECURITY_GROUP_RULE_TYPE,
    SECURITY_GROUP_TYPE,
} from "../lib/security-groups";
import { asString, asStringArray, at, UNKNOWN } from "../lib/values";
import { EKS_CLUSTER_TYPE, EKS_COMPONENT_TYPE } from "./eks-cluster-enable-secrets-encryption";

/** The groups that guard the EKS API: their ids, and the URNs of those declared in the stack. */
interface ApiGroups {
    readonly ids: ReadonlySet<string>;
    readonly urns: ReadonlySet<string>;
}

function apiGroupsOf(resources: readonly PolicyResource[]): ApiGroups {
    const ids = new Set<string>();
    const urns = new Set<string>();
    const addId = (value: unknown) => {
        const id = asString(value);
        if (typeof id === "string" && id !== "") ids.add(id);
    };
    for (const r of resources) {
        if (r.type === SECURITY_GROUP_TYPE && (hasEksApiTag(r.props.tags) || hasEksApiTag(r.props.tagsAll))) {
            urns.add(r.urn);
            addId(r.props.id);
        } else if (r.type === EKS_COMPONENT_TYPE) {
            addId(r.props.clusterSecurityGroupId);
        } else if (r.type === EKS_CLUSTER_TYPE) {
            addId(at(r.props, "vpcConfig", "clusterSecurityGroupId"));
            const extra = asStringArray(at(r.props, "vpcConfig", "securityGroupIds"));
            if (extra && extra !== UNKNOWN) for (const id of extra) addId(id);
        }
    }
    return { ids, urns };
}

/** Whether a rule opens an API group: by its marker, by the group's id, or by where its input came from. */
function opensApiGroup(r: PolicyResource, target: unknown, marked: boolean, groups: ApiGroups): boolean {
    if (marked) return true;
    if (typeof target === "string" && groups.ids.has(target)) return true;
    return (r.propertyDependencies?.securityGroupId ?? []).some((dep) => groups.urns.has(dep.urn));
}

const RULE_TYPES: ReadonlySet<string> = new Set([
    SECURITY_GROUP_TYPE,
    SECURITY_GROUP_RULE_TYPE,
    INGRESS_RULE_TYPE,
]);

/**
 * The Kubernetes API (port 443 of the groups that guard the EKS control plane's interfaces) is
 * opened to security groups, never to address ranges: a CIDR admits whatever holds an address in
 * it (every pod of a node, a peered VPC, a VPN), a security group only the interfaces that carry
 * it, such as the CI runners'.
 *
 * Which groups guard the API: the cluster security group EKS creates (read from the outputs of
 * an `eks.Cluster` or `aws.eks.Cluster`), the additional groups of an `aws.eks.Cluster`, and any
 * group tagged `rayops:purpose = eks-api` (EKS_API_TAG). An `aws.vpc.SecurityGroupIngressRule`
 * carrying that tag is judged as opening the API whatever group it names, which covers a rule on
 * the cluster's group while that group's id is unknown (a new cluster, during preview). Prefix
 * lists count as address ranges. A rule whose group, ports or sources are unknown yet passes.
 */
export const ec2SecurityGroupDisallowCidrApiIngress: StackValidationPolicy = {
    name: "ec2-securitygroup-disallow-cidr-api-ingress",
    description: `Ingress to the EKS API (port 443 of the cluster's security groups, or of groups and rules tagged ${EKS_API_TAG.key}=${EKS_API_TAG.value}) comes from security groups, never from CIDR blocks or prefix lists.`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const groups = apiGroupsOf(args.resources);
        for (const r of args.resources) {
            if (!RULE_TYPES.has(r.type)) continue;
            const permissions = ingressOf(r);
            if (permissions === UNKNOWN) continue;
            for (const p of permissions) {
                const concerned =
                    r.type === SECURITY_GROUP_TYPE
                        ? groups.urns.has(r.urn) ||
                          (typeof r.props.id === "string" && groups.ids.has(r.props.id))
                        : opensApiGroup(r, p.securityGroupId, p.marked, groups);
                if (!concerned) continue;
                if (opensTcpPort(p, EKS_API_PORT) !== true) continue;
                if (p.addressSources === UNKNOWN || p.addressSources.length === 0) continue;
                report(
                    `${nameOf(r)} opens the EKS API (port ${EKS_API_PORT}) to ${p.addressSources.join(", ")}. Allow the clients' security group instead (referencedSecurityGroupId on an aws.vpc.SecurityGroupIngressRule), never an address range.`,
                    r.urn,
                );
            }
        }
    },
};
