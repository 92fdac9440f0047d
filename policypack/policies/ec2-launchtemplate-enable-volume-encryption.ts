import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, nameOf } from "../lib/policy";
import { asArray, asBool, asRecord, asString, UNKNOWN } from "../lib/values";
import { LAUNCH_TEMPLATE_TYPE } from "./ec2-launchtemplate-enforce-imdsv2";

/**
 * Node volumes hold container images, emptyDir data and logs. The launch template must map the
 * root device with `ebs.encrypted` (a string in this resource's schema: "true"); without a
 * mapping the AMI's unencrypted default applies unless the account turned on EBS encryption by
 * default, which a template cannot see.
 */
export const ec2LaunchTemplateEnableVolumeEncryption: ResourceValidationPolicy = {
    name: "ec2-launchtemplate-enable-volume-encryption",
    description: "Launch templates encrypt every EBS volume they map.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([LAUNCH_TEMPLATE_TYPE], (props, args, report) => {
        const mappings = asArray(props.blockDeviceMappings);
        if (mappings === UNKNOWN) return;
        const fix =
            'Set ebs: { encrypted: "true", volumeType: "gp3", kmsKeyId: <KMS key ARN> } on each mapping.';
        const ebsMappings = (mappings ?? []).filter((m) => {
            const rec = asRecord(m);
            return rec === UNKNOWN || (rec !== undefined && rec.ebs !== undefined);
        });
        if (ebsMappings.length === 0) {
            report(
                `${nameOf(args)} maps no EBS volume, so the AMI's unencrypted root volume applies. Add a blockDeviceMappings entry for the root device (e.g. /dev/xvda); ${fix}`,
            );
            return;
        }
        for (const m of ebsMappings) {
            const rec = asRecord(m);
            if (rec === UNKNOWN) continue;
            const ebs = asRecord(rec?.ebs);
            if (ebs === UNKNOWN) continue;
            const encrypted = asBool(ebs?.encrypted);
            if (encrypted === true || encrypted === UNKNOWN) continue;
            const device = asString(rec?.deviceName);
            report(
                `${nameOf(args)} leaves volume ${typeof device === "string" ? device : "(no deviceName)"} unencrypted (ebs.encrypted is ${JSON.stringify(ebs?.encrypted ?? null)}). ${fix}`,
            );
        }
    }),
};
