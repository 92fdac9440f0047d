import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { FakeWorkspace } from "../../support/fake-workspace";
import { selectionFile, writeSelection } from "../../support/pulumi-selection";
import { runCli, scratchRepo } from "../commands/harness";

/** The commands that take `--stack`, each as a run of its own with the stack it used read back. */
const OFFLINE = [
    { args: ["plan", "--json"], stack: (out: string) => JSON.parse(out).stack },
    { args: ["policy", "validate", "--json"], stack: (out: string) => JSON.parse(out).stack },
    { args: ["cost", "estimate", "--json"], stack: (out: string) => JSON.parse(out).stack },
    { args: ["cost", "burst", "--json"], stack: (out: string) => JSON.parse(out).stack },
];
/** Engine commands with what each needs to run in a test (no terminal to confirm on). */
const ENGINE: readonly (readonly string[])[] = [
    ["preview"],
    ["up", "--yes"],
    ["refresh", "--yes"],
    ["drift"],
    ["outputs"],
    ["stack", "export"],
    ["destroy", "--confirm", "dev"],
];

describe("the stack a command works on: --stack, else the selected stack, else an error (automation/cli-support/stack-choice.ts)", function () {
    this.timeout(120_000);
    let repo: ReturnType<typeof scratchRepo>;
    let home: string;
    before(() => {
        repo = scratchRepo();
    });
    after(() => repo.cleanup());
    beforeEach(() => {
        home = mkdtempSync(path.join(tmpdir(), "rayops-pulumi-home-"));
    });
    afterEach(() => rmSync(home, { recursive: true, force: true }));

    describe("offline commands read the selection without the Pulumi CLI", () => {
        for (const c of OFFLINE) {
            it(`rayops ${c.args.join(" ")} works on the selected stack and says so`, async () => {
                // GIVEN prod selected, as `pulumi stack select prod` leaves it
                writeSelection(home, repo.dir, "prod");
                const run = await runCli(c.args, { cwd: repo.dir, env: { PULUMI_HOME: home } });
                assert.ok([0, 2].includes(run.code), run.stderr);
                assert.equal(c.stack(run.stdout), "prod");
                assert.match(
                    run.stderr,
                    /rayops: stack prod \(the selected stack; --stack chooses another\)/,
                );
            });
        }

        it("lets --stack win over the selection, silently", async () => {
            writeSelection(home, repo.dir, "prod");
            const run = await runCli(["cost", "burst", "--stack", "dev", "--json"], {
                cwd: repo.dir,
                env: { PULUMI_HOME: home },
            });
            assert.equal(run.code, 0, run.stderr);
            assert.equal(JSON.parse(run.stdout).stack, "dev");
            assert.doesNotMatch(run.stderr, /selected stack/);
        });

        it("reads a fully qualified selection (organization/rayops/prod) as its stack file's name", async () => {
            writeSelection(home, repo.dir, "organization/rayops/prod");
            const run = await runCli(["cost", "burst", "--json"], {
                cwd: repo.dir,
                env: { PULUMI_HOME: home },
            });
            assert.equal(run.code, 0, run.stderr);
            assert.equal(JSON.parse(run.stdout).stack, "prod");
        });

        it("finds a selection made through the folder's real path when run through a symbolic link", async () => {
            const link = path.join(home, "linked-repo");
            symlinkSync(repo.dir, link, "dir");
            writeSelection(home, repo.dir, "prod");
            const run = await runCli(["cost", "burst", "--json"], { cwd: link, env: { PULUMI_HOME: home } });
            assert.equal(run.code, 0, run.stderr);
            assert.equal(JSON.parse(run.stdout).stack, "prod");
        });

        it("does not take another project folder's selection", async () => {
            const other = scratchRepo();
            try {
                writeSelection(home, other.dir, "prod");
                const run = await runCli(["cost", "burst", "--json"], {
                    cwd: repo.dir,
                    env: { PULUMI_HOME: home },
                });
                assert.equal(run.code, 1);
                assert.match(run.stderr, /no --stack given and no stack selected/);
            } finally {
                other.cleanup();
            }
        });

        it("names the settings file when it is not JSON, and plans nothing", async () => {
            const file = selectionFile(home, repo.dir);
            mkdirSync(path.dirname(file), { recursive: true });
            writeFileSync(file, "{ stack: prod");
            const run = await runCli(["plan", "--json"], { cwd: repo.dir, env: { PULUMI_HOME: home } });
            assert.equal(run.code, 1);
            assert.ok(run.stderr.includes(`the Pulumi workspace settings ${file} are not JSON`), run.stderr);
            assert.match(run.stderr, /pass --stack <name>/);
        });

        it("refuses a selection that is not a stack name, as it refuses such a --stack", async () => {
            writeSelection(home, repo.dir, "../../etc/passwd");
            const run = await runCli(["cost", "burst"], { cwd: repo.dir, env: { PULUMI_HOME: home } });
            assert.equal(run.code, 1);
            assert.match(run.stderr, /, "\.\.\/\.\.\/etc\/passwd", is not a stack name: pass --stack <name>/);
        });
    });

    describe("without --stack and without a selection", () => {
        for (const c of OFFLINE) {
            it(`rayops ${c.args.join(" ")} exits 1 naming the stack files to choose from`, async () => {
                const run = await runCli(c.args, { cwd: repo.dir, env: { PULUMI_HOME: home } });
                assert.equal(run.code, 1);
                assert.equal(run.stdout, "");
                assert.match(
                    run.stderr,
                    /^rayops: no --stack given and no stack selected: pass --stack <name>, or run `rayops stack select <name>` once \(the stack files here are Pulumi.dev.yaml, Pulumi.prod.yaml\)\n$/,
                );
            });
        }

        for (const args of ENGINE) {
            it(`rayops ${args.join(" ")} exits 1 the same way, before the workspace opens`, async () => {
                const fake = new FakeWorkspace({ stacks: { dev: {}, prod: {} } });
                const run = await runCli(args, {
                    cwd: repo.dir,
                    env: { PULUMI_HOME: home },
                    deps: { openWorkspace: fake.factory },
                });
                assert.equal(run.code, 1, run.stdout);
                assert.match(run.stderr, /no --stack given and no stack selected: pass --stack <name>/);
                assert.deepEqual(fake.opened, []);
            });
        }

        it("says there is no stack file when the folder has none", async () => {
            const empty = mkdtempSync(path.join(tmpdir(), "rayops-empty-"));
            try {
                writeFileSync(path.join(empty, "Pulumi.yaml"), "name: rayops\nruntime: nodejs\n");
                const run = await runCli(["cost", "burst"], { cwd: empty, env: { PULUMI_HOME: home } });
                assert.equal(run.code, 1);
                assert.match(run.stderr, /\(there is no Pulumi.<name>.yaml here\)/);
            } finally {
                rmSync(empty, { recursive: true, force: true });
            }
        });
    });

    describe("engine commands read the same selection", () => {
        it("gives the engine a qualified selection as it is, so a Pulumi Cloud organisation is kept", async () => {
            writeSelection(home, repo.dir, "acme-ml/rayops/prod");
            const fake = new FakeWorkspace({ stacks: { dev: {}, prod: {} } });
            await runCli(["outputs"], {
                cwd: repo.dir,
                env: { PULUMI_HOME: home },
                deps: { openWorkspace: fake.factory },
            });
            assert.deepEqual(
                fake.callsOf("stack").map((c) => c.stack),
                ["acme-ml/rayops/prod"],
            );
        });

        it("reads a DIY backend's organization/<project>/<stack> as the stack alone, as stack ls names it", async () => {
            writeSelection(home, repo.dir, "organization/rayops/prod");
            const fake = new FakeWorkspace({ stacks: { dev: {}, prod: {} } });
            await runCli(["outputs"], {
                cwd: repo.dir,
                env: { PULUMI_HOME: home },
                deps: { openWorkspace: fake.factory },
            });
            assert.deepEqual(
                fake.callsOf("stack").map((c) => c.stack),
                ["prod"],
            );
        });

        for (const args of ENGINE.filter((a) => a[0] !== "destroy")) {
            it(`rayops ${args.join(" ")} opens the selected stack`, async () => {
                writeSelection(home, repo.dir, "prod");
                const fake = new FakeWorkspace({ stacks: { dev: {}, prod: {} } });
                const run = await runCli(args, {
                    cwd: repo.dir,
                    env: { PULUMI_HOME: home },
                    deps: { openWorkspace: fake.factory },
                });
                assert.deepEqual(
                    fake.callsOf("stack").map((c) => c.stack),
                    ["prod"],
                    run.stderr,
                );
            });
        }

        it("rayops destroy asks to confirm the selected stack, and refuses a selected prod", async () => {
            writeSelection(home, repo.dir, "prod");
            const fake = new FakeWorkspace({ stacks: { dev: {}, prod: {} } });
            const run = await runCli(["destroy", "--confirm", "prod"], {
                cwd: repo.dir,
                env: { PULUMI_HOME: home },
                deps: { openWorkspace: fake.factory },
            });
            assert.equal(run.code, 1);
            assert.match(run.stderr, /refusing to destroy stack prod/);
            assert.deepEqual(fake.opened, []);
        });
    });
});
