/**
 * Walks the stack config's JSON Schema (zod's export of `platformConfigSchema`) into one row per
 * documented key: its type, default, allowed values and description, as table-cell text. A key's
 * description is its `.meta({ description })` in the schema: `z.toJSONSchema` copies registered
 * metadata onto the key's node from whichever layer holds it (the field or an optional, default or
 * prefault wrapper around it).
 */
import { z } from "zod";
import { networkProgramSchema } from "../components/config/network-program";
import { platformConfigSchema } from "../components/config/schema";
import { REGION_AZ_COUNT } from "../components/network/zones";
import { INSTANCE_TYPES } from "../policypack/lib/instance-types";

/** A JSON Schema node as `z.toJSONSchema` writes it (the parts read here). */
export interface JsonSchema {
    readonly type?: string;
    readonly description?: string;
    readonly default?: unknown;
    readonly enum?: readonly unknown[];
    readonly pattern?: string;
    readonly format?: string;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly minLength?: number;
    readonly minItems?: number;
    readonly uniqueItems?: boolean;
    readonly items?: JsonSchema;
    readonly properties?: Readonly<Record<string, JsonSchema>>;
    readonly required?: readonly string[];
    readonly additionalProperties?: JsonSchema | boolean;
    readonly propertyNames?: JsonSchema;
}

/** Allowed values that the schema checks with a function (refine, cross-field rules), from the same data. */
const ALLOWED_OVERRIDES: Readonly<Record<string, () => string>> = {
    region: () => codeList(Object.keys(REGION_AZ_COUNT)),
    "nodePools.*.instanceTypes": () =>
        `CPU pools: ${codeList(catalogTypes(false))}; gpu pool: ${codeList(catalogTypes(true))}`,
};

/** One documented key. */
export interface ConfigRow {
    readonly path: string;
    readonly type: string;
    readonly defaultText: string;
    readonly allowed: string;
    readonly description: string | undefined;
}

function catalogTypes(gpu: boolean): string[] {
    return Object.keys(INSTANCE_TYPES).filter((t) => INSTANCE_TYPES[t]!.gpus > 0 === gpu);
}

export function codeList(values: readonly unknown[]): string {
    return values.map((v) => code(typeof v === "string" ? v : JSON.stringify(v))).join(", ");
}

/** A code span that survives a Markdown table cell. */
export function code(text: string): string {
    return `\`${text.replace(/\|/g, "\\|")}\``;
}

function matches(pattern: string, pathText: string): boolean {
    const want = pattern.split(".");
    const got = pathText.split(".");
    return want.length === got.length && want.every((seg, i) => seg === "*" || seg === got[i]);
}

/** The ALLOWED_OVERRIDES entry for a path: an exact key first, then a wildcard (`*` is one segment). */
function lookup<T>(table: Readonly<Record<string, T>>, pathText: string): T | undefined {
    if (Object.hasOwn(table, pathText)) return table[pathText];
    const key = Object.keys(table).find((k) => k.includes("*") && matches(k, pathText));
    return key === undefined ? undefined : table[key];
}

const SAFE_INT = Number.MAX_SAFE_INTEGER;

export function isMap(s: JsonSchema): boolean {
    return s.type === "object" && !s.properties && typeof s.additionalProperties === "object";
}

export function typeText(s: JsonSchema): string {
    if (s.type === "array") return `list of ${s.items ? typeText(s.items) : "any"}`;
    if (isMap(s)) {
        const value = s.additionalProperties as JsonSchema;
        return `map of ${value.properties ? "objects" : typeText(value)}`;
    }
    if (s.format === "cidrv4") return "IPv4 CIDR";
    return s.type ?? "any";
}

function allowedText(s: JsonSchema): string {
    const parts: string[] = [];
    if (s.type === "boolean") parts.push("`true`, `false`");
    if (s.format === "cidrv4") parts.push("such as `10.0.0.0/16`");
    if (s.enum) parts.push(codeList(s.enum));
    const min = s.minimum !== undefined && s.minimum > -SAFE_INT ? s.minimum : undefined;
    const max = s.maximum !== undefined && s.maximum < SAFE_INT ? s.maximum : undefined;
    if (min !== undefined && max !== undefined) parts.push(`${min} to ${max}`);
    else if (min !== undefined) parts.push(`≥ ${min}`);
    else if (max !== undefined) parts.push(`≤ ${max}`);
    // A CIDR's pattern is the format itself; showing it would only add noise.
    if (s.pattern && s.format !== "cidrv4") parts.push(`matches ${code(s.pattern)}`);
    if (s.minLength === 1) parts.push("non-empty");
    if (s.minItems !== undefined) parts.push(`at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}`);
    if (s.type === "array" && s.items) {
        const inner = allowedText(s.items);
        if (inner) parts.push(`each: ${inner}`);
    }
    if (isMap(s) && s.propertyNames?.pattern) parts.push(`names match ${code(s.propertyNames.pattern)}`);
    return parts.join("; ");
}

/** How a key's absence reads: its default, or why it has none. */
interface Presence {
    /** The nearest ancestor that is optional without a default ("" when none). */
    readonly optionalAncestor: string;
    /** A default inherited from an ancestor's default object, if the ancestor's default names this key. */
    readonly inherited: { readonly from: string; readonly value: unknown } | undefined;
}

function defaultText(s: JsonSchema, required: boolean, presence: Presence): string {
    if (s.default !== undefined) return code(JSON.stringify(s.default));
    if (presence.inherited) {
        return `${code(JSON.stringify(presence.inherited.value))} when ${code(presence.inherited.from)} is omitted; else required`;
    }
    if (!required) return "none (optional)";
    if (presence.optionalAncestor) return `required when ${code(presence.optionalAncestor)} is set`;
    return "required";
}

function childPresence(
    parent: Presence,
    parentPath: string,
    parentSchema: JsonSchema,
    parentRequired: boolean,
    key: string,
): Presence {
    let inherited = parent.inherited
        ? lookupDefault(parent.inherited.value, key, parent.inherited.from)
        : undefined;
    const d = parentSchema.default;
    if (d !== null && typeof d === "object" && key in d) {
        inherited = { from: parentPath, value: (d as Record<string, unknown>)[key] };
    }
    const optionalHere = !parentRequired && parentSchema.default === undefined;
    return {
        optionalAncestor: parent.optionalAncestor || (optionalHere ? parentPath : ""),
        inherited,
    };
}

function lookupDefault(value: unknown, key: string, from: string): Presence["inherited"] {
    if (value === null || typeof value !== "object" || !(key in value)) return undefined;
    return { from, value: (value as Record<string, unknown>)[key] };
}

function deepEqual(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Every documented key of the stack config, in schema order. Sibling objects of identical shape
 * (the system, cpu and gpu pools) are shown once as `parent.{a,b,c}.key`; a map of objects is
 * shown once as `parent.<name>.key`.
 */
export function configRows(schema: JsonSchema = stackJsonSchema()): ConfigRow[] {
    const rows: ConfigRow[] = [];
    const walk = (
        s: JsonSchema,
        pathText: string,
        required: boolean,
        presence: Presence,
        lookupPath: string,
    ) => {
        const isObject = s.type === "object" && s.properties !== undefined;
        if (isObject) {
            const requiredKeys = new Set(s.required ?? []);
            for (const group of groupIdentical(s.properties!)) {
                const key = group.length === 1 ? group[0]! : `{${group.join(",")}}`;
                const child = s.properties![group[0]!]!;
                const childPath = pathText ? `${pathText}.${key}` : key;
                const childLookup = lookupPath ? `${lookupPath}.${group[0]}` : group[0]!;
                walk(
                    child,
                    childPath,
                    requiredKeys.has(group[0]!),
                    childPresence(presence, pathText, s, required, group[0]!),
                    childLookup,
                );
            }
            return;
        }
        rows.push({
            path: pathText,
            type: typeText(s),
            defaultText: defaultText(s, required, presence),
            allowed: lookup(ALLOWED_OVERRIDES, lookupPath)?.() ?? allowedText(s),
            description: s.description,
        });
        const value = isMap(s) ? (s.additionalProperties as JsonSchema) : undefined;
        if (value?.properties) {
            walk(
                value,
                `${pathText}.<name>`,
                true,
                { optionalAncestor: "", inherited: undefined },
                `${lookupPath}.<name>`,
            );
        }
    };
    walk(schema, "", true, { optionalAncestor: "", inherited: undefined }, "");
    return rows;
}

/** Keys whose schemas are identical objects, grouped (in first-seen order); others alone. */
function groupIdentical(properties: Readonly<Record<string, JsonSchema>>): string[][] {
    const groups: string[][] = [];
    for (const key of Object.keys(properties)) {
        const s = properties[key]!;
        const same =
            s.type === "object" && s.properties
                ? groups.find((g) => deepEqual(properties[g[0]!], s))
                : undefined;
        if (same) same.push(key);
        else groups.push([key]);
    }
    return groups;
}

/** The network program's schema (network/Pulumi.<stack>.yaml), for its own section of the page. */
export function networkJsonSchema(): JsonSchema {
    return z.toJSONSchema(networkProgramSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** The network program's own keys: those the cluster program does not share with it. */
export function networkRows(): ConfigRow[] {
    const shared = new Set(configRows().map((r) => r.path));
    return configRows(networkJsonSchema()).filter((r) => !shared.has(r.path));
}

export function stackJsonSchema(): JsonSchema {
    return z.toJSONSchema(platformConfigSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}
