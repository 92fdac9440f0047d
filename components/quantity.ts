/** Parsing of Kubernetes resource quantities ("500m", "4", "16Gi") into plain numbers. */

const MEMORY_FACTORS: Readonly<Record<string, number>> = {
    "": 1,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
};

/** CPU cores from "500m", "2", "1.5" (or a number). Returns NaN for anything else. */
export function parseCpu(q: string | number): number {
    if (typeof q === "number") return q;
    const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(q.trim());
    if (!m) return Number.NaN;
    return m[2] === "m" ? Number(m[1]) / 1000 : Number(m[1]);
}

/** GiB from "512Mi", "16Gi", "1G", bytes (or a number of bytes). Returns NaN for anything else. */
export function parseMemoryGiB(q: string | number): number {
    if (typeof q === "number") return q / 2 ** 30;
    const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q.trim());
    if (!m) return Number.NaN;
    return (Number(m[1]) * MEMORY_FACTORS[m[2] ?? ""]) / 2 ** 30;
}
