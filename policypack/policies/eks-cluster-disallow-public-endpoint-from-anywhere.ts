import type { ResourceValidationPolicy } from "@pulumi/policy";
import { addressCount, mappedIPv4Prefix, parseCidr } from "../lib/cidr";
import { forTypes, nameOf } from "../lib/policy";
import { asBool, asStringArray, at, UNKNOWN } from "../lib/values";
import { configSchemaFor, readConfig } from "./config";
import { EKS_CLUSTER_TYPE, EKS_COMPONENT_TYPE } from "./eks-cluster-enable-secrets-encryption";

/**
 * The Kubernetes API may be public only from listed CIDRs. AWS turns the public endpoint on when
 * it is not set, and opens it to 0.0.0.0/0 when no CIDRs are listed; `@pulumi/eks` defaults to
 * the same. https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html (read 2026-11-25)
 *
 * Each listed block is judged by the addresses it covers: `0.0.0.0/1` is half the internet though
 * it is not spelt `0.0.0.0/0`. A block wider than `minPublicCidrPrefixV4` (default /16, about the
 * largest range one organisation's offices or VPN egress use; anything wider is ISP or cloud space
 * where anyone can rent an address) or `minPublicCidrPrefixV6` (default /48, one site's IPv6
 * assignment) is refused, and so is a text that is not a CIDR at all, since nothing can be said
 * about what it exposes.
 */
export const eksClusterDisallowPublicEndpointFromAnywhere: ResourceValidationPolicy = {
    name: "eks-cluster-disallow-public-endpoint-from-anywhere",
    description: "The EKS API endpoint is private, or public only from listed CIDRs (never 0.0.0.0/0).",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: configSchemaFor("minPublicCidrPrefixV4", "minPublicCidrPrefixV6"),
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
        const config = readConfig(args);
        const problems: string[] = [];
        for (const text of cidrs) {
            const cidr = parseCidr(text);
            if (cidr === undefined) {
                problems.push(`"${text}" is not a CIDR block`);
                continue;
            }
            const min = cidr.family === 4 ? config.minPublicCidrPrefixV4 : config.minPublicCidrPrefixV6;
            if (cidr.prefix < min) {
                problems.push(
                    `${text.trim()} (${cidr.canonical}, ${addressCount(cidr).toLocaleString("en-US")} addresses) is wider than a /${min}`,
                );
            }
            const mapped = mappedIPv4Prefix(cidr);
            if (cidr.prefix >= min && mapped !== undefined && mapped < config.minPublicCidrPrefixV4) {
                problems.push(
                    `${text.trim()} reaches IPv4-mapped addresses as wide as a /${mapped}, wider than a /${config.minPublicCidrPrefixV4}`,
                );
            }
        }
        if (problems.length > 0) {
            report(
                `${nameOf(args)} exposes its API endpoint too widely: ${problems.join("; ")}. ${fix} Widest allowed: IPv4 /${config.minPublicCidrPrefixV4}, IPv6 /${config.minPublicCidrPrefixV6} (policy config minPublicCidrPrefixV4/V6).`,
            );
        }
    }),
};
