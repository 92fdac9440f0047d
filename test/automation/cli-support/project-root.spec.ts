import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { projectRoot } from "../../../automation/cli-support/context";
import { REPO_ROOT } from "../../support/program";

describe("the project a command works on (automation/cli-support/context.ts projectRoot)", () => {
    let dir: string;
    before(() => {
        // GIVEN a project with a network program and a nested folder
        dir = mkdtempSync(path.join(tmpdir(), "rayops-root-"));
        writeFileSync(path.join(dir, "Pulumi.yaml"), "name: rayops\nruntime: nodejs\n");
        mkdirSync(path.join(dir, "network", "sub"), { recursive: true });
        writeFileSync(path.join(dir, "network", "Pulumi.yaml"), "name: rayops-network\nruntime: nodejs\n");
        mkdirSync(path.join(dir, "components", "ray"), { recursive: true });
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("is the nearest folder at or above the working directory that holds a Pulumi.yaml", () => {
        assert.equal(projectRoot(dir), dir);
        assert.equal(projectRoot(path.join(dir, "components", "ray")), dir);
        assert.equal(projectRoot(path.join(dir, "network")), path.join(dir, "network"));
        assert.equal(projectRoot(path.join(dir, "network", "sub")), path.join(dir, "network"));
    });

    it("is the working directory itself when no folder above holds one", () => {
        const outside = mkdtempSync(path.join(tmpdir(), "rayops-none-"));
        try {
            assert.equal(projectRoot(outside), outside);
        } finally {
            rmSync(outside, { recursive: true, force: true });
        }
    });

    it("lets `rayops plan` run from a subfolder of the repository", () => {
        const r = spawnSync(
            process.execPath,
            [path.join(REPO_ROOT, "bin", "rayops.js"), "plan", "--stack", "dev", "--json"],
            {
                cwd: path.join(REPO_ROOT, "components", "ray"),
                encoding: "utf8",
            },
        );
        assert.equal(r.status, 0, r.stderr);
        assert.equal(JSON.parse(r.stdout).stack, "dev");
    });
});
