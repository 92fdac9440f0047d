import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/**
 * The dependencies that declare an install script, and why the project works without running it:
 * every workflow and .ci/run install with `npm ci --ignore-scripts` (rule install-without-scripts),
 * so `npm test` itself proves each reason. A new dependency with a script fails here until it is
 * read and listed.
 */
const WITHOUT_THEIR_SCRIPT: Readonly<Record<string, string>> = {
    "node_modules/esbuild":
        "postinstall only checks (and on some platforms relinks) the binary; the JS API finds it in the @esbuild/<platform> optional dependency",
    "node_modules/@pulumi/kubernetes":
        "install runs `pulumi plugin install resource kubernetes`; the engine installs a missing plugin itself, and the offline plan needs none",
    "node_modules/protobufjs": "postinstall only warns when a dependent's version range uses another scheme",
};

describe("install scripts (npm ci --ignore-scripts everywhere)", () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
        packages: Record<string, { hasInstallScript?: boolean }>;
    };

    it("lists every locked dependency that has an install script, with why it is not needed", () => {
        // GIVEN the lockfile WHEN its packages with install scripts are listed THEN each has a reason
        const withScripts = Object.entries(lock.packages)
            .filter(([, pkg]) => pkg.hasInstallScript === true)
            .map(([name]) => name)
            .sort();
        assert.deepEqual(withScripts, Object.keys(WITHOUT_THEIR_SCRIPT).sort());
    });

    it("installs that way in .ci/run too, so the suite runs on an install without scripts", () => {
        const ci = readFileSync(path.join(ROOT, ".ci/run"), "utf8");
        const installs = ci.split("\n").filter((line) => /^\s*npm (ci|install)\b/.test(line));
        assert.ok(installs.length > 0);
        for (const line of installs) assert.match(line, /--ignore-scripts/);
    });
});
