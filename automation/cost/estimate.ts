/**
 * The monthly cost estimate of a plan: floor (every pool at its minimum), expected (desired
 * sizes) and ceiling (every pool at its maximum), per node pool and for the fixed costs, from the
 * plan's resources. Works on the offline plan's captured resources and on an engine preview's.
 */
import type { CostSection } from "../render/report";
import { DEFAULT_PRICES, HOURS_PER_MONTH, type PriceTable } from "./prices";
import type { CostLine, CostReader, CostResource, PricingContext } from "./pricing";
import { COST_READERS } from "./readers";

export interface EstimateOptions {
    /** The stack's AWS region. @default the region of the plan's `aws` provider */
    readonly region?: string;
    /** @default DEFAULT_PRICES */
    readonly prices?: PriceTable;
    /** @default 730 */
    readonly hoursPerMonth?: number;
    /** @default COST_READERS */
    readonly readers?: readonly CostReader[];
}

/** The region the plan's AWS provider deploys to, if one says so. */
export function providerRegion(resources: readonly CostResource[]): string | undefined {
    const provider = resources.find(
        (r) => r.type === "pulumi:providers:aws" && typeof r.inputs.region === "string",
    );
    return provider?.inputs.region as string | undefined;
}

export function estimateCost(resources: readonly CostResource[], opts: EstimateOptions = {}): CostSection {
    const prices = opts.prices ?? DEFAULT_PRICES;
    const region = opts.region ?? providerRegion(resources) ?? "(region unknown)";
    const unknown = new Set<string>();
    if (!prices.regions[region]) unknown.add(`${region}: no price table for this region`);
    const ctx: PricingContext = {
        region,
        prices,
        hoursPerMonth: opts.hoursPerMonth ?? HOURS_PER_MONTH,
        resources,
        unknown: (what) => unknown.add(what),
    };
    const lines: CostLine[] = [];
    for (const reader of opts.readers ?? COST_READERS) {
        const mine = resources.filter((r) => reader.types.includes(r.type));
        if (mine.length > 0) lines.push(...reader.lines(mine, ctx));
    }
    return {
        currency: "USD",
        floor: sum(lines, "floor"),
        expected: sum(lines, "expected"),
        ceiling: sum(lines, "ceiling"),
        lines,
        unknown: [...unknown],
        priceSource: prices.source,
    };
}

function sum(lines: readonly CostLine[], column: "floor" | "expected" | "ceiling"): number {
    return lines.reduce((total, line) => total + line[column], 0);
}

/** `current` with the change from `base` (positive: the change costs more). */
export function withDelta(current: CostSection, base: CostSection, label: string): CostSection {
    return {
        ...current,
        delta: {
            base: label,
            floor: current.floor - base.floor,
            expected: current.expected - base.expected,
            ceiling: current.ceiling - base.ceiling,
            before: { floor: base.floor, expected: base.expected, ceiling: base.ceiling },
        },
    };
}
