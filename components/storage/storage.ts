import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { POOL_LABEL } from "../../policypack/lib/node-pools";
import type { ClusterHandle } from "../cluster/cluster";
import { irsaRole } from "../iam/irsa";
import { artifactsBucketPolicy, bucketAccessPolicy, ebsCsiKmsPolicy } from "./iam";

export interface StorageArgs {
    /** The cluster: its name, IRSA trust, data key (persistent volumes, artifacts bucket) and Kubernetes provider. */
    readonly cluster: ClusterHandle;
    /** Namespace and service account of the Ray pods that may use the artifacts bucket. */
    readonly rayNamespace: string;
    readonly rayServiceAccount: string;
    /** Days before non-current object versions expire. */
    readonly checkpointRetentionDays: number;
    /** Let `destroy` delete a non-empty bucket. @default false */
    readonly forceDestroyBucket?: boolean;
}

/** Name of the default StorageClass: encrypted gp3 on the data key. */
export const STORAGE_CLASS = "gp3-encrypted";

/**
 * Storage for the platform: the EBS CSI driver (as an EKS add-on with its own IRSA role), a
 * default StorageClass of encrypted gp3 volumes, and an S3 bucket for Ray artifacts that only
 * the Ray service account can use.
 */
export class Storage extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly rayRoleArn: pulumi.Output<string>;
    readonly storageClassName: pulumi.Output<string>;

    constructor(name: string, args: StorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("rayops:storage:Storage", name, {}, opts);
        const { cluster } = args;
        const parent = { parent: this };
        const oidc = { oidcProviderArn: cluster.oidcProviderArn, oidcIssuerUrl: cluster.oidcIssuerUrl };

        const csiRole = irsaRole(
            `${name}-ebs-csi`,
            {
                ...oidc,
                namespace: "kube-system",
                serviceAccount: "ebs-csi-controller-sa",
                managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicyV2"],
                policy: pulumi.output(cluster.dataKeyArn).apply(ebsCsiKmsPolicy),
            },
            this,
        );
        const csiAddon = new aws.eks.Addon(
            `${name}-ebs-csi`,
            {
                clusterName: cluster.clusterName,
                addonName: "aws-ebs-csi-driver",
                serviceAccountRoleArn: csiRole.arn,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "PRESERVE",
                // The controller runs on the tainted system nodes with the other add-ons.
                configurationValues: JSON.stringify({
                    controller: {
                        nodeSelector: { [POOL_LABEL]: "system" },
                        tolerations: [
                            { key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" },
                        ],
                    },
                }),
            },
            parent,
        );

        const storageClass = new k8s.storage.v1.StorageClass(
            `${name}-gp3`,
            {
                metadata: {
                    name: STORAGE_CLASS,
                    annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
                },
                provisioner: "ebs.csi.aws.com",
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
                reclaimPolicy: "Delete",
                parameters: { type: "gp3", encrypted: "true", kmsKeyId: cluster.dataKeyArn },
            },
            { parent: this, provider: cluster.k8sProvider, dependsOn: [csiAddon] },
        );

        const bucket = new aws.s3.Bucket(
            `${name}-artifacts`,
            { forceDestroy: args.forceDestroyBucket ?? false },
            { parent: this, protect: !(args.forceDestroyBucket ?? false) },
        );
        new aws.s3.BucketOwnershipControls(
            `${name}-artifacts`,
            { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            parent,
        );
        new aws.s3.BucketPublicAccessBlock(
            `${name}-artifacts`,
            {
                bucket: bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            parent,
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-artifacts`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: "aws:kms",
                            kmsMasterKeyId: cluster.dataKeyArn,
                        },
                        // S3 Bucket Keys cut KMS request costs for the many small objects Ray writes.
                        bucketKeyEnabled: true,
                    },
                ],
            },
            parent,
        );
        new aws.s3.BucketVersioning(
            `${name}-artifacts`,
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            parent,
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-artifacts`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "expire-old-checkpoint-versions",
                        status: "Enabled",
                        filter: { prefix: "checkpoints/" },
                        noncurrentVersionExpiration: { noncurrentDays: args.checkpointRetentionDays },
                    },
                    {
                        id: "abort-incomplete-uploads",
                        status: "Enabled",
                        filter: {},
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            parent,
        );
        new aws.s3.BucketPolicy(
            `${name}-artifacts`,
            {
                bucket: bucket.id,
                policy: bucket.arn.apply((arn) => JSON.stringify(artifactsBucketPolicy(arn))),
            },
            parent,
        );

        const rayRole = irsaRole(
            `${name}-ray`,
            {
                ...oidc,
                namespace: args.rayNamespace,
                serviceAccount: args.rayServiceAccount,
                policy: pulumi
                    .all([bucket.arn, cluster.dataKeyArn])
                    .apply(([b, k]) => bucketAccessPolicy(b, k)),
            },
            this,
        );

        this.bucketName = bucket.bucket;
        this.rayRoleArn = rayRole.arn;
        this.storageClassName = storageClass.metadata.name;
        this.registerOutputs({
            bucketName: this.bucketName,
            rayRoleArn: this.rayRoleArn,
            storageClassName: this.storageClassName,
        });
    }
}
