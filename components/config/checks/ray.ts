/**
 * Cross-field checks of the `ray` config: the head fits a node of its pool, and the Ray idle
 * timeout and the cluster-autoscaler's scale-down timing are chosen together. The reasoning
 * behind the timing rule is in docs/autoscaling-timing.md. Pure; returns every problem found.
 */

import { allocatable } from "../../../policypack/lib/instance-types";
import { HEAD_POOL } from "../../ray/constants";
import type { ConfigIssue } from "../issues";
import { parseCpu, parseMemoryGiB } from "../quantity";
import type { ParsedPlatformConfig } from "../schema";

/** The sections the Ray checks read. */
type RayView = Pick<ParsedPlatformConfig, "ray" | "nodePools" | "addons">;

/** Ray workers must outlive the gaps inside a burst; Ray's own default is 60 s. */
export const MIN_IDLE_TIMEOUT_SECONDS = 60;
/**
 * An emptied node is kept at least as long as Ray keeps an idle worker, at most this many times
 * as long. See docs/autoscaling-timing.md.
 */
export const MAX_NODE_TO_WORKER_PATIENCE = 4;

/** Seconds of a duration such as "10m", "1h30m" or "45s" (the config's duration format). */
export function durationSeconds(d: string): number {
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(d);
    if (!m || d === "") throw new Error(`duration ${JSON.stringify(d)}: allowed e.g. "10m" or "1h30m"`);
    return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** "8m" or "1h2m30s", for messages. */
export function formatDuration(seconds: number): string {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    const text = `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s ? `${s}s` : ""}`;
    return text || "0s";
}

function checkTiming(c: RayView, issues: ConfigIssue[]): void {
    const idle = c.ray.autoscaler.idleTimeoutSeconds;
    if (idle < MIN_IDLE_TIMEOUT_SECONDS) {
        issues.push({
            key: "ray.autoscaler.idleTimeoutSeconds",
            value: idle,
            message:
                `must be ≥ ${MIN_IDLE_TIMEOUT_SECONDS}: a shorter timeout removes workers between the ` +
                "tasks of one burst and restarts them (see docs/autoscaling-timing.md)",
        });
        return;
    }
    // Karpenter has its own consolidation timing; the rule is about the cluster-autoscaler.
    if (c.addons.nodeAutoscaler !== "cluster-autoscaler") return;
    const raw = c.addons.clusterAutoscaler.scaleDownUnneededTime;
    const unneeded = durationSeconds(raw);
    const max = idle * MAX_NODE_TO_WORKER_PATIENCE;
    if (unneeded < idle || unneeded > max) {
        issues.push({
            key: "addons.clusterAutoscaler.scaleDownUnneededTime",
            value: raw,
            message:
                `allowed ${formatDuration(idle)} to ${formatDuration(max)}: between ray.autoscaler.idleTimeoutSeconds ` +
                `(${idle}) and ${MAX_NODE_TO_WORKER_PATIENCE}× it, so a node Ray has emptied is kept about as long ` +
                "as a new one takes to come up, and no longer (see docs/autoscaling-timing.md)",
        });
    }
}

/** The head pod is the head container plus the autoscaler sidecar; one node of its pool must hold both. */
function checkHeadFits(c: RayView, issues: ConfigIssue[]): void {
    const { head, autoscaler } = c.ray;
    const cpu = parseCpu(head.cpu) + parseCpu(autoscaler.cpu);
    const mem = parseMemoryGiB(head.memory) + parseMemoryGiB(autoscaler.memory);
    const types = c.nodePools[HEAD_POOL].instanceTypes;
    const fits = types.some((t) => {
        const a = allocatable(t);
        return a.cpu >= cpu && a.memoryGiB >= mem;
    });
    if (fits) return;
    issues.push({
        key: "ray.head",
        value: { cpu: head.cpu, memory: head.memory },
        message:
            `the head pod (with the autoscaler sidecar: ${cpu} CPU, ${mem.toFixed(1)} GiB) fits no instance type of ` +
            `nodePools.${HEAD_POOL} (${types
                .map(
                    (t) =>
                        `${t}: ${allocatable(t).cpu.toFixed(2)} CPU, ${allocatable(t).memoryGiB.toFixed(1)} GiB`,
                )
                .join("; ")}); lower the request or add a larger type`,
    });
}

/**
 * The head's state volume is node-local (components/ray/pods.ts): it must fit the root volume of
 * its pool's nodes, which also holds the OS, the container images and the kubelet's own files.
 */
export const ROOT_VOLUME_RESERVE_GIB = 20;

function checkHeadStorage(c: RayView, issues: ConfigIssue[]): void {
    const disk = c.nodePools[HEAD_POOL].diskSizeGiB;
    const most = disk - ROOT_VOLUME_RESERVE_GIB;
    if (c.ray.head.storageGiB <= most) return;
    issues.push({
        key: "ray.head.storageGiB",
        value: c.ray.head.storageGiB,
        message:
            `at most ${most}: the head keeps its state on the root volume of a nodePools.${HEAD_POOL} node ` +
            `(diskSizeGiB ${disk}, less ${ROOT_VOLUME_RESERVE_GIB} GiB for the OS and images); lower it or raise ` +
            `nodePools.${HEAD_POOL}.diskSizeGiB`,
    });
}

export function checkRay(c: RayView): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    checkHeadFits(c, issues);
    checkHeadStorage(c, issues);
    checkTiming(c, issues);
    return issues;
}
