import { strict as assert } from "node:assert";
import { createAppTokenSource, TASK_PERMISSIONS } from "../../../automation/github/auth";
import { connectRepository, type RepoClient } from "../../../automation/github/client";
import {
    fitComment,
    GITHUB_COMMENT_LIMIT,
    renderStickyComment,
    stickyMarker,
    stripAnsi,
    upsertStickyComment,
} from "../../../automation/github/comment";
import { type GitHubFixture, recordingSleep, startGitHubFixture } from "../../support/github-server";

const LIST_COMMENTS = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments";
const POST_COMMENT = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
const EDIT_COMMENT = "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}";

/** A preview summary and resource table as the renderer would produce them for `count` resources. */
function largePreview(count: number): { summary: string; details: string; rows: string[] } {
    const kinds = [
        ["aws:ec2/launchTemplate:LaunchTemplate", "ray-gpu-workers-lt"],
        ["aws:eks/nodeGroup:NodeGroup", "ray-cpu-workers"],
        ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "node-role-ecr-readonly"],
        ["kubernetes:apps/v1:Deployment", "kuberay-operator"],
        ["aws:s3/bucketV2:BucketV2", "ray-checkpoints"],
    ] as const;
    const ops = ["create", "update", "replace", "delete"] as const;
    const rows = Array.from({ length: count }, (_, i) => {
        const [type, name] = kinds[i % kinds.length]!;
        const op = ops[i % ops.length]!;
        const diff = op === "update" ? "`tags.CostCenter`: `ml-research` → `ml-platform`" : "";
        return `| ${op === "create" ? "+" : op === "delete" ? "-" : "~"} ${op} | \`${type}\` | \`${name}-${String(i).padStart(4, "0")}\` | ${diff} |`;
    });
    const details = ["| op | type | name | changed inputs |", "|---|---|---|---|", ...rows].join("\n");
    const summary = [
        "**Plan:** 500 to create, 500 to update, 500 to replace, 500 to delete (2,000 resources)",
        "",
        "**Policies:** ✅ 24 passed · ⚠️ 2 advisory findings",
        "",
        "**Monthly cost:** $18,420.55 → $21,977.10 (+$3,556.55, +19.3%)",
    ].join("\n");
    return { summary, details, rows };
}

describe("fitComment", () => {
    it("puts the summary first and the details in a collapsed block when both fit", () => {
        const text = fitComment("**Plan:** 2 to create", "| op | name |\n|---|---|\n| + | a |");
        assert.equal(
            text,
            "**Plan:** 2 to create\n\n<details>\n<summary>Details</summary>\n\n| op | name |\n|---|---|\n| + | a |\n\n</details>",
        );
    });

    it("strips terminal colour codes from summary and details", () => {
        const text = fitComment("\u001b[1m\u001b[32m+ 2 to create\u001b[0m", "\u001b[31m- old\u001b[39m");
        assert.ok(!text.includes("\u001b"));
        assert.ok(text.startsWith("+ 2 to create\n"));
        assert.equal(stripAnsi("\u001b]8;;https://x\u0007link\u001b]8;;\u0007"), "link");
    });

    describe("a 2,000-resource preview", () => {
        const preview = largePreview(2000);
        const text = fitComment(preview.summary, preview.details);

        it("comes out under GitHub's 65,536-character limit though the table alone is larger", () => {
            assert.ok(
                preview.details.length > 2 * GITHUB_COMMENT_LIMIT,
                `table is only ${preview.details.length}`,
            );
            assert.ok(text.length <= GITHUB_COMMENT_LIMIT, `comment is ${text.length} characters`);
            // Not wastefully short either: the cut happens within a few rows of the limit.
            assert.ok(text.length > GITHUB_COMMENT_LIMIT - 500, `comment is only ${text.length} characters`);
        });

        it("keeps the whole summary first and puts the visible trim note before the details", () => {
            assert.ok(
                text.startsWith(
                    `${preview.summary}\n\n> [!NOTE]\n> Trimmed to fit GitHub's 65,536-character`,
                ),
            );
            assert.ok(text.indexOf("[!NOTE]") < text.indexOf("<details>"));
        });

        it("cuts the table on a row boundary and says how many rows were left out", () => {
            const inside = text
                .slice(text.indexOf("</summary>\n\n") + 12, text.lastIndexOf("\n\n</details>"))
                .split("\n");
            const last = inside.pop()!;
            const tableLines = preview.details.split("\n");
            // Every line shown is a whole line of the table, in order, from the top.
            assert.deepEqual(inside, tableLines.slice(0, inside.length));
            const omitted = tableLines.length - inside.length;
            assert.equal(last, `… ${omitted} more lines not shown`);
            assert.match(
                text,
                new RegExp(
                    `the first ${inside.length} of ${tableLines.length} lines \\(${omitted} left out\\)`,
                ),
            );
        });
    });

    it("closes a code fence that the cut leaves open", () => {
        const details = [
            "```diff",
            ...Array.from({ length: 400 }, (_, i) => `+ line ${i} ${"x".repeat(40)}`),
            "```",
        ].join("\n");
        const text = fitComment("summary", details, 5000);
        const fences = text.split("\n").filter((l) => l.startsWith("```"));
        assert.equal(fences.length, 2);
        assert.ok(text.length <= 5000);
        assert.ok(text.endsWith("</details>"));
    });

    it("cuts a summary that alone exceeds the limit and leaves the details out", () => {
        const summary = Array.from({ length: 300 }, (_, i) => `- finding ${i}`).join("\n");
        const text = fitComment(summary, "| table |", 1000);
        assert.ok(text.length <= 1000);
        assert.ok(text.startsWith("- finding 0\n"));
        assert.ok(!text.includes("<details>"));
        assert.match(
            text,
            /the summary shows the first \d+ of 300 lines and 1 lines of details were left out/,
        );
    });
});

describe("renderStickyComment", () => {
    it("starts with the stack's hidden marker", () => {
        const body = renderStickyComment({ stack: "dev", summary: "ok" });
        assert.ok(body.startsWith("<!-- rayops:stack=dev -->\n## rayops preview: stack `dev`\n"));
    });

    it("says prominently that a failed preview failed", () => {
        const body = renderStickyComment({
            stack: "prod",
            summary: "error: 3 resources failed",
            status: "failed",
        });
        const lines = body.split("\n");
        assert.equal(lines[1], "## ❌ Preview failed: stack `prod`");
        // The summary's own callout says why; the comment adds no second one.
        assert.equal(lines[3], "error: 3 resources failed");
    });

    it("removes credentials that tool output may have carried into the report", () => {
        const body = renderStickyComment({
            stack: "dev",
            summary: "token ghs_16C7e42F292c6912E7710c838347Ae178B4a used",
        });
        assert.ok(!body.includes("ghs_16C7"));
    });

    it("refuses a stack name that would break out of the marker", () => {
        assert.throws(
            () => stickyMarker("dev --> <b>"),
            /stack="dev --> <b>" cannot name a sticky comment: use 1-200 letters/,
        );
    });
});

describe("upsertStickyComment against a fake GitHub (GitHub cannot be reached from tests)", () => {
    let gh: GitHubFixture;
    let repo: RepoClient;
    before(async () => {
        gh = await startGitHubFixture();
        repo = connectRepository(createAppTokenSource(gh.config), TASK_PERMISSIONS.prComment);
    });
    after(() => gh.server.close());

    it("asks for a token that may only write pull request comments", async () => {
        await upsertStickyComment(repo, { pullNumber: 90, stack: "dev", summary: "first" });
        assert.deepEqual(gh.server.tokenRequests.at(-1)!.body.permissions, { pull_requests: "write" });
    });

    describe("on a pull request with 250 other comments", () => {
        const pr = 101;
        let createdId: number;

        it("reads all three pages, finds no marker and creates the comment", async () => {
            // GIVEN 250 comments by people
            gh.server.seedComments(
                pr,
                Array.from({ length: 250 }, (_, i) => `LGTM ${i}`),
            );
            const lists = gh.server.count(LIST_COMMENTS);
            // WHEN the preview of dev is posted
            const result = await upsertStickyComment(repo, {
                pullNumber: pr,
                stack: "dev",
                summary: "**Plan:** 3 to create",
            });
            // THEN three pages were read and one comment created, the 251st
            assert.equal(result.action, "created");
            assert.equal(gh.server.count(LIST_COMMENTS) - lists, 3);
            assert.equal(gh.server.commentsOn(pr).length, 251);
            createdId = result.commentId;
        });

        it("edits that same comment in place when the marker is on page 3", async () => {
            // GIVEN the marker comment is the 251st (page 3 at 100 per page)
            const [lists, posts, edits] = [LIST_COMMENTS, POST_COMMENT, EDIT_COMMENT].map((r) =>
                gh.server.count(r),
            );
            // WHEN a new preview of dev is posted
            const result = await upsertStickyComment(repo, {
                pullNumber: pr,
                stack: "dev",
                summary: "**Plan:** 5 to create",
            });
            // THEN the comment was found across three pages and edited, not duplicated
            assert.equal(result.action, "updated");
            assert.equal(result.commentId, createdId);
            assert.equal(gh.server.count(LIST_COMMENTS) - lists!, 3);
            assert.equal(gh.server.count(POST_COMMENT) - posts!, 0);
            assert.equal(gh.server.count(EDIT_COMMENT) - edits!, 1);
            const comments = gh.server.commentsOn(pr);
            assert.equal(comments.length, 251);
            assert.match(comments.at(-1)!.body, /\*\*Plan:\*\* 5 to create/);
        });
    });

    it("keeps one comment per stack on the same pull request", async () => {
        // GIVEN previews of dev and prod on one PR
        const pr = 102;
        const dev = await upsertStickyComment(repo, { pullNumber: pr, stack: "dev", summary: "dev v1" });
        const prod = await upsertStickyComment(repo, { pullNumber: pr, stack: "prod", summary: "prod v1" });
        // WHEN dev is previewed again
        const devAgain = await upsertStickyComment(repo, { pullNumber: pr, stack: "dev", summary: "dev v2" });
        // THEN there are two comments, and only dev's changed
        assert.notEqual(dev.commentId, prod.commentId);
        assert.equal(devAgain.commentId, dev.commentId);
        const bodies = gh.server.commentsOn(pr).map((c) => c.body);
        assert.equal(bodies.length, 2);
        assert.match(bodies[0]!, /^<!-- rayops:stack=dev -->[\s\S]*dev v2/);
        assert.match(bodies[1]!, /^<!-- rayops:stack=prod -->[\s\S]*prod v1/);
    });

    it("leaves the comment alone when nothing changed", async () => {
        const pr = 103;
        await upsertStickyComment(repo, { pullNumber: pr, stack: "dev", summary: "same" });
        const edits = gh.server.count(EDIT_COMMENT);
        const result = await upsertStickyComment(repo, { pullNumber: pr, stack: "dev", summary: "same" });
        assert.equal(result.action, "unchanged");
        assert.equal(gh.server.count(EDIT_COMMENT), edits);
    });

    it("does not take over a comment that merely quotes the marker", async () => {
        // GIVEN a reviewer quoted the bot's marker in a reply
        const pr = 104;
        gh.server.seedComments(pr, ["> <!-- rayops:stack=dev -->\n> the plan looks wrong"]);
        // WHEN dev is previewed
        const result = await upsertStickyComment(repo, { pullNumber: pr, stack: "dev", summary: "plan" });
        // THEN the bot's own comment is created next to it
        assert.equal(result.action, "created");
        assert.equal(
            gh.server.commentsOn(pr)[0]!.body,
            "> <!-- rayops:stack=dev -->\n> the plan looks wrong",
        );
    });

    it("posts a 2,000-resource preview that GitHub accepts, marked as trimmed", async () => {
        const preview = largePreview(2000);
        const result = await upsertStickyComment(repo, {
            pullNumber: 105,
            stack: "prod",
            summary: preview.summary,
            details: preview.details,
            sha: "3f2a9c1e8b7d6f5a4c3b2a1908f7e6d5c4b3a291",
            runUrl: "https://github.com/acme/ml-platform/actions/runs/1",
        });
        assert.equal(result.action, "created");
        assert.equal(result.trimmed, true);
        assert.ok(result.length <= GITHUB_COMMENT_LIMIT);
        assert.match(gh.server.commentsOn(105)[0]!.body, /<sub>Updated by rayops for commit 3f2a9c1e8b7d/);
    });

    it("refuses a pull request number that is not a positive integer", async () => {
        await assert.rejects(
            upsertStickyComment(repo, { pullNumber: 0, stack: "dev", summary: "x" }),
            /pullNumber=0 is not a pull request number/,
        );
    });
});

describe("upsertStickyComment: only the App's own comment is edited", () => {
    let gh: GitHubFixture;
    let repo: RepoClient;
    beforeEach(async () => {
        gh = await startGitHubFixture();
        repo = connectRepository(createAppTokenSource(gh.config), TASK_PERMISSIONS.prComment);
    });
    afterEach(() => gh.server.close());

    const marker = "<!-- rayops:stack=dev -->";

    it("ignores a comment a person starts with the marker and creates the App's own next to it", async () => {
        // GIVEN a person planted a comment whose first line is dev's marker
        const pr = 201;
        gh.server.seedComments(
            pr,
            [`${marker}\n## rayops preview: stack \`dev\`\n\nNo changes. Merge away.`],
            "mallory",
        );
        const planted = gh.server.commentsOn(pr)[0]!;
        const plantedBody = planted.body;
        // WHEN dev is previewed twice
        const first = await upsertStickyComment(repo, {
            pullNumber: pr,
            stack: "dev",
            summary: "**Plan:** 3 to delete",
        });
        const second = await upsertStickyComment(repo, {
            pullNumber: pr,
            stack: "dev",
            summary: "**Plan:** 4 to delete",
        });
        // THEN the App created its own comment beside the planted one and then edited only its own
        assert.equal(first.action, "created");
        assert.deepEqual([second.action, second.commentId], ["updated", first.commentId]);
        assert.notEqual(first.commentId, planted.id);
        assert.equal(planted.body, plantedBody);
        const comments = gh.server.commentsOn(pr);
        assert.equal(comments.length, 2);
        assert.equal(comments[1]!.author.login, "rayops[bot]");
        assert.match(comments[1]!.body, /4 to delete/);
    });

    it("ignores a marker comment written by another App's bot", async () => {
        const pr = 202;
        gh.server.seedComments(pr, [`${marker}\nfake`], { login: "other-app[bot]", type: "Bot" });
        const result = await upsertStickyComment(repo, { pullNumber: pr, stack: "dev", summary: "plan" });
        assert.equal(result.action, "created");
        assert.equal(gh.server.commentsOn(pr)[0]!.body, `${marker}\nfake`);
    });

    it("ignores a marker comment a person wrote through the App (performed_via_github_app)", async () => {
        // GIVEN a comment by a person acting through the rayops App with a user-to-server token
        const pr = 203;
        gh.server.seedComments(pr, [`${marker}\nfake`], { login: "mallory", type: "User", viaApp: "rayops" });
        // WHEN dev is previewed
        const result = await upsertStickyComment(repo, { pullNumber: pr, stack: "dev", summary: "plan" });
        // THEN it is not the App's comment: a new one is created
        assert.equal(result.action, "created");
        assert.equal(gh.server.commentsOn(pr).length, 2);
    });

    it("learns the App's slug once from GET /app (key mode) and matches its bot by that slug", async () => {
        // GIVEN an App whose slug is not "rayops", and its earlier comment on the PR
        const other = await startGitHubFixture({ keys: gh.keys, appSlug: "acme-platform" });
        try {
            const pr = 204;
            other.server.seedComments(pr, [`${marker}\nold`], "acme-platform[bot]");
            const target = connectRepository(createAppTokenSource(other.config), TASK_PERMISSIONS.prComment);
            // WHEN dev is previewed twice
            const first = await upsertStickyComment(target, { pullNumber: pr, stack: "dev", summary: "one" });
            const second = await upsertStickyComment(target, {
                pullNumber: pr,
                stack: "dev",
                summary: "two",
            });
            // THEN the App's earlier comment was edited both times, and GET /app was asked once
            assert.deepEqual([first.action, second.action], ["updated", "updated"]);
            assert.equal(other.server.commentsOn(pr).length, 1);
            assert.equal(other.server.count("GET /app"), 1);
        } finally {
            await other.server.close();
        }
    });

    it("works in token mode: the workflow's token and slug, no token request and no GET /app", async () => {
        // GIVEN the token a workflow minted with permission-pull-requests: write
        const target = connectRepository(
            createAppTokenSource(gh.tokenConfig({ pull_requests: "write" })),
            TASK_PERMISSIONS.prComment,
        );
        // WHEN dev is previewed twice
        await upsertStickyComment(target, { pullNumber: 205, stack: "dev", summary: "one" });
        const second = await upsertStickyComment(target, { pullNumber: 205, stack: "dev", summary: "two" });
        // THEN one App comment, edited in place, and GitHub was never asked for a token or the App
        assert.equal(second.action, "updated");
        assert.equal(gh.server.commentsOn(205).length, 1);
        assert.equal(gh.server.tokenRequests.length, 0);
        assert.equal(gh.server.count("GET /app"), 0);
    });
});

describe("upsertStickyComment: no duplicate when the create fails after GitHub applied it", () => {
    let gh: GitHubFixture;
    let repo: RepoClient;
    let waits: number[];
    beforeEach(async () => {
        gh = await startGitHubFixture();
        const sleep = recordingSleep();
        waits = sleep.waits;
        repo = connectRepository(createAppTokenSource(gh.config), TASK_PERMISSIONS.prComment, {
            retry: { sleep: sleep.sleep },
        });
    });
    afterEach(() => gh.server.close());

    it("finds the comment a 502-answered create posted and posts no second one", async () => {
        // GIVEN GitHub posts the next comment but answers 502
        gh.server.failAfterApplying(POST_COMMENT, 502);
        // WHEN dev is previewed
        const result = await upsertStickyComment(repo, { pullNumber: 301, stack: "dev", summary: "plan" });
        // THEN the comments were read again after one back-off and the posted comment is the result
        assert.equal(result.action, "created");
        const comments = gh.server.commentsOn(301);
        assert.equal(comments.length, 1);
        assert.equal(result.commentId, comments[0]!.id);
        assert.equal(gh.server.count(POST_COMMENT), 1);
        assert.equal(gh.server.count(LIST_COMMENTS), 2);
        assert.deepEqual(waits, [1000]);
    });

    it("finds the comment when the connection dropped after the create was applied", async () => {
        gh.server.dropConnectionAfterApplying(POST_COMMENT);
        const result = await upsertStickyComment(repo, { pullNumber: 302, stack: "dev", summary: "plan" });
        assert.equal(result.action, "created");
        assert.equal(gh.server.commentsOn(302).length, 1);
        assert.equal(gh.server.count(POST_COMMENT), 1);
    });

    it("posts the comment on the retry when the 502 was not applied", async () => {
        // GIVEN GitHub answers the next two posts with 502 and posts nothing
        gh.server.failNext(2, 502, POST_COMMENT);
        // WHEN dev is previewed
        const result = await upsertStickyComment(repo, { pullNumber: 303, stack: "dev", summary: "plan" });
        // THEN each second look found nothing, so the third post created the one comment
        assert.equal(result.action, "created");
        assert.equal(gh.server.count(POST_COMMENT), 3);
        assert.equal(gh.server.commentsOn(303).length, 1);
        assert.deepEqual(waits, [1000, 2000]);
    });

    it("gives up after four attempts and says GitHub may have applied the last one", async () => {
        gh.server.failNext(4, 503, POST_COMMENT);
        await assert.rejects(
            upsertStickyComment(repo, { pullNumber: 304, stack: "dev", summary: "plan" }),
            /GitHub returned 503 for POST \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/comments after 4 attempts.*may have applied the last attempt/,
        );
        assert.deepEqual(waits, [1000, 2000, 4000]);
    });
});
