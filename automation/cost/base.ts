/**
 * The estimate of another revision (a PR's base), for the cost delta. The revision is planned
 * offline (plan/revision.ts); the estimate then uses this revision's readers and price table, so
 * the delta shows what the change does and never a price-table update.
 */
import { planAtRevision } from "../plan/revision";
import type { CostSection } from "../render/report";
import { estimateCost } from "./estimate";
import type { PriceTable } from "./prices";

export interface BaseEstimateOptions {
    /** The repository (and the checkout whose node_modules the base revision borrows). */
    readonly cwd: string;
    /** Any git revision: a branch, tag, commit or `origin/main`. */
    readonly ref: string;
    readonly stack: string;
    readonly prices?: PriceTable;
    /** Price the base's network program too, as the offline plan prices both. @default false: the cluster program only, as an engine preview */
    readonly withNetwork?: boolean;
}

/**
 * Plans `stack` as it is at `ref` and estimates its cost. A stack that does not exist at `ref`
 * costs nothing there, so its whole estimate shows as the change.
 */
export async function estimateAtRevision(opts: BaseEstimateOptions): Promise<CostSection> {
    const base = await planAtRevision(opts);
    if (!base.exists) return { ...estimateCost([], { region: "(none)", prices: opts.prices }), unknown: [] };
    const resources = opts.withNetwork ? base.resources : base.clusterResources;
    return estimateCost([...resources], { region: base.region, prices: opts.prices });
}
