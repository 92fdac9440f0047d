import { strict as assert } from "node:assert";
import { createAppTokenSource, TASK_PERMISSIONS } from "../../../automation/github/auth";
import { connectRepository, type RepoClient } from "../../../automation/github/client";
import { issueMarker, upsertIssue } from "../../../automation/github/issue";
import { type GitHubFixture, startGitHubFixture } from "../../support/github-server";

const UPDATE_ISSUE = "PATCH /repos/{owner}/{repo}/issues/{issue_number}";
const CREATE_ISSUE = "POST /repos/{owner}/{repo}/issues";

describe("upsertIssue against a fake GitHub (GitHub cannot be reached from tests)", () => {
    let gh: GitHubFixture;
    let repo: RepoClient;
    beforeEach(async () => {
        gh = await startGitHubFixture();
        repo = connectRepository(createAppTokenSource(gh.config), TASK_PERMISSIONS.reportIssue);
    });
    afterEach(() => gh.server.close());

    const drift = { marker: "drift:prod", title: "Drift detected in prod", labels: ["rayops", "drift"] };

    it("creates the issue with its hidden marker and labels when none is open", async () => {
        const result = await upsertIssue(repo, { ...drift, body: "3 resources drifted" });
        assert.equal(result.action, "created");
        const [issue] = gh.server.issues;
        assert.equal(issue!.title, "Drift detected in prod");
        assert.equal(issue!.body, "<!-- rayops:issue=drift:prod -->\n3 resources drifted");
        assert.deepEqual(issue!.labels, ["rayops", "drift"]);
        assert.deepEqual(gh.server.tokenRequests[0]!.body.permissions, { issues: "write" });
    });

    it("updates the open issue that carries the marker and leaves its labels alone", async () => {
        // GIVEN an open drift issue that a person labelled further, among other issues
        gh.server.seedIssue({ title: "Unrelated", body: "x", labels: ["rayops", "drift"] });
        const mine = gh.server.seedIssue({
            title: "Drift detected in prod",
            body: `${issueMarker("drift:prod")}\nold`,
            labels: ["rayops", "drift", "p1"],
        });
        // WHEN drift is reported again
        const result = await upsertIssue(repo, { ...drift, body: "5 resources drifted" });
        // THEN that issue was edited
        assert.deepEqual([result.action, result.number], ["updated", mine.number]);
        assert.match(mine.body, /5 resources drifted$/);
        assert.deepEqual(mine.labels, ["rayops", "drift", "p1"]);
        assert.equal(gh.server.count(CREATE_ISSUE), 0);
    });

    it("never overwrites an issue a person wrote under the same title", async () => {
        const human = gh.server.seedIssue({
            title: "Drift detected in prod",
            body: "I think prod drifted",
            labels: ["drift", "rayops"],
        });
        const result = await upsertIssue(repo, { ...drift, body: "report" });
        assert.equal(result.action, "created");
        assert.equal(human.body, "I think prod drifted");
    });

    it("does not edit an issue whose title and body are already current", async () => {
        await upsertIssue(repo, { ...drift, body: "same" });
        const result = await upsertIssue(repo, { ...drift, body: "same" });
        assert.equal(result.action, "unchanged");
        assert.equal(gh.server.count(UPDATE_ISSUE), 0);
    });

    it("closes the open issue as completed, with a closing comment, once resolved", async () => {
        // GIVEN an open drift issue
        const created = await upsertIssue(repo, { ...drift, body: "drifted" });
        // WHEN drift is gone
        const result = await upsertIssue(repo, { ...drift, body: "No drift since run 42.", resolved: true });
        // THEN it is closed and says why
        assert.deepEqual([result.action, result.number], ["closed", created.number]);
        const issue = gh.server.issues[0]!;
        assert.equal(issue.state, "closed");
        assert.equal(issue.stateReason, "completed");
        assert.equal(gh.server.commentsOn(issue.number)[0]!.body, "No drift since run 42.");
    });

    it("does nothing when resolved and no issue is open", async () => {
        const result = await upsertIssue(repo, { ...drift, body: "No drift.", resolved: true });
        assert.equal(result.action, "none");
        assert.equal(gh.server.count(CREATE_ISSUE), 0);
    });

    it("opens a new issue when the condition returns after its issue was closed", async () => {
        gh.server.seedIssue({ ...drift, body: `${issueMarker("drift:prod")}\nold`, state: "closed" });
        const result = await upsertIssue(repo, { ...drift, body: "drifted again" });
        assert.equal(result.action, "created");
        assert.equal(gh.server.issues.length, 2);
    });

    it("refuses a marker that could break out of the HTML comment", () => {
        assert.throws(() => issueMarker("x -->"), /marker="x -->" cannot identify an issue/);
    });
});
