/**
 * Karpenter's AWS permissions for one cluster: the controller's IAM policy, the node role's extra
 * managed policies, the Spot service-linked role decision, and the interruption queue's policy and
 * the EventBridge patterns that feed it. Pure, like components/karpenter/manifest.ts.
 *
 * Upstream reference: the getting-started CloudFormation template of aws/karpenter-provider-aws
 * v1.12.1; test/fixtures/upstream/karpenter-v1.12.1-controller-iam.json holds its statements, the
 * path it lives at and what we leave out and why, and test/components/karpenter/upstream-iam.spec.ts
 * fails when this policy lacks one of its actions.
 */

/** The tag Karpenter puts on everything it launches for a NodePool; the IAM conditions key on it. */
const NODEPOOL_TAG = "karpenter.sh/nodepool";

/**
 * Managed policies the Karpenter node role gets on top of every node role's (components/iam/node-role.ts).
 * Upstream attaches AmazonSSMManagedInstanceCore to its node role: the SSM agent in the AL2023 EKS
 * AMI registers the node, so Session Manager and Run Command reach it without SSH or a bastion.
 */
export const KARPENTER_NODE_EXTRA_POLICY_ARNS = [
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
] as const;

/**
 * The service of EC2's Spot service-linked role (AWSServiceRoleForEC2Spot). EC2 needs it before
 * an API caller such as Karpenter can launch Spot capacity; the console creates it, the API does not.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/service-linked-roles-spot-instance-requests.html (read 2026-12-01)
 */
export const SPOT_SERVICE = "spot.amazonaws.com";

/**
 * Whether the component creates the Spot service-linked role: only when some pool may launch Spot,
 * and only when the stack owns the role (`create`); an account holds one such role, so every other
 * stack of the account passes `false` (creating it twice fails with "has been taken").
 */
export function createsSpotServiceLinkedRole(
    pools: readonly { readonly capacityType: "ON_DEMAND" | "SPOT" }[],
    create: boolean,
): boolean {
    return create && pools.some((p) => p.capacityType === "SPOT");
}

export interface ControllerPolicyArgs {
    readonly clusterName: string;
    readonly region: string;
    readonly accountId: string;
    readonly queueArn: string;
    readonly nodeRoleArn: string;
    readonly dataKeyArn: string;
}

/**
 * Least privilege for the controller: it may create and tag instances, fleets and launch
 * templates only when the request tags them as this cluster's (`kubernetes.io/cluster/<name>:
 * owned` plus a NodePool tag), and may terminate or delete only what carries those tags, so it
 * cannot touch another cluster's nodes in the same account. Reads are regional; PassRole is for
 * the node role only and only to EC2. It creates no instance profiles: each EC2NodeClass names
 * ours in `instanceProfile` (Karpenter manages profiles only for a class that sets `role`), so
 * upstream's Create/Tag/AddRoleTo/RemoveRoleFrom/Delete InstanceProfile grants are left out, as is
 * `arc-zonal-shift:GetManagedResource`, read only with `settings.enableZonalShift`, which we leave off.
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
                // AMIs and snapshots are owned by AWS or other accounts, so their ARNs name none.
                Resource: ["image/*", "snapshot/*"]
                    .map((r) => `arn:aws:ec2:${a.region}::${r}`)
                    .concat(
                        ["security-group/*", "subnet/*", "capacity-reservation/*", "placement-group/*"].map(
                            ec2,
                        ),
                    ),
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
                    // Karpenter tags a running instance only with its NodeClaim, Name and this cluster's name.
                    StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": a.clusterName },
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
                    "ec2:DescribeCapacityReservations",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstances",
                    // v1.12's health checks poll instance status; without it they stay off.
                    "ec2:DescribeInstanceStatus",
                    "ec2:DescribeInstanceTypeOfferings",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplates",
                    "ec2:DescribePlacementGroups",
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
            // The EC2NodeClass finalizer lists the profiles Karpenter made for the class (a path
            // prefix, /karpenter/<region>/<cluster>/<uid>/) and reads the pre-v1 profile it may have
            // made under a hashed name; any error but NotFound, AccessDenied included, stops the
            // finalizer before it deletes the class's launch templates, and the delete hangs. The
            // read is account-wide like upstream's because the names probed are computed, not ours.
            {
                Sid: "ListInstanceProfiles",
                Effect: "Allow",
                Action: "iam:ListInstanceProfiles",
                Resource: "*",
            },
            {
                Sid: "ReadInstanceProfiles",
                Effect: "Allow",
                Action: "iam:GetInstanceProfile",
                Resource: `arn:aws:iam::${a.accountId}:instance-profile/*`,
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
 * before AWS reclaims it (Spot's two-minute warning, scheduled maintenance, an interruptible
 * capacity reservation taken back) instead of losing pods; the five rules of upstream's template.
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
    "capacity-reservation-interruption": {
        source: ["aws.ec2"],
        "detail-type": ["EC2 Capacity Reservation Instance Interruption Warning"],
    },
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
