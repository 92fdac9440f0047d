import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { selectionFile } from "../support/pulumi-selection";
import { EngineProject, json, oneErrorLine, withProject } from "./project";

describe("engine: rayops stack and passphrases, real Pulumi CLI, file backend, stand-in cloud", function () {
    this.timeout(300_000);
    const project = withProject();

    it("refuses `stack init` with an empty PULUMI_CONFIG_PASSPHRASE and creates nothing", async () => {
        const run = await project().rayops(["stack", "init", "--stack", "dev"], {
            env: { PULUMI_CONFIG_PASSPHRASE: "" },
        });
        assert.equal(run.code, 1);
        assert.match(oneErrorLine(run), /PULUMI_CONFIG_PASSPHRASE is set but empty/);
        const ls = json(await project().rayops(["stack", "ls", "--json"]));
        assert.deepEqual(ls.stacks, []);
        assert.deepEqual(ls.notCreated, ["dev"]);
    });

    it("creates the stack from its stack file and lists it as the current one", async () => {
        const init = await project().rayops(["stack", "init", "--stack", "dev"]);
        assert.equal(init.code, 0, init.stderr);
        assert.match(init.stdout, /created stack dev from Pulumi.dev.yaml/);
        const ls = json(await project().rayops(["stack", "ls", "--json"]));
        assert.deepEqual(
            ls.stacks.map((s: { name: string; current: boolean }) => [s.name, s.current]),
            [["dev", true]],
        );
        assert.deepEqual(ls.notCreated, []);
        assert.match(ls.backendUrl, /^file:\/\//);
    });

    it("says `stack init` of an existing stack is an error, in one line", async () => {
        const run = await project().rayops(["stack", "init", "--stack", "dev"]);
        assert.equal(run.code, 1);
        assert.match(oneErrorLine(run), /stack dev already exists/);
    });

    it("selects a stack, so commands without --stack use it", async () => {
        const select = await project().rayops(["stack", "select", "dev"]);
        assert.equal(select.code, 0, select.stderr);
        const outputs = await project().rayops(["outputs", "--json"]);
        assert.equal(outputs.code, 0, outputs.stderr);
        assert.equal(json(outputs).stack, "dev");
        // The CLI wrote the selection where rayops (and test/support/pulumi-selection.ts) read it,
        // so the offline commands, which never start the CLI, follow it too.
        const file = selectionFile(project().env().PULUMI_HOME!, project().dir);
        assert.match(readFileSync(file, "utf8"), /"stack": "(organization\/rayops\/)?dev"/);
        const burst = await project().rayops(["cost", "burst", "--json"]);
        assert.equal(burst.code, 0, burst.stderr);
        assert.equal(json(burst).stack, "dev");
        assert.match(burst.stderr, /rayops: stack dev \(the selected stack; --stack chooses another\)/);
    });

    it("says what to set when the passphrase is missing, in one line, before the engine runs", async () => {
        const run = await project().rayops(["preview", "--stack", "dev"], {
            env: { PULUMI_CONFIG_PASSPHRASE: undefined },
        });
        assert.equal(run.code, 1);
        assert.match(
            oneErrorLine(run),
            /PULUMI_CONFIG_PASSPHRASE \(or PULUMI_CONFIG_PASSPHRASE_FILE\) is not set/,
        );
    });

    it("says an empty passphrase is empty, not wrong (a missing Actions secret)", async () => {
        const run = await project().rayops(["outputs", "--stack", "dev"], {
            env: { PULUMI_CONFIG_PASSPHRASE: "" },
        });
        assert.equal(run.code, 1);
        assert.match(oneErrorLine(run), /is set but empty.*GitHub Actions/);
    });

    it("says a wrong passphrase does not decrypt the stack, in one line, from the engine's own error", async () => {
        const run = await project().rayops(["preview", "--stack", "dev"], {
            env: { PULUMI_CONFIG_PASSPHRASE: "not-the-passphrase" },
        });
        assert.equal(run.code, 1, run.stderr);
        assert.match(oneErrorLine(run), /PULUMI_CONFIG_PASSPHRASE does not decrypt the secrets of stack dev/);
    });

    it("says a stack that does not exist needs `stack init`", async () => {
        const other = new EngineProject();
        try {
            const run = await other.rayops(["outputs", "--stack", "dev"]);
            assert.equal(run.code, 1);
            assert.match(oneErrorLine(run), /stack dev does not exist.*rayops stack init --stack dev/);
        } finally {
            other.remove();
        }
    });
});
