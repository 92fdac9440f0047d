/**
 * The offline plan: stack file → validated config → the real program under mocks → the policy
 * pack's own policies → cost → one Report. No cloud, no credentials, no Pulumi CLI.
 */
import { parsePlatformConfig } from "../../components/config/parse";
import { rawConfigFromPulumi } from "../../components/config/raw";
import type { PlatformConfig } from "../../components/config/schema";
import { estimateCost } from "../cost/estimate";
import { fromCaptured, OFFLINE_LIMITS, type Report } from "../render/report";
import { evaluatePolicies } from "./evaluate";
import { runStackOffline } from "./programs";
import { readStackFile } from "./stack-file";
import type { CapturedResource } from "./types";

export interface OfflinePlanOptions {
    readonly cwd: string;
    readonly stack: string;
    /** Policy pack config overrides (same keys as the pack's config schema). */
    readonly policyConfig?: Record<string, unknown>;
    /** Config changes applied on top of the stack file (`"rayops:key"` → value string; null removes the key). */
    readonly configOverrides?: Readonly<Record<string, string | null>>;
}

export interface OfflinePlan {
    readonly report: Report;
    readonly config: PlatformConfig;
    readonly resources: CapturedResource[];
    readonly outputs: Record<string, unknown>;
}

/** Validates first, so a bad config fails with every problem listed before anything runs. */
export async function runOfflinePlan(opts: OfflinePlanOptions): Promise<OfflinePlan> {
    const file = readStackFile(opts.cwd, opts.stack);
    const flat: Record<string, string> = { ...file.config };
    for (const [key, value] of Object.entries(opts.configOverrides ?? {})) {
        if (value === null) delete flat[key];
        else flat[key] = value;
    }
    const config = parsePlatformConfig(rawConfigFromPulumi(flat), { stack: opts.stack, project: "rayops" });
    const both = await runStackOffline({
        cwd: opts.cwd,
        stack: opts.stack,
        config: flat,
        secretKeys: file.secretKeys,
    });
    const run = { resources: both.resources, outputs: both.cluster.outputs };
    const evaluation = evaluatePolicies(run.resources, { config: opts.policyConfig });
    // As the engine does: a mandatory violation fails the plan (the report is complete either way).
    const mandatory = evaluation.findings.filter((f) => f.enforcementLevel === "mandatory").length;
    const report: Report = {
        kind: "offline-plan",
        stack: opts.stack,
        project: "rayops",
        region: config.region,
        succeeded: mandatory === 0,
        ...(mandatory > 0
            ? { error: `${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}` }
            : {}),
        resources: fromCaptured(run.resources),
        policy: { evaluated: true, policiesRun: evaluation.counts.policies, findings: evaluation.findings },
        cost: estimateCost(run.resources, { region: config.region }),
        limits: OFFLINE_LIMITS,
    };
    return { report, config, resources: run.resources, outputs: run.outputs };
}
