/**
 * What the policies need to know about a node pool, read from an `aws:eks/nodeGroup:NodeGroup`.
 * Capacity sources are gathered here so that another one (a Karpenter NodePool, later) only adds
 * a reader to `nodePoolsOf`, and the limit and quota policies keep working unchanged.
 */
import { INSTANCE_TYPES, isGpuInstanceType } from "./instance-types";
import { asNumber, asRecord, asString, asStringArray, at, UNKNOWN, type Unknown } from "./values";

export const NODE_GROUP_TYPE = "aws:eks/nodeGroup:NodeGroup";
/** The label every rayops node group carries: `system`, `cpu`, `gpu`, `runners`, ... */
export const POOL_LABEL = "rayops.io/pool";
/** The label NVIDIA's GPU feature discovery and rayops set on GPU nodes. */
export const GPU_PRESENT_LABEL = "nvidia.com/gpu.present";
/** The taint key that keeps non-GPU pods off GPU nodes; also the extended resource name of a GPU. */
export const GPU_RESOURCE = "nvidia.com/gpu";
export const RUNNERS_POOL = "runners";

/**
 * EKS launches t3.medium when a node group names no instance type.
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html (read 2026-11-25)
 */
export const EKS_DEFAULT_INSTANCE_TYPE = "t3.medium";

export interface NodePool {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** The `rayops.io/pool` label, if any. */
    readonly pool: string | undefined;
    readonly gpu: boolean;
    readonly instanceTypes: readonly string[] | Unknown;
    readonly maxSize: number | undefined | Unknown;
}

/** Instance types of a node group, with EKS's default when none are given. */
export function instanceTypesOf(props: Record<string, unknown>): string[] | Unknown {
    const types = asStringArray(props.instanceTypes);
    if (types === UNKNOWN) return UNKNOWN;
    return types && types.length > 0 ? types : [EKS_DEFAULT_INSTANCE_TYPE];
}

/**
 * A node group is a GPU pool when any instance type has GPUs, its AMI is an NVIDIA one, or it is
 * labelled `nvidia.com/gpu.present: "true"`: any of the three puts GPU workloads on it.
 */
export function isGpuNodeGroup(props: Record<string, unknown>): boolean {
    const types = asStringArray(props.instanceTypes);
    if (types !== UNKNOWN && types?.some(isGpuInstanceType)) return true;
    const ami = asString(props.amiType);
    if (typeof ami === "string" && ami.toUpperCase().includes("NVIDIA")) return true;
    const labels = asRecord(props.labels);
    return labels !== UNKNOWN && String(labels?.[GPU_PRESENT_LABEL] ?? "").toLowerCase() === "true";
}

export function poolLabelOf(props: Record<string, unknown>): string | undefined {
    const labels = asRecord(props.labels);
    if (!labels || labels === UNKNOWN) return undefined;
    const pool = asString(labels[POOL_LABEL]);
    return typeof pool === "string" ? pool : undefined;
}

/** Node pools among resources (stack policies pass outputs, which for node groups include the inputs). */
export function nodePoolsOf(
    resources: readonly { type: string; name: string; urn: string; props: Record<string, unknown> }[],
): NodePool[] {
    const pools: NodePool[] = [];
    for (const r of resources) {
        if (r.type !== NODE_GROUP_TYPE) continue;
        pools.push({
            type: r.type,
            name: r.name,
            urn: r.urn,
            pool: poolLabelOf(r.props),
            gpu: isGpuNodeGroup(r.props),
            instanceTypes: instanceTypesOf(r.props),
            maxSize: asNumber(at(r.props, "scalingConfig", "maxSize")),
        });
    }
    return pools;
}

/** GPUs on one node of the type; 0 for CPU and unknown types. */
export function gpusPerNode(instanceType: string): number {
    return INSTANCE_TYPES[instanceType]?.gpus ?? 0;
}
