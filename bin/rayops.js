#!/usr/bin/env node
// Entry point of the rayops CLI. The TypeScript sources run through tsx's CommonJS loader, which
// caches its transpiled output, so there is no build step between a checkout and `npm start`.
require("tsx/cjs");
require("../automation/cli.ts")
    .main(process.argv)
    .then((code) => {
        process.exitCode = code;
    });
