/**
 * The assumptions behind a burst result, spelled out, and the number format they share. Lines
 * that hold for every worker group (the profile, the prices' source, the autoscalers' timing)
 * name no group, so the output can print them once (`splitAssumptions`).
 */
import { INSTANCE_TYPES } from "../../policypack/lib/instance-types";
import type { BurstProfile } from "./burst-profile";
import type { BurstShape, ScaleTiming } from "./burst-shapes";

/** Every assumption behind one group's result, as lines the output prints. */
export function assumptions(
    profile: BurstProfile,
    shape: BurstShape,
    t: ScaleTiming,
    nodeHourly: number | undefined,
    peakNodes: number,
    periodMinutes: number,
): string[] {
    const w = shape.worker;
    const type = INSTANCE_TYPES[shape.instanceType];
    const n = profile.phases.length;
    const shortest = fmt(Math.min(...profile.phases.map((p) => p.minutes)));
    const longest = fmt(Math.max(...profile.phases.map((p) => p.minutes)));
    const phases = `${n} phase${n === 1 ? "" : "s"} of ${shortest === longest ? shortest : `${shortest} to ${longest}`} min`;
    const out = [
        `profile: ${profile.source}; ${phases}, period ${fmt(periodMinutes)} min`,
        `prices: ${shape.priceSource}`,
        `worker group ${shape.group}: ${fmt(w.cpu)} CPU, ${fmt(w.memoryGiB)} GiB, ${w.gpus} GPU per pod, on node pool ${shape.pool}`,
        `node: ${shape.instanceType} (${type?.vcpu} vCPU, ${type?.memoryGiB} GiB, ${type?.gpus} GPU) holds ${shape.podsPerNode} worker pod(s) after kubelet and system reservations; no other pods on worker nodes`,
        nodeHourly === undefined
            ? `node price: unknown in ${shape.region}`
            : `node price: $${fmt(shape.instanceHourly!, 5)}/h on-demand in ${shape.region} + ${shape.volumeGiB} GiB gp3 root volume at $${fmt(shape.gp3GbMonth!, 5)}/GB-month = $${fmt(nodeHourly, 5)}/node-hour`,
        `pool bounds: ${shape.minNodes} to ${shape.maxNodes} nodes (pool min/max and the group's minReplicas); at most ${shape.maxWorkers} worker pods`,
        `scale-up: ${fmt(t.scaleUpMinutes)} min from request to a serving node, billed for every node added (--scale-up-minutes)`,
    ];
    if (profile.unit === "tasks" && profile.perTask) {
        out.push(
            `tasks per worker pod: tasks ask ${fmt(profile.perTask.cpu)} CPU and ${fmt(profile.perTask.gpus)} GPU each (from the metrics' config)`,
        );
    }
    out.push(
        t.autoscaler === "karpenter"
            ? `scale-down: Ray removes a worker idle for ${fmt(t.workerIdleMinutes)} min (ray.autoscaler.idleTimeoutSeconds); Karpenter removes the empty node after ${fmt(t.emptyNodeMinutes)} min (addons.karpenter.consolidateAfter)`
            : `scale-down: Ray removes a worker idle for ${fmt(t.workerIdleMinutes)} min (ray.autoscaler.idleTimeoutSeconds); the cluster-autoscaler removes the empty node after ${fmt(t.emptyNodeMinutes)} min (scaleDownUnneededTime), never within ${fmt(t.delayAfterAddMinutes)} min of a scale-up (scaleDownDelayAfterAdd)`,
        `static: ${peakNodes} node(s), the burst's peak, for the whole period`,
        "window: only the burst period is compared; between bursts autoscaling drops to the pool minimum while static keeps the peak, which this comparison leaves out (it favours static)",
    );
    return out;
}

export function fmt(n: number, digits = 2): string {
    return String(Number(n.toFixed(digits)));
}

/**
 * The lines every result shares (printed once) and what is left of each result's own. With one
 * result every line is shared.
 */
export function splitAssumptions(results: ReadonlyArray<{ readonly assumptions: readonly string[] }>): {
    readonly shared: readonly string[];
    readonly perGroup: ReadonlyArray<readonly string[]>;
} {
    const [first, ...rest] = results;
    if (!first) return { shared: [], perGroup: [] };
    const shared = first.assumptions.filter((a) => rest.every((r) => r.assumptions.includes(a)));
    return { shared, perGroup: results.map((r) => r.assumptions.filter((a) => !shared.includes(a))) };
}
