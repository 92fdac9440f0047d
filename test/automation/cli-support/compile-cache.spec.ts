import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../support/program";

/** `node bin/rayops.js <args>` in the repository with `env` added (the real entry point, as users run it). */
function rayops(args: string[], env: Record<string, string>) {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin", "rayops.js"), ...args], {
        cwd: REPO_ROOT,
        // Node's own compile-cache variables of the caller are left out; a spec sets them itself.
        env: {
            ...Object.fromEntries(
                Object.entries(process.env).filter(([k]) => !/^NODE_(DISABLE_)?COMPILE_CACHE$/.test(k)),
            ),
            ...env,
        },
        encoding: "utf8",
        timeout: 120_000,
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const filesUnder = (dir: string): string[] =>
    existsSync(dir)
        ? readdirSync(dir, { recursive: true, withFileTypes: true })
              .filter((e) => e.isFile())
              .map((e) => e.name)
        : [];

describe("the compile cache bin/rayops.js keeps (Node's module.enableCompileCache)", function () {
    this.timeout(240_000);
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), "rayops-cache-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("keeps compiled code under RAYOPS_CACHE_DIR/node-compile-cache, and a second run gives the same plan", () => {
        const first = rayops(["plan", "--stack", "dev", "--json"], { RAYOPS_CACHE_DIR: dir });
        assert.equal(first.code, 0, first.stderr);
        assert.ok(filesUnder(path.join(dir, "node-compile-cache")).length > 0, "nothing was cached");
        const second = rayops(["plan", "--stack", "dev", "--json"], { RAYOPS_CACHE_DIR: dir });
        assert.equal(second.code, 0, second.stderr);
        assert.deepEqual(JSON.parse(second.stdout), JSON.parse(first.stdout));
    });

    it("runs without a cache where none can be made: below a file, or below /proc", () => {
        const file = path.join(dir, "a-file");
        writeFileSync(file, "");
        for (const base of [path.join(file, "cache"), "/proc/rayops-no-such-dir"]) {
            const run = rayops(["--version"], { RAYOPS_CACHE_DIR: base });
            assert.equal(run.code, 0, `${base}: ${run.stderr}`);
        }
    });

    it("keeps nothing with NODE_DISABLE_COMPILE_CACHE=1", () => {
        const run = rayops(["plan", "--stack", "dev", "--json"], {
            RAYOPS_CACHE_DIR: dir,
            NODE_DISABLE_COMPILE_CACHE: "1",
        });
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(filesUnder(path.join(dir, "node-compile-cache")), []);
    });
});
