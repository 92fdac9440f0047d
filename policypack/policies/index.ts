/**
 * The rayops policies, in one list shared by the published pack (policypack/index.ts) and the
 * offline plan's evaluator (automation/plan/evaluate.ts). Importing this module has no side
 * effects: it never starts the policy gRPC server.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { awsResourceMissingRequiredTags } from "./aws-resource-missing-required-tags";
import { codeBuildProjectEnforcePrivateRunner } from "./codebuild-project-enforce-private-runner";
import { ec2LaunchTemplateDisallowPublicIp } from "./ec2-launchtemplate-disallow-public-ip";
import { ec2LaunchTemplateEnableVolumeEncryption } from "./ec2-launchtemplate-enable-volume-encryption";
import { ec2LaunchTemplateEnforceImdsv2 } from "./ec2-launchtemplate-enforce-imdsv2";
import { ec2SecurityGroupDisallowCidrApiIngress } from "./ec2-securitygroup-disallow-cidr-api-ingress";
import { ec2SubnetDisallowPublicIpOnPrivateSubnets } from "./ec2-subnet-disallow-public-ip-on-private-subnets";
import { eksClusterDisallowPublicEndpointFromAnywhere } from "./eks-cluster-disallow-public-endpoint-from-anywhere";
import { eksClusterEnableControlPlaneLogging } from "./eks-cluster-enable-control-plane-logging";
import { eksClusterEnableSecretsEncryption } from "./eks-cluster-enable-secrets-encryption";
import { eksNodeGroupEnforceInstanceTypeAllowlist } from "./eks-nodegroup-enforce-instance-type-allowlist";
import { eksNodeGroupMissingGpuTaint } from "./eks-nodegroup-missing-gpu-taint";
import { iamRoleConfigureIrsaTrust } from "./iam-role-configure-irsa-trust";
import { iamRolePolicyDisallowWildcardActions } from "./iam-rolepolicy-disallow-wildcard-actions";
import { karpenterEc2NodeClassEnableVolumeEncryption } from "./karpenter-ec2nodeclass-enable-volume-encryption";
import { karpenterEc2NodeClassEnforceImdsv2 } from "./karpenter-ec2nodeclass-enforce-imdsv2";
import { karpenterNodePoolEnforceInstanceTypeAllowlist } from "./karpenter-nodepool-enforce-instance-type-allowlist";
import { karpenterNodePoolMissingGpuLimit } from "./karpenter-nodepool-missing-gpu-limit";
import { karpenterNodePoolMissingGpuTaint } from "./karpenter-nodepool-missing-gpu-taint";
import { kmsKeyEnableRotation } from "./kms-key-enable-rotation";
import { kubernetesStorageClassEnableEbsEncryption } from "./kubernetes-storageclass-enable-ebs-encryption";
import { rayRayClusterConfigureReplicasWithinPool } from "./ray-raycluster-configure-replicas-within-pool";
import { rayRayClusterEnforceGpuQuota } from "./ray-raycluster-enforce-gpu-quota";
import { rayRayClusterMissingResourceLimits } from "./ray-raycluster-missing-resource-limits";
import { s3BucketDisallowPublicAccess } from "./s3-bucket-disallow-public-access";
import { s3BucketEnableKmsEncryption } from "./s3-bucket-enable-kms-encryption";
import { s3BucketEnableVersioning } from "./s3-bucket-enable-versioning";
import { s3BucketEnforceTlsOnly } from "./s3-bucket-enforce-tls-only";
import { stackEnforceNodeLimits } from "./stack-enforce-node-limits";

export type RayopsPolicy = ResourceValidationPolicy | StackValidationPolicy;

export const policies: readonly RayopsPolicy[] = [
    // EKS control plane
    eksClusterEnableSecretsEncryption,
    eksClusterEnableControlPlaneLogging,
    eksClusterDisallowPublicEndpointFromAnywhere,
    ec2SecurityGroupDisallowCidrApiIngress,
    // nodes
    ec2LaunchTemplateEnforceImdsv2,
    ec2LaunchTemplateEnableVolumeEncryption,
    ec2LaunchTemplateDisallowPublicIp,
    ec2SubnetDisallowPublicIpOnPrivateSubnets,
    eksNodeGroupEnforceInstanceTypeAllowlist,
    eksNodeGroupMissingGpuTaint,
    karpenterEc2NodeClassEnforceImdsv2,
    karpenterEc2NodeClassEnableVolumeEncryption,
    karpenterNodePoolEnforceInstanceTypeAllowlist,
    karpenterNodePoolMissingGpuLimit,
    karpenterNodePoolMissingGpuTaint,
    stackEnforceNodeLimits,
    // data
    s3BucketEnableKmsEncryption,
    s3BucketDisallowPublicAccess,
    s3BucketEnableVersioning,
    s3BucketEnforceTlsOnly,
    kmsKeyEnableRotation,
    kubernetesStorageClassEnableEbsEncryption,
    // identity and governance
    iamRoleConfigureIrsaTrust,
    iamRolePolicyDisallowWildcardActions,
    awsResourceMissingRequiredTags,
    // CI runners
    codeBuildProjectEnforcePrivateRunner,
    // Ray workloads
    rayRayClusterMissingResourceLimits,
    rayRayClusterEnforceGpuQuota,
    rayRayClusterConfigureReplicasWithinPool,
];

export const policyNames: readonly string[] = policies.map((p) => p.name);

export { DEFAULT_CONFIG, type PackConfig, resolvePackConfig, toPolicyPackConfig } from "./config";
