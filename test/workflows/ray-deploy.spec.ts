import * as assert from "node:assert/strict";
import { job, step, workflow } from "./lookup";
import { inVpcRunnerLabel } from "./rules/runners";
import { runStep } from "./run-step";
import { expression } from "./workflow-file";

describe("ray-deploy.yml", () => {
    const ray = workflow("ray-deploy.yml");
    const submit = step(ray, "submit", /bursty workload/);

    it("submits from the chosen stack's runner inside its VPC, where the private EKS API is reachable", () => {
        assert.equal(job(ray, "submit")["runs-on"], inVpcRunnerLabel(expression("inputs.stack")));
        assert.equal(job(ray, "submit")["environment"], expression("inputs.stack"));
    });

    it("submits to the chosen stack and leaves --pattern out when none is given", () => {
        const run = runStep(submit, { STACK: "dev", PATTERN: "" });
        assert.deepEqual(run.npxCalls, [["--no-install", "rayops", "workload", "submit", "--stack", "dev"]]);
    });

    it("passes the pattern as one argument, spaces and quotes included", () => {
        const run = runStep(submit, { STACK: "dev", PATTERN: `spike "x"; rm -rf /` });
        assert.deepEqual(run.npxCalls, [
            [
                "--no-install",
                "rayops",
                "workload",
                "submit",
                "--stack",
                "dev",
                "--pattern",
                `spike "x"; rm -rf /`,
            ],
        ]);
    });
});
