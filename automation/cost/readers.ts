/**
 * The cost readers: one per kind of billable resource the program creates. Each reads the
 * resource's inputs (never the stack config, so engine previews price the same way) and returns
 * monthly lines; anything it cannot price goes to `ctx.unknown` and is not counted.
 */
import {
    EKS_DEFAULT_INSTANCE_TYPE,
    instanceTypesOf,
    NODE_GROUP_TYPE,
    poolLabelOf,
} from "../../policypack/lib/node-pools";
import { GIB, parseQuantity } from "../../policypack/lib/quantity";
import { asArray, asBool, asNumber, asRecord, asString, at, UNKNOWN } from "../../policypack/lib/values";
import { karpenterNodePoolReader } from "./karpenter-reader";
import {
    type CostLine,
    type CostReader,
    type CostResource,
    fixedLine,
    instanceHourly,
    type PricingContext,
    regionPrices,
    unpricedLine,
    usdRate,
} from "./pricing";

const LAUNCH_TEMPLATE_TYPE = "aws:ec2/launchTemplate:LaunchTemplate";
const STORAGE_CLASS_TYPE = "kubernetes:storage.k8s.io/v1:StorageClass";
const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

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
function poolsHoldingRayHeads(resources: readonly CostResource[]): Set<string> {
    const pools = new Set<string>();
    for (const r of resources) {
        if (r.type !== RAY_CLUSTER_TYPE) continue;
        const pool = asString(
            at(r.inputs, "spec", "headGroupSpec", "template", "spec", "nodeSelector", "rayops.io/pool"),
        );
        if (typeof pool === "string") pools.add(pool);
    }
    return pools;
}

/** "2" or "0/1/4" (min/desired/max). */
function range(s: Sizes): string {
    return s.floor === s.ceiling ? `${s.floor}` : `${s.floor}/${s.expected}/${s.ceiling}`;
}

/**
 * Managed node groups: instances at the pool's min/desired/max and one root volume per node.
 * A group with several instance types is priced at the first: for on-demand capacity, managed
 * node groups launch the types in the order listed ("prioritized" allocation).
 * https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html (read 2026-11-25)
 */
const nodeGroupReader: CostReader = {
    types: [NODE_GROUP_TYPE],
    lines(groups, ctx) {
        const lines: CostLine[] = [];
        const headPools = poolsHoldingRayHeads(ctx.resources);
        for (const ng of groups) {
            const pool = poolLabelOf(ng.inputs) ?? ng.name;
            const scaling = scalingOf(ng);
            const holdsHead = headPools.has(pool) && scaling !== undefined && scaling.floor < 1;
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

/**
 * The EKS control plane. Under the offline plan `@pulumi/eks`'s cluster is one remote component;
 * in a real preview its `aws:eks/cluster:Cluster` child is visible too: count the child when
 * present so a cluster is never priced twice.
 */
const clusterReader: CostReader = {
    types: ["aws:eks/cluster:Cluster", "eks:index:Cluster"],
    lines(clusters, ctx) {
        const raw = clusters.filter((c) => c.type === "aws:eks/cluster:Cluster");
        const counted = raw.length > 0 ? raw : clusters;
        const lines: CostLine[] = [];
        if (counted.length > 0) {
            const monthly = counted.length * ctx.prices.eksControlPlaneHour * ctx.hoursPerMonth;
            lines.push(
                fixedLine(
                    "eks-control-plane",
                    `EKS control plane (${counted.length})`,
                    monthly,
                    `standard support at ${usdRate(ctx.prices.eksControlPlaneHour, "h")} each (extended support: $0.60/h)`,
                ),
            );
        }
        for (const c of clusters.filter((r) => r.type === "eks:index:Cluster")) {
            if (asBool(c.inputs.skipDefaultNodeGroup) !== true) {
                ctx.unknown(
                    `the default node group of ${c.name} (created inside @pulumi/eks, not visible offline)`,
                );
            }
        }
        return lines;
    },
};

const natGatewayReader: CostReader = {
    types: ["aws:ec2/natGateway:NatGateway"],
    lines(nats, ctx) {
        const hourly = regionPrices(ctx)?.natGatewayHour;
        const item = `NAT gateways (${nats.length})`;
        if (hourly === undefined) {
            ctx.unknown(`NAT gateway hours in ${ctx.region}`);
            return [unpricedLine("nat-gateways", item, `no ${ctx.region} price`)];
        }
        return [
            fixedLine(
                "nat-gateways",
                item,
                nats.length * hourly * ctx.hoursPerMonth,
                `at ${usdRate(hourly, "h")} each; data processing per GB not counted`,
            ),
        ];
    },
};

/** Elastic IPs are public IPv4 addresses, billed per hour whether attached or not. */
const elasticIpReader: CostReader = {
    types: ["aws:ec2/eip:Eip"],
    lines(eips, ctx) {
        const monthly = eips.length * ctx.prices.publicIpv4Hour * ctx.hoursPerMonth;
        return [
            fixedLine(
                "public-ipv4",
                `public IPv4 addresses (${eips.length})`,
                monthly,
                `at ${usdRate(ctx.prices.publicIpv4Hour, "h")} each`,
            ),
        ];
    },
};

const kmsKeyReader: CostReader = {
    types: ["aws:kms/key:Key"],
    lines(keys, ctx) {
        return [
            fixedLine(
                "kms-keys",
                `KMS keys (${keys.length})`,
                keys.length * ctx.prices.kmsKeyMonth,
                `at ${usdRate(ctx.prices.kmsKeyMonth, "month")} each; requests not counted`,
            ),
        ];
    },
};

/** S3 is billed by what is stored, which a plan cannot know: shown with its rate, not counted. */
const bucketReader: CostReader = {
    types: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    lines(buckets, ctx) {
        const perGb = regionPrices(ctx)?.s3StandardGbMonth;
        const rate = perGb === undefined ? "rate unknown" : usdRate(perGb, "GB-month");
        return [
            fixedLine(
                "s3-storage",
                `S3 buckets (${buckets.length})`,
                0,
                `usage-based, not counted: Standard storage ${rate}, plus requests`,
            ),
        ];
    },
};

/** The EBS volume type a storage class provisions, when it is an EBS CSI class. */
function ebsTypeOf(className: string | undefined, ctx: PricingContext): string | undefined {
    const classes = ctx.resources.filter((r) => r.type === STORAGE_CLASS_TYPE);
    const sc =
        className === undefined
            ? classes.find(
                  (c) => String(at(c.inputs, "metadata", "annotations", DEFAULT_CLASS_ANNOTATION)) === "true",
              )
            : classes.find((c) => at(c.inputs, "metadata", "name") === className);
    const type = asString(at(sc?.inputs, "parameters", "type"));
    return typeof type === "string" ? type : undefined;
}

interface Claim {
    readonly owner: string;
    readonly storage: unknown;
    readonly storageClassName: unknown;
}

/** Volume claims in the plan: PersistentVolumeClaims and the Ray head's claim templates. */
function claimsOf(resource: CostResource): Claim[] {
    if (resource.type === "kubernetes:core/v1:PersistentVolumeClaim") {
        return [
            {
                owner: resource.name,
                storage: at(resource.inputs, "spec", "resources", "requests", "storage"),
                storageClassName: at(resource.inputs, "spec", "storageClassName"),
            },
        ];
    }
    const volumes = asArray(at(resource.inputs, "spec", "headGroupSpec", "template", "spec", "volumes"));
    if (!volumes || volumes === UNKNOWN) return [];
    return volumes.flatMap((v) => {
        const spec = at(v, "ephemeral", "volumeClaimTemplate", "spec");
        if (spec === undefined) return [];
        return [
            {
                owner: `${resource.name} head`,
                storage: at(spec, "resources", "requests", "storage"),
                storageClassName: at(spec, "storageClassName"),
            },
        ];
    });
}

const volumeClaimReader: CostReader = {
    types: ["kubernetes:core/v1:PersistentVolumeClaim", "kubernetes:ray.io/v1:RayCluster"],
    lines(resources, ctx) {
        const lines: CostLine[] = [];
        for (const claim of resources.flatMap(claimsOf)) {
            const id = `volume-claim:${claim.owner}`;
            const item = `persistent volume (${claim.owner})`;
            const bytes = parseQuantity(claim.storage);
            const className = asString(claim.storageClassName);
            const type = ebsTypeOf(typeof className === "string" ? className : undefined, ctx);
            const perGb = type === "gp3" ? regionPrices(ctx)?.gp3GbMonth : undefined;
            if (bytes === undefined || perGb === undefined) {
                const why =
                    bytes === undefined ? "size not known" : `storage class type ${type ?? "unknown"}`;
                ctx.unknown(`${item}: ${why}`);
                lines.push(unpricedLine(id, item, why));
                continue;
            }
            const gib = bytes / GIB;
            lines.push(fixedLine(id, item, gib * perGb, `gp3 ${gib} GiB × ${usdRate(perGb, "GB-month")}`));
        }
        return lines;
    },
};

/** In the order the estimate lists them: capacity first, then fixed and usage-based costs. */
export const COST_READERS: readonly CostReader[] = [
    nodeGroupReader,
    karpenterNodePoolReader,
    clusterReader,
    natGatewayReader,
    elasticIpReader,
    kmsKeyReader,
    volumeClaimReader,
    bucketReader,
];
