/**
 * Pure builders of the add-ons' Helm values and IAM policy. Every system add-on runs on the
 * system pool: it selects `rayops.io/pool=system` and tolerates `CriticalAddonsOnly`.
 */
import { GPU_RESOURCE, POOL_LABEL } from "../../policypack/lib/node-pools";

export const SYSTEM_PLACEMENT = {
    nodeSelector: { [POOL_LABEL]: "system" },
    tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }],
} as const;

/** Chart repositories (pinned versions come from the stack config). */
export const CHART_REPOS = {
    clusterAutoscaler: "https://kubernetes.github.io/autoscaler",
    nvidiaDevicePlugin: "https://nvidia.github.io/k8s-device-plugin",
    metricsServer: "https://kubernetes-sigs.github.io/metrics-server/",
} as const;

/** metrics-server chart version (3.13.0, released 2025-07; read 2026-11-25 from its chart index). */
export const METRICS_SERVER_CHART_VERSION = "3.13.0";

export const CLUSTER_AUTOSCALER_SA = "cluster-autoscaler";

/**
 * Least privilege for the cluster-autoscaler: it may describe anything (AWS offers no
 * resource-level scoping for those calls), but may resize or terminate only Auto Scaling groups
 * tagged as owned by this cluster — EKS puts that tag on every managed node group's ASG.
 * The actions are the AWS cloud provider README's "full features" policy at the image's tag,
 * kept in test/fixtures/upstream/iam/cluster-autoscaler-*.json and checked both ways by
 * test/upstream/controller-iam.spec.ts.
 * https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#iam-policy
 */
export function clusterAutoscalerPolicy(clusterName: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DescribeScalingState",
                Effect: "Allow",
                Action: [
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                    "eks:DescribeNodegroup",
                ],
                Resource: "*",
            },
            {
                Sid: "ResizeOnlyThisClustersGroups",
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: "*",
                Condition: {
                    StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" },
                },
            },
        ],
    };
}

export interface ClusterAutoscalerValuesArgs {
    readonly clusterName: string;
    readonly region: string;
    readonly roleArn: string;
    readonly imageTag: string;
    readonly expander: string;
    readonly scaleDownUnneededTime: string;
    readonly scaleDownDelayAfterAdd: string;
    readonly balanceSimilarNodeGroups: boolean;
}

export function clusterAutoscalerValues(a: ClusterAutoscalerValuesArgs): Record<string, unknown> {
    return {
        autoDiscovery: { clusterName: a.clusterName },
        awsRegion: a.region,
        cloudProvider: "aws",
        image: { tag: a.imageTag },
        rbac: {
            serviceAccount: {
                create: true,
                name: CLUSTER_AUTOSCALER_SA,
                annotations: { "eks.amazonaws.com/role-arn": a.roleArn },
            },
        },
        extraArgs: {
            expander: a.expander,
            "balance-similar-node-groups": a.balanceSimilarNodeGroups,
            "scale-down-unneeded-time": a.scaleDownUnneededTime,
            "scale-down-delay-after-add": a.scaleDownDelayAfterAdd,
            // Ray pods keep logs and object spill in emptyDir volumes; with the default (true)
            // a node that ever ran a Ray worker could never be scaled down.
            "skip-nodes-with-local-storage": false,
        },
        priorityClassName: "system-cluster-critical",
        resources: { requests: { cpu: "100m", memory: "300Mi" }, limits: { cpu: "500m", memory: "600Mi" } },
        ...SYSTEM_PLACEMENT,
    };
}

/** The device plugin runs only where GPUs are: it tolerates the GPU taint and selects GPU nodes. */
export function nvidiaDevicePluginValues(): Record<string, unknown> {
    return {
        nodeSelector: { "nvidia.com/gpu.present": "true" },
        tolerations: [
            { key: GPU_RESOURCE, operator: "Exists", effect: "NoSchedule" },
            { key: "CriticalAddonsOnly", operator: "Exists" },
        ],
        priorityClassName: "system-node-critical",
    };
}

export function metricsServerValues(): Record<string, unknown> {
    return {
        ...SYSTEM_PLACEMENT,
        priorityClassName: "system-cluster-critical",
        resources: { requests: { cpu: "100m", memory: "200Mi" }, limits: { memory: "400Mi" } },
    };
}
