import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./harness";

const run = promisify(execFile);

/** Runs `bin/rayops.js args` in a fresh Node process and returns its stdout and every CommonJS module it loaded. */
async function loadedBy(
    args: string[],
    dir: string,
    env: Readonly<Record<string, string>> = {},
): Promise<{ stdout: string; modules: string[] }> {
    const record = path.join(dir, `modules-${args.join("-").replace(/[^a-z-]/g, "")}.json`);
    const hook = path.join(dir, "record-modules.js");
    writeFileSync(
        hook,
        `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify(Object.keys(require.cache))));\n`,
    );
    const { stdout } = await run(
        process.execPath,
        ["--require", hook, path.join(REPO_ROOT, "bin/rayops.js"), ...args],
        {
            cwd: REPO_ROOT,
            env: { ...process.env, NODE_OPTIONS: "", ...env },
        },
    );
    return { stdout, modules: JSON.parse(readFileSync(record, "utf8")) as string[] };
}

describe("rayops --help", () => {
    let dir: string;
    before(() => {
        dir = mkdtempSync(path.join(tmpdir(), "rayops-help-"));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("lists the engine commands and the exit codes, loading no Pulumi SDK", async () => {
        const { stdout, modules } = await loadedBy(["--help"], dir);
        for (const command of [
            "preview",
            "up",
            "destroy",
            "refresh",
            "drift",
            "stack",
            "outputs",
            "policy",
        ]) {
            assert.match(stdout, new RegExp(`^  ${command}\\b`, "m"));
        }
        assert.match(stdout, /4 {2}the stack is locked by another update/);
        // The CLI itself is loaded (from the sources, or bundled in dist/cli.js).
        assert.ok(
            modules.some((m) =>
                /(automation[\\/]commands[\\/]preview[\\/]register\.ts|dist[\\/]cli\.js)$/.test(m),
            ),
        );
        assert.deepEqual(
            modules.filter((m) => m.includes(`${path.sep}@pulumi${path.sep}`)),
            [],
        );
    });

    for (const command of [["preview"], ["destroy"], ["stack", "ls"], ["policy", "publish"]]) {
        it(`rayops ${command.join(" ")} --help documents the command and loads no Pulumi SDK`, async () => {
            const { stdout, modules } = await loadedBy([...command, "--help"], dir);
            assert.match(stdout, new RegExp(`^Usage: rayops ${command.join(" ")}`, "m"));
            assert.deepEqual(
                modules.filter((m) => m.includes(`${path.sep}@pulumi${path.sep}`)),
                [],
            );
        });
    }

    it("from the sources, loads the commands' registrations and none of their actions", async () => {
        // RAYOPS_TS runs the TypeScript itself, so each module shows; dist/cli.js is one file.
        const { modules } = await loadedBy(["--help"], dir, { RAYOPS_TS: "1" });
        const ours = modules
            .filter((m) => m.startsWith(`${REPO_ROOT}${path.sep}automation${path.sep}`))
            .map((m) => path.relative(REPO_ROOT, m).split(path.sep).join("/"));
        assert.ok(ours.includes("automation/commands/preview/register.ts"), ours.join(", "));
        const cheap =
            /^automation\/(cli|exit-codes)\.ts$|^automation\/commands\/[\w-]+\/register\.ts$|^automation\/cli-support\/(context|help|options)\.ts$/;
        assert.deepEqual(
            ours.filter((m) => !cheap.test(m)),
            [],
        );
    });

    it("documents the exit codes of each engine command in its own help", async () => {
        const { stdout } = await loadedBy(["drift", "--help"], dir);
        assert.match(stdout, /Exit codes: 0 no drift, 1 error, 3 drift found, 4 the stack is locked\./);
    });
    it("prints the package version under --version, loading no Pulumi SDK", async () => {
        const version = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;
        const { stdout, modules } = await loadedBy(["--version"], dir);
        assert.equal(stdout.trim(), version);
        assert.deepEqual(
            modules.filter((m) => m.includes(`${path.sep}@pulumi${path.sep}`)),
            [],
        );
    });
});
