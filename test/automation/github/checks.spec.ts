import { strict as assert } from "node:assert";
import { createAppTokenSource, TASK_PERMISSIONS } from "../../../automation/github/auth";
import { type CheckAnnotation, createCheckRun } from "../../../automation/github/checks";
import { connectRepository, type RepoClient } from "../../../automation/github/client";
import { type GitHubFixture, startGitHubFixture } from "../../support/github-server";

const SHA = "3f2a9c1e8b7d6f5a4c3b2a1908f7e6d5c4b3a291";

function violations(count: number): CheckAnnotation[] {
    return Array.from({ length: count }, (_, i) => ({
        path: "Pulumi.prod.yaml",
        startLine: i + 1,
        level: i % 3 === 0 ? "failure" : "warning",
        title: "aws-eks-cluster-disallow-public-endpoint",
        message: `cluster-${i}: the API endpoint is public`,
    }));
}

describe("createCheckRun against a fake GitHub (GitHub cannot be reached from tests)", () => {
    let gh: GitHubFixture;
    let repo: RepoClient;
    beforeEach(async () => {
        gh = await startGitHubFixture();
        repo = connectRepository(createAppTokenSource(gh.config), TASK_PERMISSIONS.checkRun);
    });
    afterEach(() => gh.server.close());

    const input = {
        name: "rayops policy (prod)",
        headSha: SHA,
        title: "Policy findings",
        summary: "2 mandatory violations",
    };

    it("sends 120 annotations in batches of 50, 50 and 20 and completes the run with the last", async () => {
        const result = await createCheckRun(repo, {
            ...input,
            conclusion: "failure",
            annotations: violations(120),
        });
        const run = gh.server.checkRuns[0]!;
        assert.deepEqual(run.batches, [50, 50, 20]);
        assert.equal(run.annotations.length, 120);
        assert.deepEqual([run.status, run.conclusion], ["completed", "failure"]);
        assert.equal(result.requests, 3);
    });

    it("creates a completed run in one request when 50 annotations or fewer", async () => {
        await createCheckRun(repo, { ...input, conclusion: "success", annotations: violations(50) });
        const run = gh.server.checkRuns[0]!;
        assert.deepEqual(run.batches, [50]);
        assert.deepEqual([run.status, run.conclusion], ["completed", "success"]);
        assert.equal(gh.server.count("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}"), 0);
    });

    it("asks for a token that may only write checks", async () => {
        await createCheckRun(repo, { ...input, conclusion: "success" });
        assert.deepEqual(gh.server.tokenRequests[0]!.body.permissions, { checks: "write" });
    });

    it("refuses a head SHA that is not a full commit id", async () => {
        await assert.rejects(
            createCheckRun(repo, { ...input, headSha: "main", conclusion: "success" }),
            /headSha="main" is not a commit SHA: expected 40 \(or 64\) lowercase hex digits/,
        );
    });
});
