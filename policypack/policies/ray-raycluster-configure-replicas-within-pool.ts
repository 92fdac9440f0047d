import type { StackValidationPolicy } from "@pulumi/policy";
import { isKnownInstanceType, podsPerNode } from "../lib/instance-types";
import { type NodePool, nodePoolsOf, POOL_LABEL } from "../lib/node-pools";
import { nameOf } from "../lib/policy";
import { GIB } from "../lib/quantity";
import { CRD_DEFAULT_MAX_REPLICAS, podRequestsOf, RAY_CLUSTER_TYPE, workerGroupsOf } from "../lib/ray";
import { UNKNOWN } from "../lib/values";

interface PoolCapacity {
    /** Sum of maxSize over the pool's node groups; undefined when one is unknown. */
    readonly maxSize: number | undefined;
    /** The catalog instance types the pool's node groups may launch. */
    readonly instanceTypes: string[];
}

/** Node groups aggregated by their `rayops.io/pool` label, computed once per evaluation. */
function capacityByPool(nodePools: readonly NodePool[]): Map<string, PoolCapacity> {
    const out = new Map<string, { maxSize: number | undefined; types: Set<string> }>();
    for (const p of nodePools) {
        // Stryker disable next-line ConditionalExpression: groups are looked up by a string pool only, so an undefined key is never read
        if (p.pool === undefined) continue;
        const entry = out.get(p.pool) ?? { maxSize: 0, types: new Set<string>() };
        entry.maxSize =
            entry.maxSize === undefined || typeof p.maxSize !== "number"
                ? undefined
                : entry.maxSize + p.maxSize;
        if (p.instanceTypes !== UNKNOWN)
            for (const t of p.instanceTypes) if (isKnownInstanceType(t)) entry.types.add(t);
        out.set(p.pool, entry);
    }
    return new Map([...out].map(([pool, e]) => [pool, { maxSize: e.maxSize, instanceTypes: [...e.types] }]));
}

/**
 * A worker group pinned to a pool (`nodeSelector["rayops.io/pool"]`) should fit in it at its
 * maximum: ceil(maxReplicas × numOfHosts / pods per node) ≤ the pool's maxSize. Otherwise the
 * autoscaler stops at maxSize and the rest of the workers stay Pending. Pods per node uses the
 * pool's smallest instance type (the autoscaler may pick any), and each group is checked on its
 * own. Advisory: Pending workers cost nothing, but a job sized for them waits.
 */
export const rayRayClusterConfigureReplicasWithinPool: StackValidationPolicy = {
    name: "ray-raycluster-configure-replicas-within-pool",
    description: "RayCluster worker groups fit, at maxReplicas, into the node pool their nodeSelector names.",
    enforcementLevel: "advisory",
    severity: "low",
    validateStack: (args, report) => {
        let pools: Map<string, PoolCapacity> | undefined;
        for (const cluster of args.resources) {
            if (cluster.type !== RAY_CLUSTER_TYPE) continue;
            const groups = workerGroupsOf(cluster.props);
            if (groups === UNKNOWN) continue;
            for (const g of groups) {
                if (typeof g.pool !== "string") continue;
                if (g.maxReplicas === UNKNOWN || g.numOfHosts === UNKNOWN) continue;
                pools ??= capacityByPool(nodePoolsOf(args.resources));
                const where = `${nameOf(cluster)} worker group "${g.groupName}"`;
                const capacity = pools.get(g.pool);
                if (!capacity) {
                    report(
                        `${where} selects ${POOL_LABEL}=${g.pool}, but no node group carries that label, so its pods stay Pending. Point nodeSelector at an existing pool.`,
                        cluster.urn,
                    );
                    continue;
                }
                if (capacity.maxSize === undefined) continue;
                const maxSize = capacity.maxSize;
                const pod = podRequestsOf(g);
                if (pod === UNKNOWN) continue;
                const known = capacity.instanceTypes;
                if (known.length === 0) continue;
                let smallest = known[0];
                let perNode = podsPerNode(smallest, pod);
                // Stryker disable next-line MethodExpression: comparing known[0] with itself changes nothing (n < perNode is false)
                for (const t of known.slice(1)) {
                    const n = podsPerNode(t, pod);
                    if (n < perNode) [smallest, perNode] = [t, n];
                }
                if (perNode === 0) {
                    report(
                        `${where} asks for more than one ${smallest} node of pool "${g.pool}" can offer (${pod.cpu} CPU, ${(pod.memoryBytes / GIB).toFixed(1)} GiB, ${pod.gpus} GPU per pod), so its pods never schedule. Lower the pod's requests or use a larger instance type.`,
                        cluster.urn,
                    );
                    continue;
                }
                const replicas = (g.maxReplicas ?? CRD_DEFAULT_MAX_REPLICAS) * g.numOfHosts;
                const needed = Math.ceil(replicas / perNode);
                if (needed <= maxSize) continue;
                report(
                    `${where} may need ${needed} nodes of pool "${g.pool}" (${replicas} pods, ${perNode} per ${smallest} node) but the pool's maxSize is ${maxSize}. Lower maxReplicas to ${maxSize * perNode} or raise the pool's maxSize.`,
                    cluster.urn,
                );
            }
        }
    },
};
