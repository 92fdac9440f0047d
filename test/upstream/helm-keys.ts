/**
 * Reads the Helm chart fixtures of test/fixtures/upstream/helm/ (written by
 * scripts/helm-values-fixtures.ts) and finds the values keys a chart would not read.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

export const HELM_FIXTURES = path.join(__dirname, "..", "fixtures", "upstream", "helm");

/** What a chart at one version reads from its values, as its fixture records it. */
export interface ChartKeys {
    readonly repository: string;
    readonly tag: string;
    readonly path: string;
    readonly chart: string;
    readonly version: string;
    readonly read: string;
    readonly keys: readonly string[];
    readonly templateKeys: readonly string[];
    readonly commentedKeys: readonly { readonly path: string; readonly readBy: string }[];
    readonly freeForm: readonly string[];
}

/** The fixture of `chart` at `version`; the error says how to write one when it is missing. */
export function chartKeys(chart: string, version: string): ChartKeys {
    const file = path.join(HELM_FIXTURES, `${chart}-${version}.json`);
    if (!existsSync(file)) {
        throw new Error(
            `no fixture for chart ${chart} ${version}: add its tag to scripts/helm-values-fixtures.ts and run it for ${chart}-${version}`,
        );
    }
    return JSON.parse(readFileSync(file, "utf8")) as ChartKeys;
}

function isMap(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Dotted paths of `values` the chart neither defines nor reads. A free-form path takes any key
 * below it; a list is a leaf (the chart passes its items on whole).
 */
export function unknownKeys(values: unknown, chart: ChartKeys): string[] {
    const known = new Set([...chart.keys, ...chart.templateKeys, ...chart.commentedKeys.map((c) => c.path)]);
    const free = new Set(chart.freeForm);
    const unknown: string[] = [];
    const walk = (v: unknown, prefix: string) => {
        if (!isMap(v)) return;
        for (const [k, child] of Object.entries(v)) {
            const p = prefix ? `${prefix}.${k}` : k;
            if (free.has(p)) continue;
            if (!known.has(p)) unknown.push(p);
            else walk(child, p);
        }
    };
    walk(values, "");
    return unknown;
}
