import { strict as assert } from "node:assert";
import * as path from "node:path";
import { FakeWorkspace, recordedEngineError } from "../../support/fake-workspace";
import { type GitHubFixture, startGitHubFixture } from "../../support/github-server";
import { devPreviewEvents, gpuTaintViolation } from "./events";
import { REPO_ROOT, runCli, scratchRepo, scriptedPrompt } from "./harness";

describe("rayops up (engine faked: FakeWorkspace stands in for the Pulumi engine)", () => {
    let repo: ReturnType<typeof scratchRepo>;
    before(() => {
        repo = scratchRepo();
    });
    after(() => repo.cleanup());

    it("with --yes previews with the policy pack, then applies without asking, and prints the update report", async () => {
        const fake = new FakeWorkspace()
            .script("preview", { events: devPreviewEvents() })
            .script("up", { events: devPreviewEvents() });
        const run = await runCli(["up", "--stack", "dev", "--yes", "--json"], {
            cwd: repo.dir,
            deps: { openWorkspace: fake.factory },
        });
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(
            fake.methods().filter((m) => ["preview", "up"].includes(m)),
            ["preview", "up"],
        );
        assert.deepEqual(fake.callsOf("preview")[0]!.options!.policyPacks, [fake.workspaceInfo.policyPack]);
        assert.deepEqual(fake.callsOf("up")[0]!.options!.policyPacks, [fake.workspaceInfo.policyPack]);
        const report = JSON.parse(run.stdout);
        assert.equal(report.kind, "up");
        assert.equal(report.stack, "dev");
        assert.equal(report.succeeded, true);
    });

    it("refuses to run without --yes when stdin is not a terminal, and changes nothing", async () => {
        const fake = new FakeWorkspace();
        const run = await runCli(["up", "--stack", "dev"], {
            cwd: repo.dir,
            deps: { openWorkspace: fake.factory },
        });
        assert.equal(run.code, 1);
        assert.match(
            run.stderr,
            /pass --yes to apply without asking \(stdin is not a terminal\); nothing was changed/,
        );
        assert.deepEqual(fake.calls, []);
    });

    it("at a terminal, previews first, asks, and applies when the answer is yes", async () => {
        // GIVEN a terminal whose user answers "yes"
        const answers = scriptedPrompt("yes");
        const fake = new FakeWorkspace()
            .script("preview", { events: devPreviewEvents() })
            .script("up", { events: devPreviewEvents() });
        // WHEN running up without --yes
        const run = await runCli(["up", "--stack", "dev", "--json"], {
            cwd: repo.dir,
            deps: { openWorkspace: fake.factory, stdinIsTTY: true, prompt: answers.prompt },
        });
        // THEN the preview went to stderr, the question named the changes, and stdout is the update's report
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(
            fake.methods().filter((m) => ["preview", "up"].includes(m)),
            ["preview", "up"],
        );
        assert.deepEqual(answers.questions, [
            'Apply 1 to create, 1 to update, 1 to replace, 1 to delete to stack dev? Type "yes" to continue: ',
        ]);
        assert.match(run.stderr, /rayops preview — stack dev/);
        assert.equal(JSON.parse(run.stdout).kind, "up");
    });

    it("at a terminal, changes nothing when the answer is not yes", async () => {
        const fake = new FakeWorkspace().script("preview", { events: devPreviewEvents() });
        const run = await runCli(["up", "--stack", "dev"], {
            cwd: repo.dir,
            deps: { openWorkspace: fake.factory, stdinIsTTY: true, prompt: scriptedPrompt("n").prompt },
        });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /rayops: cancelled: nothing was changed/);
        assert.deepEqual(fake.callsOf("up"), []);
    });

    it("does not ask when the preview finds nothing to change", async () => {
        const fake = new FakeWorkspace();
        const run = await runCli(["up", "--stack", "dev"], {
            cwd: repo.dir,
            deps: { openWorkspace: fake.factory, stdinIsTTY: true, prompt: scriptedPrompt().prompt },
        });
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stderr, /stack dev has no changes to apply/);
        assert.deepEqual(fake.callsOf("up"), []);
    });

    it("exits 2 and applies nothing when the preview finds a mandatory violation, even with --yes", async () => {
        // Stack policies run only once every resource is known: checked during `up`, a violation
        // would fail the update after the cloud changed. The preview is where up stops.
        const fake = new FakeWorkspace().script("preview", {
            events: [gpuTaintViolation()],
            error: recordedEngineError("previewPolicyViolation"),
        });
        const run = await runCli(["up", "--stack", "dev", "--yes"], {
            cwd: repo.dir,
            deps: { openWorkspace: fake.factory },
        });
        assert.equal(run.code, 2);
        assert.match(run.stderr, /preview of stack dev stopped: 1 mandatory policy violation/);
        assert.match(run.stderr, /nothing was applied to stack dev/);
        assert.deepEqual(fake.callsOf("up"), []);
    });

    it("exits 4 when another update holds the lock, and never cancels it", async () => {
        const fake = new FakeWorkspace()
            .script("preview", { events: devPreviewEvents() })
            .script("up", { error: recordedEngineError("locked") });
        const run = await runCli(["up", "--stack", "dev", "--yes"], {
            cwd: repo.dir,
            deps: { openWorkspace: fake.factory },
        });
        assert.equal(run.code, 4);
        assert.match(run.stderr, /rayops never cancels someone else's update/);
        assert.deepEqual(
            fake.methods().filter((m) => !["info", "stack", "listStacks"].includes(m)),
            ["preview", "up"],
        );
    });

    it("checks every --policy-pack before the engine runs, and passes each to preview and up", async () => {
        const missing = await runCli(["up", "--stack", "dev", "--yes", "--policy-pack", "no-such-pack"], {
            cwd: repo.dir,
            deps: { openWorkspace: new FakeWorkspace().factory },
        });
        assert.equal(missing.code, 1);
        assert.match(missing.stderr, /--policy-pack no-such-pack: no PulumiPolicy.yaml in /);

        const fake = new FakeWorkspace()
            .script("preview", { events: devPreviewEvents() })
            .script("up", { events: devPreviewEvents() });
        const orgPack = path.join(REPO_ROOT, "policypack");
        const run = await runCli(
            ["up", "--stack", "dev", "--yes", "--policy-pack", orgPack, "--policy-pack", orgPack],
            {
                cwd: repo.dir,
                deps: { openWorkspace: fake.factory },
            },
        );
        assert.equal(run.code, 0, run.stderr);
        // The rayops pack first; a pack named twice runs once.
        for (const op of ["preview", "up"] as const) {
            assert.deepEqual(fake.callsOf(op)[0]!.options!.policyPacks, [
                fake.workspaceInfo.policyPack,
                orgPack,
            ]);
        }
    });

    describe("--comment on the merged pull request (the real GitHub client against a loopback GitHub that verifies the App's JWT)", () => {
        let github: GitHubFixture;
        before(async () => {
            github = await startGitHubFixture();
        });
        after(() => github.server.close());

        /** A 40-digit commit SHA of its own per spec. */
        const sha = (n: number) => n.toString(16).padStart(40, "a");
        const applying = () =>
            new FakeWorkspace()
                .script("preview", { events: devPreviewEvents() })
                .script("up", { events: devPreviewEvents() });
        const up = (fake: FakeWorkspace, args: string[], env: Record<string, string> = {}) =>
            runCli(["up", "--stack", "dev", "--yes", "--comment", ...args], {
                cwd: repo.dir,
                env: { ...github.env, ...env },
                deps: { openWorkspace: fake.factory },
            });

        it("says on the merged pull request what was applied, beside its preview comment, and updates that comment on a rerun", async () => {
            // GIVEN a pull request merged by the pushed commit, with its preview comment from the App
            const pr = github.server.seedMergedPull({ title: "Raise the GPU pool", mergeCommitSha: sha(1) });
            const previewComment = "<!-- rayops:stack=dev -->\n## rayops preview: stack `dev`\n\npreviewed";
            github.server.seedComments(pr, [previewComment], "rayops[bot]");
            // WHEN up runs on the push, twice (a rerun of the job)
            const first = await up(applying(), [], { GITHUB_SHA: sha(1) });
            const rerun = await up(applying(), [], { GITHUB_SHA: sha(1) });
            // THEN one up comment, updated in place, says what was applied; the preview's is untouched
            assert.equal(first.code, 0, first.stderr);
            assert.equal(rerun.code, 0, rerun.stderr);
            assert.match(
                first.stderr,
                new RegExp(`rayops: created the dev up comment on pull request #${pr}`),
            );
            assert.match(
                rerun.stderr,
                new RegExp(`rayops: (updated|unchanged) the dev up comment on pull request #${pr}`),
            );
            const comments = github.server.commentsOn(pr);
            assert.equal(comments.length, 2);
            assert.equal(comments[0]!.body, previewComment);
            const body = comments[1]!.body;
            assert.ok(body.startsWith("<!-- rayops:up:stack=dev -->\n## rayops up: stack `dev`\n"), body);
            assert.match(body, /1 to create, 1 to update, 1 to replace, 1 to delete/);
            assert.match(body, new RegExp(`commit ${sha(1).slice(0, 12)}`));
            // One token, for exactly what the lookup and the comment need.
            assert.deepEqual(github.server.tokenRequests.at(-1)!.body.permissions, {
                pull_requests: "write",
            });
        });

        it("finds the pull request of a rebase merge, whose own commit is the one pushed", async () => {
            const pr = github.server.seedMergedPull({
                title: "r",
                mergeCommitSha: sha(21),
                commits: [sha(2)],
            });
            const run = await up(applying(), [], { GITHUB_SHA: sha(2) });
            assert.equal(run.code, 0, run.stderr);
            assert.equal(github.server.commentsOn(pr).length, 1);
        });

        it("says a mandatory violation stopped the update on the pull request, and exits 2 with nothing applied", async () => {
            const pr = github.server.seedMergedPull({
                title: "GPU pool without taint",
                mergeCommitSha: sha(3),
            });
            const fake = new FakeWorkspace().script("preview", {
                events: [gpuTaintViolation()],
                error: recordedEngineError("previewPolicyViolation"),
            });
            const run = await up(fake, [], { GITHUB_SHA: sha(3) });
            assert.equal(run.code, 2);
            assert.deepEqual(fake.callsOf("up"), []);
            const [comment] = github.server.commentsOn(pr);
            assert.ok(
                comment!.body.startsWith("<!-- rayops:up:stack=dev -->\n## ❌ Up failed: stack `dev`\n"),
                comment!.body,
            );
            assert.match(comment!.body, /1 mandatory policy violation: this change cannot be applied/);
            assert.match(comment!.body, /eks-nodegroup-missing-gpu-taint/);
        });

        it("says when there was nothing to apply", async () => {
            const pr = github.server.seedMergedPull({ title: "docs only", mergeCommitSha: sha(4) });
            const fake = new FakeWorkspace().script("preview", { events: [] });
            const run = await up(fake, [], { GITHUB_SHA: sha(4) });
            assert.equal(run.code, 0, run.stderr);
            assert.deepEqual(fake.callsOf("up"), []);
            const [comment] = github.server.commentsOn(pr);
            assert.ok(
                comment!.body.startsWith("<!-- rayops:up:stack=dev -->\n## rayops up: stack `dev`\n"),
                comment!.body,
            );
        });

        it("posts nothing, and says why, for a push no merged pull request brought", async () => {
            const before = github.server.comments.length;
            const run = await up(applying(), [], { GITHUB_SHA: sha(5) });
            assert.equal(run.code, 0, run.stderr);
            assert.match(
                run.stderr,
                new RegExp(
                    `rayops: no up comment posted: no merged pull request brought commit ${sha(5).slice(0, 12)}`,
                ),
            );
            assert.equal(github.server.comments.length, before);
        });

        it("comments on --pr without asking GitHub which pull request it was", async () => {
            const lookups = github.server.count("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls");
            const run = await up(applying(), ["--pr", "77"], { GITHUB_SHA: sha(6) });
            assert.equal(run.code, 0, run.stderr);
            assert.equal(github.server.commentsOn(77).length, 1);
            assert.equal(
                github.server.count("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls"),
                lookups,
            );
        });

        it("keeps the update's exit code when GitHub refuses the comment, and says so as a warning", async () => {
            const pr = github.server.seedMergedPull({ title: "t", mergeCommitSha: sha(7) });
            // A token without pull_requests: the lookup is refused with 403.
            const run = await runCli(["up", "--stack", "dev", "--yes", "--comment"], {
                cwd: repo.dir,
                env: { ...github.tokenEnv({ issues: "write" }), GITHUB_SHA: sha(7) },
                deps: { openWorkspace: applying().factory },
            });
            assert.equal(run.code, 0, run.stderr);
            assert.match(
                run.stderr,
                /rayops: warning: the up comment was not posted \(the update itself is done\): .*403/,
            );
            assert.equal(github.server.commentsOn(pr).length, 0);
        });

        it("refuses --pr without --comment, and --comment without the App's settings, before the engine runs", async () => {
            const fake = applying();
            const pr = await runCli(["up", "--stack", "dev", "--yes", "--pr", "3"], {
                cwd: repo.dir,
                deps: { openWorkspace: fake.factory },
            });
            assert.equal(pr.code, 1);
            assert.match(pr.stderr, /--pr names where --comment posts: add --comment/);
            const noApp = await runCli(["up", "--stack", "dev", "--yes", "--comment"], {
                cwd: repo.dir,
                deps: { openWorkspace: fake.factory },
            });
            assert.equal(noApp.code, 1);
            assert.match(noApp.stderr, /GITHUB_REPOSITORY|RAYOPS_GITHUB_TOKEN|GITHUB_APP_ID/);
            const badPr = await up(fake, ["--pr", "x1"]);
            assert.equal(badPr.code, 1);
            assert.match(badPr.stderr, /--pr "x1" is not a pull request number/);
            assert.deepEqual(fake.calls, []);
        });
    });
});
