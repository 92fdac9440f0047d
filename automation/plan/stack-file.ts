/**
 * Reads `Pulumi.<stack>.yaml` the way the Pulumi engine hands config to a program: a flat map of
 * `"namespace:key"` to strings, structured values as JSON. Secure values cannot be decrypted
 * offline; they become a placeholder and are marked secret.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
// js-yaml, not `yaml`: @pulumi/pulumi loads it anyway, so reading a stack file costs no extra load time.
import { load as parse } from "js-yaml";

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
}

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
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch {
        throw new StackFileError(
            `no stack file for "${stack}": expected ${path.relative(process.cwd(), file) || file}`,
        );
    }
    let doc: unknown;
    try {
        doc = parse(text) ?? {};
    } catch (err) {
        throw new StackFileError(`Pulumi.${stack}.yaml is not valid YAML: ${(err as Error).message}`);
    }
    const root = doc as {
        config?: Record<string, unknown>;
        secretsprovider?: string;
        encryptionsalt?: string;
    };
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(root.config ?? {})) {
        if (!key.includes(":")) {
            throw new StackFileError(
                `Pulumi.${stack}.yaml: config key "${key}" needs a namespace, e.g. "rayops:${key}"`,
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
        secretsProvider: root.secretsprovider,
        encryptionSalt: root.encryptionsalt,
    };
}
