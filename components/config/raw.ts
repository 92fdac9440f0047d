/** Reading a stack's `rayops:*` keys out of Pulumi's flat config map, before validation. */
/**
 * Turns Pulumi's flat config map (`pulumi.runtime.allConfig()`: `"rayops:key"` → string, with
 * structured values as JSON) into the raw object `parsePlatformConfig` validates. Only the
 * `rayops` namespace is read; scalars stay strings except `true`/`false`, so "1.33" stays text.
 */
export function rawConfigFromPulumi(all: Readonly<Record<string, string>>): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [fullKey, value] of Object.entries(all)) {
        const [ns, key] = fullKey.split(":", 2);
        if (ns !== "rayops" || !key) continue;
        const structured = /^[[{]/.test(value) || value === "true" || value === "false";
        raw[key] = structured ? parseOrKeep(value) : value;
    }
    return raw;
}

/**
 * A plain string may start with a bracket too (the offline plan's secret placeholder does);
 * it stays text so the schema can report it against its key instead of a bare JSON error.
 */
function parseOrKeep(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}
