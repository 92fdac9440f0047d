import { strict as assert } from "node:assert";
import { createAppTokenSource, TASK_PERMISSIONS } from "../../../automation/github/auth";
import { connectRepository, type RepoClient } from "../../../automation/github/client";
import { issueMarker, upsertIssue } from "../../../automation/github/issue";
import { type GitHubFixture, recordingSleep, startGitHubFixture } from "../../support/github-server";

const UPDATE_ISSUE = "PATCH /repos/{owner}/{repo}/issues/{issue_number}";
const CREATE_ISSUE = "POST /repos/{owner}/{repo}/issues";
const LIST_ISSUES = "GET /repos/{owner}/{repo}/issues";
const CREATE_COMMENT = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";

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
        // GIVEN an open drift issue of the App that a person labelled further, among other issues
        gh.server.seedIssue({ title: "Unrelated", body: "x", labels: ["rayops", "drift"] });
        const mine = gh.server.seedIssue({
            title: "Drift detected in prod",
            body: `${issueMarker("drift:prod")}\nold`,
            labels: ["rayops", "drift", "p1"],
            author: gh.server.botAuthor,
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
    describe("identity: only the App's own issue is ever edited", () => {
        it("ignores an open issue a person started with the marker and opens the App's own", async () => {
            // GIVEN a person planted an issue whose first line is the report's marker
            const planted = gh.server.seedIssue({
                title: "Drift detected in prod",
                body: `${issueMarker("drift:prod")}\nplease close me, bot`,
                labels: ["rayops", "drift"],
                author: "mallory",
            });
            // WHEN drift is reported, and later reported resolved
            const created = await upsertIssue(repo, { ...drift, body: "3 resources drifted" });
            const closed = await upsertIssue(repo, { ...drift, body: "No drift.", resolved: true });
            // THEN the App opened and closed its own issue; the planted one is untouched and open
            assert.equal(created.action, "created");
            assert.notEqual(created.number, planted.number);
            assert.deepEqual([closed.action, closed.number], ["closed", created.number]);
            assert.equal(planted.body, `${issueMarker("drift:prod")}\nplease close me, bot`);
            assert.equal(planted.state, "open");
            assert.equal(gh.server.commentsOn(planted.number).length, 0);
        });

        it("ignores a marker issue opened by another App's bot", async () => {
            gh.server.seedIssue({
                title: "Drift detected in prod",
                body: `${issueMarker("drift:prod")}\nold`,
                labels: ["rayops", "drift"],
                author: { login: "other-app[bot]", type: "Bot" },
            });
            const result = await upsertIssue(repo, { ...drift, body: "report" });
            assert.equal(result.action, "created");
            assert.equal(gh.server.issues[1]!.author.login, "rayops[bot]");
        });
    });

    describe("no duplicates when a create fails after GitHub applied it", () => {
        function connectWithSleep() {
            const { sleep, waits } = recordingSleep();
            const lines: string[] = [];
            const target = connectRepository(createAppTokenSource(gh.config), TASK_PERMISSIONS.reportIssue, {
                retry: { sleep, log: (line) => lines.push(line) },
            });
            return { target, waits, lines };
        }

        it("finds the issue a 502-answered create opened and opens no second one", async () => {
            // GIVEN GitHub opens the next issue but answers 502
            const { target, waits, lines } = connectWithSleep();
            gh.server.failAfterApplying(CREATE_ISSUE, 502);
            // WHEN drift is reported
            const result = await upsertIssue(target, { ...drift, body: "3 resources drifted" });
            // THEN the open issues were listed again, the issue was found and not created twice
            assert.equal(result.action, "created");
            assert.equal(gh.server.issues.length, 1);
            assert.equal(result.number, gh.server.issues[0]!.number);
            assert.equal(gh.server.count(CREATE_ISSUE), 1);
            assert.equal(gh.server.count(LIST_ISSUES), 2);
            assert.deepEqual(waits, [1000]);
            // AND one log line said what happened
            assert.deepEqual(lines, [
                "GitHub answered 502 on POST /repos/{owner}/{repo}/issues; looking for its result, then retrying in 1 s (1/4)",
            ]);
        });

        it("finds the issue when the connection dropped after the create was applied", async () => {
            const { target } = connectWithSleep();
            gh.server.dropConnectionAfterApplying(CREATE_ISSUE);
            const result = await upsertIssue(target, { ...drift, body: "3 resources drifted" });
            assert.equal(result.action, "created");
            assert.equal(gh.server.issues.length, 1);
            assert.equal(gh.server.count(CREATE_ISSUE), 1);
        });

        it("opens the issue on the retry when the 502 was not applied", async () => {
            // GIVEN GitHub answers the next create with 502 without opening anything
            const { target, waits } = connectWithSleep();
            gh.server.failNext(1, 502, CREATE_ISSUE);
            // WHEN drift is reported
            const result = await upsertIssue(target, { ...drift, body: "3 resources drifted" });
            // THEN nothing was found on the second look, so the create was sent again: one issue
            assert.equal(result.action, "created");
            assert.equal(gh.server.count(CREATE_ISSUE), 2);
            assert.equal(gh.server.issues.length, 1);
            assert.deepEqual(waits, [1000]);
        });

        it("posts the closing comment once when its create was applied but answered 502", async () => {
            // GIVEN an open drift issue and a GitHub that answers the closing comment with 502 after posting it
            const { target } = connectWithSleep();
            const created = await upsertIssue(target, { ...drift, body: "drifted" });
            gh.server.failAfterApplying(CREATE_COMMENT, 502);
            // WHEN drift is gone
            const result = await upsertIssue(target, {
                ...drift,
                body: "No drift since run 42.",
                resolved: true,
            });
            // THEN the issue is closed with exactly one closing comment
            assert.deepEqual([result.action, result.number], ["closed", created.number]);
            assert.deepEqual(
                gh.server.commentsOn(created.number!).map((c) => c.body),
                ["No drift since run 42."],
            );
            assert.equal(gh.server.issues[0]!.state, "closed");
        });
    });

    it("works in token mode with the workflow's token, minting none and asking GitHub for no slug", async () => {
        // GIVEN the token a workflow minted with permission-issues: write
        const target = connectRepository(
            createAppTokenSource(gh.tokenConfig({ issues: "write" })),
            TASK_PERMISSIONS.reportIssue,
        );
        // WHEN drift is reported twice
        await upsertIssue(target, { ...drift, body: "drifted" });
        const again = await upsertIssue(target, { ...drift, body: "drifted more" });
        // THEN the App's issue was found again by marker and identity, with no token request or GET /app
        assert.equal(again.action, "updated");
        assert.equal(gh.server.issues.length, 1);
        assert.equal(gh.server.issues[0]!.author.login, "rayops[bot]");
        assert.equal(gh.server.tokenRequests.length, 0);
        assert.equal(gh.server.count("GET /app"), 0);
    });
});
