import * as assert from "node:assert/strict";
import { expression, job, on, step, steps, workflow } from "./lookup";
import { runStep } from "./run-step";
import { isMapping } from "./workflow-file";

describe("destroy.yml", () => {
    const destroy = workflow("destroy.yml");
    const confirmStep = step(destroy, "confirm", /confirm repeats the stack name/);
    const destroyStep = step(destroy, "destroy", /^Destroy the stack/);

    it("is started by hand only, for dev or prod", () => {
        const dispatch = on(destroy)["workflow_dispatch"];
        assert.deepEqual(Object.keys(on(destroy)), ["workflow_dispatch"]);
        assert.ok(
            isMapping(dispatch) && isMapping(dispatch["inputs"]) && isMapping(dispatch["inputs"]["stack"]),
        );
        assert.deepEqual(dispatch["inputs"]["stack"]["options"], ["dev", "prod"]);
    });

    it("refuses when confirm is not the stack name", () => {
        const run = runStep(confirmStep, { STACK: "dev", CONFIRM: "prod", ALLOW_PROD: "false" });
        assert.equal(run.status, 1);
        assert.match(run.stdout, /^::error title=Destroy not confirmed::/m);
    });

    it("does not echo what was typed into confirm", () => {
        const run = runStep(confirmStep, { STACK: "dev", CONFIRM: "::add-mask::x", ALLOW_PROD: "false" });
        assert.equal(run.status, 1);
        assert.ok(!run.stdout.includes("add-mask"));
    });

    it("refuses prod unless allow_prod is ticked", () => {
        const run = runStep(confirmStep, { STACK: "prod", CONFIRM: "prod", ALLOW_PROD: "false" });
        assert.equal(run.status, 1);
        assert.match(run.stdout, /allow_prod/);
    });

    it("accepts dev confirmed by name, and prod confirmed by name with allow_prod", () => {
        assert.equal(runStep(confirmStep, { STACK: "dev", CONFIRM: "dev", ALLOW_PROD: "false" }).status, 0);
        assert.equal(runStep(confirmStep, { STACK: "prod", CONFIRM: "prod", ALLOW_PROD: "true" }).status, 0);
    });

    it("asks the environment's reviewers only after the request was confirmed", () => {
        assert.equal(job(destroy, "destroy")["needs"], "confirm");
        assert.equal(job(destroy, "destroy")["environment"], expression("inputs.stack"));
        assert.equal(job(destroy, "confirm")["environment"], undefined);
    });

    it("exports the state to the folder the artifact step uploads", () => {
        // GIVEN stack dev in run 4242 WHEN the export step runs THEN the file lands in the uploaded folder
        const run = runStep(step(destroy, "destroy", /^Export/), { STACK: "dev" });
        assert.equal(run.status, 0);
        assert.deepEqual(run.npxCalls, [
            [
                "--no-install",
                "rayops",
                "stack",
                "export",
                "--stack",
                "dev",
                "--file",
                `${run.runnerTemp}/state-backup/dev-4242.json`,
            ],
        ]);
        const upload = steps(destroy, "destroy").find((s) =>
            String(s["uses"]).startsWith("actions/upload-artifact@"),
        );
        assert.ok(upload && isMapping(upload["with"]));
        assert.equal(upload["with"]["path"], `${expression("runner.temp")}/state-backup/`);
        assert.equal(upload["with"]["if-no-files-found"], "error");
    });

    it("destroys with --confirm and without --allow-prod for dev", () => {
        const run = runStep(destroyStep, { STACK: "dev", ALLOW_PROD: "false" });
        assert.deepEqual(run.npxCalls, [
            ["--no-install", "rayops", "destroy", "--stack", "dev", "--confirm", "dev"],
        ]);
    });

    it("passes --allow-prod when allow_prod is ticked", () => {
        const run = runStep(destroyStep, { STACK: "prod", ALLOW_PROD: "true" });
        assert.deepEqual(run.npxCalls, [
            ["--no-install", "rayops", "destroy", "--stack", "prod", "--confirm", "prod", "--allow-prod"],
        ]);
    });
});
