/**
 * A pull request planned offline against its base: the project's own files in a scratch git
 * repository, a base commit, and a change to dev's stack file on top. No engine, no cloud.
 */
import { strict as assert } from "node:assert";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { againstBase } from "../../../automation/plan/against-base";
import { runOfflinePlan } from "../../../automation/plan/offline-plan";
import { describeRevision, planAtRevision } from "../../../automation/plan/revision";
import { reportJson } from "../../../automation/render/json";
import { markdownSummary } from "../../../automation/render/markdown";
import type { Report } from "../../../automation/render/report";
import { makeStyle } from "../../../automation/render/style";
import { renderTerminal } from "../../../automation/render/terminal";
import { assertReportDocument } from "../../support/report-schema";
import { git, pullRequestEdit, scratchRepo } from "../../support/scratch-repo";

describe("a pull request planned offline against its base (plan --base)", function () {
    this.timeout(240_000);
    let repo: string;
    let report: Report;

    before(async () => {
        // GIVEN the project at a base commit on main
        repo = scratchRepo("rayops-pr-");
        // AND a pull request that raises the cpu pool's ceiling and drops the gpu worker group
        const file = path.join(repo, "Pulumi.dev.yaml");
        writeFileSync(file, pullRequestEdit(readFileSync(file, "utf8")));
        git(repo, "commit", "-q", "-am", "the pull request");
        // WHEN the head is planned against the base
        const head = await runOfflinePlan({ cwd: repo, stack: "dev" });
        const base = await planAtRevision({ cwd: repo, ref: "HEAD^1", stack: "dev" });
        report = againstBase(head, base, describeRevision(repo, "HEAD^1", { GITHUB_BASE_REF: "main" }));
    });
    after(() => rmSync(repo, { recursive: true, force: true }));

    it("updates the cpu node group in place, naming the changed input path and not its value", () => {
        const group = report.resources.find((r) => r.name === "rayops-dev-cpu-ng");
        assert.equal(group?.change, "update");
        assert.deepEqual(group?.changedPaths, ["scalingConfig.maxSize"]);
    });

    it("replaces the RayCluster, whose program replaces it on any change, saying so", () => {
        const ray = report.resources.find((r) => r.type === "kubernetes:ray.io/v1:RayCluster");
        assert.equal(ray?.change, "replace");
        assert.deepEqual(ray?.changedPaths, ["spec.workerGroupSpecs"]);
        assert.deepEqual(ray?.replaceReasons, [
            "spec.workerGroupSpecs changed, and the program replaces on *",
        ]);
    });

    it("changes nothing else: not the network program, storage, IAM or add-ons", () => {
        const changed = report.resources.filter((r) => !r.component && r.change !== "same");
        assert.deepEqual(changed.map((r) => `${r.change} ${r.name}`).sort(), [
            "replace rayops-dev-ray-cluster",
            "update rayops-dev-cpu-ng",
        ]);
    });

    it("names the base by its branch and commit, in the headline and in the limits", () => {
        assert.match(report.base ?? "", /^main @ [0-9a-f]{12}$/);
        const md = markdownSummary(report);
        assert.match(md, new RegExp(`0 to create, 1 to update, 1 to replace, 0 to delete vs ${report.base}`));
        assert.match(md, /\*\*Changes\*\* vs main @/);
        assert.match(
            md,
            /\| ✏️ \| update \| `rayops-dev-cpu-ng` \| `aws:eks\/nodeGroup:NodeGroup` \| scalingConfig\.maxSize \|/,
        );
        assert.ok(!report.limits.some((l) => /every resource is listed as it would be created/.test(l)));
    });

    it("shows the cost the change adds against the base", () => {
        assert.ok(report.cost?.delta);
        assert.equal(report.cost.delta.base, report.base);
        // Two more m6i.2xlarge nodes at the ceiling (730 h at $0.384/h each) and their 100 GiB gp3
        // root volumes; the gpu pool itself stays, so nothing else moves.
        assert.equal(Math.round(report.cost.delta.ceiling * 100) / 100, 2 * (0.384 * 730 + 100 * 0.08));
        assert.equal(report.cost.delta.expected, 0);
    });

    it("writes --json that the published schema accepts, with the changes in it", () => {
        const doc = JSON.parse(JSON.stringify(reportJson(report)));
        assertReportDocument(doc);
        assert.equal(doc.base, report.base);
        const group = doc.resources.find((r: { name: string }) => r.name === "rayops-dev-cpu-ng");
        assert.deepEqual(group.changedPaths, ["scalingConfig.maxSize"]);
    });

    it("lists the changes in the terminal with their paths", () => {
        const text = renderTerminal(report, makeStyle(false));
        assert.match(text, /Changes vs main @ [0-9a-f]{12}\n/);
        assert.match(
            text,
            / {2}~ update {2}rayops-dev-cpu-ng aws:eks\/nodeGroup:NodeGroup\n {6}scalingConfig\.maxSize\n/,
        );
    });
});
