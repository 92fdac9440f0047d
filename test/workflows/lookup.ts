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

/**
 * Per stack, what `strategy.matrix.include` adds under `key`: `{ dev: …, prod: … }`. The entries
 * extend the matrix's `stack` combinations (they name no stack the matrix lacks).
 */
export function includedPerStack(file: WorkflowFile, jobId: string, key: string): Record<string, unknown> {
    const strategy = job(file, jobId)["strategy"];
    const include = isMapping(strategy) && isMapping(strategy["matrix"]) ? strategy["matrix"]["include"] : [];
    const entries = Array.isArray(include) ? include.filter(isMapping) : [];
    return Object.fromEntries(entries.map((e) => [String(e["stack"]), e[key]]));
}

/**
 * The jobs in the order `needs:` lets them run, for a workflow whose jobs form one chain (each
 * job needs exactly the one before it); throws when they do not.
 */
export function chainOrder(file: WorkflowFile): string[] {
    const jobs = file.workflow["jobs"];
    const ids = isMapping(jobs) ? Object.keys(jobs) : [];
    const needs = (id: string): string[] => {
        const n = job(file, id)["needs"];
        return typeof n === "string" ? [n] : Array.isArray(n) ? n.map(String) : [];
    };
    const order: string[] = [];
    let next = ids.filter((id) => needs(id).length === 0);
    while (next.length === 1) {
        order.push(next[0]);
        next = ids.filter((id) => needs(id).length === 1 && needs(id)[0] === order[order.length - 1]);
    }
    if (next.length > 1 || order.length !== ids.length) {
        throw new Error(
            `${file.path}: the jobs are not one chain (${order.join(" → ")}, then ${next.join(", ")})`,
        );
    }
    return order;
}

/** The paths whose change can alter what a stack deploys (both programs, components, policies, config, CLI, deps). */
export const STACK_PATHS = [
    "index.ts",
    "components/**",
    "network/**",
    "policypack/**",
    "Pulumi*.yaml",
    "automation/**",
    "package.json",
    "package-lock.json",
];
