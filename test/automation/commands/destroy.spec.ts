import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { FakeWorkspace, recordedEngineError, step } from "../../support/fake-workspace";
import { runCli, scratchRepo, scriptedPrompt } from "./harness";

const STATE = {
    version: 3,
    deployment: { manifest: { time: "2026-11-24T08:00:00Z" }, resources: [{ urn: "u" }] },
};

function destroyable(stacks: string[] = ["dev"]): FakeWorkspace {
    return new FakeWorkspace({
        stacks: Object.fromEntries(stacks.map((s) => [s, { exported: STATE }])),
    }).script("destroy", { events: step("delete", "aws:s3/bucketV2:BucketV2", "ray-checkpoints") });
}

describe("rayops destroy (engine faked: FakeWorkspace stands in for the Pulumi engine)", () => {
    let repo: ReturnType<typeof scratchRepo>;
    before(() => {
        repo = scratchRepo({
            // Not named prod, but marked protected in its stack file.
            "Pulumi.staging.yaml": "config:\n  rayops:environment: staging\n  rayops:protected: true\n",
            // Protected, but unreadable: a key without namespace, and a tab in the indentation.
            "Pulumi.nons.yaml": "config:\n  protected: true\n",
            "Pulumi.tabbed.yaml": "config:\n\trayops:protected: true\n",
        });
    });
    after(() => repo.cleanup());

    const destroy = (fake: FakeWorkspace, args: string[], deps = {}) =>
        runCli(["destroy", ...args], {
            cwd: repo.dir,
            selected: fake.current,
            deps: { openWorkspace: fake.factory, ...deps },
        });

    describe("confirmation", () => {
        it("destroys with --confirm repeating the stack name", async () => {
            const fake = destroyable();
            const run = await destroy(fake, [
                "--stack",
                "dev",
                "--confirm",
                "dev",
                "--backup",
                "b/confirm.json",
            ]);
            assert.equal(run.code, 0, run.stderr);
            assert.equal(fake.callsOf("destroy").length, 1);
            assert.equal(fake.callsOf("destroy")[0]!.stack, "dev");
        });

        it("refuses a --confirm that does not match, before touching the workspace", async () => {
            const fake = destroyable();
            const run = await destroy(fake, ["--stack", "dev", "--confirm", "prod"]);
            assert.equal(run.code, 1);
            assert.match(
                run.stderr,
                /--confirm "prod" does not match the stack name "dev"; nothing was destroyed/,
            );
            assert.deepEqual(fake.opened, []);
            assert.deepEqual(fake.calls, []);
        });

        it("destroys when the name typed at the prompt is the stack's", async () => {
            const answers = scriptedPrompt("dev");
            const fake = destroyable();
            const run = await destroy(fake, ["--stack", "dev", "--backup", "b/typed.json"], {
                stdinIsTTY: true,
                prompt: answers.prompt,
            });
            assert.equal(run.code, 0, run.stderr);
            assert.match(
                answers.questions[0]!,
                /deletes every resource of stack dev\. Type the stack name to confirm/,
            );
            assert.equal(fake.callsOf("destroy").length, 1);
        });

        it("destroys nothing when the typed name is wrong", async () => {
            const fake = destroyable();
            const run = await destroy(fake, ["--stack", "dev"], {
                stdinIsTTY: true,
                prompt: scriptedPrompt("yes").prompt,
            });
            assert.equal(run.code, 1);
            assert.match(run.stderr, /"yes" is not the stack name "dev"; nothing was destroyed/);
            assert.deepEqual(fake.callsOf("destroy"), []);
        });

        it("refuses without --confirm when nobody can type at a terminal", async () => {
            const fake = destroyable();
            const run = await destroy(fake, ["--stack", "dev"]);
            assert.equal(run.code, 1);
            assert.match(run.stderr, /destroy needs --confirm dev when stdin is not a terminal/);
            assert.deepEqual(fake.callsOf("destroy"), []);
        });
    });

    describe("protected stacks", () => {
        it("refuses prod without --allow-prod, even confirmed, without opening the workspace", async () => {
            const fake = destroyable(["prod"]);
            const run = await destroy(fake, ["--stack", "prod", "--confirm", "prod"]);
            assert.equal(run.code, 1);
            assert.match(
                run.stderr,
                /refusing to destroy stack prod: it is protected \(Pulumi\.prod\.yaml sets rayops:protected: true\); pass --allow-prod/,
            );
            assert.deepEqual(fake.calls, []);
            assert.deepEqual(fake.opened, []);
        });

        it("refuses a stack whose file sets rayops:protected: true, whatever its name", async () => {
            const fake = destroyable(["staging"]);
            const run = await destroy(fake, ["--stack", "staging", "--confirm", "staging"]);
            assert.equal(run.code, 1);
            assert.match(run.stderr, /Pulumi\.staging\.yaml sets rayops:protected: true/);
            assert.deepEqual(fake.callsOf("destroy"), []);
        });

        for (const stack of ["nons", "tabbed"]) {
            it(`fails closed on a stack file that cannot be read (${stack}): protected unless --allow-prod`, async () => {
                const fake = destroyable([stack]);
                const run = await destroy(fake, ["--stack", stack, "--confirm", stack]);
                assert.equal(run.code, 1);
                assert.match(
                    run.stderr,
                    new RegExp(
                        `refusing to destroy stack ${stack}: it is protected \\(Pulumi\\.${stack}\\.yaml cannot be read, so it may mark the stack protected`,
                    ),
                );
                assert.deepEqual(fake.calls, []);
                const allowed = await destroy(destroyable([stack]), [
                    "--stack",
                    stack,
                    "--confirm",
                    stack,
                    "--allow-prod",
                    "--backup",
                    `b/${stack}.json`,
                ]);
                assert.equal(allowed.code, 0, allowed.stderr);
            });
        }

        it("refuses the selected stack when it is prod and --stack is left out", async () => {
            const fake = new FakeWorkspace({ stacks: { prod: {} }, current: "prod" });
            const run = await destroy(fake, ["--confirm", "prod"]);
            assert.equal(run.code, 1);
            assert.match(run.stderr, /refusing to destroy stack prod/);
            assert.deepEqual(fake.callsOf("destroy"), []);
        });

        it("destroys prod with --allow-prod and --confirm prod", async () => {
            const fake = destroyable(["prod"]);
            const run = await destroy(fake, [
                "--stack",
                "prod",
                "--confirm",
                "prod",
                "--allow-prod",
                "--backup",
                "b/prod.json",
            ]);
            assert.equal(run.code, 0, run.stderr);
            assert.equal(fake.callsOf("destroy").length, 1);
        });
    });

    describe("state backup", () => {
        it("exports the state to the backup file, owner-only, before the destroy starts", async () => {
            const fake = destroyable();
            const run = await destroy(fake, [
                "--stack",
                "dev",
                "--confirm",
                "dev",
                "--backup",
                "b/ordered.json",
            ]);
            assert.equal(run.code, 0, run.stderr);
            const file = path.join(repo.dir, "b/ordered.json");
            assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), STATE);
            assert.equal(statSync(file).mode & 0o777, 0o600);
            const order = fake.methods().filter((m) => m === "exportStack" || m === "destroy");
            assert.deepEqual(order, ["exportStack", "destroy"]);
            assert.match(run.stderr, /state of stack dev exported to .*b\/ordered\.json/);
        });

        it("writes the backup to .rayops/backups/<stack>-<time>.json by default", async () => {
            const fake = destroyable();
            const run = await destroy(fake, ["--stack", "dev", "--confirm", "dev"]);
            assert.equal(run.code, 0, run.stderr);
            const file = path.join(repo.dir, ".rayops/backups/dev-2026-11-25T10-20-30-000Z.json");
            assert.ok(existsSync(file), readdirSync(path.join(repo.dir, ".rayops/backups")).join());
        });

        it("does not destroy when the state cannot be exported", async () => {
            const fake = new FakeWorkspace({
                stacks: {
                    dev: {
                        exportError: recordedEngineError("stackNotFound", { from: "staging", to: "dev" }),
                    },
                },
            });
            const run = await destroy(fake, [
                "--stack",
                "dev",
                "--confirm",
                "dev",
                "--backup",
                "b/failed-export.json",
            ]);
            assert.equal(run.code, 1);
            assert.match(run.stderr, /could not back up the state of stack dev .*; nothing was destroyed/);
            assert.deepEqual(fake.callsOf("destroy"), []);
        });

        it("does not destroy when the backup file cannot be written", async () => {
            mkdirSync(path.join(repo.dir, "b"), { recursive: true });
            writeFileSync(path.join(repo.dir, "b/not-a-dir"), "");
            const fake = destroyable();
            const run = await destroy(fake, [
                "--stack",
                "dev",
                "--confirm",
                "dev",
                "--backup",
                "b/not-a-dir/state.json",
            ]);
            assert.equal(run.code, 1);
            assert.match(run.stderr, /nothing was destroyed/);
            assert.deepEqual(fake.callsOf("destroy"), []);
        });

        it("never overwrites an earlier backup", async () => {
            mkdirSync(path.join(repo.dir, "b"), { recursive: true });
            writeFileSync(path.join(repo.dir, "b/earlier.json"), "{}");
            const fake = destroyable();
            const run = await destroy(fake, [
                "--stack",
                "dev",
                "--confirm",
                "dev",
                "--backup",
                "b/earlier.json",
            ]);
            assert.equal(run.code, 1);
            assert.equal(readFileSync(path.join(repo.dir, "b/earlier.json"), "utf8"), "{}");
            assert.deepEqual(fake.callsOf("destroy"), []);
        });
    });

    it("exits 4 when another update holds the stack's lock", async () => {
        const fake = new FakeWorkspace({ stacks: { dev: { exported: STATE } } }).script("destroy", {
            error: recordedEngineError("locked"),
        });
        const run = await destroy(fake, ["--stack", "dev", "--confirm", "dev", "--backup", "b/locked.json"]);
        assert.equal(run.code, 4);
        assert.match(run.stderr, /stack dev is locked by another update/);
    });

    it("prints the destroy report as JSON", async () => {
        const fake = destroyable();
        const run = await destroy(fake, [
            "--stack",
            "dev",
            "--confirm",
            "dev",
            "--backup",
            "b/json.json",
            "--json",
        ]);
        const report = JSON.parse(run.stdout);
        assert.equal(report.kind, "destroy");
        assert.deepEqual(
            report.resources.map((r: { name: string; change: string }) => [r.name, r.change]),
            [["ray-checkpoints", "delete"]],
        );
    });
});
