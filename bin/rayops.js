#!/usr/bin/env node
// Entry point of the rayops CLI. It runs the transpiled sources in dist/ (rebuilt automatically
// when a source changed), and falls back to loading the TypeScript through tsx when the build
// is not possible, so an error in a source file is reported against the source.

// Loading the Pulumi SDKs allocates a few hundred MB of short-lived objects; with V8's default
// young generation (1 MiB growing to 16 MiB) an offline plan spends a tenth of its time in
// scavenges. Starting the young generation larger cuts that (measured with `npm run bench`).
require("node:v8").setFlagsFromString("--min-semi-space-size=16 --max-semi-space-size=64");
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
