import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { WorkspaceError } from "../../../automation/workspace/errors";
import { openPulumiWorkspace } from "../../../automation/workspace/pulumi";

const REPO_ROOT = path.join(__dirname, "..", "..", "..");

/** Runs `fn` with `PATH` set to `dir` only, restoring it afterwards. */
async function withPath<T>(dir: string, fn: () => Promise<T>): Promise<T> {
    const saved = process.env.PATH;
    process.env.PATH = dir;
    try {
        return await fn();
    } finally {
        process.env.PATH = saved;
    }
}

describe("openPulumiWorkspace (the real Automation API, with no Pulumi CLI installed)", () => {
    let empty: string;
    let state: string;
    before(() => {
        empty = mkdtempSync(path.join(tmpdir(), "rayops-empty-"));
        state = mkdtempSync(path.join(tmpdir(), "rayops-state-"));
    });
    after(() => {
        rmSync(empty, { recursive: true, force: true });
        rmSync(state, { recursive: true, force: true });
    });

    const expectCliMissing = (err: unknown) => {
        assert.ok(err instanceof WorkspaceError, String(err));
        assert.equal(err.kind, "cli-missing");
        assert.equal(
            err.message,
            "the pulumi CLI is not installed: https://www.pulumi.com/docs/install/ (the engine commands need it; `rayops plan` runs offline without it)",
        );
        return true;
    };

    it("maps the Automation API's `ENOENT: pulumi version` to one clear line when pulumi is not on PATH", async () => {
        await withPath(empty, () =>
            assert.rejects(
                openPulumiWorkspace({ cwd: REPO_ROOT, env: { PULUMI_BACKEND_URL: `file://${state}` } }),
                expectCliMissing,
            ),
        );
    });

    it("maps it the same way when RAYOPS_PULUMI_ROOT points at a directory without a CLI", async () => {
        await assert.rejects(
            openPulumiWorkspace({
                cwd: REPO_ROOT,
                env: { PULUMI_BACKEND_URL: `file://${state}`, RAYOPS_PULUMI_ROOT: empty },
            }),
            expectCliMissing,
        );
    });

    it("refuses a PULUMI_BACKEND_URL it cannot use, naming the value and what is allowed, before looking for the CLI", async () => {
        await assert.rejects(
            openPulumiWorkspace({ cwd: REPO_ROOT, env: { PULUMI_BACKEND_URL: "ftp://state.example" } }),
            (err: unknown) => {
                assert.ok(err instanceof WorkspaceError);
                assert.equal(err.kind, "config");
                assert.match(
                    err.message,
                    /PULUMI_BACKEND_URL="ftp:\/\/state\.example" has scheme "ftp:": allowed are file:\/\//,
                );
                return true;
            },
        );
    });
});
