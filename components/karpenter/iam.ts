/**
 * Karpenter's AWS permissions for one cluster: the controller's IAM policy, and the interruption
 * queue's policy and the EventBridge patterns that feed it. Pure, like components/karpenter/manifest.ts.
 * Karpenter v1 reference: https://karpenter.sh/docs/reference/cloudformation/ (read 2026-11-25).
 */

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
