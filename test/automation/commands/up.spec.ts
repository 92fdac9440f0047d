import { strict as assert } from "node:assert";
import * as path from "node:path";
import { FakeWorkspace, policyEvent, recordedEngineError } from "../../support/fake-workspace";
import { devPreviewEvents, NODEGROUP_URN } from "./events";
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
            events: [
                policyEvent(
                    "eks-nodegroup-missing-gpu-taint",
                    "mandatory",
                    "GPU nodes need a taint",
                    NODEGROUP_URN,
                ),
            ],
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
});
