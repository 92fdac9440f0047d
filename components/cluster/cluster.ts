import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CONTROL_PLANE_LOG_TYPES } from "../../policypack/lib/control-plane-logs";
import { EKS_API_TAG } from "../../policypack/lib/security-groups";
import { irsaRole } from "../iam/irsa";
import { createNodeRole } from "../iam/node-role";
import { EBS_VOLUME_KEY_ACTIONS } from "../storage/iam";
import { adminEntryConflict } from "./access";

/** How the API ingress rules are described; the policy pack finds them by it. */
export const API_INGRESS_DESCRIPTION = "EKS API from the in-VPC CI runners";

/** AWS's managed access policy that grants cluster-admin through an access entry. */
const CLUSTER_ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/** The Auto Scaling service-linked role: AWS creates it with an account's first Auto Scaling group. */
export function autoScalingServiceRoleArn(accountId: string): string {
    return `arn:aws:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
}

/**
 * Key policy of the data key. Besides the account's IAM delegation, the Auto Scaling service-linked
 * role must be allowed to use the key, or managed node groups cannot launch instances whose root
 * volume is encrypted with it.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html
 *
 * The role is named in a condition, not as the principal: KMS refuses a key policy whose principal
 * does not exist (MalformedPolicyDocumentException), and in a fresh account the role appears only
 * when the first node group creates its Auto Scaling group, after this key. A condition value is a
 * plain string, so the key is created either way, and the statements take effect once the role
 * exists. `kms:CallerAccount` and `kms:ViaService` keep them to this account's EC2 calls.
 */
export function dataKeyPolicy(accountId: string, region: string): object {
    const viaAutoScaling = {
        StringEquals: {
            "kms:CallerAccount": accountId,
            "kms:ViaService": `ec2.${region}.amazonaws.com`,
        },
        ArnEquals: { "aws:PrincipalArn": autoScalingServiceRoleArn(accountId) },
    };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersThroughIam",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "AutoScalingUsesKeyForVolumes",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: [...EBS_VOLUME_KEY_ACTIONS],
                Resource: "*",
                Condition: viaAutoScaling,
            },
            {
                Sid: "AutoScalingAttachesPersistentResources",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "kms:CreateGrant",
                Resource: "*",
                Condition: { ...viaAutoScaling, Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
        ],
    };
}

export interface ClusterArgs {
    /** The EKS cluster's name. */
    readonly clusterName: string;
    /** Kubernetes minor version, pinned: "1.33". */
    readonly version: string;
    readonly vpcId: pulumi.Input<string>;
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * CIDRs allowed to reach the public API endpoint. Empty keeps the endpoint private-only.
     * @default []
     */
    readonly publicAccessCidrs?: readonly string[];
    /** IAM role granted cluster admin through an access entry. */
    readonly adminRoleArn: string;
    /** The stack's region: the data key's conditions name its EC2 endpoint. */
    readonly region: string;
    /**
     * Security group of the in-VPC CI runners (the network program's), let in to the API on 443.
     * The Kubernetes provider waits for that rule, so a destroy removes every Kubernetes resource
     * before the path to the API closes. @default none: no runner reaches the API
     */
    readonly apiClientSecurityGroupId?: pulumi.Input<string>;
}

/**
 * What a component built on the cluster takes from it, in one argument: the cluster's name, its
 * IRSA trust (OIDC provider and issuer), its data key and the Kubernetes provider. The provider
 * comes only from here, so no Kubernetes child can fall back to an ambient kubeconfig.
 */
export interface ClusterHandle {
    /** The EKS cluster's name. */
    readonly clusterName: string;
    /** ARN of the cluster's IAM OIDC provider: the federated principal of IRSA trust policies. */
    readonly oidcProviderArn: pulumi.Input<string>;
    /** The cluster's OIDC issuer URL, whose `:sub` and `:aud` claims IRSA trust policies match. */
    readonly oidcIssuerUrl: pulumi.Input<string>;
    /** KMS key for EBS volumes (root and persistent) and the S3 artifacts bucket. */
    readonly dataKeyArn: pulumi.Input<string>;
    /** The Kubernetes provider built from the cluster's kubeconfig; every Kubernetes child uses it. */
    readonly k8sProvider: k8s.Provider;
}

/**
 * The EKS control plane: private API endpoint (public only from listed CIDRs), every log type,
 * secrets envelope-encrypted with a rotating KMS key, API authentication with access entries,
 * an OIDC provider for IRSA, and the networking add-ons managed as EKS add-ons.
 */
export class Cluster extends pulumi.ComponentResource {
    readonly clusterName: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly oidcIssuerUrl: pulumi.Output<string>;
    readonly secretsKeyArn: pulumi.Output<string>;
    /** Key for EBS volumes (root and persistent) and the S3 artifacts bucket. */
    readonly dataKeyArn: pulumi.Output<string>;
    readonly nodeRoleArn: pulumi.Output<string>;
    /** What the components built on this cluster take from it (`ClusterHandle`). */
    readonly handle: ClusterHandle;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("rayops:cluster:Cluster", name, {}, opts);
        // Children inherit the AWS provider passed in `opts.providers`; there is no ambient one.
        const awsOpts = { parent: this };
        const publicCidrs = [...(args.publicAccessCidrs ?? [])];

        const secretsKey = new aws.kms.Key(
            `${name}-secrets`,
            {
                description: `Envelope encryption of Kubernetes secrets in ${args.clusterName}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
            },
            awsOpts,
        );
        new aws.kms.Alias(
            `${name}-secrets`,
            { name: `alias/${args.clusterName}-secrets`, targetKeyId: secretsKey.keyId },
            awsOpts,
        );

        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const account = identity.accountId;
        // Refused before anything is created: the entry would fail only once the cluster exists.
        const adminPrincipal = identity.arn.apply((deployer) => {
            const conflict = adminEntryConflict(deployer, args.adminRoleArn);
            if (conflict) throw new pulumi.ResourceError(conflict, this);
            return args.adminRoleArn;
        });
        const dataKey = new aws.kms.Key(
            `${name}-data`,
            {
                description: `Encryption of ${args.clusterName}'s node volumes, persistent volumes and artifacts bucket`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: account.apply((id) => JSON.stringify(dataKeyPolicy(id, args.region))),
            },
            awsOpts,
        );
        new aws.kms.Alias(
            `${name}-data`,
            { name: `alias/${args.clusterName}-data`, targetKeyId: dataKey.keyId },
            awsOpts,
        );

        const nodeRole = createNodeRole(
            `${name}-node`,
            `Node role of ${args.clusterName}'s managed node groups`,
            this,
        );

        const cluster = new eks.Cluster(
            `${name}-eks`,
            {
                name: args.clusterName,
                version: args.version,
                vpcId: args.vpcId,
                privateSubnetIds: args.privateSubnetIds,
                publicSubnetIds: args.publicSubnetIds,
                skipDefaultNodeGroup: true,
                skipDefaultSecurityGroups: true,
                createInstanceRole: false,
                nodeAssociatePublicIpAddress: false,
                authenticationMode: eks.AuthenticationMode.Api,
                accessEntries: {
                    admin: {
                        principalArn: adminPrincipal,
                        accessPolicies: {
                            admin: { policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: "cluster" } },
                        },
                    },
                },
                createOidcProvider: true,
                endpointPrivateAccess: true,
                endpointPublicAccess: publicCidrs.length > 0,
                publicAccessCidrs: publicCidrs.length > 0 ? publicCidrs : undefined,
                enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
                encryptionConfigKeyArn: secretsKey.arn,
                // The networking add-ons are created below as aws.eks.Addon so they are visible
                // (and policy-checked) in the offline plan, where eks.Cluster's children are not.
                useDefaultVpcCni: true,
                corednsAddonOptions: { enabled: false },
                kubeProxyAddonOptions: { enabled: false },
            },
            { parent: this },
        );

        this.clusterName = pulumi.output(args.clusterName);
        this.endpoint = cluster.core.endpoint;
        this.kubeconfig = pulumi.secret(cluster.kubeconfigJson);
        this.oidcProviderArn = cluster.oidcProviderArn;
        this.oidcIssuerUrl = cluster.oidcProviderUrl;
        this.secretsKeyArn = secretsKey.arn;
        this.dataKeyArn = dataKey.arn;
        this.nodeRoleArn = nodeRole.arn;

        const cniRole = irsaRole(
            `${name}-vpc-cni`,
            {
                oidcProviderArn: this.oidcProviderArn,
                oidcIssuerUrl: this.oidcIssuerUrl,
                namespace: "kube-system",
                serviceAccount: "aws-node",
                managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"],
            },
            this,
        );
        new aws.eks.Addon(
            `${name}-vpc-cni`,
            {
                clusterName: args.clusterName,
                addonName: "vpc-cni",
                serviceAccountRoleArn: cniRole.arn,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "PRESERVE",
            },
            { ...awsOpts, dependsOn: [cluster] },
        );
        new aws.eks.Addon(
            `${name}-kube-proxy`,
            {
                clusterName: args.clusterName,
                addonName: "kube-proxy",
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "PRESERVE",
            },
            { ...awsOpts, dependsOn: [cluster] },
        );

        const apiAccess = args.apiClientSecurityGroupId
            ? [
                  new aws.vpc.SecurityGroupIngressRule(
                      `${name}-api-from-ci`,
                      {
                          securityGroupId: cluster.clusterSecurityGroupId,
                          referencedSecurityGroupId: args.apiClientSecurityGroupId,
                          ipProtocol: "tcp",
                          fromPort: 443,
                          toPort: 443,
                          description: API_INGRESS_DESCRIPTION,
                          // The pack judges rules carrying this tag even while their ids are unknown.
                          tags: { [EKS_API_TAG.key]: EKS_API_TAG.value },
                      },
                      awsOpts,
                  ),
              ]
            : [];

        const k8sProvider = new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig: this.kubeconfig, enableServerSideApply: true, deleteUnreachable: false },
            { parent: this, dependsOn: apiAccess },
        );
        this.handle = {
            clusterName: args.clusterName,
            oidcProviderArn: this.oidcProviderArn,
            oidcIssuerUrl: this.oidcIssuerUrl,
            dataKeyArn: this.dataKeyArn,
            k8sProvider,
        };

        this.registerOutputs({
            clusterName: this.clusterName,
            endpoint: this.endpoint,
            kubeconfig: this.kubeconfig,
            oidcProviderArn: this.oidcProviderArn,
            oidcIssuerUrl: this.oidcIssuerUrl,
            secretsKeyArn: this.secretsKeyArn,
            dataKeyArn: this.dataKeyArn,
            nodeRoleArn: this.nodeRoleArn,
        });
    }
}
