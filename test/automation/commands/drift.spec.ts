import { strict as assert } from "node:assert";
import {
    FakeWorkspace,
    outputsStep,
    preStep,
    pulumiCommandError,
    recordedEngineError,
    step,
} from "../../support/fake-workspace";
import { type GitHubFixture, startGitHubFixture } from "../../support/github-server";
import { runCli, scratchRepo } from "./harness";

/** What a preview-only refresh sends for a bucket someone changed in the console. */
function driftedBucket() {
    return [
        preStep("refresh", "aws:s3/bucketV2:BucketV2", "ray-checkpoints"),
        outputsStep("update", "aws:s3/bucketV2:BucketV2", "ray-checkpoints"),
        preStep("refresh", "aws:kms/key:Key", "rayops-dev-secrets"),
        outputsStep("same", "aws:kms/key:Key", "rayops-dev-secrets"),
    ];
}

function clean() {
    return [...step("same", "aws:kms/key:Key", "rayops-dev-secrets")];
}

describe("rayops drift (engine faked: FakeWorkspace stands in for the Pulumi engine)", () => {
    let repo: ReturnType<typeof scratchRepo>;
    before(() => {
        repo = scratchRepo();
    });
    after(() => repo.cleanup());

    const drift = (fake: FakeWorkspace, args: string[], env: Record<string, string> = {}) =>
        runCli(["drift", ...args], { cwd: repo.dir, env, deps: { openWorkspace: fake.factory } });

    it("exits 0 when the cloud matches, after a preview-only refresh that expects no changes", async () => {
        const fake = new FakeWorkspace().script("refresh", { events: clean() });
        const run = await drift(fake, ["--stack", "dev"]);
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(fake.callsOf("refresh")[0]!.options, {
            color: "never",
            previewOnly: true,
            expectNoChanges: true,
        });
    });

    it("exits 3 and lists the drifted resources when the cloud differs", async () => {
        const fake = new FakeWorkspace().script("refresh", { events: driftedBucket() });
        const run = await drift(fake, ["--stack", "dev", "--json"]);
        assert.equal(run.code, 3);
        const report = JSON.parse(run.stdout);
        assert.equal(report.kind, "drift");
        assert.equal(report.succeeded, true);
        assert.deepEqual(
            report.resources.map((r: { name: string; change: string }) => [r.name, r.change]),
            [["ray-checkpoints", "update"]],
        );
        assert.match(run.stderr, /drift in stack dev: the cloud no longer matches its state/);
    });

    it("exits 3, not 1, when the engine fails the check because it expected no changes", async () => {
        const fake = new FakeWorkspace().script("refresh", {
            events: driftedBucket(),
            error: recordedEngineError("refreshExpectedNoChanges"),
        });
        const run = await drift(fake, ["--stack", "dev"]);
        assert.equal(run.code, 3);
    });

    it("exits 1 when the check itself fails", async () => {
        const fake = new FakeWorkspace().script("refresh", {
            // AWS cannot run here: the AWS provider's text, as pulumi-aws prints it.
            error: pulumiCommandError("error: NoCredentialProviders: no valid providers in chain\n"),
        });
        const run = await drift(fake, ["--stack", "dev"]);
        assert.equal(run.code, 1);
        assert.match(run.stderr, /no valid AWS credentials for stack dev/);
    });

    it("exits 4 when the stack is locked", async () => {
        const fake = new FakeWorkspace().script("refresh", {
            error: recordedEngineError("locked"),
        });
        const run = await drift(fake, ["--stack", "dev"]);
        assert.equal(run.code, 4);
    });

    describe("--issue (the real GitHub client against a loopback GitHub that verifies the App's JWT)", () => {
        let github: GitHubFixture;
        before(async () => {
            github = await startGitHubFixture();
        });
        after(() => github.server.close());

        const driftIssues = () => github.server.issues.filter((i) => i.title === "Drift in stack dev");

        it("opens one issue per drifted stack, updates it while drift lasts and closes it once clean", async () => {
            // GIVEN drift found twice, then a clean check
            const first = await drift(
                new FakeWorkspace().script("refresh", { events: driftedBucket() }),
                ["--stack", "dev", "--issue"],
                github.env,
            );
            const again = await drift(
                new FakeWorkspace().script("refresh", {
                    events: [
                        ...driftedBucket(),
                        preStep("refresh", "aws:iam/role:Role", "node-role"),
                        outputsStep("delete", "aws:iam/role:Role", "node-role"),
                    ],
                }),
                ["--stack", "dev", "--issue"],
                github.env,
            );
            // THEN one issue, open, with the latest findings
            assert.equal(first.code, 3, first.stderr);
            assert.equal(again.code, 3, again.stderr);
            assert.equal(driftIssues().length, 1);
            const issue = driftIssues()[0]!;
            assert.equal(issue.state, "open");
            assert.ok(issue.body.startsWith("<!-- rayops:issue=drift:dev -->\n"));
            assert.match(issue.body, /\*\*update\*\* `ray-checkpoints`/);
            assert.match(issue.body, /\*\*delete\*\* `node-role`/);
            assert.deepEqual(issue.labels, ["rayops", "drift"]);
            assert.match(first.stderr, /created the drift issue of stack dev/);
            assert.match(again.stderr, /updated the drift issue of stack dev/);

            // WHEN the next check is clean THEN the issue is closed with a comment saying so
            const cleared = await drift(
                new FakeWorkspace().script("refresh", { events: clean() }),
                ["--stack", "dev", "--issue"],
                github.env,
            );
            assert.equal(cleared.code, 0, cleared.stderr);
            assert.equal(issue.state, "closed");
            assert.match(
                github.server.commentsOn(issue.number).at(-1)!.body,
                /No drift in stack `dev` any more/,
            );
            assert.deepEqual(github.server.tokenRequests.at(-1)!.body.permissions, { issues: "write" });
        });

        it("leaves the issue alone when the check itself fails", async () => {
            const before = github.server.requests.length;
            const run = await drift(
                new FakeWorkspace().script("refresh", {
                    error: recordedEngineError("programError"),
                }),
                ["--stack", "dev", "--issue"],
                github.env,
            );
            assert.equal(run.code, 1);
            assert.equal(github.server.requests.length, before);
        });
    });
});
