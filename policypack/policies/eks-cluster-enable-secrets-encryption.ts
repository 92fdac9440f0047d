import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, nameOf } from "../lib/policy";
import { asArray, asRecord, asString, asStringArray, at, UNKNOWN } from "../lib/values";

export const EKS_COMPONENT_TYPE = "eks:index:Cluster";
export const EKS_CLUSTER_TYPE = "aws:eks/cluster:Cluster";

/**
 * Kubernetes Secrets are stored in etcd; envelope encryption with a customer KMS key keeps them
 * unreadable in etcd backups and lets the key's policy decide who can decrypt.
 * https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html (read 2026-11-25)
 */
export const eksClusterEnableSecretsEncryption: ResourceValidationPolicy = {
    name: "eks-cluster-enable-secrets-encryption",
    description: "EKS clusters encrypt Kubernetes Secrets with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([EKS_COMPONENT_TYPE, EKS_CLUSTER_TYPE], (props, args, report) => {
        if (args.type === EKS_COMPONENT_TYPE) {
            const arn = asString(props.encryptionConfigKeyArn);
            if (arn === UNKNOWN || (typeof arn === "string" && arn !== "")) return;
            report(
                `${nameOf(args)} does not encrypt Kubernetes Secrets. Set encryptionConfigKeyArn to the ARN of a KMS key with rotation enabled.`,
            );
            return;
        }
        // The provider schema types encryptionConfig as a single object; state written by older
        // versions holds a one-element list, so both are read.
        const raw = props.encryptionConfig;
        const list = asArray(raw);
        const config = list === UNKNOWN ? UNKNOWN : list ? asRecord(list[0]) : asRecord(raw);
        if (config === UNKNOWN) return;
        const resources = asStringArray(config?.resources);
        const keyArn = asString(at(config, "provider", "keyArn"));
        if (resources === UNKNOWN || keyArn === UNKNOWN) return;
        const coversSecrets = resources?.includes("secrets") ?? false;
        if (coversSecrets && typeof keyArn === "string" && keyArn !== "") return;
        report(
            `${nameOf(args)} does not encrypt Kubernetes Secrets. Set encryptionConfig to { resources: ["secrets"], provider: { keyArn: <KMS key ARN> } }.`,
        );
    }),
};
