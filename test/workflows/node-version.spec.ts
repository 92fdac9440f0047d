import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

describe("one Node.js version (.nvmrc)", () => {
    const nvmrc = read(".nvmrc").trim();

    it("pins an exact, supported release: Node.js 24 (active LTS; 20 reached its end of life on 2026-04-30)", () => {
        // Source: https://github.com/nodejs/Release, schedule.json (read 2026-12-02).
        assert.match(nvmrc, /^24\.\d+\.\d+$/);
    });

    it("is what package.json's engines field asks for", () => {
        const engines = (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node;
        assert.equal(engines, `>=${nvmrc.split(".")[0]}`);
    });

    it("is what .ci/run runs the suite on", () => {
        assert.match(read(".ci/run"), /node_bin="\$\(bash scripts\/node-runtime\.sh\)"/);
    });

    it("is the Node.js this suite runs on, under CI", function () {
        if (process.env.CI !== "true") {
            console.log(
                "      (skipped outside CI: .ci/run puts the .nvmrc version on PATH; a local run may use another)",
            );
            this.skip();
        }
        assert.equal(process.version, `v${nvmrc}`);
    });

    it("scripts/node-runtime.sh refuses a .nvmrc that is not an exact version, naming the value", () => {
        // GIVEN a copy of the script beside a .nvmrc that says only "24"
        const dir = mkdtempSync(path.join(tmpdir(), "rayops-nvmrc-"));
        try {
            mkdirSync(path.join(dir, "scripts"));
            copyFileSync(
                path.join(ROOT, "scripts/node-runtime.sh"),
                path.join(dir, "scripts/node-runtime.sh"),
            );
            writeFileSync(path.join(dir, ".nvmrc"), "24\n");
            // WHEN it runs THEN it fails before fetching anything, saying what it expected
            const run = spawnSync("bash", [path.join(dir, "scripts/node-runtime.sh")], { encoding: "utf8" });
            assert.equal(run.status, 1);
            assert.match(run.stderr, /\.nvmrc holds '24'; expected an exact version like 24\.22\.3/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
