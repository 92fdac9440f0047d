/**
 * Configuration problems and how they are reported: each names the key as `rayops:<key>`, the
 * value found and what is allowed, and `ConfigError` lists them all at once.
 */
import type { z } from "zod";

/** One configuration problem: the key, the value found and what is allowed. */
export interface ConfigIssue {
    readonly key: string;
    readonly value: unknown;
    readonly message: string;
}

export class ConfigError extends Error {
    constructor(readonly issues: readonly ConfigIssue[]) {
        super(
            `invalid stack configuration (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n` +
                issues.map((i) => `  - ${formatIssue(i)}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

export function formatIssue(issue: ConfigIssue): string {
    return `rayops:${issue.key} = ${JSON.stringify(issue.value) ?? "(missing)"}: ${issue.message}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
    let v: unknown = root;
    for (const p of path)
        v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined;
    return v;
}

/** The keys `root` allows at a path of the raw config (for "unknown key" messages). */
function allowedKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
    // biome-ignore lint/suspicious/noExplicitAny: walking zod's internal definitions generically
    let node: any = root;
    const unwrap = () => {
        while (node?.def && ["default", "prefault", "optional", "nullable", "pipe"].includes(node.def.type)) {
            node = node.def.innerType ?? node.def.in;
        }
    };
    unwrap();
    for (const p of path) {
        if (node?.def?.type === "object") node = node.def.shape[p as string];
        else if (node?.def?.type === "record") node = node.def.valueType;
        else return [];
        unwrap();
    }
    return node?.def?.type === "object" ? Object.keys(node.def.shape) : [];
}

/** zod's issues as config issues; an unknown key is reported with the keys `root` allows beside it. */
export function zodIssues(root: z.ZodType, raw: unknown, error: z.ZodError): ConfigIssue[] {
    const out: ConfigIssue[] = [];
    for (const issue of error.issues) {
        if (issue.code === "unrecognized_keys") {
            const allowed = allowedKeysAt(root, issue.path);
            for (const k of issue.keys) {
                out.push({
                    key: [...issue.path, k].join("."),
                    value: valueAt(raw, [...issue.path, k]),
                    message: `unknown key; allowed here: ${allowed.join(", ")}`,
                });
            }
            continue;
        }
        out.push({
            key: issue.path.join(".") || "(root)",
            value: valueAt(raw, issue.path),
            message: issue.message,
        });
    }
    return out;
}
