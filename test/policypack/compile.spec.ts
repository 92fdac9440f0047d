// The analyzer loads the pack through ts-node as @pulumi/pulumi picks it (its vendored ts-node and
// the TypeScript the pack resolves), type-checking each file it has no cached output for. With a
// warm cache (the pack ran before on this machine, and a lib file changed since) the first file it
// compiles may be in lib/, and TypeScript 6 then refuses an inferred rootDir (TS5011) before any
// policy runs. These specs load the pack that way, the real compiler and ts-node, no cache.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const PACK = join(ROOT, "policypack");

/** Registers ts-node with the options `@pulumi/pulumi`'s run.js gives it (non-ESM path). */
const LOADER = `
const path = require("node:path");
const [pack, first] = process.argv.slice(1);
process.chdir(pack);
const tsutils = require(require.resolve("@pulumi/pulumi/tsutils", { paths: [pack] }));
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
require(tsnodeRequire).register({
    compiler: typescriptRequire,
    transpileOnly: compilerOptions.noCheck,
    project: "tsconfig.json",
    skipProject: false,
    compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions },
});
require(path.join(pack, first));
process.stdout.write("compiled " + first + " with TypeScript " + require(typescriptRequire).version + "\\n");
`;

function loadFirst(file: string) {
    return spawnSync(process.execPath, ["-e", LOADER, PACK, file], {
        encoding: "utf8",
        env: { ...process.env, TS_NODE_CACHE: "false" },
        timeout: 120_000,
    });
}

describe("policypack: loads under the analyzer's ts-node whichever file it compiles first", () => {
    for (const first of [
        "lib/tags.ts",
        "lib/cidr.ts",
        "policies/eks-cluster-enable-control-plane-logging.ts",
    ]) {
        it(`type-checks with ${first} as the first uncached file`, function () {
            this.timeout(120_000);
            const run = loadFirst(first);
            assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
            assert.match(run.stdout, new RegExp(`^compiled ${first} with TypeScript \\d+\\.`, "m"));
        });
    }
});
