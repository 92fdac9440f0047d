/** Rules about the checks a pull request reports, which branch protection may require. */
import { isMapping } from "../workflow-file";
import { conditionOf, jobsOf, triggersOf, type WorkflowRule } from "./model";

/** What a verdict job's `if:` must say: it runs whatever became of the jobs it needs. */
const ALWAYS = /^(?:\$\{\{\s*)?always\(\)(?:\s*\}\})?$/;

function needsOf(body: Readonly<Record<string, unknown>>): string[] {
    const needs = body["needs"];
    if (typeof needs === "string") return [needs];
    return Array.isArray(needs) ? needs.filter((n): n is string => typeof n === "string") : [];
}

export const pullRequestChecksAlwaysReport: WorkflowRule = {
    id: "pull-request-checks-always-report",
    why: "a required check whose workflow a path filter never starts stays pending, so the pull request cannot merge; a job skipped by its if: counts as passed, so a required job that can be skipped passes vacuously. Every pull request runs the workflow, and each skippable job feeds a verdict job that always runs",
    check(file) {
        const on = file.workflow["on"];
        if (!triggersOf(file).includes("pull_request")) return [];
        const out: string[] = [];
        const pr = isMapping(on) ? on["pull_request"] : undefined;
        for (const filter of ["paths", "paths-ignore"]) {
            if (isMapping(pr) && filter in pr) {
                out.push(
                    `${file.path}: on.pull_request.${filter} keeps the workflow from starting on some pull requests; decide inside a job instead`,
                );
            }
        }
        const jobs = jobsOf(file);
        const verdicts = jobs.filter((job) => ALWAYS.test(conditionOf(job).trim()));
        for (const job of jobs) {
            if (conditionOf(job) === "" || verdicts.includes(job)) continue;
            if (!verdicts.some((verdict) => needsOf(verdict.body).includes(job.id))) {
                out.push(
                    `${file.path}: jobs.${job.id} may be skipped (if: ${conditionOf(job)}) but no job with 'if: always()' needs it, so its skip would pass as success`,
                );
            }
        }
        return out;
    },
};
