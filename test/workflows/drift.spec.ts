import * as assert from "node:assert/strict";
import { networkStackName } from "../../automation/plan/programs";
import { NETWORK_DIR } from "../../automation/workspace/program";
import { concurrencyGroup, includedPerStack, job, matrixStacks, on, step, workflow } from "./lookup";
import { inVpcRunnerLabel } from "./rules/runners";
import { runStep } from "./run-step";
import { expression, type Mapping } from "./workflow-file";

describe("drift.yml", () => {
    const drift = workflow("drift.yml");
    /** The cluster's check and the network's, which differ only in the stack they name. */
    const checks = [
        {
            job: "drift",
            detect: step(drift, "drift", /^Detect drift/),
            name: (s: string) => s,
            what: "stack",
        },
        {
            job: "network-drift",
            detect: step(drift, "network-drift", /^Detect drift/),
            name: (s: string) => networkStackName({}, s),
            what: "network stack",
        },
    ];

    it("runs on a daily schedule for both programs of dev and prod, one stack's failure not cancelling the other", () => {
        const schedule = on(drift)["schedule"];
        assert.ok(Array.isArray(schedule) && schedule.length === 1);
        assert.match(String((schedule[0] as Mapping)["cron"]), /^\d+ \d+ \* \* \*$/);
        for (const { job: id } of checks) {
            assert.deepEqual(matrixStacks(drift, id), ["dev", "prod"]);
            assert.equal((job(drift, id)["strategy"] as Mapping)["fail-fast"], false);
        }
    });

    it("checks each network from a GitHub-hosted runner and each cluster from its stack's in-VPC runner", () => {
        assert.equal(job(drift, "network-drift")["runs-on"], "ubuntu-24.04");
        assert.equal(job(drift, "drift")["runs-on"], inVpcRunnerLabel(expression("matrix.stack")));
        assert.equal(checks[1].detect["working-directory"], NETWORK_DIR);
        assert.equal(checks[0].detect["working-directory"], undefined);
    });

    it("assumes each stack's own read-only role, in groups of its own per program", () => {
        for (const { job: id } of checks) {
            assert.deepEqual(includedPerStack(drift, id, "readonly-role"), {
                dev: expression("vars.AWS_READONLY_ROLE_ARN_DEV"),
                prod: expression("vars.AWS_READONLY_ROLE_ARN_PROD"),
            });
        }
        assert.equal(concurrencyGroup(drift, "drift"), `rayops-drift-${expression("matrix.stack")}`);
        assert.equal(
            concurrencyGroup(drift, "network-drift"),
            `rayops-drift-network-${expression("matrix.stack")}`,
        );
    });

    for (const check of checks) {
        describe(`job ${check.job}`, () => {
            it("asks the CLI to open or update the stack's own drift issue", () => {
                const run = runStep(check.detect, { STACK: "dev" });
                assert.deepEqual(run.npxCalls, [
                    ["--no-install", "rayops", "drift", "--stack", check.name("dev"), "--issue"],
                ]);
            });

            it("stays green without drift (exit 0)", () => {
                const run = runStep(check.detect, { STACK: "dev" }, { npxExit: 0 });
                assert.equal(run.status, 0);
                assert.ok(run.summary.includes(`No drift in ${check.what} dev`), run.summary);
            });

            it("reports drift (exit 3) as a warning and stays green", () => {
                // GIVEN the CLI found drift WHEN the step ends THEN the job passes with a warning annotation
                const run = runStep(check.detect, { STACK: "prod" }, { npxExit: 3 });
                assert.equal(run.status, 0);
                assert.match(run.stdout, /^::warning title=Drift in (network )?prod::/m);
                assert.ok(run.summary.includes(`Drift found in ${check.what} prod`), run.summary);
            });

            for (const code of [1, 4, 5]) {
                it(`fails when the drift check itself fails (exit ${code})`, () => {
                    const run = runStep(check.detect, { STACK: "dev" }, { npxExit: code });
                    assert.equal(run.status, code);
                    assert.match(run.stdout, /^::error title=Drift check failed::/m);
                });
            }
        });
    }
});
