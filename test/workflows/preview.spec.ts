import * as assert from "node:assert/strict";
import { networkStackName } from "../../automation/plan/programs";
import { NETWORK_DIR } from "../../automation/workspace/program";
import {
    concurrencyGroup,
    includedPerStack,
    job,
    matrixStacks,
    on,
    STACK_PATHS,
    step,
    workflow,
} from "./lookup";
import { inVpcRunnerLabel } from "./rules/runners";
import { runStep } from "./run-step";
import { expression, isMapping } from "./workflow-file";

const SAME_REPO = "github.event.pull_request.head.repo.full_name == github.repository";

describe("preview.yml", () => {
    const preview = workflow("preview.yml");

    it("runs on pull requests that touch what the stacks deploy, network/ included", () => {
        const pr = on(preview)["pull_request"];
        assert.ok(isMapping(pr));
        assert.deepEqual(pr["paths"], STACK_PATHS);
    });

    it("previews both programs of dev and prod for pull requests from this repository only", () => {
        for (const id of ["network-preview", "preview"]) {
            assert.equal(job(preview, id)["if"], SAME_REPO);
            assert.deepEqual(matrixStacks(preview, id), ["dev", "prod"]);
        }
    });

    it("previews each network from a GitHub-hosted runner and each cluster from its stack's in-VPC runner", () => {
        assert.equal(job(preview, "network-preview")["runs-on"], "ubuntu-24.04");
        assert.equal(job(preview, "preview")["runs-on"], inVpcRunnerLabel(expression("matrix.stack")));
        assert.equal(job(preview, "offline-plan")["runs-on"], "ubuntu-24.04");
    });

    it("assumes each stack's own preview role, for both of its programs", () => {
        // GIVEN the matrix WHEN each stack's role is read THEN it is that stack's repository variable
        for (const id of ["network-preview", "preview"]) {
            assert.deepEqual(includedPerStack(preview, id, "preview-role"), {
                dev: expression("vars.AWS_PREVIEW_ROLE_ARN_DEV"),
                prod: expression("vars.AWS_PREVIEW_ROLE_ARN_PROD"),
            });
        }
    });

    it("gives the network's and the cluster's previews groups of their own, so neither cancels the other", () => {
        const pr = expression("github.event.pull_request.number");
        const stack = expression("matrix.stack");
        assert.equal(concurrencyGroup(preview, "network-preview"), `rayops-preview-${pr}-network-${stack}`);
        assert.equal(concurrencyGroup(preview, "preview"), `rayops-preview-${pr}-${stack}`);
    });

    it("posts the network's comment and policy check under the network stack's full name, from network/", () => {
        // GIVEN the network preview step of stack prod on pull request 17 WHEN it runs
        const previewStep = step(preview, "network-preview", /sticky PR comment/);
        const run = runStep(previewStep, { STACK: "prod", PR_NUMBER: "17" });
        // THEN the comment and check are keyed apart from the cluster stack named prod too
        assert.equal(run.status, 0);
        assert.equal(previewStep["working-directory"], NETWORK_DIR);
        assert.deepEqual(run.npxCalls, [
            [
                "--no-install",
                "rayops",
                "preview",
                "--stack",
                networkStackName({}, "prod"),
                "--comment",
                "--check-run",
                "--json",
                "--pr",
                "17",
            ],
        ]);
    });

    it("gives pull requests from forks the offline plan, with no secrets and no OIDC token", () => {
        const offline = job(preview, "offline-plan");
        assert.equal(offline["if"], "github.event.pull_request.head.repo.full_name != github.repository");
        assert.deepEqual(matrixStacks(preview, "offline-plan"), ["dev", "prod"]);
        assert.deepEqual(offline["permissions"], { contents: "read" });
        assert.ok(!JSON.stringify(offline).includes("secrets."));
    });

    it("posts the sticky comment, the policy check and the cost change against the base branch through the CLI", () => {
        // GIVEN the preview step of stack dev on pull request 17 WHEN it runs THEN it calls the CLI so
        const run = runStep(
            step(preview, "preview", /sticky PR comment/),
            { STACK: "dev", PR_NUMBER: "17" },
            { npxExit: 0 },
        );
        assert.equal(run.status, 0);
        assert.deepEqual(run.npxCalls, [
            [
                "--no-install",
                "rayops",
                "preview",
                "--stack",
                "dev",
                "--comment",
                "--check-run",
                "--cost-base",
                "HEAD^1",
                "--json",
                "--pr",
                "17",
            ],
        ]);
    });

    it("fails the check when the preview finds a mandatory policy violation (exit 2)", () => {
        const run = runStep(
            step(preview, "preview", /sticky PR comment/),
            { STACK: "prod", PR_NUMBER: "17" },
            {
                npxExit: 2,
            },
        );
        assert.equal(run.status, 2);
    });

    it("writes a notice and the offline plan of the stack into the job summary for forks", () => {
        // GIVEN a fork pull request WHEN both summary steps run THEN the summary explains the
        // offline plan and holds the CLI's Markdown
        const notice = runStep(step(preview, "offline-plan", /offline plan$/), { STACK: "prod" });
        const plan = runStep(step(preview, "offline-plan", /job summary/), { STACK: "prod" });
        assert.equal(notice.status, 0);
        assert.match(notice.stdout, /^::notice title=Offline plan only::.*fork/m);
        assert.match(notice.summary, /Offline plan only \(stack `prod`\)/);
        assert.equal(plan.status, 0);
        assert.deepEqual(plan.npxCalls, [
            ["--no-install", "rayops", "plan", "--stack", "prod", "--markdown"],
        ]);
        assert.equal(plan.summary, "fake rayops output\n");
    });
});
