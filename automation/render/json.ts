/**
 * The documents `--json` prints. Money is rounded to cents here, once: the estimate sums floats
 * (`2973.3799999999997`), and a tool comparing two plans must not see a change in the 13th digit.
 */
import type { CostSection, Report } from "./report";

/** `n` rounded to cents (half away from zero), with no negative zero. */
export function cents(n: number): number {
    // Shifted in decimal, not by multiplying: 1.005 * 100 is 100.49999999999999 in binary.
    const rounded = (Math.sign(n) * Math.round(Number(`${Math.abs(n).toFixed(6)}e2`))) / 100;
    return rounded === 0 ? 0 : rounded;
}

type Totals = { readonly floor: number; readonly expected: number; readonly ceiling: number };
const totals = <T extends Totals>(t: T): T => ({
    ...t,
    floor: cents(t.floor),
    expected: cents(t.expected),
    ceiling: cents(t.ceiling),
});

/** The cost section with every amount in cents. */
export function costJson(cost: CostSection): CostSection {
    return {
        ...totals(cost),
        lines: cost.lines.map(totals),
        ...(cost.delta ? { delta: { ...totals(cost.delta), before: totals(cost.delta.before) } } : {}),
    };
}

/** The report as `--json` prints it (`schemaVersion` 1). */
export function reportJson(report: Report): Record<string, unknown> {
    return { schemaVersion: 1, ...report, ...(report.cost ? { cost: costJson(report.cost) } : {}) };
}
