import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, nameOf } from "../lib/policy";
import { asArray, asBool, at, UNKNOWN } from "../lib/values";
import { LAUNCH_TEMPLATE_TYPE } from "./ec2-launchtemplate-enforce-imdsv2";

/** Nodes live in private subnets and reach the internet through NAT; a public IP bypasses that. */
export const ec2LaunchTemplateDisallowPublicIp: ResourceValidationPolicy = {
    name: "ec2-launchtemplate-disallow-public-ip",
    description: "Launch templates never give nodes a public IP address.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([LAUNCH_TEMPLATE_TYPE], (props, args, report) => {
        const interfaces = asArray(props.networkInterfaces);
        if (interfaces === UNKNOWN || !interfaces) return;
        interfaces.forEach((ni, index) => {
            if (asBool(at(ni, "associatePublicIpAddress")) !== true) return;
            report(
                `${nameOf(args)} gives nodes a public IP (networkInterfaces[${index}].associatePublicIpAddress is true). Set it to "false" or remove it; nodes reach the internet through NAT.`,
            );
        });
    }),
};
