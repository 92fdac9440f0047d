import * as assert from "node:assert/strict";
import { on, step, steps, workflow } from "./lookup";
import { runStep } from "./run-step";
import { expression, isMapping } from "./workflow-file";

describe("policy-publish.yml", () => {
    const publish = workflow("policy-publish.yml");

    it("runs on pushes to main that touch the policy pack", () => {
        const push = on(publish)["push"];
        assert.ok(isMapping(push));
        assert.deepEqual(push["branches"], ["main"]);
        assert.deepEqual(push["paths"], ["policypack/**"]);
    });

    it("publishes only after npm ci and npm test passed, with the Pulumi Cloud token alone", () => {
        const runs = steps(publish, "publish").map((s) => s["run"]);
        const publishAt = runs.findIndex((r) => typeof r === "string" && r.includes("rayops policy publish"));
        const installAt = runs.indexOf("npm ci --ignore-scripts");
        assert.ok(installAt >= 0 && installAt < runs.indexOf("npm test"));
        assert.ok(runs.indexOf("npm test") < publishAt);
        const env = steps(publish, "publish")[publishAt]["env"];
        assert.deepEqual(env, {
            PULUMI_ORG: expression("vars.PULUMI_ORG"),
            PULUMI_ACCESS_TOKEN: expression("secrets.PULUMI_ACCESS_TOKEN"),
        });
        assert.ok(!JSON.stringify(publish.workflow).includes("PULUMI_BACKEND_URL"));
    });

    it("publishes to the organisation the repository names, never the token's default one", () => {
        // GIVEN the organisation variable WHEN the publish step runs THEN it names it with --org
        const run = runStep(step(publish, "publish", /Publish the policy pack/), {
            PULUMI_ORG: "acme",
            PULUMI_ACCESS_TOKEN: "pul-test",
        });
        assert.equal(run.status, 0);
        assert.deepEqual(run.npxCalls, [["--no-install", "rayops", "policy", "publish", "--org", "acme"]]);
    });
});
