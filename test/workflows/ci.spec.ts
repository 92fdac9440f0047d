import * as assert from "node:assert/strict";
import { job, on, step, steps, workflow } from "./lookup";
import { runStep } from "./run-step";

describe("ci.yml", () => {
    const ci = workflow("ci.yml");

    it("runs on every pull request and every push to main, with no secrets and read-only contents", () => {
        assert.deepEqual(Object.keys(on(ci)), ["pull_request", "push"]);
        assert.ok(!JSON.stringify(ci.workflow).includes("secrets."));
        assert.deepEqual(job(ci, "test")["permissions"], { contents: "read" });
    });

    it("installs with npm ci and the pinned Python tools, then runs npm test", () => {
        const runs = steps(ci, "test")
            .map((s) => s["run"])
            .filter((r) => r !== undefined);
        assert.deepEqual(runs, [
            "npm ci --ignore-scripts",
            "python -m pip install -r requirements-dev.txt",
            "npm test",
        ]);
    });

    it("installs the Pulumi CLI of .pulumi-version before npm test, whose engine specs fail under CI without it", () => {
        const all = steps(ci, "test");
        const pulumi = all.findIndex((s) => String(s["uses"] ?? "").startsWith("pulumi/actions@"));
        assert.ok(pulumi >= 0, "no pulumi/actions step");
        assert.deepEqual(all[pulumi]!["with"], { "pulumi-version-file": ".pulumi-version" });
        assert.ok(pulumi < all.findIndex((s) => s["run"] === "npm test"));
    });

    it("refuses a change to the policy pack that does not raise its version, against the base commit", () => {
        // GIVEN the merge commit and its first parent (fetch-depth 2) WHEN the check runs THEN it
        // compares with that parent, the base branch's tip
        const checkout = steps(ci, "pack-version")[0];
        assert.equal((checkout["with"] as Record<string, unknown>)["fetch-depth"], 2);
        const run = runStep(step(ci, "pack-version", /raises its version/), {});
        assert.equal(run.status, 0);
        assert.deepEqual(run.npxCalls, [
            ["--no-install", "rayops", "policy", "check-version", "--base", "HEAD^1"],
        ]);
        assert.equal(job(ci, "pack-version")["name"], "policy pack version");
        assert.equal(job(ci, "pack-version")["if"], undefined);
    });
});
