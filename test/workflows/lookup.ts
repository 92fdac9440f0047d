/** Finding jobs, steps and settings of the real workflows by name, for the per-workflow specs. */
import * as path from "node:path";
import { isMapping, type Mapping, readWorkflows, WORKFLOWS_DIR, type WorkflowFile } from "./workflow-file";

export function job(file: WorkflowFile, id: string): Mapping {
    const jobs = file.workflow["jobs"];
    const found = isMapping(jobs) ? jobs[id] : undefined;
    if (!isMapping(found)) throw new Error(`${file.path}: no job '${id}'`);
    return found;
}

export function steps(file: WorkflowFile, jobId: string): Mapping[] {
    const list = job(file, jobId)["steps"];
    return Array.isArray(list) ? list.filter(isMapping) : [];
}

/** The one step of a job whose name (or, for unnamed steps, whose script) matches. */
export function step(file: WorkflowFile, jobId: string, match: RegExp): Mapping {
    const found = steps(file, jobId).filter((s) => match.test(String(s["name"] ?? s["run"] ?? "")));
    if (found.length !== 1) throw new Error(`${file.path}: ${found.length} steps of ${jobId} match ${match}`);
    return found[0];
}

const workflows = new Map(readWorkflows(WORKFLOWS_DIR).map((w) => [path.basename(w.path), w]));

export function workflow(name: string): WorkflowFile {
    const found = workflows.get(name);
    if (!found) throw new Error(`no workflow ${name} under .github/workflows`);
    return found;
}

export function on(file: WorkflowFile): Mapping {
    const triggers = file.workflow["on"];
    if (!isMapping(triggers)) throw new Error(`${file.path}: on: is not a mapping`);
    return triggers;
}

export function matrixStacks(file: WorkflowFile, jobId: string): unknown {
    const strategy = job(file, jobId)["strategy"];
    return isMapping(strategy) && isMapping(strategy["matrix"]) ? strategy["matrix"]["stack"] : undefined;
}

export function concurrencyGroup(file: WorkflowFile, jobId: string): unknown {
    const c = job(file, jobId)["concurrency"];
    return isMapping(c) ? c["group"] : c;
}

/** `${{ inner }}` as a workflow writes it; built by a function so it never reads as a JS placeholder. */
export function expression(inner: string): string {
    return "$" + `{{ ${inner} }}`;
}

/** The paths whose change can alter what a stack deploys (index.ts, components, policies, config, CLI, deps). */
export const STACK_PATHS = [
    "index.ts",
    "components/**",
    "policypack/**",
    "Pulumi*.yaml",
    "automation/**",
    "package.json",
    "package-lock.json",
];
