import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { FIXTURE_PACK, INIT, json, withProject } from "./project";

const PACK = ["--policy-pack", FIXTURE_PACK];

describe("engine: preview, up, outputs and export, real Pulumi CLI and policy analyzer, stand-in cloud", function () {
    this.timeout(300_000);
    const project = withProject(INIT);

    it("previews a clean stack: exit 0, both packs ran, nothing created", async () => {
        const run = await project().rayops(["preview", "--stack", "dev", "--json", ...PACK]);
        assert.equal(run.code, 0, run.stderr);
        const report = json(run);
        assert.equal(report.succeeded, true);
        const creates = report.resources.filter((r: { change: string }) => r.change === "create");
        assert.deepEqual(creates.map((r: { name: string }) => r.name).sort(), ["ray-head", "ray-worker-0"]);
        assert.deepEqual(Object.keys(report.policy.packs).sort(), ["rayops", "standin-limits"]);
        assert.deepEqual(project().cloud(), {});
        assert.deepEqual(project().stateUrns(), []);
    });

    it("stops a preview with a mandatory resource-policy violation: exit 2, the finding named", async () => {
        const run = await project().rayops(["preview", "--stack", "dev", "--json", ...PACK], {
            env: { STANDIN_MODE: "resource-violation" },
        });
        assert.equal(run.code, 2, run.stderr);
        const findings = json(run).policy.findings;
        assert.deepEqual(
            findings.map((f: { policy: string; enforcementLevel: string }) => [f.policy, f.enforcementLevel]),
            [["standin-no-forbidden-size", "mandatory"]],
        );
        assert.deepEqual(project().cloud(), {});
    });

    it("applies nothing when a stack policy fails: the preview decides before any step (exit 2)", async () => {
        const run = await project().rayops(["up", "--yes", "--stack", "dev", ...PACK], {
            env: { STANDIN_MODE: "stack-violation" },
        });
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, /nothing was applied to stack dev/);
        assert.match(run.stderr, /standin-at-most-two-workers/);
        assert.deepEqual(project().cloud(), {}, "the stand-in cloud was changed");
        assert.deepEqual(project().stateUrns(), [], "the state was changed");
    });

    it("applies a clean stack with --yes: exit 0, the machines exist and are in the state", async () => {
        const run = await project().rayops(["up", "--yes", "--stack", "dev", "--json", ...PACK]);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(json(run).succeeded, true);
        assert.deepEqual(Object.keys(project().cloud()).sort(), ["ray-head", "ray-worker-0"]);
        const urns = project().stateUrns();
        assert.ok(
            urns.some((u) => u.endsWith("::ray-head")),
            urns.join("\n"),
        );
    });

    it("refuses `up` without --yes when stdin is not a terminal, changing nothing", async () => {
        const before = project().checkpoint();
        const run = await project().rayops(["up", "--stack", "dev"], {
            env: { STANDIN_SIZE: "m7i.2xlarge" },
        });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /pass --yes/);
        assert.equal(project().checkpoint(), before);
        assert.equal(project().cloud()["ray-head"]?.size, "m7i.large");
    });

    it("masks secret outputs unless --show-secrets", async () => {
        const masked = json(await project().rayops(["outputs", "--stack", "dev", "--json"]));
        assert.deepEqual(masked.outputs, { headSize: "m7i.large", headToken: "[secret]", workerCount: 1 });
        const text = await project().rayops(["outputs", "--stack", "dev"]);
        assert.ok(!text.stdout.includes(project().token), "a secret output was printed in clear");
        const shown = json(await project().rayops(["outputs", "--stack", "dev", "--json", "--show-secrets"]));
        assert.equal(shown.outputs.headToken, project().token);
    });

    it("exports the state with every secret still encrypted (stdout and --file)", async () => {
        const run = await project().rayops(["stack", "export", "--stack", "dev"]);
        assert.equal(run.code, 0, run.stderr);
        assert.ok(!run.stdout.includes("plaintext"), "the export holds a plaintext secret");
        assert.ok(!run.stdout.includes(project().token), "the export holds the token in clear");
        assert.match(run.stdout, /"ciphertext": "v1:/);
        assert.ok(JSON.parse(run.stdout).deployment.resources.length >= 3);
        const file = project().path("state.json");
        const toFile = await project().rayops(["stack", "export", "--stack", "dev", "--file", file]);
        assert.equal(toFile.code, 0, toFile.stderr);
        const written = fs.readFileSync(file, "utf8");
        assert.ok(!written.includes("plaintext") && !written.includes(project().token));
        assert.equal(fs.statSync(file).mode & 0o777, 0o600);
        assert.ok(
            !(project().checkpoint() ?? "").includes(project().token),
            "the state at rest holds the token",
        );
    });

    it("reports a second `up` with no changes without applying anything", async () => {
        const before = project().checkpoint();
        const run = await project().rayops(["up", "--yes", "--stack", "dev", ...PACK]);
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stderr, /stack dev has no changes to apply/);
        assert.equal(project().checkpoint(), before);
    });

    it("applies an update the preview showed: the head is resized in the stand-in cloud", async () => {
        const run = await project().rayops(["up", "--yes", "--stack", "dev", "--json", ...PACK], {
            env: { STANDIN_SIZE: "m7i.2xlarge" },
        });
        assert.equal(run.code, 0, run.stderr);
        const head = json(run).resources.find((r: { name: string }) => r.name === "ray-head");
        assert.equal(head.change, "update");
        assert.equal(project().cloud()["ray-head"]?.size, "m7i.2xlarge");
    });
});
