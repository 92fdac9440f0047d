/**
 * The cost section of an engine report, when the cost module is there: `automation/cost/index.ts`
 * exporting `estimateFromResources(resources, context)`. Without it the report simply has no cost
 * section; a failing estimate never fails the operation it describes.
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

function loadEstimator(): Estimator | undefined {
    let mod: { estimateFromResources?: unknown };
    try {
        mod = require("../cost") as typeof mod;
    } catch (err) {
        // Only "the module is not there" means no cost section; a module that fails to load is a problem to report.
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "MODULE_NOT_FOUND" && String((err as Error).message).includes("../cost"))
            return undefined;
        throw err;
    }
    return typeof mod.estimateFromResources === "function"
        ? (mod.estimateFromResources as Estimator)
        : undefined;
}

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
        const estimate = estimator ?? loadEstimator();
        if (!estimate) return {};
        const result = await estimate(resources, context);
        if (isCostSection(result)) return { cost: result };
        return { problem: "the cost module returned no cost section" };
    } catch (err) {
        return { problem: `the cost estimate failed: ${err instanceof Error ? err.message : String(err)}` };
    }
}
