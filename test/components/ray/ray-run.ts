/**
 * Readers of the Ray layer in an offline run of the real program, shared by the Ray specs.
 * Pure functions over a run; nothing here holds state.
 */
import { strict as assert } from "node:assert";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import { readStackFile } from "../../../automation/plan/stack-file";
import type { CapturedResource } from "../../../automation/plan/types";
import { parsePlatformConfig } from "../../../components/config/parse";
import { rawConfigFromPulumi } from "../../../components/config/raw";
import type { PlatformConfig } from "../../../components/config/schema";
import { ofType, REPO_ROOT } from "../../support/program";

export const RAY_CLUSTER = "kubernetes:ray.io/v1:RayCluster";
export const RELEASE = "kubernetes:helm.sh/v3:Release";

/** The validated config of a committed stack file, to compare the rendered objects with. */
export function stackConfig(stack: string): PlatformConfig {
    const file = readStackFile(REPO_ROOT, stack);
    return parsePlatformConfig(rawConfigFromPulumi(file.config), { stack, project: "rayops" });
}

export function one(run: OfflineProgramRun, type: string): CapturedResource {
    const found = ofType(run, type);
    assert.equal(found.length, 1, `expected one ${type}, found ${found.length}`);
    return found[0];
}

// biome-ignore lint/suspicious/noExplicitAny: a rendered manifest is free-form JSON
export type Json = any;

export function rayClusterSpec(run: OfflineProgramRun): Json {
    return one(run, RAY_CLUSTER).inputs.spec;
}

export function headPod(run: OfflineProgramRun): Json {
    return rayClusterSpec(run).headGroupSpec.template;
}

export function workerGroup(run: OfflineProgramRun, name: string): Json {
    const groups: Json[] = rayClusterSpec(run).workerGroupSpecs;
    const group = groups.find((g) => g.groupName === name);
    assert.ok(group, `no worker group ${name}; have ${groups.map((g) => g.groupName).join(", ")}`);
    return group;
}

export function kuberayRelease(run: OfflineProgramRun): CapturedResource {
    const found = ofType(run, RELEASE).filter((r) => r.inputs.chart === "kuberay-operator");
    assert.equal(found.length, 1, "expected one kuberay-operator release");
    return found[0];
}

/** The resources registered under a component, at any depth. */
export function childrenOf(run: OfflineProgramRun, componentType: string): CapturedResource[] {
    const roots = ofType(run, componentType).map((c) => c.urn);
    const inside = new Set(roots);
    const out: CapturedResource[] = [];
    let grew = true;
    while (grew) {
        grew = false;
        for (const r of run.resources) {
            if (r.parent && inside.has(r.parent) && !inside.has(r.urn)) {
                inside.add(r.urn);
                out.push(r);
                grew = true;
            }
        }
    }
    return out;
}
