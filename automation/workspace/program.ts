/**
 * The one answer to "which program runs": the module `Pulumi.yaml`'s `main` names, resolved from
 * the project directory. The offline plan runs it under mocks; the engine commands run it inline
 * through the Automation API, in this process, so neither needs Pulumi's Node.js language host and
 * neither type-checks on every run. The rayops program itself runs from its bundle (dist/index.js)
 * when the CLI runs from its build.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

/** Where this module sits: automation/workspace/ under the TypeScript loader, dist/ in the bundle. */
const BUNDLED = !__filename.endsWith(".ts");
const REPO_ROOT = BUNDLED ? path.join(__dirname, "..") : path.join(__dirname, "..", "..");
const REPO_PROGRAM = path.join(REPO_ROOT, "index.ts");
const BUNDLED_PROGRAM = path.join(REPO_ROOT, "dist", "index.js");
const REPO_NETWORK_PROGRAM = path.join(REPO_ROOT, "network", "index.ts");
const BUNDLED_NETWORK_PROGRAM = path.join(REPO_ROOT, "dist", "network.js");

/** bin/plugins: the launchers a CLI without the Node.js language plugin starts packs and dynamic providers with. */
export const PLUGINS_DIR = path.join(REPO_ROOT, "bin", "plugins");

export class ProgramError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ProgramError";
    }
}

/** The network program's folder, relative to the repository root (its project name: NETWORK_PROJECT). */
export const NETWORK_DIR = "network";

/** The rayops network program's own entry: network/index.ts, or its bundle beside the bundled CLI. */
export function rayopsNetworkProgram(): string {
    return BUNDLED && existsSync(BUNDLED_NETWORK_PROGRAM) ? BUNDLED_NETWORK_PROGRAM : REPO_NETWORK_PROGRAM;
}

/** The rayops program's own entry: index.ts, or its bundle beside the bundled CLI. */
export function rayopsProgram(): string {
    return BUNDLED && existsSync(BUNDLED_PROGRAM) ? BUNDLED_PROGRAM : REPO_PROGRAM;
}

/** The absolute path of the module the project in `workDir` runs. */
export function programEntry(workDir: string): string {
    const main = projectMain(workDir);
    const candidates = main.endsWith(".ts") || main.endsWith(".js") ? [main] : [main, `${main}.ts`];
    for (const base of candidates) {
        for (const file of [base, path.join(base, "index.ts"), path.join(base, "index.js")]) {
            if (!existsSync(file) || !file.match(/\.[jt]s$/)) continue;
            const resolved = path.resolve(file);
            if (resolved === REPO_PROGRAM) return rayopsProgram();
            if (resolved === REPO_NETWORK_PROGRAM) return rayopsNetworkProgram();
            return resolved;
        }
    }
    throw new ProgramError(
        `Pulumi.yaml in ${workDir}: main "${path.relative(workDir, main) || "."}" names no .ts or .js module`,
    );
}

function projectMain(workDir: string): string {
    const file = path.join(workDir, "Pulumi.yaml");
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch {
        throw new ProgramError(`no Pulumi.yaml in ${workDir}: run rayops from the project's root directory`);
    }
    // `main:` is a top-level scalar; reading that one key needs no YAML parser at start-up.
    const line = text.split(/\r?\n/).find((l) => /^main\s*:/.test(l));
    const value = line
        ?.slice(line.indexOf(":") + 1)
        .trim()
        .replace(/^["']|["']$/g, "");
    return path.resolve(workDir, value || ".");
}

/**
 * Loads the program module afresh and returns its exports, which become the stack's outputs.
 * A TypeScript program other than the bundled one loads through tsx (transpile only).
 */
export function loadProgram(entry: string): Record<string, unknown> {
    if (entry.endsWith(".ts") && !tsLoaderActive()) {
        (require("tsx/cjs/api") as typeof import("tsx/cjs/api")).register();
    }
    delete require.cache[require.resolve(entry)];
    return { ...(require(entry) as Record<string, unknown>) };
}

function tsLoaderActive(): boolean {
    return __filename.endsWith(".ts") || require.extensions[".ts"] !== undefined;
}
