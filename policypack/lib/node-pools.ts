/**
 * What the policies need to know about a node pool, read from an `aws:eks/nodeGroup:NodeGroup`
 * or a Karpenter `NodePool`. Capacity sources are gathered here so that the limit and quota
 * policies work unchanged for both.
 */
import { INSTANCE_TYPES, isGpuInstanceType } from "./instance-types";
import { parseQuantity } from "./quantity";
import { asNumber, asRecord, asString, asStringArray, at, UNKNOWN, type Unknown } from "./values";

export const NODE_GROUP_TYPE = "aws:eks/nodeGroup:NodeGroup";
export const KARPENTER_NODEPOOL_TYPE = "kubernetes:karpenter.sh/v1:NodePool";
export const KARPENTER_NODECLASS_TYPE = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";
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
    // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, indexing UNKNOWN gives undefined, and no fallback text for an absent label is "true"
    return labels !== UNKNOWN && String(labels?.[GPU_PRESENT_LABEL] ?? "").toLowerCase() === "true";
}

export function poolLabelOf(props: Record<string, unknown>): string | undefined {
    const labels = asRecord(props.labels);
    // Stryker disable next-line ConditionalExpression: equivalent, indexing UNKNOWN gives undefined, which asString reads as no pool
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
        if (r.type === KARPENTER_NODEPOOL_TYPE) {
            pools.push(karpenterPoolOf(r));
            continue;
        }
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

/** One requirement of a Karpenter NodePool's template: `{ key, operator, values }`. */
interface Requirement {
    readonly key: string;
    readonly operator: string;
    readonly values: readonly string[];
}

function requirementsOf(props: Record<string, unknown>): Requirement[] | Unknown {
    const list = at(props, "spec", "template", "spec", "requirements");
    if (list === UNKNOWN) return UNKNOWN;
    // Stryker disable next-line ArrayDeclaration: equivalent, the callers find requirements by key and operator, which a fallback element lacks
    if (!Array.isArray(list)) return [];
    // Stryker disable next-line ArrayDeclaration: equivalent, the callers find requirements by key and operator, which a fallback element lacks
    const out: Requirement[] = [];
    for (const item of list) {
        const key = asString(at(item, "key"));
        const operator = asString(at(item, "operator"));
        const values = asStringArray(at(item, "values"));
        if (key === UNKNOWN || operator === UNKNOWN || values === UNKNOWN) return UNKNOWN;
        // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, the callers match key and operator against strings, so an entry without them is never found
        if (typeof key === "string" && typeof operator === "string")
            out.push({ key, operator, values: values ?? [] });
    }
    return out;
}

const INSTANCE_TYPE_LABEL = "node.kubernetes.io/instance-type";
const INSTANCE_FAMILY_LABEL = "karpenter.k8s.aws/instance-family";

/**
 * The instance types a Karpenter NodePool may launch: the `In` values of its instance-type
 * requirement, narrowed by its instance-family requirement (families expand to the catalog's
 * types). Undefined when neither is given: Karpenter may then launch any type the region offers.
 */
export function karpenterInstanceTypesOf(props: Record<string, unknown>): string[] | undefined | Unknown {
    const reqs = requirementsOf(props);
    if (reqs === UNKNOWN) return UNKNOWN;
    const types = reqs.find((r) => r.key === INSTANCE_TYPE_LABEL && r.operator === "In")?.values;
    const families = reqs.find((r) => r.key === INSTANCE_FAMILY_LABEL && r.operator === "In")?.values;
    if (types) return families ? types.filter((t) => families.includes(t.split(".")[0])) : [...types];
    if (families) {
        const known = Object.keys(INSTANCE_TYPES).filter((t) => families.includes(t.split(".")[0]));
        // A family outside the catalog stays visible (as "<family>.*") so the allowlist reports it.
        const unknownFamilies = families.filter((f) => !known.some((t) => t.startsWith(`${f}.`)));
        return [...known, ...unknownFamilies.map((f) => `${f}.*`)];
    }
    return undefined;
}

/** A Karpenter limit (`spec.limits[resource]`) as a number of cores or devices. */
export function karpenterLimitOf(
    props: Record<string, unknown>,
    resource: string,
): number | undefined | Unknown {
    const raw = at(props, "spec", "limits", resource);
    if (raw === UNKNOWN) return UNKNOWN;
    return parseQuantity(raw);
}

export function karpenterLabelsOf(props: Record<string, unknown>): Record<string, unknown> {
    const labels = asRecord(at(props, "spec", "template", "metadata", "labels"));
    return labels && labels !== UNKNOWN ? labels : {};
}

/** A Karpenter NodePool is a GPU pool when it may launch a GPU type or labels its nodes GPU-present. */
export function isGpuKarpenterNodePool(props: Record<string, unknown>): boolean {
    const types = karpenterInstanceTypesOf(props);
    if (Array.isArray(types) && types.some(isGpuInstanceType)) return true;
    // Stryker disable next-line StringLiteral: equivalent, no fallback text for an absent label is "true"
    return String(karpenterLabelsOf(props)[GPU_PRESENT_LABEL] ?? "").toLowerCase() === "true";
}

/**
 * A Karpenter NodePool as a pool. It has no maxSize; its ceiling is its limits, turned into
 * nodes of the largest type it may launch: GPU pools by `nvidia.com/gpu`, others by `cpu`
 * (rounded up, since Karpenter launches while the pool is still below its limit). No limit, or
 * no known type, leaves the ceiling undefined, which the limit policy reports as such.
 */
function karpenterPoolOf(r: {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
}): NodePool {
    const labels = karpenterLabelsOf(r.props);
    const types = karpenterInstanceTypesOf(r.props);
    const pool = asString(labels[POOL_LABEL]);
    const gpu = isGpuKarpenterNodePool(r.props);
    return {
        type: r.type,
        name: r.name,
        urn: r.urn,
        pool: typeof pool === "string" ? pool : undefined,
        gpu,
        instanceTypes: types === undefined ? [] : types,
        maxSize: karpenterNodeCeiling(r.props, types, gpu),
    };
}

export function karpenterNodeCeiling(
    props: Record<string, unknown>,
    types: string[] | undefined | Unknown,
    gpu: boolean,
): number | undefined | Unknown {
    const limit = karpenterLimitOf(props, gpu ? GPU_RESOURCE : "cpu");
    if (limit === UNKNOWN || types === UNKNOWN) return UNKNOWN;
    if (limit === undefined || !types) return undefined;
    const perNode = Math.max(
        0,
        ...types.map((t) => (gpu ? INSTANCE_TYPES[t]?.gpus : INSTANCE_TYPES[t]?.vcpu) ?? 0),
    );
    return perNode > 0 ? Math.ceil(limit / perNode) : undefined;
}
