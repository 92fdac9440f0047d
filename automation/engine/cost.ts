/**
 * The cost section of an engine report: the cost module's estimate over the resources the engine
 * reported (the same estimator the offline plan uses). A failing estimate never fails the
 * operation it describes; the report says why it has no cost section.
 */
import type { CapturedResource } from "../plan/types";
import type { CostSection } from "../render/report";

export interface CostContext {
    readonly stack: string;
    readonly region?: string;
    /** The stack's validated `PlatformConfig`, when the command read it. */
    readonly config?: unknown;
}

type Estimator = (resources: readonly CapturedResource[], context: CostContext) => unknown;

/** The cost module's estimate, loaded only when an engine report asks for a cost section. */
const defaultEstimator: Estimator = (resources, context) => {
    const { estimateCost: estimate } = require("../cost/estimate") as typeof import("../cost/estimate");
    return estimate(resources, { region: context.region });
};

function isCostSection(v: unknown): v is CostSection {
    const c = v as Partial<CostSection> | null;
    return (
        typeof c === "object" &&
        c !== null &&
        c.currency === "USD" &&
        [c.floor, c.expected, c.ceiling].every((n) => typeof n === "number" && Number.isFinite(n)) &&
        Array.isArray(c.lines) &&
        Array.isArray(c.unknown)
    );
}

export interface CostEstimate {
    readonly cost?: CostSection;
    /** Why there is no cost section although the cost module exists. */
    readonly problem?: string;
}

/** Estimates the cost of `resources`, or says why it could not. */
export async function estimateCost(
    resources: readonly CapturedResource[],
    context: CostContext,
    estimator?: Estimator,
): Promise<CostEstimate> {
    try {
        const result = await (estimator ?? defaultEstimator)(resources, context);
        if (isCostSection(result)) return { cost: result };
        return { problem: "the cost module returned no cost section" };
    } catch (err) {
        return { problem: `the cost estimate failed: ${err instanceof Error ? err.message : String(err)}` };
    }
}
