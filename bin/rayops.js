#!/usr/bin/env node
// Entry point of the rayops CLI. It runs the transpiled sources in dist/ (rebuilt automatically
// when a source changed), and falls back to loading the TypeScript through tsx when the build
// is not possible, so an error in a source file is reported against the source.
"use strict";
const path = require("node:path");
const { ensureBuilt, DIST } = require("../scripts/build.js");

// `rayops … | head` closes the pipe early: stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err) => {
        if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
        throw err;
    });
}

let cli;
if (!process.env.RAYOPS_TS && ensureBuilt()) {
    cli = require(path.join(DIST, "automation", "cli.js"));
} else {
    require("tsx/cjs");
    cli = require("../automation/cli.ts");
}
cli.main(process.argv).then((code) => {
    process.exitCode = code;
});
