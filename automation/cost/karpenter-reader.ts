/**
 * Karpenter `NodePool`s (`addons.nodeAutoscaler: karpenter`). A NodePool has no minimum and no
 * desired size: it launches nodes for pending pods and removes empty ones, so its floor and
 * expected cost are zero. Its ceiling comes from `spec.limits`: the most a pool can spend is the
 * allowed instance type whose nodes cost most while staying within the CPU (and GPU) limits.
 * The pool the Ray head runs on is never empty: its floor and expected cost are one node of the
 * cheapest allowed type, the one Karpenter chooses for a pod that fits them all.
 */
import { INSTANCE_TYPES } from "../../policypack/lib/instance-types";
import { GPU_RESOURCE, POOL_LABEL } from "../../policypack/lib/node-pools";
import { GIB, parseQuantity } from "../../policypack/lib/quantity";
import { asArray, asString, asStringArray, at, UNKNOWN } from "../../policypack/lib/values";
import { poolsHoldingRayHeads } from "./node-group-reader";
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

export const KARPENTER_NODEPOOL_TYPE = "kubernetes:karpenter.sh/v1:NodePool";
export const KARPENTER_NODECLASS_TYPE = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";

function requirementValues(pool: CostResource, key: string): string[] | undefined {
    const reqs = asArray(at(pool.inputs, "spec", "template", "spec", "requirements"));
    if (!reqs || reqs === UNKNOWN) return undefined;
    const req = reqs.find((r) => at(r, "key") === key && at(r, "operator") === "In");
    const values = asStringArray(at(req, "values"));
    return values && values !== UNKNOWN ? values : undefined;
}

/** The catalog types the pool may launch: its instance-type list, else its families. */
function allowedTypes(pool: CostResource): string[] | undefined {
    const types = requirementValues(pool, "node.kubernetes.io/instance-type");
    if (types) return types;
    const families = requirementValues(pool, "karpenter.k8s.aws/instance-family");
    return families && Object.keys(INSTANCE_TYPES).filter((t) => families.includes(t.split(".")[0]!));
}

/** Root volume GiB per node, from the EC2NodeClass the pool references. */
function volumeGiB(pool: CostResource, ctx: PricingContext): number | undefined {
    const name = at(pool.inputs, "spec", "template", "spec", "nodeClassRef", "name");
    const nodeClass = ctx.resources.find(
        (r) => r.type === KARPENTER_NODECLASS_TYPE && at(r.inputs, "metadata", "name") === name,
    );
    const mappings = asArray(at(nodeClass?.inputs, "spec", "blockDeviceMappings"));
    if (!mappings || mappings === UNKNOWN) return undefined;
    const ebs = mappings.map((m) => at(m, "ebs")).find((e) => e !== undefined);
    if (asString(at(ebs, "volumeType")) !== "gp3") return undefined;
    const bytes = parseQuantity(at(ebs, "volumeSize"));
    return bytes === undefined ? undefined : bytes / GIB;
}

/** The allowed type with the lowest price in the region. */
function cheapest(
    types: readonly string[],
    ctx: PricingContext,
): { type: string; hourly: number } | undefined {
    let best: { type: string; hourly: number } | undefined;
    for (const type of types) {
        const hourly = instanceHourly(ctx, type);
        if (hourly !== undefined && (!best || hourly < best.hourly)) best = { type, hourly };
    }
    return best;
}

export const karpenterNodePoolReader: CostReader = {
    types: [KARPENTER_NODEPOOL_TYPE],
    lines(pools, ctx) {
        const lines: CostLine[] = [];
        const headPools = poolsHoldingRayHeads(ctx.resources);
        for (const np of pools) {
            const poolName = String(
                at(np.inputs, "spec", "template", "metadata", "labels", POOL_LABEL) ?? np.name,
            );
            const id = `nodes:${poolName}`;
            const item = `Karpenter pool ${poolName}`;
            const types = allowedTypes(np);
            const cpuLimit = parseQuantity(at(np.inputs, "spec", "limits", "cpu"));
            const gpuLimit = parseQuantity(at(np.inputs, "spec", "limits", GPU_RESOURCE));
            if (!types || types.length === 0 || cpuLimit === undefined) {
                const why =
                    !types || types.length === 0 ? "instance types not known" : "no CPU limit: no ceiling";
                ctx.unknown(`${item}: ${why}`);
                lines.push(unpricedLine(id, item, why));
                continue;
            }
            // Most nodes of each type the limits allow, and the type that costs most at that count.
            let worst: { type: string; nodes: number; hourly: number } | undefined;
            for (const t of types) {
                const spec = INSTANCE_TYPES[t];
                const hourly = instanceHourly(ctx, t);
                if (!spec) continue;
                if (hourly === undefined) {
                    ctx.unknown(`${t} in ${ctx.region} (${item}; its ceiling may be higher)`);
                    continue;
                }
                const fits = [cpuLimit / spec.vcpu];
                if (gpuLimit !== undefined && spec.gpus > 0) fits.push(gpuLimit / spec.gpus);
                const nodes = Math.floor(Math.min(...fits));
                if (!worst || nodes * hourly > worst.nodes * worst.hourly) worst = { type: t, nodes, hourly };
            }
            if (!worst) {
                lines.push(unpricedLine(id, item, `no ${ctx.region} price for ${types.join(", ")}`));
                continue;
            }
            const h = ctx.hoursPerMonth;
            const limits = `within limits cpu ${cpuLimit}${gpuLimit === undefined ? "" : `, gpu ${gpuLimit}`}`;
            const ceilingNote = `ceiling ${worst.nodes} × ${worst.type} at ${usdRate(worst.hourly, "h")} ${limits}`;
            const head = headPools.has(poolName) ? cheapest(types, ctx) : undefined;
            lines.push({
                id,
                item: `${item}: ${types.join(", ")}`,
                floor: head ? head.hourly * h : 0,
                expected: head ? head.hourly * h : 0,
                ceiling: worst.nodes * worst.hourly * h,
                note: head
                    ? `at least 1 × ${head.type} at ${usdRate(head.hourly, "h")}: runs the Ray head; ${ceilingNote}`
                    : `scales from zero; ${ceilingNote}`,
            });
            const gib = volumeGiB(np, ctx);
            const perGb = regionPrices(ctx)?.gp3GbMonth;
            if (gib === undefined || perGb === undefined) {
                ctx.unknown(`root volumes of ${item}`);
                lines.push(
                    unpricedLine(`volumes:${poolName}`, `${item}: root volumes`, "size or gp3 price unknown"),
                );
            } else {
                const headVolume = headPools.has(poolName) ? gib * perGb : 0;
                lines.push({
                    id: `volumes:${poolName}`,
                    item: `${item}: root volumes`,
                    floor: headVolume,
                    expected: headVolume,
                    ceiling: worst.nodes * gib * perGb,
                    note: `gp3 ${gib} GiB per node × ${usdRate(perGb, "GB-month")}`,
                });
            }
        }
        return lines;
    },
};
