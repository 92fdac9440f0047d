import * as assert from "node:assert/strict";
import { job, on, steps, workflow } from "./lookup";

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
        assert.deepEqual(runs, ["npm ci", "python -m pip install -r requirements-dev.txt", "npm test"]);
    });
});
