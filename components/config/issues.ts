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
    return `rayops:${displayKey(issue.key)} = ${displayValue(issue.key, issue.value)}: ${issue.message}`;
}

/**
 * The key as an error may show it. A key holds what the stack file says too (an unknown key, a
 * label's name), so a token pasted as a key is withheld from the part where it starts.
 */
export function displayKey(key: string): string {
    if (!looksSecret(key)) return key;
    const parts = key.split(".");
    let shown = 0;
    while (!looksSecret(parts.slice(0, shown + 1).join("."))) shown++;
    return [...parts.slice(0, shown), "[not shown: a key that may be a secret]"].join(".");
}

/** Keys whose values are secrets wherever they appear (the stack file must hold them `secure:`). */
export const SECRET_KEYS = ["githubAppPrivateKey", "githubAppId", "githubAppInstallationId"] as const;

// What a secret looks like: a PEM block, a known token prefix (GitHub, AWS, Slack, JWT), or a long
// unbroken run of base64 or hex. Checked on every string inside a value before it is shown.
const SECRET_SHAPES = [
    /-----BEGIN [A-Z ]+-----/,
    /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/,
    /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/,
    /\bxox[abposr]-[A-Za-z0-9-]{10,}/,
    /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/,
];
const LONG_RUN = /[A-Za-z0-9+/_=-]{32,}/g;

/** A 32+ character run mixing upper case, lower case and digits: key material, not a name. */
function hasRandomRun(text: string): boolean {
    // Stryker disable next-line ArrayDeclaration: Stryker's filler has no digit, so no input tells it apart
    for (const run of text.match(LONG_RUN) ?? []) {
        if (/[a-z]/.test(run) && /[A-Z]/.test(run) && /\d/.test(run)) return true;
    }
    return false;
}

export function looksSecret(value: unknown): boolean {
    if (typeof value === "string") return SECRET_SHAPES.some((re) => re.test(value)) || hasRandomRun(value);
    if (value !== null && typeof value === "object") return Object.values(value).some(looksSecret);
    return false;
}

/** The value as an error may show it: never a secret key's value, nor anything shaped like a secret. */
export function displayValue(key: string, value: unknown): string {
    if (value === undefined) return "(missing)";
    const last = key.split(".").at(-1) ?? key;
    if ((SECRET_KEYS as readonly string[]).includes(last) || looksSecret(value)) {
        const size = typeof value === "string" ? `${value.length} characters` : "a structured value";
        return `[not shown: ${size} that may be a secret]`;
    }
    return JSON.stringify(value) ?? String(value);
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
/**
 * The allowed key a misspelt `key` most likely meant: the same but for case, `-` or `_`, or at most
 * one edit away (two for keys of 8 characters or more); undefined when none is that close, or when
 * two are equally close.
 */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
    const fold = (k: string) => k.toLowerCase().replace(/[-_]/g, "");
    const folded = allowed.filter((a) => fold(a) === fold(key));
    if (folded.length === 1) return folded[0];
    const most = key.length >= 8 ? 2 : 1;
    const scored = allowed
        .map((a) => ({ a, d: editDistance(fold(key), fold(a)) }))
        .filter(({ d }) => d <= most)
        .sort((x, y) => x.d - y.d);
    if (scored.length === 0 || (scored.length > 1 && scored[1].d === scored[0].d)) return undefined;
    return scored[0].a;
}

/** Levenshtein distance, counting a swap of two neighbouring letters as one edit. */
function editDistance(a: string, b: string): number {
    const d = Array.from({ length: a.length + 1 }, (_, i) =>
        Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.length][b.length];
}

export function zodIssues(root: z.ZodType, raw: unknown, error: z.ZodError): ConfigIssue[] {
    const out: ConfigIssue[] = [];
    for (const issue of error.issues) {
        if (issue.code === "unrecognized_keys") {
            const allowed = allowedKeysAt(root, issue.path);
            for (const k of issue.keys) {
                const near = closestKey(k, allowed);
                out.push({
                    key: [...issue.path, k].join("."),
                    value: valueAt(raw, [...issue.path, k]),
                    message: `unknown key${near ? `; did you mean "${near}"?` : ""}; allowed here: ${allowed.join(", ")}`,
                });
            }
            continue;
        }
        // A record key that fails its check: zod says only "Invalid key in record"; the key's own
        // check says what a key must be.
        const inner = issue.code === "invalid_key" ? issue.issues[0]?.message : undefined;
        out.push({
            key: issue.path.join(".") || "(root)",
            value: issue.code === "invalid_key" ? issue.path.at(-1) : valueAt(raw, issue.path),
            message: inner ?? issue.message,
        });
    }
    return out;
}
