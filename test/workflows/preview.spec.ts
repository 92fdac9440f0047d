import * as assert from "node:assert/strict";
import { job, matrixStacks, on, STACK_PATHS, step, workflow } from "./lookup";
import { runStep } from "./run-step";
import { isMapping } from "./workflow-file";

describe("preview.yml", () => {
    const preview = workflow("preview.yml");

    it("runs on pull requests that touch what the stacks deploy", () => {
        const pr = on(preview)["pull_request"];
        assert.ok(isMapping(pr));
        assert.deepEqual(pr["paths"], STACK_PATHS);
    });

    it("previews dev and prod for pull requests from this repository only", () => {
        assert.equal(
            job(preview, "preview")["if"],
            "github.event.pull_request.head.repo.full_name == github.repository",
        );
        assert.deepEqual(matrixStacks(preview, "preview"), ["dev", "prod"]);
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
