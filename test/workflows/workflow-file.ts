import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";

/** A YAML mapping as the `yaml` package returns it. */
export type Mapping = { readonly [key: string]: unknown };

/** A workflow file: its text (rules about comments read it) and its parsed form. */
export interface WorkflowFile {
    /** Path relative to the repository root, used in every message. */
    readonly path: string;
    readonly source: string;
    readonly workflow: Mapping;
}

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const WORKFLOWS_DIR = path.join(REPO_ROOT, ".github", "workflows");
export const FIXTURES_DIR = path.join(__dirname, "fixtures");

/** `${{ inner }}` as a workflow writes it; built by a function so it never reads as a JS placeholder. */
export function expression(inner: string): string {
    return "$" + `{{ ${inner} }}`;
}

export function isMapping(value: unknown): value is Mapping {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses one workflow; YAML errors and duplicate keys fail here rather than as odd rule findings. */
export function parseWorkflow(filePath: string, source: string): WorkflowFile {
    const doc = parseDocument(source, { uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw new Error(`${filePath}: not valid YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
    }
    const workflow: unknown = doc.toJS();
    if (!isMapping(workflow)) {
        throw new Error(`${filePath}: a workflow must be a YAML mapping at the top level`);
    }
    return { path: filePath, source, workflow };
}

/** The `*.yml` and `*.yaml` files of a folder, sorted by name so that failures read the same every run. */
export function listWorkflowPaths(dir: string): string[] {
    return readdirSync(dir)
        .filter((name) => name.endsWith(".yml") || name.endsWith(".yaml"))
        .sort()
        .map((name) => path.join(dir, name));
}

export function readWorkflows(dir: string): WorkflowFile[] {
    return listWorkflowPaths(dir).map((file) =>
        parseWorkflow(path.relative(REPO_ROOT, file), readFileSync(file, "utf8")),
    );
}
