import { strict as assert } from "node:assert";
import { FakeWorkspace, outputsStep, preStep } from "../../support/fake-workspace";
import { runCli, scratchRepo, scriptedPrompt } from "./harness";

/** A refresh that finds the bucket changed in the cloud: pre-op `refresh`, result `update`. */
function bucketDrift() {
    return [
        preStep("refresh", "aws:s3/bucketV2:BucketV2", "ray-checkpoints"),
        outputsStep("update", "aws:s3/bucketV2:BucketV2", "ray-checkpoints"),
    ];
}

describe("rayops refresh (engine faked: FakeWorkspace stands in for the Pulumi engine)", () => {
    let repo: ReturnType<typeof scratchRepo>;
    before(() => {
        repo = scratchRepo();
    });
    after(() => repo.cleanup());

    it("with --yes, refreshes the state at once and reports what changed in it", async () => {
        const fake = new FakeWorkspace().script("refresh", { events: bucketDrift() });
        const run = await runCli(["refresh", "--stack", "dev", "--yes", "--json"], {
            cwd: repo.dir,
            deps: { openWorkspace: fake.factory },
        });
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(
            fake.callsOf("refresh").map((c) => c.options!.previewOnly),
            [undefined],
        );
        const report = JSON.parse(run.stdout);
        assert.equal(report.kind, "refresh");
        assert.deepEqual(
            report.resources.map((r: { name: string; change: string }) => [r.name, r.change]),
            [["ray-checkpoints", "update"]],
        );
    });

    it("refuses to rewrite the state without --yes when stdin is not a terminal", async () => {
        const fake = new FakeWorkspace();
        const run = await runCli(["refresh", "--stack", "dev"], {
            cwd: repo.dir,
            deps: { openWorkspace: fake.factory },
        });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /pass --yes to refresh without asking/);
        assert.deepEqual(fake.calls, []);
    });

    it("at a terminal, shows the differences first (preview only) and refreshes when confirmed", async () => {
        const answers = scriptedPrompt("yes");
        const fake = new FakeWorkspace().script(
            "refresh",
            { events: bucketDrift() },
            { events: bucketDrift() },
        );
        const run = await runCli(["refresh", "--stack", "dev"], {
            cwd: repo.dir,
            deps: { openWorkspace: fake.factory, stdinIsTTY: true, prompt: answers.prompt },
        });
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(
            fake.callsOf("refresh").map((c) => c.options!.previewOnly),
            [true, undefined],
        );
        assert.equal(answers.questions.length, 1);
    });

    it("at a terminal, does not ask when the state already matches the cloud", async () => {
        const fake = new FakeWorkspace();
        const run = await runCli(["refresh", "--stack", "dev"], {
            cwd: repo.dir,
            deps: { openWorkspace: fake.factory, stdinIsTTY: true, prompt: scriptedPrompt().prompt },
        });
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stderr, /already matches the cloud/);
        assert.equal(fake.callsOf("refresh").length, 1);
    });
});
