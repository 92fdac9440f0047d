import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { summaryMarkdown } from "../../scripts/mutation";
import { job, on, step, steps, workflow } from "./lookup";
import { runStep } from "./run-step";
import { expression, type Mapping } from "./workflow-file";

describe("mutation.yml", () => {
    const mutation = workflow("mutation.yml");

    it("runs weekly and on demand, over both targets through the npm script", () => {
        const schedule = on(mutation)["schedule"];
        assert.ok(Array.isArray(schedule) && schedule.length === 1);
        assert.match(String((schedule[0] as Mapping)["cron"]), /^\d+ \d+ \* \* [0-6]$/);
        assert.ok("workflow_dispatch" in on(mutation));
        // No target named and no --incremental: every mutant of both targets, from scratch.
        assert.equal(step(mutation, "mutation", /^Run StrykerJS/)["run"], "npm run test:mutation");
    });

    it("reads the repository only: no secrets, no OIDC, no write permission", () => {
        assert.deepEqual(job(mutation, "mutation")["permissions"], { contents: "read" });
        assert.deepEqual(mutation.workflow["permissions"], {});
        assert.ok(!mutation.source.includes("secrets."));
        assert.ok(!("environment" in job(mutation, "mutation")));
    });

    it("posts the summary and keeps the reports also when a target falls below its break", () => {
        const after = steps(mutation, "mutation").slice(-2);
        for (const s of after) assert.equal(s["if"], expression("!cancelled()"));
        const upload = after[1];
        assert.match(String(upload["uses"]), /^actions\/upload-artifact@[0-9a-f]{40}$/);
        assert.equal((upload["with"] as Mapping)["path"], "reports/mutation/");
    });

    it("appends the script's summary to the run summary", () => {
        // GIVEN the summary scripts/mutation.ts writes for a failed target
        const repo = mkdtempSync(path.join(tmpdir(), "rayops-mutation-"));
        try {
            const md = summaryMarkdown([
                {
                    target: "pack",
                    configFile: "stryker.pack.config.mjs",
                    score: 95.5,
                    floor: 96,
                    goal: 97,
                    passed: false,
                    verdict: "FAILED: below break 96",
                    minutes: "4.0",
                    undetected: ["policypack/lib/cidr.ts:25:9  Survived  ConditionalExpression  a → false"],
                    listFile: "reports/mutation/survivors-pack.txt",
                },
            ]);
            mkdirSync(path.join(repo, "reports", "mutation"), { recursive: true });
            writeFileSync(path.join(repo, "reports", "mutation", "summary.md"), md);
            // WHEN the workflow's summary step runs there
            const run = runStep(step(mutation, "mutation", /^Post the scores/), {}, { cwd: repo });
            // THEN the run summary holds it as written
            assert.equal(run.status, 0);
            assert.equal(run.summary, md);
            assert.match(run.summary, /❌ FAILED: below break 96/);
        } finally {
            rmSync(repo, { recursive: true, force: true });
        }
    });
});
