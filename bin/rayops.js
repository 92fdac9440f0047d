#!/usr/bin/env node
// Entry point of the rayops CLI. It runs the transpiled sources in dist/ (rebuilt automatically
// when a source changed), and falls back to loading the TypeScript through tsx when the build
// is not possible, so an error in a source file is reported against the source.

// Loading the Pulumi SDKs allocates a few hundred MB of short-lived objects; with V8's default
// young generation (1 MiB growing to 16 MiB) an offline plan spends a tenth of its time in
// scavenges. Starting the young generation larger cuts that (measured with `npm run bench`).
require("node:v8").setFlagsFromString("--min-semi-space-size=16 --max-semi-space-size=64");

// Most of an offline plan's start is V8 compiling the Pulumi SDKs' JavaScript. Node's compile
// cache keeps the compiled code on disk, keyed by each file's content (a changed file is compiled
// afresh), so every run after the first skips it: about a third of the SDKs' load measured with
// `npm run bench`. Kept per user under ~/.cache/rayops (XDG_CACHE_HOME, RAYOPS_CACHE_DIR);
// NODE_DISABLE_COMPILE_CACHE=1 turns it off, NODE_COMPILE_CACHE=<dir> puts it elsewhere (Node's own
// variables, https://nodejs.org/api/module.html#module-compile-cache).
enableCompileCache();
function enableCompileCache() {
    const mod = require("node:module");
    if (typeof mod.enableCompileCache !== "function" || process.env.NODE_COMPILE_CACHE) return;
    const path = require("node:path");
    const home = require("node:os").homedir();
    const base =
        process.env.RAYOPS_CACHE_DIR ||
        path.join(process.env.XDG_CACHE_HOME || path.join(home, ".cache"), "rayops");
    const dir = path.join(base, "node-compile-cache");
    try {
        // Created here, one level at a time: Node's own recursive mkdir spins forever below /proc.
        const fs = require("node:fs");
        const missing = [];
        let at = dir;
        while (!fs.existsSync(at)) {
            missing.unshift(at);
            if (path.dirname(at) === at) return;
            at = path.dirname(at);
        }
        if (!fs.statSync(at).isDirectory()) return;
        for (const d of missing) fs.mkdirSync(d, { mode: 0o700 });
        mod.enableCompileCache(dir);
    } catch {
        // a cache folder that cannot be made only costs speed
    }
}
const { ensureBuilt, CLI } = require("../scripts/build.js");

// `rayops … | head` closes the pipe early: stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err) => {
        if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
        throw err;
    });
}

let cli;
if (!process.env.RAYOPS_TS && ensureBuilt()) {
    cli = require(CLI);
} else {
    require("tsx/cjs");
    cli = require("../automation/cli.ts");
}
cli.main(process.argv).then((code) => {
    process.exitCode = code;
});
