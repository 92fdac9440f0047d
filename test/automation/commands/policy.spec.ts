import { strict as assert } from "node:assert";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { lines, runCli, scratchRepo } from "./harness";

describe("rayops policy", () => {
    let repo: ReturnType<typeof scratchRepo>;
    before(() => {
        repo = scratchRepo({
            "Pulumi.broken.yaml": "config:\n  rayops:region: mars-north-1\n  rayops:environment: dev\n",
            "gpu-limit.json": JSON.stringify({ maxGpuNodes: 1 }),
        });
        mkdirSync(path.join(repo.dir, "policypack"));
    });
    after(() => repo.cleanup());

    describe("validate (the offline plan's evaluator over the real program's resources)", () => {
        it("prints only the policy section as JSON and exits 0 when every mandatory policy passes", async () => {
            const run = await runCli(["policy", "validate", "--stack", "dev", "--json"], { cwd: repo.dir });
            assert.equal(run.code, 0, run.stderr);
            const out = JSON.parse(run.stdout);
            assert.equal(out.schemaVersion, 1);
            assert.equal(out.kind, "policy-validate");
            assert.equal(out.stack, "dev");
            assert.ok(out.policy.policiesRun > 0);
            assert.deepEqual(
                out.policy.findings.filter(
                    (f: { enforcementLevel: string }) => f.enforcementLevel === "mandatory",
                ),
                [],
            );
            assert.equal(out.resources, undefined);
        });

        it("exits 2 when a mandatory policy is violated under the given pack config", async () => {
            const run = await runCli(
                ["policy", "validate", "--stack", "dev", "--policy-config", "gpu-limit.json"],
                {
                    cwd: repo.dir,
                },
            );
            assert.equal(run.code, 2, run.stderr);
            assert.match(run.stdout, /mandatory stack-enforce-node-limits/);
        });

        it("exits 5 when the stack config is invalid", async () => {
            const run = await runCli(["policy", "validate", "--stack", "broken"], { cwd: repo.dir });
            assert.equal(run.code, 5);
            assert.match(run.stderr, /rayops:region = "mars-north-1"/);
        });
    });

    describe("publish (runs the pulumi CLI as a child process)", () => {
        let bin: string;
        before(() => {
            bin = mkdtempSync(path.join(tmpdir(), "rayops-bin-"));
        });
        after(() => rmSync(bin, { recursive: true, force: true }));

        it("says the pulumi CLI is not installed, in one line, when it is not on PATH", async () => {
            const run = await runCli(["policy", "publish"], { cwd: repo.dir, env: { PATH: bin } });
            assert.equal(run.code, 1);
            assert.deepEqual(lines(run.stderr), [
                "rayops: the pulumi CLI is not installed: https://www.pulumi.com/docs/install/ (the engine commands need it; `rayops plan` runs offline without it)",
            ]);
        });

        it("runs `pulumi policy publish [org]` inside policypack/ and passes its exit code on", async () => {
            // GIVEN a stand-in `pulumi` executable that records how it was run, then fails
            const record = path.join(bin, "record.txt");
            const script = path.join(bin, "pulumi");
            writeFileSync(script, `#!/bin/sh\necho "$PWD|$*" > "${record}"\necho "publishing..."\nexit 7\n`);
            chmodSync(script, 0o755);
            // WHEN publishing to an organisation
            const run = await runCli(["policy", "publish", "--org", "acme"], {
                cwd: repo.dir,
                env: { PATH: `${bin}:/usr/bin:/bin` },
            });
            // THEN it ran in policypack/ with the org as argument, and its failure is the command's
            const [cwd, args] = readFileSync(record, "utf8").trim().split("|");
            assert.equal(cwd, path.join(repo.dir, "policypack"));
            assert.equal(args, "policy publish acme --non-interactive --color never");
            assert.match(run.stdout, /publishing\.\.\./);
            assert.equal(run.code, 1);
            assert.match(run.stderr, /pulumi policy publish exited with 7/);
        });

        it("refuses an --org that is not an organisation name", async () => {
            const run = await runCli(["policy", "publish", "--org", "acme; rm -rf /"], { cwd: repo.dir });
            assert.equal(run.code, 1);
            assert.match(run.stderr, /--org "acme; rm -rf \/" is not an organisation name/);
        });
    });
});
