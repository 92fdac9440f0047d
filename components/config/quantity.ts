/**
 * Kubernetes quantities for config checks, on top of the policy pack's parser (one grammar for
 * the program and the pack; the pack stays self-contained for `pulumi policy publish`).
 */
import { GIB, parseQuantity } from "../../policypack/lib/quantity";

/** CPU cores from "500m", "2", "1.5" (or a number). Returns NaN for anything else. */
export function parseCpu(q: string | number): number {
    return parseQuantity(q) ?? Number.NaN;
}

/** GiB from "512Mi", "16Gi", "1G" (strings), or a number of bytes. Returns NaN for anything else. */
export function parseMemoryGiB(q: string | number): number {
    const bytes = parseQuantity(q);
    // Stryker disable next-line ConditionalExpression: undefined / GIB is NaN as well; the test is for the reader
    return bytes === undefined ? Number.NaN : bytes / GIB;
}
