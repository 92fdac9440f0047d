/**
 * Cross-field checks of a stack configuration that a per-field schema cannot express. Each
 * returns every problem it finds; none throws. Called by `parsePlatformConfig` after the schema.
 */

import {
    allocatable,
    INSTANCE_TYPES,
    isGpuInstanceType,
    podsPerNode,
} from "../../../policypack/lib/instance-types";
import { GIB } from "../../../policypack/lib/quantity";
import type { ConfigIssue } from "../issues";
import { checkNetwork } from "../network-program";
import { parseCpu, parseMemoryGiB } from "../quantity";
import type { ParsedPlatformConfig } from "../schema";
import { checkRay } from "./ray";
import { checkRunners } from "./runners";

type Pool = ParsedPlatformConfig["nodePools"]["cpu"];

/** A network that passes every network check, so only the region's problems remain. */
const NO_NETWORK = { cidr: "10.0.0.0/16", azCount: 2, natGateways: "single", instanceTypes: [] } as const;

function checkPool(name: string, pool: Pool, issues: ConfigIssue[]): void {
    const key = `nodePools.${name}`;
    if (pool.minSize > pool.maxSize) {
        issues.push({
            key: `${key}.minSize`,
            value: pool.minSize,
            message: `must be ≤ maxSize (${pool.maxSize})`,
        });
    }
    if (
        pool.desiredSize !== undefined &&
        (pool.desiredSize < pool.minSize || pool.desiredSize > pool.maxSize)
    ) {
        issues.push({
            key: `${key}.desiredSize`,
            value: pool.desiredSize,
            message: `must lie within [minSize, maxSize] = [${pool.minSize}, ${pool.maxSize}]`,
        });
    }
    const wantGpu = name === "gpu";
    pool.instanceTypes.forEach((t, i) => {
        if (isGpuInstanceType(t) !== wantGpu) {
            issues.push({
                key: `${key}.instanceTypes.${i}`,
                value: t,
                message: wantGpu
                    ? `the gpu pool needs NVIDIA GPU instance types; allowed: ${gpuTypes().join(", ")}`
                    : `the ${name} pool takes CPU-only instance types; GPU types belong in nodePools.gpu`,
            });
        }
    });
}

/**
 * Under the cluster-autoscaler a GPU pool mixing models is one node group per model, sharing the
 * pool's maxSize (components/nodes/scheduling.ts `nodeGroupsOf`): each group needs at least one node.
 */
function checkGpuModels(c: Pick<ParsedPlatformConfig, "addons" | "nodePools">, issues: ConfigIssue[]): void {
    if (c.addons.nodeAutoscaler !== "cluster-autoscaler") return;
    const pool = c.nodePools.gpu;
    const byModel = new Map<string, string[]>();
    for (const t of pool.instanceTypes) {
        const model = INSTANCE_TYPES[t]?.gpuModel ?? "unknown";
        byModel.set(model, [...(byModel.get(model) ?? []), t]);
    }
    if (byModel.size > 1 && pool.maxSize < byModel.size) {
        const models = [...byModel].map(([m, ts]) => `${m}: ${ts.join(", ")}`).join("; ");
        issues.push({
            key: "nodePools.gpu.maxSize",
            value: pool.maxSize,
            message:
                `at least ${byModel.size}: the pool mixes ${byModel.size} GPU models (${models}), and each model ` +
                "is a node group of its own with a share of maxSize; raise maxSize or keep to one model",
        });
    }
}

function gpuTypes(): string[] {
    return Object.keys(INSTANCE_TYPES).filter(isGpuInstanceType);
}

function checkWorkerGroups(c: Pick<ParsedPlatformConfig, "ray" | "nodePools">, issues: ConfigIssue[]): void {
    for (const [group, wg] of Object.entries(c.ray.workerGroups)) {
        const key = `ray.workerGroups.${group}`;
        if (wg.minReplicas > wg.maxReplicas) {
            issues.push({
                key: `${key}.minReplicas`,
                value: wg.minReplicas,
                message: `must be ≤ maxReplicas (${wg.maxReplicas})`,
            });
        }
        if (wg.gpus > 0 !== (wg.pool === "gpu")) {
            issues.push({
                key: `${key}.pool`,
                value: wg.pool,
                message:
                    wg.gpus > 0
                        ? `a group that requests ${wg.gpus} GPU(s) per pod must run on the gpu pool`
                        : "a group without GPUs must run on the cpu pool (GPU nodes are tainted for GPU work)",
            });
            continue;
        }
        const pool = c.nodePools[wg.pool];
        const cpu = parseCpu(wg.cpu);
        const mem = parseMemoryGiB(wg.memory);
        const perNode = Math.max(
            ...pool.instanceTypes.map((t) => podsPerNode(t, { cpu, memoryBytes: mem * GIB, gpus: wg.gpus })),
        );
        if (perNode === 0) {
            issues.push({
                key,
                value: { cpu: wg.cpu, memory: wg.memory, gpus: wg.gpus },
                message:
                    `the worker pod fits no instance type of nodePools.${wg.pool} ` +
                    `(${pool.instanceTypes.map((t) => describe(t)).join("; ")}); lower the request or add a larger type`,
            });
            continue;
        }
        const nodesNeeded = Math.ceil(wg.maxReplicas / perNode);
        if (nodesNeeded > pool.maxSize) {
            issues.push({
                key: `${key}.maxReplicas`,
                value: wg.maxReplicas,
                message:
                    `needs ${nodesNeeded} node(s) at ${perNode} pod(s) per node, more than ` +
                    `nodePools.${wg.pool}.maxSize (${pool.maxSize}); allowed: at most ${perNode * pool.maxSize}`,
            });
        }
    }
}

function describe(type: string): string {
    const a = allocatable(type);
    return `${type}: ${a.cpu.toFixed(2)} CPU, ${a.memoryGiB.toFixed(1)} GiB, ${a.gpus} GPU allocatable`;
}

/** A top-level section of the stack config: what the schema validates on its own. */
type Section = keyof ParsedPlatformConfig;

/** A cross-field check and the sections it reads; it runs only when none of them failed the schema. */
interface CrossCheck {
    readonly reads: readonly Section[];
    readonly run: (c: Partial<ParsedPlatformConfig>, failed: ReadonlySet<string>) => ConfigIssue[];
}

/**
 * Every section `reads` names is parsed in `_c`: it is not among the failed ones (an optional key
 * left out of the stack file passed the schema too, as absent).
 */
function hasSections<S extends Section>(
    _c: Partial<ParsedPlatformConfig>,
    reads: readonly S[],
    failed: ReadonlySet<string>,
): _c is Pick<ParsedPlatformConfig, S> {
    return reads.every((section) => !failed.has(section));
}

/** The check's parameter type is what it reads, so a section it reads but does not declare fails to compile. */
function crossCheck<const S extends Section>(
    reads: readonly S[],
    check: (c: Pick<ParsedPlatformConfig, S>) => ConfigIssue[],
): CrossCheck {
    return { reads, run: (c, failed) => (hasSections(c, reads, failed) ? check(c) : []) };
}

const collect =
    <C>(check: (c: C, issues: ConfigIssue[]) => void) =>
    (c: C): ConfigIssue[] => {
        const issues: ConfigIssue[] = [];
        check(c, issues);
        return issues;
    };

export const CROSS_CHECKS: readonly CrossCheck[] = [
    crossCheck(["region"], collect(checkRegion)),
    crossCheck(
        ["nodePools"],
        collect((c, issues) => {
            for (const name of ["system", "cpu", "gpu"] as const) checkPool(name, c.nodePools[name], issues);
            if (c.nodePools.runners) checkPool("runners", c.nodePools.runners, issues);
        }),
    ),
    crossCheck(["addons", "nodePools"], collect(checkGpuModels)),
    crossCheck(["addons", "cluster"], collect(checkVersions)),
    crossCheck(["ray", "nodePools"], collect(checkWorkerGroups)),
    // The head's fit and the Ray/node scale-down timing (docs/autoscaling-timing.md).
    crossCheck(["ray", "nodePools", "addons"], checkRay),
    // An enabled scale set's URL, App credentials and runner pool (components/config/checks/runners.ts).
    crossCheck(
        ["runners", "nodePools", "githubAppId", "githubAppInstallationId", "githubAppPrivateKey"],
        checkRunners,
    ),
];

/**
 * Runs every cross-field check. `c` is the whole parsed config, or only the sections that passed
 * the schema, with the others named in `failed`: a check that reads a failed section is left out,
 * so a config with both kinds of problems still gets all of them reported at once.
 */
export function checkConsistency(
    c: Partial<ParsedPlatformConfig>,
    failed: ReadonlySet<string> = new Set(),
): ConfigIssue[] {
    return CROSS_CHECKS.flatMap((check) => check.run(c, failed));
}

/** The region's part of the network checks; the VPC itself is the network program's (network-program.ts). */
function checkRegion(c: Pick<ParsedPlatformConfig, "region">, issues: ConfigIssue[]): void {
    issues.push(...checkNetwork({ region: c.region, network: NO_NETWORK }).filter((i) => i.key === "region"));
}

function checkVersions(c: Pick<ParsedPlatformConfig, "addons" | "cluster">, issues: ConfigIssue[]): void {
    // Which versions EKS offers is the schema's check (components/cluster/eks-versions.ts).
    const tag = c.addons.clusterAutoscaler.imageTag;
    if (tag !== undefined && !tag.startsWith(`v${c.cluster.version}.`)) {
        issues.push({
            key: "addons.clusterAutoscaler.imageTag",
            value: tag,
            message: `the cluster-autoscaler's minor version must match the cluster's: v${c.cluster.version}.<patch>`,
        });
    }
}
