import * as assert from "node:assert/strict";
import { networkStackName } from "../../automation/plan/programs";
import { NETWORK_DIR } from "../../automation/workspace/program";
import { chainOrder, concurrencyGroup, job, on, STACK_PATHS, step, workflow } from "./lookup";
import { NETWORK_DIR as RULES_NETWORK_DIR } from "./rules/model";
import { inVpcRunnerLabel } from "./rules/runners";
import { runStep } from "./run-step";
import { expression, isMapping } from "./workflow-file";

describe("up.yml", () => {
    const up = workflow("up.yml");
    const destroy = workflow("destroy.yml");

    it("applies on pushes to main that touch what the stacks deploy, network/ included", () => {
        const push = on(up)["push"];
        assert.ok(isMapping(push));
        assert.deepEqual(push["branches"], ["main"]);
        assert.deepEqual(push["paths"], STACK_PATHS);
        assert.ok(STACK_PATHS.includes(`${NETWORK_DIR}/**`));
    });

    it("applies each stack's network before its cluster, and dev before prod: network-dev → up-dev → network-prod → up-prod", () => {
        // GIVEN the jobs' needs WHEN followed from the one that needs nothing THEN they run in this order
        assert.deepEqual(chainOrder(up), ["network-dev", "up-dev", "network-prod", "up-prod"]);
    });

    it("runs both programs of a stack in that stack's environment", () => {
        for (const stack of ["dev", "prod"]) {
            assert.equal(job(up, `network-${stack}`)["environment"], stack);
            assert.equal(job(up, `up-${stack}`)["environment"], stack);
        }
    });

    it("applies the networks from GitHub-hosted runners and each cluster from its stack's CodeBuild runner", () => {
        for (const stack of ["dev", "prod"]) {
            assert.equal(job(up, `network-${stack}`)["runs-on"], "ubuntu-24.04");
            assert.equal(job(up, `up-${stack}`)["runs-on"], inVpcRunnerLabel(stack));
        }
        assert.equal(
            inVpcRunnerLabel("prod"),
            `codebuild-rayops-prod-${expression("github.run_id")}-${expression("github.run_attempt")}`,
        );
    });

    it("gives each program of a stack its own concurrency group, and destroy.yml groups apart from them", () => {
        assert.equal(concurrencyGroup(up, "network-dev"), "rayops-network-dev");
        assert.equal(concurrencyGroup(up, "up-dev"), "rayops-dev");
        assert.equal(concurrencyGroup(up, "network-prod"), "rayops-network-prod");
        assert.equal(concurrencyGroup(up, "up-prod"), "rayops-prod");
        // GitHub keeps one pending run per group: in up's groups, a queued destroy and a queued
        // update would replace each other. The state lock keeps them apart instead.
        assert.equal(concurrencyGroup(destroy, "destroy"), `rayops-destroy-${expression("inputs.stack")}`);
        assert.equal(
            concurrencyGroup(destroy, "destroy-network"),
            `rayops-destroy-network-${expression("inputs.stack")}`,
        );
        const upGroups = ["network-dev", "up-dev", "network-prod", "up-prod"].map((id) =>
            concurrencyGroup(up, id),
        );
        for (const stack of ["dev", "prod"]) {
            for (const id of ["destroy", "destroy-network"]) {
                const group = String(concurrencyGroup(destroy, id)).replace(
                    expression("inputs.stack"),
                    stack,
                );
                assert.ok(!upGroups.includes(group), `${id} for ${stack} shares ${group} with up.yml`);
            }
        }
    });

    for (const stack of ["dev", "prod"]) {
        it(`runs rayops up --stack ${stack} --yes --json from the repository root`, () => {
            const apply = step(up, `up-${stack}`, /^Apply the \w+ stack/);
            const run = runStep(apply, {});
            assert.equal(run.status, 0);
            assert.equal(apply["working-directory"], undefined);
            assert.deepEqual(run.npxCalls, [
                [
                    "--no-install",
                    "rayops",
                    "up",
                    "--stack",
                    stack,
                    "--yes",
                    "--comment",
                    "--job-summary",
                    "--json",
                ],
            ]);
        });

        it(`applies the ${stack} network from network/ under the name the cluster's StackReference reads`, () => {
            // GIVEN the network job's apply step WHEN it runs THEN it names the network stack as the
            // cluster program reads it, from the network program's folder
            const apply = step(up, `network-${stack}`, /network stack$/);
            const run = runStep(apply, {});
            assert.equal(run.status, 0);
            assert.equal(apply["working-directory"], NETWORK_DIR);
            assert.deepEqual(run.npxCalls, [
                [
                    "--no-install",
                    "rayops",
                    "up",
                    "--stack",
                    networkStackName({}, stack),
                    "--yes",
                    "--comment",
                    "--job-summary",
                    "--json",
                ],
            ]);
        });
    }

    it("names the network program's folder in the hardening rules as the CLI does", () => {
        assert.equal(RULES_NETWORK_DIR, NETWORK_DIR);
    });
});
