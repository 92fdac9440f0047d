/**
 * Reads `Pulumi.<stack>.yaml` the way the Pulumi engine hands config to a program: a flat map of
 * `"namespace:key"` to strings, structured values as JSON. Secure values cannot be decrypted
 * offline; they become a placeholder and are marked secret.
 */
import { readFileSync, statSync } from "node:fs";
import * as path from "node:path";
// js-yaml, not `yaml`: @pulumi/pulumi loads it anyway, so reading a stack file costs no extra load time.
import { load as parse } from "js-yaml";
import { SECRET_KEYS } from "../../components/config/issues";

export const SECRET_PLACEHOLDER = "[secret: not decrypted offline]";

export interface StackFile {
    readonly stack: string;
    readonly path: string;
    /** `"rayops:key"` → value as Pulumi passes it to the program. */
    readonly config: Record<string, string>;
    /** Keys whose values are `secure:` in the file. */
    readonly secretKeys: string[];
    /** The `secretsprovider:` line, if any (e.g. `awskms://…`). */
    readonly secretsProvider?: string;
    readonly encryptionSalt?: string;
    /** Problems that do not stop a run, e.g. a namespace rayops does not know. */
    readonly warnings: readonly string[];
}

/**
 * Bounds on what the reader accepts, so no file can exhaust memory or time: real stack files are
 * a few KB, and `pulumi config set` writes no YAML anchors. A 509-byte alias bomb expands to
 * billions of values; the walk below stops at the first value past the budget.
 */
export const STACK_FILE_LIMITS = Object.freeze({ bytes: 1024 * 1024, values: 100_000, depth: 32 });

/** The top-level keys of a stack file (pulumi/pulumi sdk/go/common/workspace ProjectStack, v3.248.0). */
const TOP_LEVEL_KEYS = ["config", "secretsprovider", "encryptionsalt", "encryptedkey", "environment"];

/** Namespaces of the providers and tools a rayops stack may configure besides its own. */
const KNOWN_NAMESPACES = new Set([
    "rayops",
    "aws",
    "pulumi",
    "kubernetes",
    "eks",
    "awsx",
    "random",
    "tls",
    "github",
]);

export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

function isSecure(v: unknown): v is { secure: string } {
    return v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).join() === "secure";
}

function hasSecure(v: unknown): boolean {
    if (isSecure(v)) return true;
    if (v !== null && typeof v === "object") return Object.values(v).some(hasSecure);
    return false;
}

function replaceSecure(v: unknown): unknown {
    if (isSecure(v)) return SECRET_PLACEHOLDER;
    if (Array.isArray(v)) return v.map(replaceSecure);
    if (v !== null && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceSecure(x)]));
    }
    return v;
}

/** Lists the stacks that have a `Pulumi.<name>.yaml` in `dir`. */
export function listStackFiles(dir: string, files: readonly string[]): string[] {
    void dir;
    return files
        .map((f) => /^Pulumi\.([^.]+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => !!s)
        .sort();
}

export function readStackFile(dir: string, stack: string): StackFile {
    if (!/^[\w.-]+$/.test(stack)) {
        throw new StackFileError(`stack name "${stack}" is not valid: use letters, digits, "-", "_" and "."`);
    }
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    const name = `Pulumi.${stack}.yaml`;
    let size: number;
    try {
        size = statSync(file).size;
    } catch {
        throw new StackFileError(
            `no stack file for "${stack}": expected ${path.relative(process.cwd(), file) || file}`,
        );
    }
    if (size > STACK_FILE_LIMITS.bytes) {
        throw new StackFileError(
            `${name} is ${size.toLocaleString("en-US")} bytes; a stack file may be at most ${STACK_FILE_LIMITS.bytes.toLocaleString("en-US")} bytes`,
        );
    }
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (err) {
        throw new StackFileError(`${name} cannot be read: ${(err as NodeJS.ErrnoException).code ?? err}`);
    }
    let doc: unknown;
    try {
        doc = parse(text) ?? {};
    } catch (err) {
        // js-yaml's message quotes the offending lines, which may hold a secret: the first line only.
        const first = (err as Error).message.split("\n")[0];
        throw new StackFileError(`${name} is not valid YAML: ${first}`);
    }
    checkBounds(doc, name);
    if (!isMapping(doc)) {
        throw new StackFileError(`${name} must be a mapping with a config: section; got ${kindOf(doc)}`);
    }
    const unknownTop = Object.keys(doc).filter((k) => !TOP_LEVEL_KEYS.includes(k));
    if (unknownTop.length > 0) {
        const hints = unknownTop.map((k) => {
            const near = TOP_LEVEL_KEYS.find((t) => editDistance(k.toLowerCase(), t) <= 2);
            return near ? `"${k}" (did you mean "${near}"?)` : `"${k}"`;
        });
        throw new StackFileError(
            `${name} has unknown top-level key ${hints.join(", ")}; allowed: ${TOP_LEVEL_KEYS.join(", ")}`,
        );
    }
    const root = doc as {
        config?: unknown;
        secretsprovider?: unknown;
        encryptionsalt?: unknown;
    };
    if (root.config !== undefined && root.config !== null && !isMapping(root.config)) {
        throw new StackFileError(
            `${name}: config must be a mapping of "namespace:key" to values; got ${kindOf(root.config)}`,
        );
    }
    for (const key of ["secretsprovider", "encryptionsalt"] as const) {
        if (root[key] !== undefined && typeof root[key] !== "string") {
            throw new StackFileError(`${name}: ${key} must be a string; got ${kindOf(root[key])}`);
        }
    }
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const warnings: string[] = [];
    for (const [key, value] of Object.entries((root.config ?? {}) as Record<string, unknown>)) {
        if (!key.includes(":")) {
            throw new StackFileError(`${name}: config key "${key}" needs a namespace, e.g. "rayops:${key}"`);
        }
        const namespace = key.slice(0, key.indexOf(":"));
        if (namespace !== PROJECT && isNear(namespace, PROJECT)) {
            throw new StackFileError(
                `${name}: config key "${key}" has namespace "${namespace}"; did you mean "${PROJECT}:${key.slice(namespace.length + 1)}"? (namespaces are case-sensitive)`,
            );
        }
        if (!KNOWN_NAMESPACES.has(namespace)) {
            warnings.push(
                `${name}: config key "${key}" is in namespace "${namespace}", which rayops does not read; check the spelling`,
            );
        }
        const short = key.slice(namespace.length + 1);
        if (
            namespace === PROJECT &&
            (SECRET_KEYS as readonly string[]).includes(short) &&
            !hasSecure(value)
        ) {
            throw new StackFileError(
                `${name}: ${key} is stored in clear; it is a secret: run \`pulumi config set --secret ${key} <value> --stack ${stack}\` (which replaces the plain value) and rotate it if the file was shared`,
            );
        }
        if (hasSecure(value)) secretKeys.push(key);
        const v = replaceSecure(value);
        config[key] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return {
        stack,
        path: file,
        config,
        secretKeys,
        secretsProvider: root.secretsprovider as string | undefined,
        encryptionSalt: root.encryptionsalt as string | undefined,
        warnings,
    };
}

/** The project whose namespace the program reads (Pulumi.yaml's name). */
const PROJECT = "rayops";

function isMapping(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function kindOf(v: unknown): string {
    if (Array.isArray(v)) return "a list";
    if (v === null) return "nothing (null)";
    return typeof v === "object" ? "a mapping" : `a ${typeof v}`;
}

/**
 * Walks the parsed document as the program would see it (aliases expanded), failing at the first
 * value past the budget or the depth limit: bounded work whatever the file holds.
 */
function checkBounds(doc: unknown, name: string): void {
    let values = 0;
    const stack: [unknown, number][] = [[doc, 0]];
    while (stack.length > 0) {
        const [v, depth] = stack.pop()!;
        if (++values > STACK_FILE_LIMITS.values) {
            throw new StackFileError(
                `${name} expands to more than ${STACK_FILE_LIMITS.values.toLocaleString("en-US")} values (YAML aliases?); a stack file holds a few hundred`,
            );
        }
        if (depth > STACK_FILE_LIMITS.depth) {
            throw new StackFileError(`${name} nests deeper than ${STACK_FILE_LIMITS.depth} levels`);
        }
        if (v !== null && typeof v === "object") {
            for (const child of Object.values(v)) stack.push([child, depth + 1]);
        }
    }
}

/** Same word but for case, or at most two edits away. */
function isNear(word: string, target: string): boolean {
    return word.toLowerCase() === target || editDistance(word.toLowerCase(), target) <= 2;
}

/** Levenshtein distance, for short keys. */
function editDistance(a: string, b: string): number {
    if (Math.abs(a.length - b.length) > 3) return 4;
    let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = cur;
    }
    return prev[b.length]!;
}
