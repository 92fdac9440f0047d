/**
 * Pure description of a node pool: labels, taints, AMI type and the cluster-autoscaler's
 * node-template tags. Kept apart from the component so every rule is tested without Pulumi.
 */

import { INSTANCE_TYPES } from "../../policypack/lib/instance-types";
import { GPU_RESOURCE, POOL_LABEL } from "../../policypack/lib/node-pools";

/** The managed node pools a stack may have, in the order the program creates them. */
export const NODE_POOL_NAMES = ["system", "cpu", "gpu", "runners"] as const;
export type NodePoolName = (typeof NODE_POOL_NAMES)[number];

export interface Taint {
    readonly key: string;
    readonly value: string;
    /** The EKS API's spelling; Kubernetes spells it `NoSchedule`. */
    readonly effect: "NO_SCHEDULE";
}

/** The taint each pool carries, so only pods that tolerate it land there. */
export const POOL_TAINTS: Readonly<Record<NodePoolName, readonly Taint[]>> = {
    system: [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }],
    cpu: [],
    gpu: [{ key: GPU_RESOURCE, value: "true", effect: "NO_SCHEDULE" }],
    runners: [{ key: "github-runners", value: "true", effect: "NO_SCHEDULE" }],
};

export function isGpuPool(name: NodePoolName): boolean {
    return name === "gpu";
}

export function amiType(name: NodePoolName): string {
    return isGpuPool(name) ? "AL2023_x86_64_NVIDIA" : "AL2023_x86_64_STANDARD";
}

/**
 * Node labels. GPU pools carry `nvidia.com/gpu.present=true` (the NVIDIA device plugin's node
 * affinity selects on it) and the accelerator model for schedulers that pick a GPU kind. A node
 * group labels all its nodes alike, so a pool mixing GPU models (g5 with A10G, g6 with L4) gets
 * no accelerator label rather than one that is wrong for some of its nodes.
 */
export function poolLabels(
    name: NodePoolName,
    instanceTypes: readonly string[],
    extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
    const labels: Record<string, string> = { [POOL_LABEL]: name };
    if (isGpuPool(name)) {
        labels["nvidia.com/gpu.present"] = "true";
        const models = new Set(instanceTypes.map((t) => INSTANCE_TYPES[t]?.gpuModel));
        const [model] = models;
        if (models.size === 1 && model) labels["k8s.amazonaws.com/accelerator"] = model;
    }
    return { ...extra, ...labels };
}

/** GPUs per node: the smallest count among the pool's types, so the template never promises more. */
export function gpusPerNode(instanceTypes: readonly string[]): number {
    return Math.min(...instanceTypes.map((t) => INSTANCE_TYPES[t]?.gpus ?? 0));
}

const TEMPLATE = "k8s.io/cluster-autoscaler/node-template";

/**
 * Tags on the node group's Auto Scaling group that describe a node before one exists. With a
 * pool at zero nodes the cluster-autoscaler has no node to look at; from these tags it learns
 * that a new node would carry the labels, taints and GPUs a pending pod needs.
 * https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#auto-discovery-setup
 */
export function nodeTemplateTags(
    labels: Readonly<Record<string, string>>,
    taints: readonly Taint[],
    gpus: number,
): Record<string, string> {
    const tags: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels)) tags[`${TEMPLATE}/label/${k}`] = v;
    for (const t of taints) tags[`${TEMPLATE}/taint/${t.key}`] = `${t.value}:NoSchedule`;
    if (gpus > 0) tags[`${TEMPLATE}/resources/nvidia.com/gpu`] = String(gpus);
    return tags;
}

/** One managed node group of a pool: all of a pool, or its share of one GPU model. */
export interface NodeGroupPlan {
    /** Added to the pool's name for the group's name: the GPU model (`nvidia-l4`); absent for a whole pool. */
    readonly model?: string;
    readonly instanceTypes: readonly string[];
    readonly minSize: number;
    readonly maxSize: number;
    readonly desiredSize: number;
}

/** `total` shared among `parts` as evenly as whole numbers allow, the first parts taking the remainder. */
function share(total: number, parts: number, i: number): number {
    return Math.floor(total / parts) + (i < total % parts ? 1 : 0);
}

/**
 * The node groups of a pool. A node group labels every node alike and the cluster-autoscaler
 * reads one node template per group, so a GPU pool that mixes models (g5's A10G with g6's L4)
 * becomes one group per model, each carrying its `k8s.amazonaws.com/accelerator` label: without
 * it the cluster-autoscaler cannot tell a GPU node that is still starting its device plugin from
 * one without GPUs, and may scale out again. The pool's sizes are shared among its groups, so the
 * pool as a whole never grows past its configured `maxSize`. Other pools stay one group.
 */
export function nodeGroupsOf(pool: {
    readonly name: NodePoolName;
    readonly instanceTypes: readonly string[];
    readonly minSize: number;
    readonly maxSize: number;
    readonly desiredSize: number;
}): NodeGroupPlan[] {
    const whole = [{ ...pool, instanceTypes: [...pool.instanceTypes] }].map(({ name: _, ...g }) => g);
    if (!isGpuPool(pool.name)) return whole;
    const models = [...new Set(pool.instanceTypes.map((t) => INSTANCE_TYPES[t]?.gpuModel ?? "unknown"))];
    if (models.length < 2) return whole;
    return models.map((model, i) => ({
        model,
        instanceTypes: pool.instanceTypes.filter((t) => (INSTANCE_TYPES[t]?.gpuModel ?? "unknown") === model),
        minSize: share(pool.minSize, models.length, i),
        maxSize: share(pool.maxSize, models.length, i),
        desiredSize: share(pool.desiredSize, models.length, i),
    }));
}
