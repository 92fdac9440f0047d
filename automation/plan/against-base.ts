/**
 * An offline plan's report measured against a base revision's offline plan: each resource's
 * change (create, update with the changed input paths, replace, delete) and the cost delta. Pure:
 * both plans are already made, so this loads no Pulumi SDK.
 */
import { estimateCost, withDelta } from "../cost/estimate";
import { fromCaptured, offlineLimitsAgainst, type Report } from "../render/report";
import { diffPlans } from "./diff";
import type { OfflinePlan } from "./offline-plan";
import type { RevisionPlan } from "./revision";

export function againstBase(plan: OfflinePlan, base: RevisionPlan, label: string): Report {
    const diff = diffPlans(base.resources, plan.resources);
    const report = plan.report;
    const baseCost = estimateCost([...base.resources], { region: base.region ?? plan.config.region });
    return {
        ...report,
        base: label,
        resources: fromCaptured(plan.resources, diff),
        ...(report.cost ? { cost: withDelta(report.cost, baseCost, label) } : {}),
        limits: offlineLimitsAgainst(label),
    };
}
