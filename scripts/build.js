// Bundles the CLI (dist/cli.js) and the Pulumi programs (dist/index.js, dist/network.js) from the TypeScript
// sources, packages left external (no type-checking: `npm run typecheck` does that). The CLI runs
// from dist/ because a process that loads TypeScript through a runtime loader spends more time in
// the loader than the offline plan spends planning, and one file per entry point loads faster than
// a hundred. Lazy `require()`s inside commands stay lazy in the bundle, so `--help` loads no SDK.
// bin/rayops.js calls `ensureBuilt()` on every start; it rebuilds only when a source changed.

const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const STAMP = path.join(DIST, ".sources");
const SOURCE_DIRS = ["automation", "components", "policypack", "network"];

function listSources() {
    const files = [path.join(ROOT, "index.ts")];
    const walk = (dir) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(full);
        }
    };
    for (const d of SOURCE_DIRS) walk(path.join(ROOT, d));
    return files;
}

/** A fingerprint of the sources: names and modification times. */
function fingerprint(files) {
    return files.map((f) => `${path.relative(ROOT, f)}@${fs.statSync(f).mtimeMs}`).join("\n");
}

function build(files = listSources()) {
    const esbuild = require("esbuild");
    fs.rmSync(DIST, { recursive: true, force: true });
    esbuild.buildSync({
        entryPoints: {
            cli: path.join(ROOT, "automation", "cli.ts"),
            index: path.join(ROOT, "index.ts"),
            network: path.join(ROOT, "network", "index.ts"),
        },
        bundle: true,
        packages: "external",
        outdir: DIST,
        format: "cjs",
        platform: "node",
        target: "node20",
        logLevel: "silent",
    });
    fs.writeFileSync(STAMP, fingerprint(files));
}

/** Rebuilds dist/ when a source file was added, removed or changed; returns true when dist/ is usable. */
function ensureBuilt() {
    try {
        const files = listSources();
        const current = fingerprint(files);
        if (fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === current) return true;
        build(files);
        return true;
    } catch {
        return false; // e.g. a syntax error: the caller falls back to the TypeScript loader, which reports it well
    }
}

module.exports = { build, ensureBuilt, DIST, CLI: path.join(DIST, "cli.js") };

if (require.main === module) {
    build();
    console.log(`built ${path.relative(process.cwd(), DIST) || "dist"}/`);
}
