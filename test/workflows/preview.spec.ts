import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
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
const CHANGED = "needs.scope.outputs.stacks == 'changed'";

describe("preview.yml", () => {
    const preview = workflow("preview.yml");

    it("runs on every pull request, with no path filter, so its required check always reports", () => {
        const pr = on(preview)["pull_request"];
        assert.ok(pr === null || (isMapping(pr) && !("paths" in pr) && !("paths-ignore" in pr)));
    });

    it("previews both programs of dev and prod only when the stacks change, for pull requests from this repository only", () => {
        for (const id of ["network-preview", "preview"]) {
            assert.equal(job(preview, id)["if"], `${CHANGED} && ${SAME_REPO}`);
            assert.equal(job(preview, id)["needs"], "scope");
            assert.deepEqual(matrixStacks(preview, id), ["dev", "prod"]);
        }
    });

    describe("scope: does the pull request change what the stacks deploy?", () => {
        // The paths of up.yml's push filter (up.spec.ts keeps them STACK_PATHS), as regular expressions.
        const stackPath = (file: string) =>
            STACK_PATHS.some((glob) =>
                new RegExp(
                    `^${glob
                        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
                        .replace(/\*\*/g, "@@")
                        .replace(/\*/g, "[^/]*")
                        .replace(/@@/g, ".*")}$`,
                ).test(file),
            );
        const cases = [
            "index.ts",
            "components/ray/pods.ts",
            "network/Pulumi.prod.yaml",
            "policypack/policies/limits.ts",
            "Pulumi.dev.yaml",
            "automation/cli.ts",
            "package.json",
            "package-lock.json",
            "README.md",
            "docs/ci-aws-oidc.md",
            "test/workflows/preview.spec.ts",
            "examples/Pulumi.dev.yaml",
            "components.md",
            ".github/workflows/preview.yml",
        ];
        let repo: string;
        const git = (...args: string[]) =>
            execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
                cwd: repo,
                stdio: "ignore",
            });
        beforeEach(() => {
            repo = mkdtempSync(path.join(tmpdir(), "rayops-scope-"));
            git("init", "-q");
            writeFileSync(path.join(repo, "base.txt"), "base\n");
            git("add", "-A");
            git("commit", "-q", "-m", "base");
        });
        afterEach(() => rmSync(repo, { recursive: true, force: true }));

        for (const file of cases) {
            it(`${stackPath(file) ? "previews" : "skips the previews"} when the pull request changes only ${file}`, () => {
                // GIVEN a merge commit whose first parent is the base and which changes only this file
                mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
                writeFileSync(path.join(repo, file), "changed\n");
                git("add", "-A");
                git("commit", "-q", "-m", "change");
                // WHEN the scope step runs in the checkout THEN it decides as up.yml's filter would
                const run = runStep(
                    step(preview, "scope", /changes what the stacks deploy/),
                    {},
                    { cwd: repo },
                );
                assert.equal(run.status, 0, run.stdout);
                assert.deepEqual(run.outputs, { stacks: stackPath(file) ? "changed" : "unchanged" });
            });
        }
    });

    describe("verdict: the one check branch protection requires", () => {
        const verdict = () => job(preview, "verdict");
        const decide = (env: Record<string, string>) =>
            runStep(step(preview, "verdict", /every stack was previewed/), {
                SCOPE: "success",
                STACKS: "changed",
                SAME_REPO: "true",
                NETWORK_PREVIEW: "success",
                CLUSTER_PREVIEW: "success",
                OFFLINE_PLAN: "skipped",
                ...env,
            });

        it("always runs, after every other job, and is named as the docs tell people to require it", () => {
            assert.equal(verdict()["if"], "always()");
            assert.deepEqual(verdict()["needs"], ["scope", "network-preview", "preview", "offline-plan"]);
            assert.equal(verdict()["name"], "preview verdict");
            assert.deepEqual(verdict()["permissions"], {});
        });

        it("passes when nothing the stacks deploy changed, though every preview was skipped", () => {
            const run = decide({
                STACKS: "unchanged",
                NETWORK_PREVIEW: "skipped",
                CLUSTER_PREVIEW: "skipped",
            });
            assert.equal(run.status, 0);
        });

        it("passes a same-repository change only when both previews of every stack succeeded", () => {
            assert.equal(decide({}).status, 0);
            for (const [key, result] of [
                ["NETWORK_PREVIEW", "failure"],
                ["CLUSTER_PREVIEW", "failure"],
                ["CLUSTER_PREVIEW", "cancelled"],
                ["NETWORK_PREVIEW", "skipped"],
            ]) {
                const run = decide({ [key]: result });
                assert.equal(run.status, 1, `${key}=${result} passed`);
                assert.match(run.stdout, /^::error title=Preview failed::/m);
            }
        });

        it("fails a fork's change to the stacks, which was only planned offline, and says how it gets previewed", () => {
            // GIVEN a fork PR whose previews were skipped (a skipped job reports success) and whose offline plan passed
            const run = decide({
                SAME_REPO: "false",
                NETWORK_PREVIEW: "skipped",
                CLUSTER_PREVIEW: "skipped",
                OFFLINE_PLAN: "success",
            });
            // THEN the verdict does not pass vacuously
            assert.equal(run.status, 1);
            assert.match(run.stdout, /a maintainer pushes the branch to this repository/);
        });

        it("fails when the scope is unknown, rather than assuming nothing changed", () => {
            assert.equal(decide({ SCOPE: "failure", STACKS: "" }).status, 1);
            assert.equal(decide({ STACKS: "" }).status, 1);
        });
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
                "--job-summary",
                "--json",
                "--pr",
                "17",
            ],
        ]);
    });

    it("gives pull requests from forks the offline plan, with no secrets and no OIDC token", () => {
        const offline = job(preview, "offline-plan");
        assert.equal(
            offline["if"],
            `${CHANGED} && github.event.pull_request.head.repo.full_name != github.repository`,
        );
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
                "--job-summary",
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
            ["--no-install", "rayops", "plan", "--stack", "prod", "--base", "HEAD^1", "--markdown"],
        ]);
        assert.equal(plan.summary, "fake rayops output\n");
    });
});
