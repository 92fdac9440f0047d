/**
 * Pure description of Karpenter for one cluster: the Helm values, and the EC2NodeClass and
 * NodePool manifests that mirror the managed pools; its IAM and interruption-queue policies are in
 * components/karpenter/iam.ts. Kept apart from the component so every rule is tested without Pulumi.
 * The objects are checked against the v1.12.1 CRDs, CEL rules included, by
 * test/components/karpenter/crd-schema.spec.ts.
 */

import { INSTANCE_TYPES } from "../../policypack/lib/instance-types";
import { GPU_RESOURCE } from "../../policypack/lib/node-pools";
import { SYSTEM_PLACEMENT } from "../addons/values";
import type { NodePoolName } from "../nodes/scheduling";
import { isGpuPool, POOL_TAINTS, poolLabels } from "../nodes/scheduling";

export const KARPENTER_CHART = "oci://public.ecr.aws/karpenter/karpenter";
export const KARPENTER_NAMESPACE = "kube-system";
export const KARPENTER_SA = "karpenter";
export const NODEPOOL_API = "karpenter.sh/v1";
export const NODECLASS_API = "karpenter.k8s.aws/v1";

/**
 * The EKS-optimised AL2023 release every EC2NodeClass runs, pinned: with `al2023@latest` each new
 * AMI release drifts and replaces every Karpenter node (Ray workers mid-job included) on AWS's
 * schedule; pinned, a new AMI arrives as a reviewed change of this line. Karpenter resolves it per
 * cluster version (`.../optimized-ami/<k8s>/amazon-linux-2023/x86_64/{standard,nvidia}/
 * amazon-eks-node-al2023-x86_64-<variant>-<k8s>-v20260114/image_id`), so the release must exist for
 * the cluster's Kubernetes version: v20260114 covers 1.29 to 1.35 (standard and NVIDIA variants).
 * Upstream's v1.12.1 AMI e2e suite uses this release on 1.35 (test/suites/ami/suite_test.go);
 * test/fixtures/upstream/karpenter-v1.12.1-ami-alias.json records both sources (read 2026-12-01).
 */
export const AL2023_AMI_ALIAS = "al2023@v20260114";

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
 * The `karpenter.k8s.aws/v1` EC2NodeClass: AL2023 at `AL2023_AMI_ALIAS` (Karpenter picks the
 * NVIDIA variant for GPU types), our node role's instance profile (so Karpenter manages none),
 * the private subnets by id, the cluster security group EKS tags with
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
            amiSelectorTerms: [{ alias: AL2023_AMI_ALIAS }],
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
