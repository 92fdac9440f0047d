import { strict as assert } from "node:assert";
import { readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { CliError } from "../../../automation/exit-codes";
import { cliMissingMessage } from "../../../automation/workspace/errors";
import { FakeWorkspace } from "../../support/fake-workspace";
import { runCli, scratchRepo } from "./harness";

describe("rayops stack (engine faked: FakeWorkspace stands in for the Pulumi engine)", () => {
    let repo: ReturnType<typeof scratchRepo>;
    before(() => {
        repo = scratchRepo();
    });
    after(() => repo.cleanup());

    const stack = (fake: FakeWorkspace, args: string[]) =>
        runCli(["stack", ...args], { cwd: repo.dir, deps: { openWorkspace: fake.factory } });

    describe("ls", () => {
        it("lists the backend's stacks with the current one marked, and stack files without a stack", async () => {
            const fake = new FakeWorkspace({ stacks: { dev: { resourceCount: 68 } }, current: "dev" });
            const run = await stack(fake, ["ls", "--json"]);
            assert.equal(run.code, 0, run.stderr);
            const out = JSON.parse(run.stdout);
            assert.equal(out.schemaVersion, 1);
            assert.equal(out.backendUrl, fake.workspaceInfo.backendUrl);
            assert.deepEqual(out.stacks, [{ name: "dev", current: true, resourceCount: 68 }]);
            assert.deepEqual(out.notCreated, ["prod"]);
            assert.deepEqual(out.stackFiles, ["dev", "prod"]);
        });

        it("says how to create a stack whose file exists, in the terminal listing", async () => {
            const fake = new FakeWorkspace({ stacks: { dev: {} }, current: "dev" });
            const run = await stack(fake, ["ls"]);
            assert.match(run.stdout, /^\* dev/m);
            assert.match(run.stdout, /Pulumi\.prod\.yaml has no stack yet: rayops stack init --stack prod/);
        });
    });

    describe("ls without the Pulumi CLI", () => {
        const noCli = () =>
            runCli(["stack", "ls", "--json"], {
                cwd: repo.dir,
                deps: {
                    openWorkspace: async () => {
                        throw new CliError(cliMissingMessage());
                    },
                },
            });

        it("lists the stack files, says why the backend was not read, and exits 0", async () => {
            // GIVEN no Pulumi CLI WHEN the stacks are listed THEN the stack files still are
            const run = await noCli();
            assert.equal(run.code, 0, run.stderr);
            const out = JSON.parse(run.stdout);
            assert.deepEqual(out.stackFiles, ["dev", "prod"]);
            assert.equal(out.stacks, null);
            assert.equal(out.backendUrl, null);
            assert.match(out.backendError, /the pulumi CLI is not installed/);
        });

        it("says so in the terminal listing, on stderr", async () => {
            const run = await runCli(["stack", "ls"], {
                cwd: repo.dir,
                deps: {
                    openWorkspace: async () => {
                        throw new CliError(cliMissingMessage());
                    },
                },
            });
            assert.equal(run.code, 0);
            assert.match(
                run.stderr,
                /warning: the state backend was not read: the pulumi CLI is not installed/,
            );
            assert.match(
                run.stdout,
                /^ {2}Pulumi\.dev\.yaml: stack dev \(not checked against the state backend\)$/m,
            );
        });

        it("marks the selected stack, read from the Pulumi CLI's settings without the CLI", async () => {
            const deps = {
                openWorkspace: async () => {
                    throw new CliError(cliMissingMessage());
                },
            };
            const text = await runCli(["stack", "ls"], { cwd: repo.dir, selected: "prod", deps });
            assert.match(text.stdout, /^\* Pulumi\.prod\.yaml: stack prod/m);
            assert.match(text.stdout, /^ {2}Pulumi\.dev\.yaml: stack dev/m);
            const json = await runCli(["stack", "ls", "--json"], { cwd: repo.dir, selected: "prod", deps });
            assert.equal(JSON.parse(json.stdout).selected, "prod");
            const none = await noCli();
            assert.equal(JSON.parse(none.stdout).selected, null);
        });
    });

    describe("select", () => {
        it("makes the stack the workspace's current one", async () => {
            const fake = new FakeWorkspace({ stacks: { dev: {}, prod: {} }, current: "dev" });
            const run = await stack(fake, ["select", "--stack", "prod"]);
            assert.equal(run.code, 0, run.stderr);
            assert.equal(fake.current, "prod");
            assert.equal(run.stdout, "selected stack prod\n");
        });

        it("takes the name as an argument too", async () => {
            const fake = new FakeWorkspace({ stacks: { dev: {}, prod: {} }, current: "dev" });
            const run = await stack(fake, ["select", "prod"]);
            assert.equal(run.code, 0, run.stderr);
            assert.equal(fake.current, "prod");
        });

        it("says how to create a stack that does not exist", async () => {
            const fake = new FakeWorkspace({ stacks: { dev: {} } });
            const run = await stack(fake, ["select", "--stack", "staging"]);
            assert.equal(run.code, 1);
            assert.match(
                run.stderr,
                /stack staging does not exist in the state backend: create it with `rayops stack init --stack staging`/,
            );
        });
    });

    describe("init", () => {
        it("creates the stack from its Pulumi.<name>.yaml", async () => {
            const fake = new FakeWorkspace({ stacks: {} });
            const run = await stack(fake, ["init", "--stack", "prod"]);
            assert.equal(run.code, 0, run.stderr);
            assert.deepEqual(fake.callsOf("initStack"), [{ method: "initStack", stack: "prod" }]);
            assert.match(run.stdout, /created stack prod from Pulumi\.prod\.yaml/);
        });

        it("refuses a stack without a stack file (exit 5) and creates nothing", async () => {
            const fake = new FakeWorkspace({ stacks: {} });
            const run = await stack(fake, ["init", "--stack", "staging"]);
            assert.equal(run.code, 5);
            assert.match(run.stderr, /no stack file Pulumi\.staging\.yaml/);
            assert.deepEqual(fake.calls, []);
        });

        it("says so when the stack already exists", async () => {
            const fake = new FakeWorkspace({ stacks: { dev: {} } });
            const run = await stack(fake, ["init", "dev"]);
            assert.equal(run.code, 1);
            assert.match(run.stderr, /stack dev already exists in the state backend/);
        });
    });

    describe("export", () => {
        it("writes the stack's state to --file, owner-only", async () => {
            const state = { version: 3, deployment: { resources: [{ urn: "x" }] } };
            const fake = new FakeWorkspace({ stacks: { dev: { exported: state } } });
            const run = await stack(fake, ["export", "--stack", "dev", "--file", "backup/dev.json"]);
            assert.equal(run.code, 0, run.stderr);
            const file = path.join(repo.dir, "backup/dev.json");
            assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), state);
            assert.equal(statSync(file).mode & 0o777, 0o600);
        });

        it("prints the state to stdout without --file", async () => {
            const fake = new FakeWorkspace({ stacks: { dev: { exported: { version: 3, deployment: {} } } } });
            const run = await stack(fake, ["export", "--stack", "dev"]);
            assert.deepEqual(JSON.parse(run.stdout), { version: 3, deployment: {} });
        });
    });

    it("rejects a stack name Pulumi would not accept, naming it", async () => {
        const run = await stack(new FakeWorkspace(), ["select", "--stack", "dev prod"]);
        assert.equal(run.code, 1);
        assert.match(run.stderr, /--stack "dev prod" is not a stack name/);
    });
});
