/**
 * Kubernetes resource quantities ("500m", "4", "16Gi", "512Mi", "1e3") as plain numbers in base
 * units: cores for CPU, bytes for memory, devices for `nvidia.com/gpu`.
 * Grammar: https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/ (read 2026-11-25).
 */

const SUFFIX_FACTORS: Readonly<Record<string, number>> = {
    n: 1e-9,
    u: 1e-6,
    m: 1e-3,
    "": 1,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

/** The quantity in base units, or `undefined` when `value` is not a Kubernetes quantity. */
export function parseQuantity(value: unknown): number | undefined {
    if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
    if (typeof value !== "string") return undefined;
    const m = QUANTITY.exec(value.trim());
    if (!m) return undefined;
    const base = Number(m[1]);
    if (m[2]) return base * 10 ** Number(m[2].slice(1));
    return base * SUFFIX_FACTORS[m[3] ?? ""];
}

export const GIB = 2 ** 30;
