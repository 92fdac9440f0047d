import { strict as assert } from "node:assert";
import { createAppTokenSource, TASK_PERMISSIONS } from "../../../automation/github/auth";
import { type CheckAnnotation, createCheckRun } from "../../../automation/github/checks";
import { connectRepository, type RepoClient } from "../../../automation/github/client";
import { type GitHubFixture, recordingSleep, startGitHubFixture } from "../../support/github-server";

const SHA = "3f2a9c1e8b7d6f5a4c3b2a1908f7e6d5c4b3a291";
const UPDATE_RUN = "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}";
const GET_RUN = "GET /repos/{owner}/{repo}/check-runs/{check_run_id}";
const CREATE_RUN = "POST /repos/{owner}/{repo}/check-runs";
const LIST_RUNS = "GET /repos/{owner}/{repo}/commits/{ref}/check-runs";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

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
    it("gives each run an external_id of its own", async () => {
        await createCheckRun(repo, { ...input, conclusion: "success" });
        await createCheckRun(repo, { ...input, conclusion: "success" });
        const [a, b] = gh.server.checkRuns.map((run) => run.externalId);
        assert.match(a!, UUID);
        assert.match(b!, UUID);
        assert.notEqual(a, b);
    });

    describe("no duplicate run when the create fails after GitHub applied it", () => {
        let waits: number[];
        beforeEach(() => {
            const sleep = recordingSleep();
            waits = sleep.waits;
            repo = connectRepository(createAppTokenSource(gh.config), TASK_PERMISSIONS.checkRun, {
                retry: { sleep: sleep.sleep },
            });
        });

        it("finds the run by its external_id after a 502 and appends the other batches to it", async () => {
            // GIVEN GitHub creates the next run but answers 502
            gh.server.failAfterApplying(CREATE_RUN, 502);
            // WHEN a check with 120 annotations is reported
            const result = await createCheckRun(repo, {
                ...input,
                conclusion: "failure",
                annotations: violations(120),
            });
            // THEN the commit's runs were listed, the one run was found and completed, none was created twice
            assert.equal(gh.server.checkRuns.length, 1);
            const run = gh.server.checkRuns[0]!;
            assert.equal(result.id, run.id);
            assert.deepEqual(run.batches, [50, 50, 20]);
            assert.deepEqual([run.status, run.conclusion], ["completed", "failure"]);
            assert.equal(gh.server.count(CREATE_RUN), 1);
            assert.equal(gh.server.count(LIST_RUNS), 1);
            assert.match(gh.server.requests.find((r) => r.route === LIST_RUNS)!.path, /check_name=rayops/);
            assert.deepEqual(waits, [1000]);
        });

        it("appends a batch once when GitHub applied its update but answered 502", async () => {
            // GIVEN GitHub appends the second batch of annotations but answers 502
            gh.server.failAfterApplying(UPDATE_RUN, 502);
            // WHEN a check with 120 annotations is reported
            await createCheckRun(repo, { ...input, conclusion: "failure", annotations: violations(120) });
            // THEN the run was read back, the batch was not sent twice, and all 120 are there once
            const run = gh.server.checkRuns[0]!;
            assert.deepEqual(run.batches, [50, 50, 20]);
            assert.equal(run.annotations.length, 120);
            assert.equal(gh.server.count(GET_RUN), 1);
            assert.deepEqual([run.status, run.conclusion], ["completed", "failure"]);
        });

        it("sends a batch again when its 502 was not applied", async () => {
            gh.server.failNext(1, 502, UPDATE_RUN);
            await createCheckRun(repo, { ...input, conclusion: "failure", annotations: violations(120) });
            const run = gh.server.checkRuns[0]!;
            assert.deepEqual(run.batches, [50, 50, 20]);
            assert.equal(gh.server.count(UPDATE_RUN), 3);
        });

        it("finds the run when the connection dropped after the create was applied", async () => {
            gh.server.dropConnectionAfterApplying(CREATE_RUN);
            await createCheckRun(repo, { ...input, conclusion: "success" });
            assert.equal(gh.server.checkRuns.length, 1);
            assert.equal(gh.server.count(CREATE_RUN), 1);
        });

        it("creates the run on the retry when the 502 was not applied", async () => {
            gh.server.failNext(1, 502, CREATE_RUN);
            await createCheckRun(repo, { ...input, conclusion: "success" });
            assert.equal(gh.server.count(CREATE_RUN), 2);
            assert.equal(gh.server.checkRuns.length, 1);
        });

        it("does not take an earlier run of the same name and commit for its own", async () => {
            // GIVEN an earlier invocation's run of the same check on the same commit
            await createCheckRun(repo, { ...input, conclusion: "failure" });
            // WHEN this invocation's create answers 502 without creating anything
            gh.server.failNext(1, 502, CREATE_RUN);
            await createCheckRun(repo, { ...input, conclusion: "success" });
            // THEN the earlier run (another external_id) was not reused: this run was created
            assert.equal(gh.server.checkRuns.length, 2);
            assert.deepEqual(
                gh.server.checkRuns.map((run) => run.conclusion),
                ["failure", "success"],
            );
        });
    });

    it("works in token mode with the workflow's checks token", async () => {
        const target = connectRepository(
            createAppTokenSource(gh.tokenConfig({ checks: "write" })),
            TASK_PERMISSIONS.checkRun,
        );
        await createCheckRun(target, { ...input, conclusion: "success" });
        assert.equal(gh.server.checkRuns.length, 1);
        assert.equal(gh.server.tokenRequests.length, 0);
    });
});
