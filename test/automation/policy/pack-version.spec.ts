import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
    checkPackVersion,
    compareVersions,
    publishedVersions,
} from "../../../automation/policy/pack-version";
import { runCli } from "../commands/harness";

/** A git repository with a policy pack at version 0.1.0, committed as the base. */
function packRepo(): { dir: string; write(file: string, text: string): void; commit(): void } {
    const dir = mkdtempSync(path.join(tmpdir(), "rayops-pack-"));
    const git = (...args: string[]) =>
        execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
            cwd: dir,
            stdio: "ignore",
        });
    const write = (file: string, text: string) => {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), text);
    };
    git("init", "-q", "-b", "main");
    write("policypack/package.json", JSON.stringify({ name: "rayops-policypack", version: "0.1.0" }));
    write("policypack/policies/limits.ts", "export const max = 20;\n");
    write("policypack/README.md", "# pack\n");
    write("index.ts", "// the program\n");
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    const commit = () => {
        git("add", "-A");
        git("commit", "-q", "-m", "change");
    };
    return { dir, write, commit };
}

const version = (v: string) => JSON.stringify({ name: "rayops-policypack", version: v });

describe("policy pack version (Pulumi Cloud publishes each version once)", () => {
    const made: string[] = [];
    const repo = () => {
        const r = packRepo();
        made.push(r.dir);
        return r;
    };
    after(() => {
        for (const dir of made) rmSync(dir, { recursive: true, force: true });
    });

    it("orders versions numerically, a pre-release before its release", () => {
        assert.ok(compareVersions("0.10.0", "0.9.9") > 0);
        assert.ok(compareVersions("1.0.0-rc.1", "1.0.0") < 0);
        assert.equal(compareVersions("0.2.0", "0.2.0"), 0);
        assert.throws(() => compareVersions("v1", "1.0.0"), /version "v1" is not a semantic version/);
    });

    it("refuses a change to a policy that keeps the version, naming the file and the next version", () => {
        // GIVEN a policy edited after the base, version still 0.1.0
        const r = repo();
        r.write("policypack/policies/limits.ts", "export const max = 30;\n");
        r.commit();
        // WHEN checked against the base THEN it is refused with what to do
        const result = checkPackVersion(r.dir, "HEAD^1");
        assert.equal(result.ok, false);
        assert.deepEqual(result.changed, ["policypack/policies/limits.ts"]);
        assert.match(
            result.message,
            /policypack\/policies\/limits\.ts.*version is 0\.1\.0, the same as the base's 0\.1\.0: raise it \(e\.g\. to 0\.1\.1\)/,
        );
    });

    it("accepts the same change with a higher version, and counts an uncommitted edit too", () => {
        const r = repo();
        r.write("policypack/policies/limits.ts", "export const max = 30;\n");
        r.write("policypack/package.json", version("0.2.0"));
        // Not committed: the working tree is what a publish would upload.
        const result = checkPackVersion(r.dir, "HEAD");
        assert.equal(result.ok, true, result.message);
        assert.equal(result.baseVersion, "0.1.0");
        assert.equal(result.version, "0.2.0");
    });

    it("refuses a lower version", () => {
        const r = repo();
        r.write("policypack/package.json", version("0.0.9"));
        const result = checkPackVersion(r.dir, "HEAD");
        assert.equal(result.ok, false);
        assert.match(result.message, /lower than the base's 0\.1\.0/);
    });

    it("lets prose and files outside the pack change without a version", () => {
        const r = repo();
        r.write("policypack/README.md", "# pack, explained\n");
        r.write("index.ts", "// the program, changed\n");
        r.commit();
        const result = checkPackVersion(r.dir, "HEAD^1");
        assert.equal(result.ok, true);
        assert.deepEqual(result.changed, []);
    });

    it("names a base that is not a commit, and never takes an option for one", () => {
        const r = repo();
        assert.throws(
            () => checkPackVersion(r.dir, "no-such-branch"),
            /--base "no-such-branch": not a commit/,
        );
        assert.throws(() => checkPackVersion(r.dir, "--output=x"), /allowed a git revision, not an option/);
    });

    it("reads the versions `pulumi policy ls --json` lists for one pack", () => {
        const listing =
            '[{"name":"other","versions":["9.9.9"]},{"name":"rayops","versions":["0.1.0","0.2.0"]}]';
        assert.deepEqual(publishedVersions(listing, "rayops"), ["0.1.0", "0.2.0"]);
        assert.deepEqual(publishedVersions('[{"name":"rayops","versions":null}]', "rayops"), []);
        assert.deepEqual(publishedVersions("[]", "rayops"), []);
        assert.throws(() => publishedVersions("warning: x", "rayops"), /not JSON/);
    });

    describe("rayops policy check-version", () => {
        it("exits 1 with the reason when the pack changed and its version did not rise", async () => {
            const r = repo();
            r.write("policypack/policies/limits.ts", "export const max = 30;\n");
            r.commit();
            const run = await runCli(["policy", "check-version"], { cwd: r.dir });
            assert.equal(run.code, 1);
            assert.match(
                run.stderr,
                /raise it \(e\.g\. to 0\.1\.1\), since Pulumi Cloud publishes each version once/,
            );
        });

        it("prints the comparison as JSON and exits 0 when the version rose", async () => {
            const r = repo();
            r.write("policypack/policies/limits.ts", "export const max = 30;\n");
            r.write("policypack/package.json", version("0.1.1"));
            r.commit();
            const run = await runCli(["policy", "check-version", "--base", "HEAD^1", "--json"], {
                cwd: r.dir,
            });
            assert.equal(run.code, 0, run.stderr);
            const out = JSON.parse(run.stdout);
            assert.equal(out.kind, "policy-check-version");
            assert.equal(out.ok, true);
            assert.deepEqual(out.changed, ["policypack/package.json", "policypack/policies/limits.ts"]);
        });
    });
});
