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

/**
 * One phase of the model over time, for charts and `--json`: the nodes each strategy holds while
 * the phase runs and what each bills in it. The first phase also bills the scale-up before the
 * burst starts and the last one the scale-down tail after it ends, so the phases add up to the
 * totals.
 */
export interface TimelinePoint {
    readonly phase: string;
    /** Minutes from the burst's start. */
    readonly startMinute: number;
    readonly minutes: number;
    /** `nodes`: what the phase's demand needs (at least the pool minimum). */
    readonly autoscaled: { readonly nodes: number; readonly nodeHours: number; readonly cost?: number };
    /** `nodes`: the burst's peak, in every phase. */
    readonly static: { readonly nodes: number; readonly nodeHours: number; readonly cost?: number };
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
    /** Both strategies phase by phase; one point per phase. */
    readonly timeline: readonly TimelinePoint[];
    readonly assumptions: readonly string[];
    readonly warnings: readonly string[];
}

/** Every worker group's burst added up: the verdict the output leads with. */
export interface BurstTotal {
    readonly groups: number;
    readonly autoscaled: { readonly nodeHours: number; readonly cost?: number };
    readonly static: { readonly nodeHours: number; readonly cost?: number };
    /**
     * Static minus autoscaled; positive when autoscaling is cheaper. `percent` is of the static
     * cost when every group is priced (node types differ in price), else of the static node-hours.
     */
    readonly saving: {
        readonly nodeHours: number;
        readonly cost?: number;
        readonly percent: number;
        readonly percentOf: "cost" | "nodeHours";
    };
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
 * When each node of the autoscaled burst is billed, as [from, to] minutes from the burst's start.
 * Node k (counting from the bottom) is billed whenever at least k nodes are needed: from its
 * scale-up latency before the phase that needs it to the end of its scale-down tail after the last
 * one; when the next need starts before that tail ends, it simply stays. Nodes up to the pool
 * minimum are billed for the whole period.
 */
function billedIntervals(
    nodes: readonly number[],
    minutes: readonly number[],
    min: number,
    t: ScaleTiming,
): Array<readonly [number, number]> {
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
    const billed: Array<readonly [number, number]> = [];
    const peak = Math.max(min, ...nodes);
    for (let k = 1; k <= peak; k++) {
        if (k <= min) {
            billed.push([0, period]);
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
                billed.push([from, to]);
                [from, to] = [s, e];
            }
        }
        billed.push([from, to]);
    }
    return billed;
}

/** Billed minutes of `intervals` inside [from, to). */
function overlapMinutes(
    intervals: ReadonlyArray<readonly [number, number]>,
    from: number,
    to: number,
): number {
    return intervals.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, to) - Math.max(a, from)), 0);
}

/** Phases named by capped demand: "peak wants 10" or "small burst wants 5, peak 10 and sustained 8". */
function cappedList(capped: ReadonlyArray<{ readonly name: string; readonly wanted: number }>): string {
    const parts = capped.map((c, i) => (i === 0 ? `${c.name} wants ${c.wanted}` : `${c.name} ${c.wanted}`));
    return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

export function modelBurst(profile: BurstProfile, shape: BurstShape, timing: ScaleTiming): BurstResult {
    const warnings: string[] = [];
    const capped: Array<{ name: string; wanted: number }> = [];
    const phases = profile.phases.map((p) => {
        const wanted = workersWanted(profile, p.demand, shape);
        const workers = Math.min(wanted, shape.maxWorkers);
        if (wanted > workers) capped.push({ name: p.name, wanted });
        const nodes = Math.min(
            shape.maxNodes,
            Math.max(shape.minNodes, Math.ceil(workers / shape.podsPerNode)),
        );
        return { name: p.name, minutes: p.minutes, demand: p.demand, workers, nodes };
    });
    // One line for every capped phase: the cause, the group's limit, is the same for all of them.
    if (capped.length) {
        warnings.push(
            `${cappedList(capped)} worker pods; ${shape.group} runs at most ${shape.maxWorkers} ` +
                `(ray.workerGroups.${shape.group}.maxReplicas and nodePools.${shape.pool}.maxSize × ${shape.podsPerNode} per node): capped`,
        );
    }
    const nodes = phases.map((p) => p.nodes);
    const minutes = phases.map((p) => p.minutes);
    const periodMinutes = minutes.reduce((a, b) => a + b, 0);
    const peakNodes = Math.max(shape.minNodes, ...nodes);
    const billed = billedIntervals(nodes, minutes, shape.minNodes, timing);
    const autoscaledHours = overlapMinutes(billed, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY) / 60;
    const staticHours = (peakNodes * periodMinutes) / 60;
    const nodeHourly =
        shape.instanceHourly !== undefined && shape.gp3GbMonth !== undefined
            ? shape.instanceHourly + (shape.volumeGiB * shape.gp3GbMonth) / HOURS_PER_MONTH
            : undefined;
    const cost = (h: number) => (nodeHourly === undefined ? undefined : h * nodeHourly);
    if (nodeHourly === undefined)
        warnings.push(`no ${shape.region} price for ${shape.instanceType} or gp3: costs unknown`);
    const priced = (h: number) => ({
        nodeHours: h,
        ...(nodeHourly === undefined ? {} : { cost: h * nodeHourly }),
    });
    let startMinute = 0;
    const timeline = phases.map((p, i) => {
        const from = i === 0 ? Number.NEGATIVE_INFINITY : startMinute;
        const to = i === phases.length - 1 ? Number.POSITIVE_INFINITY : startMinute + p.minutes;
        const point: TimelinePoint = {
            phase: p.name,
            startMinute,
            minutes: p.minutes,
            autoscaled: { nodes: p.nodes, ...priced(overlapMinutes(billed, from, to) / 60) },
            static: { nodes: peakNodes, ...priced((peakNodes * p.minutes) / 60) },
        };
        startMinute += p.minutes;
        return point;
    });
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
        timeline,
        assumptions: assumptions(profile, shape, timing, nodeHourly, peakNodes, periodMinutes),
        warnings,
    };
}

/** The groups' results added up. Costs only when every group is priced: a partial sum would mislead. */
export function burstTotal(results: readonly BurstResult[]): BurstTotal {
    const sum = (f: (r: BurstResult) => number) => results.reduce((a, r) => a + f(r), 0);
    const pricedAll = results.length > 0 && results.every((r) => r.nodeHourly !== undefined);
    const autoscaledHours = sum((r) => r.autoscaled.nodeHours);
    const staticHours = sum((r) => r.static.nodeHours);
    const autoscaledCost = pricedAll ? sum((r) => r.autoscaled.cost!) : undefined;
    const staticCost = pricedAll ? sum((r) => r.static.cost!) : undefined;
    const [saved, of] =
        autoscaledCost !== undefined && staticCost !== undefined
            ? [staticCost - autoscaledCost, staticCost]
            : [staticHours - autoscaledHours, staticHours];
    return {
        groups: results.length,
        autoscaled: { nodeHours: autoscaledHours, cost: autoscaledCost },
        static: { nodeHours: staticHours, cost: staticCost },
        saving: {
            nodeHours: staticHours - autoscaledHours,
            cost: autoscaledCost === undefined ? undefined : staticCost! - autoscaledCost,
            percent: of === 0 ? 0 : (100 * saved) / of,
            percentOf: pricedAll ? "cost" : "nodeHours",
        },
    };
}

/**
 * Why autoscaling costs more than static for a group, in a few words; undefined when it does not.
 * Only two causes exist in the model: no dip to scale into, or dips shorter than the tails.
 */
export function lossReason(r: BurstResult): string | undefined {
    if (r.saving.nodeHours >= 0) return undefined;
    const lowest = Math.min(...r.phases.map((p) => p.nodes));
    return lowest >= r.peakNodes
        ? `every phase needs the peak's ${r.peakNodes} node(s), so there is nothing to scale down and the scale-up and scale-down tails are billed on top`
        : "the scale-up and scale-down tails are billed for longer than the dips in demand last (see the saving by phase length)";
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
