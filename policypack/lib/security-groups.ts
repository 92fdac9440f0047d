/**
 * Security group ingress, read the same way from the three shapes the AWS provider offers: the
 * `ingress` blocks of an `aws:ec2/securityGroup`, an `aws:ec2/securityGroupRule` of type `ingress`,
 * and an `aws:vpc/securityGroupIngressRule`. And the marker that says a group guards the EKS API.
 */
import type { PolicyResource } from "@pulumi/policy";
import {
    asArray,
    asNumber,
    asRecord,
    asString,
    asStringArray,
    at,
    isUnknown,
    UNKNOWN,
    type Unknown,
} from "./values";

export const SECURITY_GROUP_TYPE = "aws:ec2/securityGroup:SecurityGroup";
export const SECURITY_GROUP_RULE_TYPE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const INGRESS_RULE_TYPE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/**
 * The tag that marks a security group, or an ingress rule, as the EKS cluster's API: put it on a
 * group the control plane's interfaces use (the cluster's own security group is EKS's, so the
 * pack finds that one from the cluster's outputs), or on an `aws.vpc.SecurityGroupIngressRule`
 * that opens such a group (rules of `aws.ec2.SecurityGroupRule` take no tags).
 */
export const EKS_API_TAG = { key: "rayops:purpose", value: "eks-api" } as const;

/** The HTTPS port the Kubernetes API of an EKS cluster listens on. */
export const EKS_API_PORT = 443;

/** One ingress permission, whatever resource declared it. */
export interface Ingress {
    /** The group the rule opens; `undefined` for inline blocks (they belong to their group). */
    readonly securityGroupId: string | undefined | Unknown;
    readonly protocol: string | undefined | Unknown;
    readonly fromPort: number | undefined | Unknown;
    readonly toPort: number | undefined | Unknown;
    /** CIDR blocks and prefix lists, the sources that are address ranges rather than groups. */
    readonly addressSources: readonly string[] | Unknown;
    readonly marked: boolean;
}

/** True when `tags` (an object or JSON string) carries the EKS API marker. */
export function hasEksApiTag(tags: unknown): boolean {
    const t = asRecord(tags);
    return t !== undefined && t !== UNKNOWN && t[EKS_API_TAG.key] === EKS_API_TAG.value;
}

/** Joins string lists and single strings; `UNKNOWN` if any part is unknown. */
function sources(...parts: unknown[]): readonly string[] | Unknown {
    const out: string[] = [];
    for (const part of parts) {
        if (part === undefined || part === null) continue;
        if (typeof part === "string" || isUnknown(part)) {
            const s = asString(part);
            if (s === UNKNOWN) return UNKNOWN;
            if (s !== undefined && s.trim() !== "") out.push(s);
            continue;
        }
        const list = asStringArray(part);
        if (list === UNKNOWN) return UNKNOWN;
        if (list) out.push(...list.filter((s) => s.trim() !== ""));
    }
    return out;
}

/** The ingress permissions a resource declares (none for other types). */
export function ingressOf(r: Pick<PolicyResource, "type" | "props">): Ingress[] | Unknown {
    const p = r.props;
    switch (r.type) {
        case INGRESS_RULE_TYPE:
            return [
                {
                    securityGroupId: asString(p.securityGroupId),
                    protocol: asString(p.ipProtocol),
                    fromPort: asNumber(p.fromPort),
                    toPort: asNumber(p.toPort),
                    addressSources: sources(p.cidrIpv4, p.cidrIpv6, p.prefixListId),
                    marked: hasEksApiTag(p.tags) || hasEksApiTag(p.tagsAll),
                },
            ];
        case SECURITY_GROUP_RULE_TYPE: {
            const type = asString(p.type);
            if (type === UNKNOWN) return UNKNOWN;
            if (type !== "ingress") return [];
            return [
                {
                    securityGroupId: asString(p.securityGroupId),
                    protocol: asString(p.protocol),
                    fromPort: asNumber(p.fromPort),
                    toPort: asNumber(p.toPort),
                    addressSources: sources(p.cidrBlocks, p.ipv6CidrBlocks, p.prefixListIds),
                    marked: false,
                },
            ];
        }
        case SECURITY_GROUP_TYPE: {
            const blocks = asArray(p.ingress);
            if (blocks === UNKNOWN) return UNKNOWN;
            return (blocks ?? []).map((b) => ({
                securityGroupId: undefined,
                protocol: asString(at(b, "protocol")),
                fromPort: asNumber(at(b, "fromPort")),
                toPort: asNumber(at(b, "toPort")),
                addressSources: sources(at(b, "cidrBlocks"), at(b, "ipv6CidrBlocks"), at(b, "prefixListIds")),
                marked: false,
            }));
        }
        default:
            return [];
    }
}

/**
 * Whether the permission lets TCP reach `port`: `undefined` when that cannot be known yet. Protocol
 * `-1` (all traffic) opens every port whatever the port fields say; `6` is TCP by number.
 */
export function opensTcpPort(i: Ingress, port: number): boolean | undefined {
    if (i.protocol === UNKNOWN) return undefined;
    const protocol = (i.protocol ?? "").toLowerCase();
    if (protocol === "-1" || protocol === "all") return true;
    if (protocol !== "tcp" && protocol !== "6") return false;
    if (i.fromPort === UNKNOWN || i.toPort === UNKNOWN) return undefined;
    if (i.fromPort === undefined || i.toPort === undefined) return false;
    return i.fromPort <= port && port <= i.toPort;
}
