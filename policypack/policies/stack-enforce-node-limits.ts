import type { StackValidationPolicy } from "@pulumi/policy";
import { type NodePool, nodePoolsOf, RUNNERS_POOL } from "../lib/node-pools";
import { nameOf } from "../lib/policy";
import { UNKNOWN } from "../lib/values";
import { configSchemaFor, readConfig } from "./config";

interface Tally {
    readonly known: number;
    readonly undecided: boolean;
    readonly parts: string;
}

function tally(pools: readonly NodePool[]): Tally {
    let known = 0;
    let undecided = false;
    const parts: string[] = [];
    for (const p of pools) {
        if (p.maxSize === UNKNOWN) {
            undecided = true;
            parts.push(`${nameOf(p)} (unknown)`);
        } else if (p.maxSize === undefined) {
            undecided = true;
            parts.push(`${nameOf(p)} (no maxSize)`);
        } else {
            known += p.maxSize;
            parts.push(`${nameOf(p)} ${p.maxSize}`);
        }
    }
    return { known, undecided, parts: parts.join(", ") };
}

/**
 * The most nodes the stack can scale to, by kind: the cluster autoscaler honours each pool's
 * maxSize, so the sum of maxSize bounds what a runaway job or a scaling bug can cost.
 * A sum that is undecided (an unknown maxSize) is reported only when the known part already
 * exceeds the limit.
 */
export const stackEnforceNodeLimits: StackValidationPolicy = {
    name: "stack-enforce-node-limits",
    description:
        "The node pools' maxSize add up to at most maxGpuNodes (GPU), maxCpuNodes (others) and maxRunnerNodes (runners).",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: configSchemaFor("maxCpuNodes", "maxGpuNodes", "maxRunnerNodes"),
    validateStack: (args, report) => {
        const pools = nodePoolsOf(args.resources);
        if (pools.length === 0) return;
        const config = readConfig(args);
        const checks = [
            { kind: "GPU", key: "maxGpuNodes", limit: config.maxGpuNodes, pools: pools.filter((p) => p.gpu) },
            {
                kind: "non-GPU",
                key: "maxCpuNodes",
                limit: config.maxCpuNodes,
                pools: pools.filter((p) => !p.gpu),
            },
            {
                kind: `"${RUNNERS_POOL}"`,
                key: "maxRunnerNodes",
                limit: config.maxRunnerNodes,
                pools: pools.filter((p) => p.pool === RUNNERS_POOL),
            },
        ];
        for (const check of checks) {
            if (check.pools.length === 0) continue;
            const t = tally(check.pools);
            if (t.known <= check.limit) continue;
            report(
                `The ${check.kind} node pools may scale to ${t.undecided ? "at least " : ""}${t.known} nodes (${t.parts}), above the limit ${check.key} = ${check.limit}. Lower scalingConfig.maxSize of these node groups (spec.limits of Karpenter NodePools, counted in nodes of their largest type), or raise "${check.key}" in the policy pack config.`,
                check.pools.length === 1 ? check.pools[0].urn : undefined,
            );
        }
    },
};
