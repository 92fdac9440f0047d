import * as assert from "node:assert/strict";
import { networkStackName } from "../../automation/plan/programs";
import { NETWORK_DIR } from "../../automation/workspace/program";
import { chainOrder, job, on, step, steps, workflow } from "./lookup";
import { inVpcRunnerLabel } from "./rules/runners";
import { runStep } from "./run-step";
import { expression, isMapping } from "./workflow-file";

describe("destroy.yml", () => {
    const destroy = workflow("destroy.yml");
    const confirmStep = step(destroy, "confirm", /confirm repeats the stack name/);
    const destroyStep = step(destroy, "destroy", /^Destroy the stack/);
    const networkDestroyStep = step(destroy, "destroy-network", /^Destroy the network stack/);

    it("is started by hand only, for dev or prod", () => {
        const dispatch = on(destroy)["workflow_dispatch"];
        assert.deepEqual(Object.keys(on(destroy)), ["workflow_dispatch"]);
        assert.ok(
            isMapping(dispatch) && isMapping(dispatch["inputs"]) && isMapping(dispatch["inputs"]["stack"]),
        );
        assert.deepEqual(dispatch["inputs"]["stack"]["options"], ["dev", "prod"]);
    });

    it("destroys the network only when asked: input network, a boolean that defaults to false", () => {
        const dispatch = on(destroy)["workflow_dispatch"];
        assert.ok(isMapping(dispatch) && isMapping(dispatch["inputs"]));
        assert.deepEqual(dispatch["inputs"]["network"], {
            description: "Also destroy the stack's network (VPC and in-VPC runners) once the cluster is gone",
            type: "boolean",
            default: false,
        });
        assert.equal(job(destroy, "destroy-network")["if"], "inputs.network");
    });

    it("destroys the cluster first and the network only after the cluster's destroy succeeded", () => {
        // GIVEN the jobs' needs WHEN followed THEN confirm, then the cluster, then the network
        assert.deepEqual(chainOrder(destroy), ["confirm", "destroy", "destroy-network"]);
    });

    it("destroys the cluster on the stack's in-VPC runner and the network from a GitHub-hosted runner", () => {
        assert.equal(job(destroy, "destroy")["runs-on"], inVpcRunnerLabel(expression("inputs.stack")));
        assert.equal(job(destroy, "destroy-network")["runs-on"], "ubuntu-24.04");
        assert.equal(job(destroy, "confirm")["runs-on"], "ubuntu-24.04");
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

    it("asks the environment's reviewers only after the request was confirmed, for each program", () => {
        assert.equal(job(destroy, "destroy")["needs"], "confirm");
        assert.equal(job(destroy, "destroy")["environment"], expression("inputs.stack"));
        assert.equal(job(destroy, "destroy-network")["environment"], expression("inputs.stack"));
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

    it("exports the network's state from network/ to the folder its artifact step uploads", () => {
        // GIVEN stack prod in run 4242 WHEN the network export runs THEN the file lands in the uploaded folder
        const exportStep = step(destroy, "destroy-network", /^Export/);
        const run = runStep(exportStep, { STACK: "prod" });
        assert.equal(run.status, 0);
        assert.equal(exportStep["working-directory"], NETWORK_DIR);
        assert.deepEqual(run.npxCalls, [
            [
                "--no-install",
                "rayops",
                "stack",
                "export",
                "--stack",
                networkStackName({}, "prod"),
                "--file",
                `${run.runnerTemp}/state-backup/network-prod-4242.json`,
            ],
        ]);
        const upload = steps(destroy, "destroy-network").find((s) =>
            String(s["uses"]).startsWith("actions/upload-artifact@"),
        );
        assert.ok(upload && isMapping(upload["with"]));
        assert.equal(
            upload["with"]["name"],
            `state-backup-network-${expression("inputs.stack")}-${expression("github.run_id")}`,
        );
        assert.equal(upload["with"]["path"], `${expression("runner.temp")}/state-backup/`);
    });

    it("destroys the network stack by its full name, with --allow-prod only when ticked", () => {
        const dev = runStep(networkDestroyStep, { STACK: "dev", ALLOW_PROD: "false" });
        const prod = runStep(networkDestroyStep, { STACK: "prod", ALLOW_PROD: "true" });
        const name = (stack: string) => networkStackName({}, stack);
        assert.equal(networkDestroyStep["working-directory"], NETWORK_DIR);
        assert.deepEqual(dev.npxCalls, [
            ["--no-install", "rayops", "destroy", "--stack", name("dev"), "--confirm", name("dev")],
        ]);
        assert.deepEqual(prod.npxCalls, [
            [
                "--no-install",
                "rayops",
                "destroy",
                "--stack",
                name("prod"),
                "--confirm",
                name("prod"),
                "--allow-prod",
            ],
        ]);
    });
});
