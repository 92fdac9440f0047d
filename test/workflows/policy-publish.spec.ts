import * as assert from "node:assert/strict";
import { on, steps, workflow } from "./lookup";
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
        const publishAt = runs.indexOf("npx --no-install rayops policy publish");
        assert.ok(runs.indexOf("npm ci") >= 0 && runs.indexOf("npm ci") < runs.indexOf("npm test"));
        assert.ok(runs.indexOf("npm test") < publishAt);
        const env = steps(publish, "publish")[publishAt]["env"];
        assert.deepEqual(env, { PULUMI_ACCESS_TOKEN: expression("secrets.PULUMI_ACCESS_TOKEN") });
        assert.ok(!JSON.stringify(publish.workflow).includes("PULUMI_BACKEND_URL"));
    });
});
