import { strict as assert } from "node:assert";
import {
    postPolicyCheckRun,
    postStickyComment,
    readGitHubApp,
} from "../../../automation/cli-support/github-report";
import type { Report } from "../../../automation/render/report";
import { type GitHubFixture, startGitHubFixture } from "../../support/github-server";

// The CLI's side of automation/cli-support/github-report.ts; its file lies here because the
// GitHub specs own the fake server it talks to.
const SHA = "3f2a9c1e8b7d6f5a4c3b2a1908f7e6d5c4b3a291";

function previewReport(): Report {
    return {
        kind: "preview",
        stack: "dev",
        project: "rayops",
        succeeded: true,
        resources: [],
        policy: { evaluated: true, policiesRun: 3, findings: [] },
        limits: [],
    };
}

describe("the CLI's GitHub reports (github-report.ts) against a fake GitHub", () => {
    let gh: GitHubFixture;
    beforeEach(async () => {
        gh = await startGitHubFixture();
    });
    afterEach(() => gh.server.close());

    it("posts a preview's comment and check run in token mode with the workflow's token alone", async () => {
        // GIVEN the environment of a workflow's rayops step: a minted token, the slug, the Actions variables
        const env = { ...gh.tokenEnv({ pull_requests: "write", checks: "write" }), GITHUB_SHA: SHA };
        // WHEN the App is read and both reports are posted
        const app = readGitHubApp(env);
        const comment = await postStickyComment(app, previewReport(), 12, env);
        await postPolicyCheckRun(app, previewReport(), env);
        // THEN both were written by the App's bot with that token: no JWT, no token request, no GET /app
        assert.equal(app.mode, "token");
        assert.equal(comment.action, "created");
        assert.equal(gh.server.commentsOn(12)[0]!.author.login, "rayops[bot]");
        assert.equal(gh.server.checkRuns.length, 1);
        assert.deepEqual([gh.server.jwtsSeen.length, gh.server.tokenRequests.length], [0, 0]);
    });

    it("asks GET /app once for a preview that posts a comment and a check run (key mode)", async () => {
        // GIVEN a local run's key-mode environment
        const env = { ...gh.env, GITHUB_SHA: SHA };
        const app = readGitHubApp(env);
        // WHEN both reports are posted
        await postStickyComment(app, previewReport(), 13, env);
        await postPolicyCheckRun(app, previewReport(), env);
        // THEN the App's slug was learned once and each report got a token of its own permission
        assert.equal(gh.server.count("GET /app"), 1);
        assert.deepEqual(
            gh.server.tokenRequests.map((r) => r.body.permissions),
            [{ pull_requests: "write" }, { checks: "write" }],
        );
    });

    it("refuses token-mode and key-mode credentials together as a CLI error naming the variables", () => {
        const env = { ...gh.env, ...gh.tokenEnv({ pull_requests: "write" }) };
        assert.throws(
            () => readGitHubApp(env),
            /RAYOPS_GITHUB_TOKEN and RAYOPS_GITHUB_APP_SLUG \(token mode\) and GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID, GITHUB_APP_PRIVATE_KEY \(key mode\) are all set/,
        );
    });
});
