import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BROKEN_PACK, INIT, json, REPO, withProject } from "./project";

describe("engine: policy packs as the engine loads them, real analyzer", function () {
    this.timeout(600_000);
    const project = withProject(INIT);

    it("names the TypeScript error of a pack that does not compile", async () => {
        const run = await project().rayops([
            "preview",
            "--stack",
            "dev",
            "--json",
            "--policy-pack",
            BROKEN_PACK,
        ]);
        assert.equal(run.code, 1);
        const { error } = json(run);
        assert.match(error, /policy pack .*broken-pack does not compile/);
        assert.match(
            error,
            /index\.ts\(4,7\): error TS2322: Type 'string' is not assignable to type 'number'/,
        );
    });

    it("says a --policy-pack directory without PulumiPolicy.yaml is not a pack, before the engine runs", async () => {
        const run = await project().rayops(["preview", "--stack", "dev", "--policy-pack", project().dir]);
        assert.equal(run.code, 1);
        assert.match(run.stderr, /--policy-pack .*: no PulumiPolicy.yaml in/);
    });

    it("loads the rayops pack from `npm pack`, installed on its own as publishing installs it", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rayops-pack-alone-"));
        try {
            const npm = (args: string[], cwd: string) =>
                execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
            const tarball = npm(["pack", path.join(REPO, "policypack"), "--silent"], dir)
                .trim()
                .split("\n")
                .pop()!;
            execFileSync("tar", ["xzf", tarball], { cwd: dir });
            const pack = path.join(dir, "package");
            // From npm's cache when CI's `npm ci` filled it; the registry otherwise.
            npm(["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", "--silent"], pack);
            assert.ok(
                fs.existsSync(path.join(pack, "node_modules", "typescript")),
                "the pack declares no typescript",
            );

            const run = await project().rayops([
                "preview",
                "--stack",
                "dev",
                "--json",
                "--policy-pack",
                pack,
            ]);
            assert.equal(run.code, 0, run.stderr);
            const report = json(run);
            assert.equal(report.succeeded, true, report.error);
            // The engine ran two packs named rayops: the repository's and the installed copy.
            assert.match(run.stderr, /Loading policy packs\.\.\.: done/);
            assert.equal(
                report.policy.packs.rayops,
                JSON.parse(fs.readFileSync(path.join(pack, "package.json"), "utf8")).version,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
