/**
 * Reading a KubeRay `RayCluster` (ray.io/v1, CRD v1.7.0) registered as a Pulumi `CustomResource`:
 * props are `{ apiVersion, kind, metadata, spec }`.
 */
import { GPU_RESOURCE, POOL_LABEL } from "./node-pools";
import { parseQuantity } from "./quantity";
import { asArray, asNumber, asRecord, asString, at, isUnknown, UNKNOWN, type Unknown } from "./values";

export const RAY_CLUSTER_TYPE = "kubernetes:ray.io/v1:RayCluster";

/** The CRD's default `maxReplicas` (int32 max): a group without one may grow without bound. */
export const CRD_DEFAULT_MAX_REPLICAS = 2147483647;

export interface ContainerResources {
    readonly name: string;
    readonly limits: Record<string, unknown> | undefined | Unknown;
    readonly requests: Record<string, unknown> | undefined | Unknown;
}

export interface WorkerGroup {
    readonly groupName: string;
    /** `undefined` when unset (the CRD then means int32 max). */
    readonly maxReplicas: number | undefined | Unknown;
    readonly numOfHosts: number | Unknown;
    /** The pool named by `template.spec.nodeSelector["rayops.io/pool"]`. */
    readonly pool: string | undefined | Unknown;
    readonly containers: readonly ContainerResources[] | Unknown;
}

/** The worker groups; `UNKNOWN` when the list itself is unknown. */
export function workerGroupsOf(props: Record<string, unknown>): WorkerGroup[] | Unknown {
    const groups = asArray(at(props, "spec", "workerGroupSpecs"));
    if (groups === UNKNOWN) return UNKNOWN;
    if (!groups) return [];
    return groups.map((g, index) => {
        const name = asString(at(g, "groupName"));
        const numOfHosts = asNumber(at(g, "numOfHosts"));
        const pool = at(g, "template", "spec", "nodeSelector", POOL_LABEL);
        return {
            groupName: typeof name === "string" ? name : `#${index + 1}`,
            maxReplicas: asNumber(at(g, "maxReplicas")),
            // Stryker disable next-line ConditionalExpression: UNKNOWN ?? 1 is UNKNOWN as well
            numOfHosts: numOfHosts === UNKNOWN ? UNKNOWN : (numOfHosts ?? 1),
            // Stryker disable next-line LogicalOperator: at() returns UNKNOWN for every unknown, so isUnknown(pool) implies pool === UNKNOWN
            pool: isUnknown(pool) || pool === UNKNOWN ? UNKNOWN : typeof pool === "string" ? pool : undefined,
            containers: containersOf(at(g, "template", "spec", "containers")),
        };
    });
}

function containersOf(value: unknown): ContainerResources[] | Unknown {
    const list = asArray(value);
    if (list === UNKNOWN) return UNKNOWN;
    return (list ?? []).map((c, index) => {
        const name = asString(at(c, "name"));
        return {
            name: typeof name === "string" ? name : `#${index + 1}`,
            limits: asRecord(at(c, "resources", "limits")),
            requests: asRecord(at(c, "resources", "requests")),
        };
    });
}

/**
 * One container's amount of a resource: its request, or its limit when no request is set (the
 * API server copies limits into missing requests). `UNKNOWN` if the deciding value is unknown.
 */
function amountOf(c: ContainerResources, resource: string, parse: (v: unknown) => number | undefined) {
    const pick = (rec: Record<string, unknown> | undefined | Unknown): number | undefined | Unknown => {
        if (rec === UNKNOWN) return UNKNOWN;
        const v = rec?.[resource];
        // Stryker disable next-line ConditionalExpression: parse(undefined) is undefined too; the return only skips the call
        if (v === undefined) return undefined;
        return isUnknown(v) ? UNKNOWN : parse(v);
    };
    const requested = pick(c.requests);
    return requested !== undefined ? requested : pick(c.limits);
}

export interface PodShape {
    readonly cpu: number;
    readonly memoryBytes: number;
    readonly gpus: number;
}

/** What one pod of the group asks the scheduler for; `UNKNOWN` when any part cannot be known. */
export function podRequestsOf(group: WorkerGroup): PodShape | Unknown {
    if (group.containers === UNKNOWN) return UNKNOWN;
    let cpu = 0;
    let memoryBytes = 0;
    let gpus = 0;
    for (const c of group.containers) {
        const parts = [
            amountOf(c, "cpu", parseQuantity),
            amountOf(c, "memory", parseQuantity),
            amountOf(c, GPU_RESOURCE, parseQuantity),
        ];
        if (parts.includes(UNKNOWN)) return UNKNOWN;
        const [cCpu, cMem, cGpu] = parts as (number | undefined)[];
        cpu += cCpu ?? 0;
        memoryBytes += cMem ?? 0;
        gpus += cGpu ?? 0;
    }
    return { cpu, memoryBytes, gpus };
}

/** GPUs one pod of the group is limited to (GPUs must be set as limits; requests equal them). */
export function podGpuLimitOf(group: WorkerGroup): number | Unknown {
    if (group.containers === UNKNOWN) return UNKNOWN;
    let total = 0;
    for (const c of group.containers) {
        const n = amountOf({ ...c, requests: undefined }, GPU_RESOURCE, parseQuantity);
        if (n === UNKNOWN) return UNKNOWN;
        total += n ?? 0;
    }
    return total;
}
