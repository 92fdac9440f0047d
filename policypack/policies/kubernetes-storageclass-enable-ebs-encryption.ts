import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, nameOf } from "../lib/policy";
import { asBool, asRecord, asString, UNKNOWN } from "../lib/values";

export const STORAGE_CLASS_TYPE = "kubernetes:storage.k8s.io/v1:StorageClass";
/** The EBS CSI driver, and the in-tree provisioner it replaced (same parameters). */
const EBS_PROVISIONERS = new Set(["ebs.csi.aws.com", "kubernetes.io/aws-ebs"]);

/**
 * Persistent volumes (checkpoints, datasets) are encrypted only if the StorageClass asks for it.
 * https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md (read 2026-11-25)
 */
export const kubernetesStorageClassEnableEbsEncryption: ResourceValidationPolicy = {
    name: "kubernetes-storageclass-enable-ebs-encryption",
    description: 'StorageClasses that provision EBS volumes set parameters.encrypted to "true".',
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([STORAGE_CLASS_TYPE], (props, args, report) => {
        const provisioner = asString(props.provisioner);
        if (typeof provisioner !== "string" || !EBS_PROVISIONERS.has(provisioner)) return;
        const parameters = asRecord(props.parameters);
        if (parameters === UNKNOWN) return;
        const encrypted = asBool(parameters?.encrypted);
        if (encrypted === true || encrypted === UNKNOWN) return;
        report(
            `${nameOf(args)} provisions unencrypted EBS volumes (parameters.encrypted is ${JSON.stringify(parameters?.encrypted ?? null)}). Set parameters.encrypted to "true" (and parameters.kmsKeyId to use a customer key).`,
        );
    }),
};
