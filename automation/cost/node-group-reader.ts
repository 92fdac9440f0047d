/**
 * The cost reader for EKS managed node groups: instances at each pool's min/desired/max, and the
 * root volume each node carries (from its launch template, or EKS's default when it has none).
 */
import {
    EKS_DEFAULT_INSTANCE_TYPE,
    instanceTypesOf,
    NODE_GROUP_TYPE,
    POOL_LABEL,
    poolLabelOf,
} from "../../policypack/lib/node-pools";
import { asArray, asNumber, asRecord, asString, at, UNKNOWN } from "../../policypack/lib/values";
import {
    type CostLine,
    type CostReader,
    type CostResource,
    instanceHourly,
    type PricingContext,
    regionPrices,
    unpricedLine,
    usdRate,
} from "./pricing";

const LAUNCH_TEMPLATE_TYPE = "aws:ec2/launchTemplate:LaunchTemplate";

/**
 * EKS gives a managed node group without a launch template a 20 GiB root volume.
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html (read 2026-11-25)
 */
const EKS_DEFAULT_DISK_GIB = 20;

interface Sizes {
    readonly floor: number;
    readonly expected: number;
    readonly ceiling: number;
}

function scalingOf(ng: CostResource): Sizes | undefined {
    const min = asNumber(at(ng.inputs, "scalingConfig", "minSize"));
    const max = asNumber(at(ng.inputs, "scalingConfig", "maxSize"));
    const desired = asNumber(at(ng.inputs, "scalingConfig", "desiredSize"));
    if (typeof min !== "number" || typeof max !== "number") return undefined;
    // EKS starts a group at its minimum when no desired size is given.
    return { floor: min, expected: typeof desired === "number" ? desired : min, ceiling: max };
}

function launchTemplateOf(ng: CostResource, ctx: PricingContext): CostResource | undefined {
    const id = asString(at(ng.inputs, "launchTemplate", "id"));
    const templates = ctx.resources.filter((r) => r.type === LAUNCH_TEMPLATE_TYPE);
    if (typeof id === "string") {
        const byId = templates.find(
            (t) => t.outputs?.id === id || String(t.outputs?.arn ?? "").endsWith(`/${id}`),
        );
        if (byId) return byId;
    }
    // In a preview a new template's id is unknown; rayops creates it beside its node group.
    const siblings = templates.filter((t) => ng.parent !== undefined && t.parent === ng.parent);
    return siblings.length === 1 ? siblings[0] : undefined;
}

/** The root volume's size in GiB and EBS type, or why it cannot be known. */
function rootVolumeOf(ng: CostResource, ctx: PricingContext): { gib: number; type: string } | string {
    if (at(ng.inputs, "launchTemplate") === undefined) {
        const size = asNumber(ng.inputs.diskSize);
        return { gib: typeof size === "number" ? size : EKS_DEFAULT_DISK_GIB, type: "gp3" };
    }
    const lt = launchTemplateOf(ng, ctx);
    if (!lt) return "its launch template is not in the plan";
    const mappings = asArray(lt.inputs.blockDeviceMappings);
    if (mappings === UNKNOWN) return "the launch template's block devices are not known yet";
    const ebs = (mappings ?? []).map((m) => asRecord(at(m, "ebs"))).find((e) => e && e !== UNKNOWN);
    if (!ebs || ebs === UNKNOWN) return "the launch template names no EBS root volume";
    const gib = asNumber(ebs.volumeSize);
    if (typeof gib !== "number") return "the root volume's size is not known";
    const type = asString(ebs.volumeType);
    return { gib, type: typeof type === "string" ? type : "gp2" };
}

const RAY_CLUSTER_TYPE = "kubernetes:ray.io/v1:RayCluster";

/**
 * Pools that can never be empty while the stack exists: those a RayCluster's head is scheduled
 * on. The head runs all the time, so its pool keeps at least one node whatever its minSize says.
 */
export function poolsHoldingRayHeads(resources: readonly CostResource[]): Set<string> {
    const pools = new Set<string>();
    for (const r of resources) {
        if (r.type !== RAY_CLUSTER_TYPE) continue;
        const pool = asString(
            at(r.inputs, "spec", "headGroupSpec", "template", "spec", "nodeSelector", POOL_LABEL),
        );
        if (typeof pool === "string") pools.add(pool);
    }
    return pools;
}

/** "2" or "0/1/4" (min/desired/max). */
function range(s: Sizes): string {
    return s.floor === s.ceiling ? `${s.floor}` : `${s.floor}/${s.expected}/${s.ceiling}`;
}

/** The GPU model label a node group of a GPU pool carries (components/nodes/scheduling.ts). */
const ACCELERATOR_LABEL = "k8s.amazonaws.com/accelerator";

/**
 * Managed node groups: instances at the pool's min/desired/max and one root volume per node.
 * A group with several instance types is priced at the first: for on-demand capacity, managed
 * node groups launch the types in the order listed ("prioritized" allocation).
 * https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html (read 2026-11-25)
 */
export const nodeGroupReader: CostReader = {
    types: [NODE_GROUP_TYPE],
    lines(groups, ctx) {
        const lines: CostLine[] = [];
        const headPools = poolsHoldingRayHeads(ctx.resources);
        const groupsPerPool = new Map<string, number>();
        for (const ng of groups) {
            const pool = poolLabelOf(ng.inputs) ?? ng.name;
            groupsPerPool.set(pool, (groupsPerPool.get(pool) ?? 0) + 1);
        }
        for (const ng of groups) {
            // A GPU pool mixing models has a group per model: each is a line of its own.
            const label = poolLabelOf(ng.inputs) ?? ng.name;
            const model = asString(at(ng.inputs, "labels", ACCELERATOR_LABEL));
            const pool =
                (groupsPerPool.get(label) ?? 0) > 1 && typeof model === "string"
                    ? `${label}/${model}`
                    : label;
            const scaling = scalingOf(ng);
            const holdsHead = headPools.has(label) && scaling !== undefined && scaling.floor < 1;
            const sizes = holdsHead
                ? { floor: 1, expected: Math.max(1, scaling.expected), ceiling: Math.max(1, scaling.ceiling) }
                : scaling;
            const types = instanceTypesOf(ng.inputs);
            const id = `nodes:${pool}`;
            if (!sizes || types === UNKNOWN) {
                const why = sizes ? "instance types not known yet" : "scaling sizes not known yet";
                ctx.unknown(`node pool ${pool}: ${why}`);
                lines.push(unpricedLine(id, `node pool ${pool}`, why));
                continue;
            }
            const type = types[0] ?? EKS_DEFAULT_INSTANCE_TYPE;
            const hourly = instanceHourly(ctx, type);
            const spot = asString(ng.inputs.capacityType) === "SPOT";
            const item = `node pool ${pool}: ${type}`;
            if (hourly === undefined) {
                ctx.unknown(`${type} in ${ctx.region} (node pool ${pool})`);
                lines.push(unpricedLine(id, item, `no ${ctx.region} price for ${type}`));
            } else {
                const h = ctx.hoursPerMonth;
                const notes = [`nodes ${range(sizes)} × ${usdRate(hourly, "h")}`];
                if (types.length > 1) notes.push(`first of ${types.join(", ")}`);
                if (spot) notes.push("Spot, priced at on-demand (an upper bound)");
                if (holdsHead) notes.push("at least 1: runs the Ray head");
                lines.push({
                    id,
                    item,
                    floor: sizes.floor * hourly * h,
                    expected: sizes.expected * hourly * h,
                    ceiling: sizes.ceiling * hourly * h,
                    note: notes.join("; "),
                });
            }
            lines.push(rootVolumeLine(ng, pool, sizes, ctx));
        }
        return lines;
    },
};

function rootVolumeLine(ng: CostResource, pool: string, sizes: Sizes, ctx: PricingContext): CostLine {
    const id = `volumes:${pool}`;
    const item = `node pool ${pool}: root volumes`;
    const volume = rootVolumeOf(ng, ctx);
    if (typeof volume === "string") {
        ctx.unknown(`root volumes of node pool ${pool}: ${volume}`);
        return unpricedLine(id, item, volume);
    }
    const perGb = volume.type === "gp3" ? regionPrices(ctx)?.gp3GbMonth : undefined;
    if (perGb === undefined) {
        const why =
            volume.type === "gp3" ? `no ${ctx.region} gp3 price` : `${volume.type} is not in the table`;
        ctx.unknown(`${volume.type} volumes in ${ctx.region} (node pool ${pool})`);
        return unpricedLine(id, item, why);
    }
    // EBS bills provisioned GiB and calls the unit "GB-month".
    const perNode = volume.gib * perGb;
    return {
        id,
        item,
        floor: sizes.floor * perNode,
        expected: sizes.expected * perNode,
        ceiling: sizes.ceiling * perNode,
        note: `${volume.type} ${volume.gib} GiB per node × ${usdRate(perGb, "GB-month")}`,
    };
}
