/**
 * What the cost readers share: the resource shape they read, the line they produce, and price
 * lookups that return `undefined` (unknown) instead of zero for anything the table lacks.
 */
import type { CapturedResource } from "../plan/types";
import type { PriceTable, RegionPrices } from "./prices";

/**
 * What a reader needs of a resource. The offline plan's captured registrations have this shape;
 * an engine preview's steps are mapped to it (inputs of the new state, outputs when known).
 */
export type CostResource = Pick<CapturedResource, "type" | "name" | "urn" | "inputs"> &
    Partial<Pick<CapturedResource, "outputs" | "parent">>;

/** One row of the estimate, in USD per month. */
export interface CostLine {
    /** Stable key for machines (`nodes:gpu`, `volumes:gpu`, `eks-control-plane`, ...). */
    readonly id: string;
    readonly item: string;
    readonly floor: number;
    readonly expected: number;
    readonly ceiling: number;
    readonly note?: string;
}

export interface PricingContext {
    readonly region: string;
    readonly prices: PriceTable;
    readonly hoursPerMonth: number;
    /** Every resource of the plan, for readers that follow references (a node group's launch template). */
    readonly resources: readonly CostResource[];
    /** Records what could not be priced: it is listed in the estimate and counted as nothing. */
    unknown(what: string): void;
}

/**
 * Prices the resources of some types. Readers are the extension point of the estimate: another
 * capacity source (Karpenter `NodePool`s, issue 10: ceiling from `spec.limits`) adds a reader to
 * `COST_READERS` in readers.ts, and the totals, delta and renderers keep working unchanged.
 */
export interface CostReader {
    /** Type tokens this reader prices; it receives all resources of these types at once. */
    readonly types: readonly string[];
    lines(resources: readonly CostResource[], ctx: PricingContext): CostLine[];
}

export function regionPrices(ctx: PricingContext): RegionPrices | undefined {
    return ctx.prices.regions[ctx.region];
}

export function instanceHourly(ctx: PricingContext, instanceType: string): number | undefined {
    return regionPrices(ctx)?.instanceHour[instanceType];
}

/** A line whose amount is the same in every column (fixed costs). */
export function fixedLine(id: string, item: string, monthly: number, note?: string): CostLine {
    return { id, item, floor: monthly, expected: monthly, ceiling: monthly, ...(note ? { note } : {}) };
}

/** A line for something that could not be priced: zero in every column, and said so. */
export function unpricedLine(id: string, item: string, why: string): CostLine {
    return { id, item, floor: 0, expected: 0, ceiling: 0, note: `price unknown (${why}): not counted` };
}

/** "$0.10/h", "$0.0416/h", "$1.00/month": at least cents, at most six significant digits. */
export function usdRate(n: number, unit: string): string {
    const text = String(Number(n.toPrecision(6)));
    const decimals = text.split(".")[1]?.length ?? 0;
    return `$${decimals >= 2 ? text : n.toFixed(2)}/${unit}`;
}
