/**
 * Reading resource properties the way they really arrive at a policy.
 *
 * - During preview a value computed by the cloud (an ARN, an id) is unknown. The engine encodes it
 *   as one of the sentinel strings below; `@pulumi/policy` wraps props in a proxy that throws on
 *   reading one (the engine then reports "can't run policy during preview" as advisory), while the
 *   offline plan passes plain objects where the sentinel can appear as is. Either way, a policy
 *   must not call an unknown value a violation, so every reader here returns `UNKNOWN` for it.
 * - Some schemas type booleans and numbers as strings (the launch template's `ebs.encrypted` is
 *   `"true"`), and provider inputs carry object-typed config as JSON strings. Readers coerce.
 */

/**
 * The sentinels Pulumi uses for values unknown during preview: `@pulumi/policy`'s proxy.js
 * (v1.21.0) and `@pulumi/pulumi` runtime/rpc.ts `unknownValue` (read 2026-11-25).
 */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (also the SDK's generic unknown)
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** The engine's generic unknown value, for fixtures that simulate a preview. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What the readers return for a value that only the deployment will know. */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

/** True for the engine's sentinels and for `UNKNOWN` itself, so readers can be chained. */
export function isUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    // Stryker disable next-line ConditionalExpression: equivalent, the set holds only 36-character strings, so has() alone answers alike; the checks only skip the lookup
    return typeof value === "string" && value.length === 36 && UNKNOWN_SENTINELS.has(value);
}

/** `true`/`false` from booleans, `"true"`/`"false"`, `"1"`/`"0"` and 1/0; `undefined` if absent or not a boolean. */
export function asBool(value: unknown): boolean | undefined | Unknown {
    if (typeof value === "boolean") return value;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, undefined and null fail every later test and reach the same final undefined
    if (value === undefined || value === null) return undefined;
    if (isUnknown(value)) return UNKNOWN;
    if (typeof value === "number") return value === 1 ? true : value === 0 ? false : undefined;
    if (typeof value === "string") {
        const v = value.trim().toLowerCase();
        if (v === "true" || v === "1") return true;
        if (v === "false" || v === "0") return false;
    }
    return undefined;
}

/** A finite number from a number or a numeric string; `undefined` if absent or not numeric. */
export function asNumber(value: unknown): number | undefined | Unknown {
    if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, undefined and null fail every later test and reach the same final undefined
    if (value === undefined || value === null) return undefined;
    if (isUnknown(value)) return UNKNOWN;
    if (typeof value === "string" && value.trim() !== "") {
        const n = Number(value);
        return Number.isFinite(n) ? n : undefined;
    }
    return undefined;
}

export function asString(value: unknown): string | undefined | Unknown {
    if (value === UNKNOWN) return UNKNOWN;
    if (typeof value === "string") return isUnknown(value) ? UNKNOWN : value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    return undefined;
}

/** An array, or `UNKNOWN` if the array itself is unknown; `undefined` if absent or not an array. */
export function asArray(value: unknown): readonly unknown[] | undefined | Unknown {
    if (Array.isArray(value)) return value;
    if (isUnknown(value)) return UNKNOWN;
    return undefined;
}

/** A string array; `UNKNOWN` if the array or any element is unknown (its content is then undecidable). */
export function asStringArray(value: unknown): string[] | undefined | Unknown {
    const arr = asArray(value);
    if (arr === UNKNOWN || arr === undefined) return arr;
    const out: string[] = [];
    for (const item of arr) {
        const s = asString(item);
        if (s === UNKNOWN) return UNKNOWN;
        if (s !== undefined) out.push(s);
    }
    return out;
}

/** A plain object; JSON strings that hold an object are parsed (provider config arrives that way). */
export function asRecord(value: unknown): Record<string, unknown> | undefined | Unknown {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        return value as Record<string, unknown>;
    }
    if (isUnknown(value)) return UNKNOWN;
    if (typeof value === "string") {
        const text = value.trim();
        // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, trimmed JSON that is an object starts with "{"; other text parses to a non-object or throws, both undefined
        if (text.startsWith("{")) {
            try {
                const parsed: unknown = JSON.parse(text);
                // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, JSON text starting with "{" parses to a plain object or throws
                if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
                    return parsed as Record<string, unknown>;
                }
            } catch {
                return undefined;
            }
        }
    }
    return undefined;
}

/** Reads `obj.a.b.c`; `UNKNOWN` as soon as a step is unknown, `undefined` as soon as one is absent. */
export function at(obj: unknown, ...path: readonly string[]): unknown {
    let cur: unknown = obj;
    for (const key of path) {
        if (isUnknown(cur)) return UNKNOWN;
        if (cur === null || typeof cur !== "object") return undefined;
        cur = (cur as Record<string, unknown>)[key];
    }
    return isUnknown(cur) ? UNKNOWN : cur;
}
