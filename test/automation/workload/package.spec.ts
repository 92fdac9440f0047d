import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    defaultWorkloadsDir,
    isExcluded,
    listPackageFiles,
    packageWorkingDir,
} from "../../../automation/workload/package";

function tree(root: string, files: Record<string, string>): string {
    for (const [name, body] of Object.entries(files)) {
        const file = path.join(root, ...name.split("/"));
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, body);
    }
    return root;
}

/** What Python's zipfile (the reader Ray unpacks packages with) finds in an archive. */
function readWithPython(zip: Buffer): Record<string, string> {
    const script =
        "import io, json, sys, zipfile\n" +
        "z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))\n" +
        "assert z.testzip() is None\n" +
        "json.dump({n: z.read(n).decode() for n in z.namelist()}, sys.stdout)\n";
    const run = spawnSync("python3", ["-c", script], { input: zip, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout);
}

describe("workload packaging (the Ray working directory)", () => {
    let scratch: string;
    beforeEach(() => {
        scratch = mkdtempSync(path.join(os.tmpdir(), "rayops-pkg-"));
    });
    afterEach(() => rmSync(scratch, { recursive: true, force: true }));

    const FILES = {
        "bursty_training.py": "print('hi')\n",
        "bursty/__init__.py": "",
        "bursty/driver.py": "x = 1\n".repeat(200),
        "metrics.schema.json": "{}\n",
    };

    it("gives the same bytes and hash for the same files, whatever their timestamps", () => {
        // GIVEN two copies of one tree whose files differ only in modification time
        const first = tree(path.join(scratch, "a"), FILES);
        const second = path.join(scratch, "b");
        cpSync(first, second, { recursive: true });
        utimesSync(path.join(second, "bursty", "driver.py"), new Date(2001, 1, 1), new Date(2001, 1, 1));

        // WHEN both are packaged THEN the archives are identical
        const a = packageWorkingDir(first);
        const b = packageWorkingDir(second);
        assert.equal(a.name, b.name);
        assert.ok(a.bytes.equals(b.bytes));
    });

    it("names the package gcs://_ray_pkg_<sha1 of the archive>.zip", () => {
        const pkg = packageWorkingDir(tree(scratch, FILES));

        assert.match(pkg.name, /^_ray_pkg_[0-9a-f]{40}\.zip$/);
        assert.equal(pkg.uri, `gcs://${pkg.name}`);
    });

    it("gives a different hash when one file changes", () => {
        const before = packageWorkingDir(tree(scratch, FILES)).name;
        writeFileSync(path.join(scratch, "bursty", "__init__.py"), "# changed\n");

        assert.notEqual(packageWorkingDir(scratch).name, before);
    });

    it("leaves out tests, pytest configuration, caches, compiled and hidden files", () => {
        tree(scratch, {
            ...FILES,
            "tests/test_plan.py": "",
            "conftest.py": "",
            "pytest.ini": "",
            "bursty/__pycache__/driver.cpython-311.pyc": "",
            "bursty/stale.pyc": "",
            ".ruff_cache/x": "",
            ".pytest_cache/v": "",
        });

        assert.deepEqual(listPackageFiles(scratch), [
            "bursty/__init__.py",
            "bursty/driver.py",
            "bursty_training.py",
            "metrics.schema.json",
        ]);
    });

    it("writes an archive Python's zipfile reads back file for file (files at the root, as Ray expects)", () => {
        const pkg = packageWorkingDir(tree(scratch, FILES));

        assert.deepEqual(readWithPython(pkg.bytes), FILES);
    });

    it("packages the repository's workloads/ with the script and the bursty package, without its tests", () => {
        const files = listPackageFiles(defaultWorkloadsDir());

        assert.ok(files.includes("bursty_training.py"));
        assert.ok(files.includes("bursty/driver.py"));
        assert.ok(files.includes("metrics.schema.json"));
        assert.deepEqual(
            files.filter((f) => isExcluded(f, false) || f.startsWith("tests/")),
            [],
        );
    });
});
