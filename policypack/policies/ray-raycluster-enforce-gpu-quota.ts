import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { gpusPerNode, nodePoolsOf } from "../lib/node-pools";
import { nameOf } from "../lib/policy";
import { CRD_DEFAULT_MAX_REPLICAS, podGpuLimitOf, RAY_CLUSTER_TYPE, workerGroupsOf } from "../lib/ray";
import { UNKNOWN } from "../lib/values";
import { configSchemaFor, readConfig } from "./config";

/**
 * The GPU quota, in GPUs: maxGpuNodes × the most GPUs one node of the stack's GPU pools offers
 * (only allowed GPU types count; 1 when the stack has no GPU pool, the cautious choice). That is
 * the most GPUs the pools can ever provide, so Ray worker groups that could ask for more would
 * wait forever or push the pools past their limit.
 */
export function gpuQuota(
    resources: readonly PolicyResource[],
    maxGpuNodes: number,
    allowedGpuTypes: readonly string[],
): { gpus: number; perNode: number; instanceType?: string } {
    let perNode = 0;
    let instanceType: string | undefined;
    for (const pool of nodePoolsOf(resources)) {
        if (!pool.gpu || pool.instanceTypes === UNKNOWN) continue;
        for (const t of pool.instanceTypes) {
            if (!allowedGpuTypes.includes(t) || gpusPerNode(t) <= perNode) continue;
            perNode = gpusPerNode(t);
            instanceType = t;
        }
    }
    if (perNode === 0) return { gpus: maxGpuNodes, perNode: 1 };
    return { gpus: maxGpuNodes * perNode, perNode, instanceType };
}

interface Demand {
    readonly cluster: PolicyResource;
    readonly gpus: number;
    readonly parts: string[];
    readonly unbounded: string[];
}

/**
 * RayClusters together may not ask for more GPUs than the quota: the sum over worker groups of
 * maxReplicas × numOfHosts × the pod's nvidia.com/gpu limit. A group without maxReplicas is
 * unbounded (the CRD's default is int32 max) and always exceeds it.
 */
export const rayRayClusterEnforceGpuQuota: StackValidationPolicy = {
    name: "ray-raycluster-enforce-gpu-quota",
    description:
        "RayCluster worker groups can together use at most maxGpuNodes × GPUs per node of the GPU pools.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: configSchemaFor("maxGpuNodes", "allowedGpuInstanceTypes"),
    validateStack: (args, report) => {
        const demands: Demand[] = [];
        for (const cluster of args.resources) {
            if (cluster.type !== RAY_CLUSTER_TYPE) continue;
            const groups = workerGroupsOf(cluster.props);
            if (groups === UNKNOWN) continue;
            let gpus = 0;
            const parts: string[] = [];
            const unbounded: string[] = [];
            for (const g of groups) {
                const perPod = podGpuLimitOf(g);
                if (perPod === UNKNOWN || perPod === 0) continue;
                if (g.maxReplicas === UNKNOWN || g.numOfHosts === UNKNOWN) continue;
                if (g.maxReplicas === undefined || g.maxReplicas >= CRD_DEFAULT_MAX_REPLICAS) {
                    unbounded.push(g.groupName);
                    continue;
                }
                const n = g.maxReplicas * g.numOfHosts * perPod;
                gpus += n;
                const hosts = g.numOfHosts === 1 ? "" : ` × ${g.numOfHosts} hosts`;
                parts.push(`"${g.groupName}" ${g.maxReplicas}${hosts} × ${perPod} GPU`);
            }
            if (gpus > 0 || unbounded.length > 0) demands.push({ cluster, gpus, parts, unbounded });
        }
        // Stryker disable next-line ConditionalExpression: with no demands nothing is reported either way; the return skips the quota
        if (demands.length === 0) return;
        const config = readConfig(args);
        const quota = gpuQuota(args.resources, config.maxGpuNodes, config.allowedGpuInstanceTypes);
        const quotaText = `the quota of ${quota.gpus} GPUs (maxGpuNodes ${config.maxGpuNodes} × ${quota.perNode} per node${quota.instanceType ? ` of ${quota.instanceType}` : ", no allowed GPU pool found"})`;
        const total = demands.reduce((sum, d) => sum + d.gpus, 0);
        for (const d of demands) {
            if (d.unbounded.length > 0) {
                report(
                    `${nameOf(d.cluster)} worker groups ${d.unbounded.map((g) => `"${g}"`).join(", ")} request GPUs without maxReplicas, so they may ask for unlimited GPUs, above ${quotaText}. Set maxReplicas on each GPU worker group.`,
                    d.cluster.urn,
                );
            }
        }
        if (total <= quota.gpus) return;
        for (const d of demands) {
            if (d.gpus === 0) continue;
            const others = total - d.gpus;
            report(
                `${nameOf(d.cluster)} may use up to ${d.gpus} GPUs (${d.parts.join(", ")})${others > 0 ? ` and other RayClusters ${others}` : ""}: ${total} in all, above ${quotaText}. Lower maxReplicas or the nvidia.com/gpu limit, or raise "maxGpuNodes" in the policy pack config.`,
                d.cluster.urn,
            );
        }
    },
};
