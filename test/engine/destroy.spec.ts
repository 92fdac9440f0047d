import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { INIT, json, oneErrorLine, UP, withProject } from "./project";

describe("engine: destroy with a confirmation and a state backup, real Pulumi CLI, stand-in cloud", function () {
    this.timeout(300_000);
    const project = withProject(INIT, UP);

    it("refuses without --confirm when stdin is not a terminal, and a wrong --confirm; nothing is deleted", async () => {
        const bare = await project().rayops(["destroy", "--stack", "dev"]);
        assert.equal(bare.code, 1);
        assert.match(oneErrorLine(bare), /needs --confirm dev.*nothing was destroyed/);
        const wrong = await project().rayops(["destroy", "--stack", "dev", "--confirm", "prod"]);
        assert.equal(wrong.code, 1);
        assert.match(oneErrorLine(wrong), /does not match the stack name "dev"/);
        assert.deepEqual(Object.keys(project().cloud()).sort(), ["ray-head", "ray-worker-0"]);
    });

    it("backs the state up, owner-only and with no secret in clear, then deletes every machine", async () => {
        const backup = project().path("backup", "dev.json");
        const run = await project().rayops([
            "destroy",
            "--stack",
            "dev",
            "--confirm",
            "dev",
            "--backup",
            backup,
            "--json",
        ]);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(json(run).succeeded, true);
        const saved = fs.readFileSync(backup, "utf8");
        assert.ok(!saved.includes("plaintext"), "the backup holds a plaintext secret");
        assert.ok(!saved.includes(project().token), "the backup holds the token in clear");
        assert.match(saved, /ray-head/);
        assert.equal(fs.statSync(backup).mode & 0o777, 0o600);
        assert.deepEqual(project().cloud(), {});
        assert.ok(
            !project()
                .stateUrns()
                .some((u) => u.endsWith("::ray-head")),
        );
    });
});
