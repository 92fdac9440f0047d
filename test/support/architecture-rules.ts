/** The layout rules of test/architecture.spec.ts, each a pure function over the import graph. */
import * as path from "node:path";
import type { ImportEdge } from "./import-graph";

/** The module folder of a file under components/, e.g. "ray" for components/ray/pods.ts. */
export const moduleOf = (file: string): string | undefined => /^components\/([^/]+)\//.exec(file)?.[1];

/** A builder is a file of components/ that only computes: it must not reach the Pulumi SDK. */
export function builderSdkImports(
    edges: readonly ImportEdge[],
    isResourceFile: (f: string) => boolean,
): string[] {
    return edges
        .filter((e) => e.from.startsWith("components/") && !isResourceFile(e.from))
        .filter((e) => e.specifier.startsWith("@pulumi/"))
        .map((e) => `${e.from} imports ${e.specifier}`);
}

/** Module folders declare their own argument types; only config/ reads the others, never back. */
export function moduleImportsOfConfig(edges: readonly ImportEdge[]): string[] {
    return edges
        .filter((e) => moduleOf(e.from) !== undefined && moduleOf(e.from) !== "config")
        .filter((e) => e.to?.startsWith("components/config/"))
        .map((e) => `${e.from} imports ${e.to}`);
}

/** Re-exports only in barrels (index.ts): a re-export elsewhere is a facade left by a cut. */
export function facadeReExports(edges: readonly ImportEdge[]): string[] {
    return edges
        .filter((e) => e.reExport && path.posix.basename(e.from) !== "index.ts")
        .map((e) => `${e.from} re-exports ${e.specifier}`);
}

/** Layers depend downwards: the pack on nothing of ours, components not on the CLI. */
export function upwardImports(edges: readonly ImportEdge[]): string[] {
    const below: Record<string, readonly string[]> = {
        "policypack/": ["components/", "automation/", "index.ts", "scripts/", "bench/"],
        "components/": ["automation/", "index.ts", "scripts/", "bench/"],
        "automation/": ["scripts/", "bench/"],
    };
    return edges.flatMap((e) => {
        const layer = Object.keys(below).find((prefix) => e.from.startsWith(prefix));
        if (!layer || !e.to) return [];
        const to = e.to;
        return below[layer]!.some((up) => to === up || to.startsWith(up)) ? [`${e.from} imports ${to}`] : [];
    });
}

/**
 * The `readonly` Outputs a component class declares that its `registerOutputs({...})` leaves out
 * (each as `<name>: this.<name>`), as `<file> does not register <name>`.
 */
export function unregisteredOutputs(file: string, text: string): string[] {
    const start = text.search(/extends pulumi\.ComponentResource\s*\{/);
    if (start < 0) return [];
    const body = text.slice(start);
    const declared = [...body.matchAll(/^\s+readonly (\w+): pulumi\.Output</gm)].map((m) => m[1]!);
    const registered = /this\.registerOutputs\(\{([\s\S]*?)\}\);/.exec(body)?.[1] ?? "";
    return declared
        .filter((name) => !new RegExp(`\\b${name}:\\s*this\\.${name}\\b`).test(registered))
        .map((name) => `${file} does not register ${name}`);
}
