import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, nameOf } from "../lib/policy";
import { asBool, asRecord, UNKNOWN } from "../lib/values";

export const SUBNET_TYPE = "aws:ec2/subnet:Subnet";
/** The tag that marks a subnet for internal load balancers, which rayops puts on private subnets. */
export const PRIVATE_SUBNET_TAG = "kubernetes.io/role/internal-elb";

/** A private subnet that hands out public IPs makes every instance launched in it reachable. */
export const ec2SubnetDisallowPublicIpOnPrivateSubnets: ResourceValidationPolicy = {
    name: "ec2-subnet-disallow-public-ip-on-private-subnets",
    description: "Private subnets (tagged kubernetes.io/role/internal-elb) do not map public IPs on launch.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([SUBNET_TYPE], (props, args, report) => {
        const tags = asRecord(props.tags);
        if (!tags || tags === UNKNOWN || asBool(tags[PRIVATE_SUBNET_TAG]) !== true) return;
        if (asBool(props.mapPublicIpOnLaunch) !== true) return;
        report(
            `${nameOf(args)} is private (tag ${PRIVATE_SUBNET_TAG}=1) but maps public IPs on launch. Set mapPublicIpOnLaunch to false, or move public workloads to a public subnet.`,
        );
    }),
};
