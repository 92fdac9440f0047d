/**
 * The burst model's view of a stack: each Ray worker group on its node pool, priced (a shape),
 * and how fast the stack's autoscalers add and remove capacity (the timing).
 */

import { parseCpu, parseMemoryGiB } from "../../components/config/quantity";
import type { PlatformConfig } from "../../components/config/schema";
import { podsPerNode } from "../../policypack/lib/instance-types";
import { GIB } from "../../policypack/lib/quantity";
import { DEFAULT_PRICES, type PriceTable } from "./prices";

/** Launch, boot, kubelet registration and pulling the Ray image; GPU nodes often take longer. */
export const DEFAULT_SCALE_UP_MINUTES = 3;

/** One Ray worker group on its node pool, priced. */
export interface BurstShape {
    readonly group: string;
    readonly pool: string;
    readonly instanceType: string;
    readonly worker: { readonly cpu: number; readonly memoryGiB: number; readonly gpus: number };
    readonly podsPerNode: number;
    readonly minNodes: number;
    readonly maxNodes: number;
    /** Most worker pods the group may run (its maxReplicas, and what the pool's nodes hold). */
    readonly maxWorkers: number;
    readonly instanceHourly?: number;
    readonly volumeGiB: number;
    readonly gp3GbMonth?: number;
    readonly region: string;
    /** Where the prices come from and their date (the price table's `source`). */
    readonly priceSource: string;
}

/** How fast capacity follows demand. Minutes throughout. */
export interface ScaleTiming {
    readonly autoscaler: "cluster-autoscaler" | "karpenter";
    readonly scaleUpMinutes: number;
    /** Ray's `idleTimeoutSeconds`: an idle worker pod is removed after it. */
    readonly workerIdleMinutes: number;
    /** An empty node is removed after it (CA `scaleDownUnneededTime`, Karpenter `consolidateAfter`). */
    readonly emptyNodeMinutes: number;
    /** CA does not scale down for this long after a scale-up (`scaleDownDelayAfterAdd`); 0 for Karpenter. */
    readonly delayAfterAddMinutes: number;
}

/** Minutes of a config duration such as "10m", "1h30m" or "45s". */
export function durationMinutes(d: string): number {
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(d);
    if (!m || d === "") throw new Error(`duration ${JSON.stringify(d)}: allowed e.g. "10m" or "1h30m"`);
    return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) + Number(m[3] ?? 0) / 60;
}

export function timingFromConfig(
    config: PlatformConfig,
    scaleUpMinutes = DEFAULT_SCALE_UP_MINUTES,
): ScaleTiming {
    const karpenter = config.addons.nodeAutoscaler === "karpenter";
    const ca = config.addons.clusterAutoscaler;
    return {
        autoscaler: config.addons.nodeAutoscaler,
        scaleUpMinutes,
        workerIdleMinutes: config.ray.autoscaler.idleTimeoutSeconds / 60,
        emptyNodeMinutes: durationMinutes(
            karpenter ? config.addons.karpenter.consolidateAfter : ca.scaleDownUnneededTime,
        ),
        delayAfterAddMinutes: karpenter ? 0 : durationMinutes(ca.scaleDownDelayAfterAdd),
    };
}

/** The stack's Ray worker groups as burst shapes, in config order. */
export function shapesFromConfig(config: PlatformConfig, prices: PriceTable = DEFAULT_PRICES): BurstShape[] {
    const regional = prices.regions[config.region];
    // Karpenter NodePools have no minimum: only the system pool stays a managed node group.
    const karpenter = config.addons.nodeAutoscaler === "karpenter";
    return Object.entries(config.ray.workerGroups).flatMap(([group, wg]) => {
        const pool = config.pools.find((p) => p.name === wg.pool);
        if (!pool) return [];
        const worker = { cpu: parseCpu(wg.cpu), memoryGiB: parseMemoryGiB(wg.memory), gpus: wg.gpus };
        // The first type, as the estimate prices it: on-demand node groups launch it first.
        const instanceType = pool.instanceTypes[0]!;
        const perNode = Math.max(
            1,
            podsPerNode(instanceType, {
                cpu: worker.cpu,
                memoryBytes: worker.memoryGiB * GIB,
                gpus: worker.gpus,
            }),
        );
        const poolMin = karpenter && pool.name !== "system" ? 0 : pool.minSize;
        const minNodes = Math.max(poolMin, Math.ceil(wg.minReplicas / perNode));
        return [
            {
                group,
                pool: pool.name,
                instanceType,
                worker,
                podsPerNode: perNode,
                minNodes,
                maxNodes: pool.maxSize,
                maxWorkers: Math.min(wg.maxReplicas, pool.maxSize * perNode),
                instanceHourly: regional?.instanceHour[instanceType],
                volumeGiB: pool.diskSizeGiB,
                gp3GbMonth: regional?.gp3GbMonth,
                region: config.region,
                priceSource: prices.source,
            },
        ];
    });
}
