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
        let record: string;
        before(() => {
            bin = mkdtempSync(path.join(tmpdir(), "rayops-bin-"));
            record = path.join(bin, "record.txt");
            writeFileSync(
                path.join(repo.dir, "policypack", "package.json"),
                JSON.stringify({ name: "rayops-policypack", version: "0.3.0" }),
            );
        });
        after(() => rmSync(bin, { recursive: true, force: true }));

        /** A stand-in `pulumi` that records each call, prints `listing` for `policy ls` and exits `publishExit` on publish. */
        function fakePulumi(listing: string, publishExit: number, listExit = 0): void {
            const script = path.join(bin, "pulumi");
            writeFileSync(
                script,
                [
                    "#!/bin/sh",
                    `echo "$PWD|$*" >> "${record}"`,
                    'if [ "$2" = "ls" ]; then',
                    `  printf '%s' '${listing}'`,
                    `  exit ${listExit}`,
                    "fi",
                    'echo "publishing..."',
                    `exit ${publishExit}`,
                    "",
                ].join("\n"),
            );
            chmodSync(script, 0o755);
            rmSync(record, { force: true });
        }
        const calls = () => readFileSync(record, "utf8").trim().split("\n");

        it("says the pulumi CLI is not installed, in one line, when it is not on PATH", async () => {
            const run = await runCli(["policy", "publish", "--org", "acme"], {
                cwd: repo.dir,
                env: { PATH: bin },
            });
            assert.equal(run.code, 1);
            assert.deepEqual(lines(run.stderr), [
                "rayops: the pulumi CLI is not installed: https://www.pulumi.com/docs/install/ (the engine commands need it; `rayops plan` runs offline without it)",
            ]);
        });

        it("asks which organisation, instead of publishing to the token's default one", async () => {
            // GIVEN no --org WHEN publishing THEN it refuses before running anything
            fakePulumi("[]", 0);
            const run = await runCli(["policy", "publish"], {
                cwd: repo.dir,
                env: { PATH: `${bin}:/usr/bin:/bin` },
            });
            assert.equal(run.code, 1);
            assert.match(run.stderr, /required option '--org <name>' not specified/);
            assert.throws(() => readFileSync(record), /ENOENT/);
        });

        it("lists the organisation's packs, then runs `pulumi policy publish <org>` inside policypack/ and passes its exit code on", async () => {
            // GIVEN an organisation that has only an older version, and a publish that fails
            fakePulumi('[{"name":"rayops","versions":["0.2.0"]},{"name":"other","versions":["0.3.0"]}]', 7);
            // WHEN publishing to it
            const run = await runCli(["policy", "publish", "--org", "acme"], {
                cwd: repo.dir,
                env: { PATH: `${bin}:/usr/bin:/bin` },
            });
            // THEN both calls ran in policypack/ with the org, and the publish's failure is the command's
            const pack = path.join(repo.dir, "policypack");
            assert.deepEqual(calls(), [
                `${pack}|policy ls acme --json --color never`,
                `${pack}|policy publish acme --non-interactive --color never`,
            ]);
            assert.match(run.stdout, /publishing\.\.\./);
            assert.equal(run.code, 1);
            assert.match(run.stderr, /pulumi policy publish exited with 7/);
        });

        it("succeeds without publishing when the organisation already has this version", async () => {
            // GIVEN version 0.3.0 of pack rayops already in the organisation
            fakePulumi('[{"name":"rayops","versions":["0.2.0","0.3.0"]}]', 9);
            // WHEN publishing it again (a merge that changed no published file)
            const run = await runCli(["policy", "publish", "--org", "acme"], {
                cwd: repo.dir,
                env: { PATH: `${bin}:/usr/bin:/bin` },
            });
            // THEN nothing is published and main stays green
            assert.equal(run.code, 0, run.stderr);
            assert.equal(calls().length, 1);
            assert.match(run.stdout, /rayops 0\.3\.0 is already published to acme: nothing to publish/);
        });

        it("publishes to an organisation that has no packs yet", async () => {
            fakePulumi("[]", 0);
            const run = await runCli(["policy", "publish", "--org", "acme"], {
                cwd: repo.dir,
                env: { PATH: `${bin}:/usr/bin:/bin` },
            });
            assert.equal(run.code, 0, run.stderr);
            assert.equal(calls().length, 2);
        });

        it("fails closed when the organisation's packs cannot be listed", async () => {
            // GIVEN `policy ls` fails (a bad token) WHEN publishing THEN it stops, publishing nothing
            fakePulumi("", 0, 255);
            const run = await runCli(["policy", "publish", "--org", "acme"], {
                cwd: repo.dir,
                env: { PATH: `${bin}:/usr/bin:/bin` },
            });
            assert.equal(run.code, 1);
            assert.equal(calls().length, 1);
            assert.match(
                run.stderr,
                /pulumi policy ls acme exited with 255, so rayops cannot tell whether rayops 0\.3\.0 is published/,
            );
        });

        it("refuses an --org that is not an organisation name", async () => {
            const run = await runCli(["policy", "publish", "--org", "acme; rm -rf /"], { cwd: repo.dir });
            assert.equal(run.code, 1);
            assert.match(run.stderr, /--org "acme; rm -rf \/" is not an organisation name/);
        });
    });
});
