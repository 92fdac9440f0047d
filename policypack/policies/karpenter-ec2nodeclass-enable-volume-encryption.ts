import type { ResourceValidationPolicy } from "@pulumi/policy";
import { KARPENTER_NODECLASS_TYPE } from "../lib/node-pools";
import { forTypes, nameOf } from "../lib/policy";
import { asArray, asBool, at, UNKNOWN } from "../lib/values";

/**
 * Nodes Karpenter launches keep container images, logs and scratch data on their volumes; an
 * EC2NodeClass encrypts every block device it declares. Without `blockDeviceMappings` the AMI's
 * defaults apply, which encrypt only when the account enables EBS encryption by default.
 */
export const karpenterEc2NodeClassEnableVolumeEncryption: ResourceValidationPolicy = {
    name: "karpenter-ec2nodeclass-enable-volume-encryption",
    description: "Karpenter EC2NodeClasses declare their block devices and encrypt every one.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([KARPENTER_NODECLASS_TYPE], (props, args, report) => {
        const devices = asArray(at(props, "spec", "blockDeviceMappings"));
        if (devices === UNKNOWN) return;
        if (!devices || devices.length === 0) {
            report(
                `${nameOf(args)} declares no spec.blockDeviceMappings, so its root volume is encrypted only if the account's EBS default says so. Declare the root device with ebs.encrypted: true.`,
            );
            return;
        }
        for (const [i, device] of devices.entries()) {
            const encrypted = asBool(at(device, "ebs", "encrypted"));
            if (encrypted === UNKNOWN || encrypted === true) continue;
            const deviceName = String(at(device, "deviceName") ?? `#${i}`);
            report(
                `${nameOf(args)} leaves block device ${deviceName} unencrypted (ebs.encrypted = ${String(encrypted)}). Set ebs.encrypted: true (and ebs.kmsKeyID to the cluster's data key).`,
            );
        }
    }),
};
