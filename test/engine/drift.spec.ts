import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { INIT, json, UP, withProject } from "./project";

describe("engine: drift and refresh against the stand-in cloud, real Pulumi CLI", function () {
    this.timeout(300_000);
    const project = withProject(INIT, UP);

    /** Someone resizes the head behind the stack's back. */
    function driftTheHead(size: string): void {
        const file = path.join(project().cloudDir, "ray-head.json");
        const machine = JSON.parse(fs.readFileSync(file, "utf8"));
        fs.writeFileSync(file, JSON.stringify({ ...machine, size }));
    }

    it("finds no drift on a stack that matches its cloud: exit 0", async () => {
        const run = await project().rayops(["drift", "--stack", "dev", "--json"]);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(json(run).succeeded, true);
    });

    it("finds drift from the engine's real expect-no-changes failure: exit 3, the resource named, state untouched", async () => {
        driftTheHead("m7i.8xlarge");
        const before = project().checkpoint();
        const run = await project().rayops(["drift", "--stack", "dev", "--json"]);
        assert.equal(run.code, 3, run.stderr);
        const report = json(run);
        assert.equal(report.error, undefined);
        const head = report.resources.find((r: { name: string }) => r.name === "ray-head");
        assert.equal(head?.change, "update");
        assert.match(run.stderr, /drift in stack dev/);
        assert.equal(project().checkpoint(), before, "a drift check wrote the state");
    });

    it("refresh records the cloud in the state; `up` puts the cloud back; then there is no drift", async () => {
        const refresh = await project().rayops(["refresh", "--stack", "dev", "--yes"]);
        assert.equal(refresh.code, 0, refresh.stderr);
        assert.match(project().checkpoint() ?? "", /m7i\.8xlarge/, "the refresh did not record the cloud");
        // The program still asks for m7i.large: the engine diffs it against what the cloud has.
        const up = await project().rayops(["up", "--yes", "--stack", "dev"]);
        assert.equal(up.code, 0, up.stderr);
        assert.equal(project().cloud()["ray-head"]?.size, "m7i.large");
        const run = await project().rayops(["drift", "--stack", "dev"]);
        assert.equal(run.code, 0, run.stderr);
    });
});
