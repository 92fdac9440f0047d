import type { ResourceValidationPolicy } from "@pulumi/policy";
import { KARPENTER_NODECLASS_TYPE } from "../lib/node-pools";
import { forTypes, nameOf } from "../lib/policy";
import { asNumber, asString, at, UNKNOWN } from "../lib/values";

/**
 * IMDSv2 with a hop limit of 1 keeps pods (one network hop away from the host) from reading the
 * node role's credentials off the instance metadata service.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-options.html
 * Karpenter v1's defaults are the same, but they are required explicitly so a default that
 * changes in a later chart cannot loosen them unseen.
 */
export const karpenterEc2NodeClassEnforceImdsv2: ResourceValidationPolicy = {
    name: "karpenter-ec2nodeclass-enforce-imdsv2",
    description: "Karpenter EC2NodeClasses require IMDSv2 tokens with a response hop limit of 1.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([KARPENTER_NODECLASS_TYPE], (props, args, report) => {
        const tokens = asString(at(props, "spec", "metadataOptions", "httpTokens"));
        const hops = asNumber(at(props, "spec", "metadataOptions", "httpPutResponseHopLimit"));
        if (tokens !== UNKNOWN && tokens !== "required") {
            report(
                `${nameOf(args)} sets spec.metadataOptions.httpTokens = ${JSON.stringify(tokens) ?? "(missing)"}. Set it to "required" (IMDSv2 only).`,
            );
        }
        if (hops !== UNKNOWN && hops !== 1) {
            report(
                `${nameOf(args)} sets spec.metadataOptions.httpPutResponseHopLimit = ${String(hops ?? "(missing)")}. Set it to 1 so pods cannot reach the instance metadata service.`,
            );
        }
    }),
};
