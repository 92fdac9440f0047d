/**
 * Pure description of Karpenter for one cluster: the controller's IAM policy, the interruption
 * queue's policy and event patterns, the Helm values, and the EC2NodeClass and NodePool manifests
 * that mirror the managed pools. Kept apart from the component so every rule is tested without Pulumi.
 * Karpenter v1 reference: https://karpenter.sh/docs/reference/cloudformation/ (read 2026-11-25).
 */
import { SYSTEM_PLACEMENT } from "./addons-values";
import type { NodePoolName } from "./config";
import { INSTANCE_TYPES } from "./instance-types";
import { isGpuPool, POOL_TAINTS, poolLabels } from "./node-pool-spec";

export const KARPENTER_CHART = "oci://public.ecr.aws/karpenter/karpenter";
export const KARPENTER_NAMESPACE = "kube-system";
export const KARPENTER_SA = "karpenter";
export const NODEPOOL_API = "karpenter.sh/v1";
export const NODECLASS_API = "karpenter.k8s.aws/v1";
export const GPU_RESOURCE = "nvidia.com/gpu";

/** The tag Karpenter puts on everything it launches for a NodePool; the IAM conditions key on it. */
const NODEPOOL_TAG = "karpenter.sh/nodepool";

export interface ControllerPolicyArgs {
    readonly clusterName: string;
    readonly region: string;
    readonly accountId: string;
    readonly queueArn: string;
    readonly nodeRoleArn: string;
    readonly instanceProfileArn: string;
    readonly dataKeyArn: string;
}

/**
 * Least privilege for the controller: it may create and tag instances, fleets and launch
 * templates only when the request tags them as this cluster's (`kubernetes.io/cluster/<name>:
 * owned` plus a NodePool tag), and may terminate or delete only what carries those tags, so it
 * cannot touch another cluster's nodes in the same account. Reads are regional; PassRole is for
 * the node role only and only to EC2.
 */
export function karpenterControllerPolicy(a: ControllerPolicyArgs): object {
    const ec2 = (resource: string) => `arn:aws:ec2:${a.region}:*:${resource}`;
    const clusterTag = `kubernetes.io/cluster/${a.clusterName}`;
    const created = ["fleet/*", "instance/*", "volume/*", "network-interface/*", "launch-template/*"]
        .concat("spot-instances-request/*")
        .map(ec2);
    const requestTagged = {
        StringEquals: {
            [`aws:RequestTag/${clusterTag}`]: "owned",
            "aws:RequestTag/eks:eks-cluster-name": a.clusterName,
        },
        StringLike: { [`aws:RequestTag/${NODEPOOL_TAG}`]: "*" },
    };
    const resourceTagged = {
        StringEquals: { [`aws:ResourceTag/${clusterTag}`]: "owned" },
        StringLike: { [`aws:ResourceTag/${NODEPOOL_TAG}`]: "*" },
    };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "LaunchFromSharedResources",
                Effect: "Allow",
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
                Resource: ["image/*", "snapshot/*", "security-group/*", "subnet/*", "capacity-reservation/*"]
                    .map((r) => `arn:aws:ec2:${a.region}::${r}`)
                    .concat(["security-group/*", "subnet/*", "capacity-reservation/*"].map(ec2)),
            },
            {
                Sid: "LaunchFromOwnLaunchTemplates",
                Effect: "Allow",
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
                Resource: ec2("launch-template/*"),
                Condition: resourceTagged,
            },
            {
                Sid: "CreateOnlyClusterTagged",
                Effect: "Allow",
                Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
                Resource: created,
                Condition: requestTagged,
            },
            {
                Sid: "TagOnCreate",
                Effect: "Allow",
                Action: "ec2:CreateTags",
                Resource: created,
                Condition: {
                    ...requestTagged,
                    StringEquals: {
                        ...requestTagged.StringEquals,
                        "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
                    },
                },
            },
            {
                Sid: "TagOwnInstances",
                Effect: "Allow",
                Action: "ec2:CreateTags",
                Resource: ec2("instance/*"),
                Condition: {
                    ...resourceTagged,
                    "ForAllValues:StringEquals": {
                        "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"],
                    },
                },
            },
            {
                Sid: "DeleteOnlyOwn",
                Effect: "Allow",
                Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
                Resource: [ec2("instance/*"), ec2("launch-template/*")],
                Condition: resourceTagged,
            },
            {
                Sid: "RegionalReads",
                Effect: "Allow",
                Action: [
                    "ec2:DescribeAvailabilityZones",
                    "ec2:DescribeCapacityReservations",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstances",
                    "ec2:DescribeInstanceTypeOfferings",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplates",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeSpotPriceHistory",
                    "ec2:DescribeSubnets",
                ],
                Resource: "*",
                Condition: { StringEquals: { "aws:RequestedRegion": a.region } },
            },
            {
                Sid: "AmiParameters",
                Effect: "Allow",
                Action: "ssm:GetParameter",
                Resource: `arn:aws:ssm:${a.region}::parameter/aws/service/*`,
            },
            // The Price List API has no resource-level permissions.
            { Sid: "Prices", Effect: "Allow", Action: "pricing:GetProducts", Resource: "*" },
            {
                Sid: "InterruptionQueue",
                Effect: "Allow",
                Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
                Resource: a.queueArn,
            },
            {
                Sid: "PassNodeRoleToEc2",
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: a.nodeRoleArn,
                Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
            },
            {
                Sid: "ReadNodeInstanceProfile",
                Effect: "Allow",
                Action: "iam:GetInstanceProfile",
                Resource: a.instanceProfileArn,
            },
            {
                Sid: "DiscoverClusterEndpoint",
                Effect: "Allow",
                Action: "eks:DescribeCluster",
                Resource: `arn:aws:eks:${a.region}:${a.accountId}:cluster/${a.clusterName}`,
            },
            {
                // Launching with volumes encrypted by the data key needs grants on it, only via EC2.
                Sid: "EncryptNodeVolumes",
                Effect: "Allow",
                Action: [
                    "kms:CreateGrant",
                    "kms:Decrypt",
                    "kms:DescribeKey",
                    "kms:GenerateDataKeyWithoutPlaintext",
                ],
                Resource: a.dataKeyArn,
                Condition: { StringEquals: { "kms:ViaService": `ec2.${a.region}.amazonaws.com` } },
            },
        ],
    };
}

/**
 * EventBridge patterns Karpenter's interruption handling reads: it cordons and drains a node
 * before AWS reclaims it (Spot's two-minute warning, scheduled maintenance) instead of losing pods.
 * https://karpenter.sh/docs/concepts/disruption/#interruption (read 2026-11-25)
 */
export const INTERRUPTION_EVENTS = {
    "spot-interruption": { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
    rebalance: { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
    "instance-state-change": {
        source: ["aws.ec2"],
        "detail-type": ["EC2 Instance State-change Notification"],
    },
    "scheduled-change": { source: ["aws.health"], "detail-type": ["AWS Health Event"] },
} as const;

/** Only EventBridge (and SQS itself) may send to the queue; TLS only. */
export function interruptionQueuePolicy(queueArn: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "EventBridgeSends",
                Effect: "Allow",
                Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
                Action: "sqs:SendMessage",
                Resource: queueArn,
            },
            {
                Sid: "DenyNonTls",
                Effect: "Deny",
                Principal: "*",
                Action: "sqs:*",
                Resource: queueArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

export function karpenterValues(a: {
    readonly clusterName: string;
    readonly queueName: string;
    readonly roleArn: string;
    readonly replicas: number;
}): Record<string, unknown> {
    return {
        settings: { clusterName: a.clusterName, interruptionQueue: a.queueName },
        serviceAccount: {
            name: KARPENTER_SA,
            annotations: { "eks.amazonaws.com/role-arn": a.roleArn },
        },
        // On the managed system nodes: Karpenter must never run on nodes it manages itself.
        ...SYSTEM_PLACEMENT,
        // The chart's anti-affinity wants one replica per node; a one-node system pool gets one.
        replicas: a.replicas,
        controller: {
            resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "1Gi" } },
        },
    };
}

export interface PoolSpecArgs {
    readonly pool: NodePoolName;
    readonly instanceTypes: readonly string[];
    readonly maxSize: number;
    readonly capacityType: "ON_DEMAND" | "SPOT";
    readonly labels?: Readonly<Record<string, string>>;
    readonly consolidationPolicy: "WhenEmpty" | "WhenEmptyOrUnderutilized";
    readonly consolidateAfter: string;
}

/** `g5.xlarge` → `g5`: Karpenter's `instance-family` label. */
export function instanceFamily(instanceType: string): string {
    return instanceType.split(".")[0];
}

/**
 * The pool's quota as Karpenter limits: it stops launching once the pool's nodes add up to these.
 * `maxSize` nodes of the largest type, so the ceiling matches the managed pool's; GPU pools also
 * cap `nvidia.com/gpu`, the resource the GPU quota is about.
 */
export function poolLimits(
    instanceTypes: readonly string[],
    maxSize: number,
    gpu: boolean,
): Record<string, string> {
    const most = (f: (t: string) => number) => Math.max(...instanceTypes.map(f));
    const limits: Record<string, string> = {
        cpu: String(maxSize * most((t) => INSTANCE_TYPES[t]?.vcpu ?? 0)),
    };
    if (gpu) limits[GPU_RESOURCE] = String(maxSize * most((t) => INSTANCE_TYPES[t]?.gpus ?? 0));
    return limits;
}

/** The `karpenter.sh/v1` NodePool mirroring one managed pool; its EC2NodeClass has the same name. */
export function nodePoolManifest(name: string, a: PoolSpecArgs): Record<string, unknown> {
    const gpu = isGpuPool(a.pool);
    const families = [...new Set(a.instanceTypes.map(instanceFamily))];
    return {
        apiVersion: NODEPOOL_API,
        kind: "NodePool",
        metadata: { name },
        spec: {
            template: {
                metadata: { labels: poolLabels(a.pool, a.instanceTypes, a.labels) },
                spec: {
                    nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name },
                    taints: POOL_TAINTS[a.pool].map((t) => ({
                        key: t.key,
                        value: t.value,
                        effect: "NoSchedule",
                    })),
                    requirements: [
                        { key: "karpenter.k8s.aws/instance-family", operator: "In", values: families },
                        {
                            key: "node.kubernetes.io/instance-type",
                            operator: "In",
                            values: [...a.instanceTypes],
                        },
                        {
                            key: "karpenter.sh/capacity-type",
                            operator: "In",
                            values: [a.capacityType === "SPOT" ? "spot" : "on-demand"],
                        },
                        { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] },
                        { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
                    ],
                },
            },
            limits: poolLimits(a.instanceTypes, a.maxSize, gpu),
            disruption: { consolidationPolicy: a.consolidationPolicy, consolidateAfter: a.consolidateAfter },
        },
    };
}

export interface NodeClassArgs {
    readonly instanceProfile: string;
    readonly clusterName: string;
    readonly subnetIds: readonly string[];
    readonly diskSizeGiB: number;
    readonly encrypt: boolean;
    readonly kmsKeyArn: string;
    readonly tags: Readonly<Record<string, string>>;
}

/**
 * The `karpenter.k8s.aws/v1` EC2NodeClass: AL2023 (Karpenter picks the NVIDIA variant for GPU
 * types), the private subnets by id, the cluster security group EKS tags with
 * `aws:eks:cluster-name`, an encrypted gp3 root volume and IMDSv2 with hop limit 1 so pods
 * cannot reach the node role's credentials.
 */
export function nodeClassManifest(name: string, a: NodeClassArgs): Record<string, unknown> {
    return {
        apiVersion: NODECLASS_API,
        kind: "EC2NodeClass",
        metadata: { name },
        spec: {
            instanceProfile: a.instanceProfile,
            amiSelectorTerms: [{ alias: "al2023@latest" }],
            subnetSelectorTerms: a.subnetIds.map((id) => ({ id })),
            securityGroupSelectorTerms: [{ tags: { "aws:eks:cluster-name": a.clusterName } }],
            associatePublicIPAddress: false,
            blockDeviceMappings: [
                {
                    deviceName: "/dev/xvda",
                    ebs: {
                        volumeSize: `${a.diskSizeGiB}Gi`,
                        volumeType: "gp3",
                        encrypted: a.encrypt,
                        ...(a.encrypt ? { kmsKeyID: a.kmsKeyArn } : {}),
                        deleteOnTermination: true,
                    },
                },
            ],
            metadataOptions: {
                httpEndpoint: "enabled",
                httpProtocolIPv6: "disabled",
                httpPutResponseHopLimit: 1,
                httpTokens: "required",
            },
            tags: { ...a.tags },
        },
    };
}
