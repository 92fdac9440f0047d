import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, nameOf } from "../lib/policy";
import { asNumber, asRecord, asString, UNKNOWN } from "../lib/values";

export const LAUNCH_TEMPLATE_TYPE = "aws:ec2/launchTemplate:LaunchTemplate";

/**
 * IMDSv2 (session tokens) stops SSRF-style credential theft, and a hop limit of 1 keeps pods on
 * the pod network from reaching the node role's credentials: pods get AWS access through IRSA.
 * Unset, the values come from the AMI (AL2023 EKS AMIs use a hop limit of 2).
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html (read 2026-11-25)
 */
export const ec2LaunchTemplateEnforceImdsv2: ResourceValidationPolicy = {
    name: "ec2-launchtemplate-enforce-imdsv2",
    description: "Launch templates require IMDSv2 tokens and a metadata hop limit of 1.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([LAUNCH_TEMPLATE_TYPE], (props, args, report) => {
        const options = asRecord(props.metadataOptions);
        if (options === UNKNOWN) return;
        const fix =
            'Set metadataOptions to { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 }.';
        if (!options) {
            report(`${nameOf(args)} leaves instance metadata options to the AMI defaults. ${fix}`);
            return;
        }
        const endpoint = asString(options.httpEndpoint);
        if (endpoint === "disabled") return; // no metadata service at all: nothing to steal from
        const tokens = asString(options.httpTokens);
        if (tokens !== UNKNOWN && tokens !== "required") {
            report(`${nameOf(args)} allows IMDSv1 (httpTokens is ${JSON.stringify(tokens ?? null)}). ${fix}`);
        }
        const hops = asNumber(options.httpPutResponseHopLimit);
        if (hops !== UNKNOWN && (hops === undefined || hops > 1)) {
            report(
                `${nameOf(args)} lets pods reach instance metadata (httpPutResponseHopLimit is ${JSON.stringify(options.httpPutResponseHopLimit ?? null)}). ${fix}`,
            );
        }
    }),
};
