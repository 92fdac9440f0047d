import * as assert from "node:assert/strict";
import { concurrencyGroup, expression, job, on, STACK_PATHS, step, workflow } from "./lookup";
import { runStep } from "./run-step";
import { isMapping } from "./workflow-file";

describe("up.yml", () => {
    const up = workflow("up.yml");

    it("applies on pushes to main that touch what the stacks deploy", () => {
        const push = on(up)["push"];
        assert.ok(isMapping(push));
        assert.deepEqual(push["branches"], ["main"]);
        assert.deepEqual(push["paths"], STACK_PATHS);
    });

    it("applies dev first and prod only after dev succeeded, each in its own environment", () => {
        assert.equal(job(up, "up-dev")["environment"], "dev");
        assert.equal(job(up, "up-prod")["environment"], "prod");
        assert.equal(job(up, "up-prod")["needs"], "up-dev");
    });

    it("shares each stack's concurrency group with destroy.yml", () => {
        assert.equal(concurrencyGroup(up, "up-dev"), "rayops-dev");
        assert.equal(concurrencyGroup(up, "up-prod"), "rayops-prod");
        assert.equal(
            concurrencyGroup(workflow("destroy.yml"), "destroy"),
            `rayops-${expression("inputs.stack")}`,
        );
    });

    for (const stack of ["dev", "prod"]) {
        it(`runs rayops up --stack ${stack} --yes --json`, () => {
            const run = runStep(step(up, `up-${stack}`, /^Apply/), {});
            assert.equal(run.status, 0);
            assert.deepEqual(run.npxCalls, [
                ["--no-install", "rayops", "up", "--stack", stack, "--yes", "--json"],
            ]);
        });
    }
});
