/**
 * What autoscaling saves on a bursty workload: node-hours and cost of a burst with autoscaling
 * (nodes follow the demand, plus the scale-up latency and the scale-down tail) against static
 * provisioning at the burst's peak for the whole period. Pure; every assumption it makes is
 * returned as text so the output can print all of them (burst-assumptions.ts). The demand side,
 * phases of worker pods or tasks, is a profile (burst-profile.ts); the stack's side, worker groups
 * as priced shapes and the autoscalers' timing, is read in burst-shapes.ts.
 */
import { assumptions } from "./burst-assumptions";
import type { BurstProfile } from "./burst-profile";
import type { BurstShape, ScaleTiming } from "./burst-shapes";
import { HOURS_PER_MONTH } from "./prices";

export interface PhaseResult {
    readonly name: string;
    readonly minutes: number;
    readonly demand: number;
    readonly workers: number;
    readonly nodes: number;
}

export interface BurstResult {
    readonly group: string;
    readonly pool: string;
    readonly instanceType: string;
    readonly phases: readonly PhaseResult[];
    readonly periodMinutes: number;
    readonly peakNodes: number;
    /** Instance plus root volume per node-hour; undefined when either price is unknown. */
    readonly nodeHourly?: number;
    readonly autoscaled: { readonly nodeHours: number; readonly cost?: number };
    readonly static: { readonly nodeHours: number; readonly cost?: number };
    /** Static minus autoscaled; positive when autoscaling is cheaper. */
    readonly saving: { readonly nodeHours: number; readonly cost?: number; readonly percent: number };
    readonly assumptions: readonly string[];
    readonly warnings: readonly string[];
}

/** Worker pods one phase needs, before the group's limits. */
function workersWanted(profile: BurstProfile, demand: number, shape: BurstShape): number {
    if (profile.unit === "workers" || !profile.perTask) return demand;
    const fits = [];
    if (profile.perTask.cpu > 0) fits.push(Math.floor(shape.worker.cpu / profile.perTask.cpu));
    if (profile.perTask.gpus > 0) fits.push(Math.floor(shape.worker.gpus / profile.perTask.gpus));
    const tasksPerWorker = fits.length ? Math.max(1, Math.min(...fits)) : Number.POSITIVE_INFINITY;
    return demand === 0 ? 0 : Math.ceil(demand / tasksPerWorker);
}

/**
 * Billed node-minutes of the autoscaled burst. Node k (counting from the bottom) is billed
 * whenever at least k nodes are needed: from its scale-up latency before the phase that needs it
 * to the end of its scale-down tail after the last one; when the next need starts before that
 * tail ends, it simply stays. Nodes up to the pool minimum are billed for the whole period.
 */
function autoscaledNodeMinutes(
    nodes: readonly number[],
    minutes: readonly number[],
    min: number,
    t: ScaleTiming,
): number {
    const start: number[] = [];
    let clock = 0;
    for (const m of minutes) {
        start.push(clock);
        clock += m;
    }
    const period = clock;
    const end = (i: number) => start[i]! + minutes[i]!;
    const scaleUps = nodes.flatMap((n, i) =>
        n > (i === 0 ? min : nodes[i - 1]!) ? [start[i]! - t.scaleUpMinutes] : [],
    );
    const removal = (emptyAt: number) => {
        const lastUp = Math.max(Number.NEGATIVE_INFINITY, ...scaleUps.filter((u) => u <= emptyAt));
        return Math.max(emptyAt + t.workerIdleMinutes, lastUp + t.delayAfterAddMinutes) + t.emptyNodeMinutes;
    };
    let billed = 0;
    const peak = Math.max(min, ...nodes);
    for (let k = 1; k <= peak; k++) {
        if (k <= min) {
            billed += period;
            continue;
        }
        const intervals: Array<[number, number]> = [];
        for (let i = 0; i < nodes.length; i++) {
            if (nodes[i]! < k) continue;
            let j = i;
            while (j + 1 < nodes.length && nodes[j + 1]! >= k) j++;
            intervals.push([start[i]! - t.scaleUpMinutes, removal(end(j))]);
            i = j;
        }
        let [from, to] = intervals[0]!;
        for (const [s, e] of intervals.slice(1)) {
            if (s <= to) {
                to = Math.max(to, e);
            } else {
                billed += to - from;
                [from, to] = [s, e];
            }
        }
        billed += to - from;
    }
    return billed;
}

export function modelBurst(profile: BurstProfile, shape: BurstShape, timing: ScaleTiming): BurstResult {
    const warnings: string[] = [];
    const phases = profile.phases.map((p) => {
        const wanted = workersWanted(profile, p.demand, shape);
        const workers = Math.min(wanted, shape.maxWorkers);
        if (wanted > workers) {
            warnings.push(
                `${p.name} wants ${wanted} worker pods; ${shape.group} runs at most ${shape.maxWorkers} ` +
                    `(ray.workerGroups.${shape.group}.maxReplicas and nodePools.${shape.pool}.maxSize × ${shape.podsPerNode} per node): capped`,
            );
        }
        const nodes = Math.min(
            shape.maxNodes,
            Math.max(shape.minNodes, Math.ceil(workers / shape.podsPerNode)),
        );
        return { name: p.name, minutes: p.minutes, demand: p.demand, workers, nodes };
    });
    const nodes = phases.map((p) => p.nodes);
    const minutes = phases.map((p) => p.minutes);
    const periodMinutes = minutes.reduce((a, b) => a + b, 0);
    const peakNodes = Math.max(shape.minNodes, ...nodes);
    const autoscaledHours = autoscaledNodeMinutes(nodes, minutes, shape.minNodes, timing) / 60;
    const staticHours = (peakNodes * periodMinutes) / 60;
    const nodeHourly =
        shape.instanceHourly !== undefined && shape.gp3GbMonth !== undefined
            ? shape.instanceHourly + (shape.volumeGiB * shape.gp3GbMonth) / HOURS_PER_MONTH
            : undefined;
    const cost = (h: number) => (nodeHourly === undefined ? undefined : h * nodeHourly);
    if (nodeHourly === undefined)
        warnings.push(`no ${shape.region} price for ${shape.instanceType} or gp3: costs unknown`);
    return {
        group: shape.group,
        pool: shape.pool,
        instanceType: shape.instanceType,
        phases,
        periodMinutes,
        peakNodes,
        ...(nodeHourly === undefined ? {} : { nodeHourly }),
        autoscaled: { nodeHours: autoscaledHours, cost: cost(autoscaledHours) },
        static: { nodeHours: staticHours, cost: cost(staticHours) },
        saving: {
            nodeHours: staticHours - autoscaledHours,
            cost: nodeHourly === undefined ? undefined : (staticHours - autoscaledHours) * nodeHourly,
            percent: staticHours === 0 ? 0 : (100 * (staticHours - autoscaledHours)) / staticHours,
        },
        assumptions: assumptions(profile, shape, timing, nodeHourly, peakNodes, periodMinutes),
        warnings,
    };
}

/** Saving (percent) of the same profile at other phase lengths: where autoscaling stops paying. */
export function savingByPhaseLength(
    profile: BurstProfile,
    shape: BurstShape,
    timing: ScaleTiming,
    lengths: readonly number[] = [5, 10, 30, 60],
): Array<{ readonly phaseMinutes: number; readonly percent: number }> {
    return lengths.map((phaseMinutes) => ({
        phaseMinutes,
        percent: modelBurst(
            { ...profile, phases: profile.phases.map((p) => ({ ...p, minutes: phaseMinutes })) },
            shape,
            timing,
        ).saving.percent,
    }));
}
