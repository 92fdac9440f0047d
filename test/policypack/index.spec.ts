import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parse } from "yaml";
import { PACK_NAME } from "../../policypack/lib/pack-name";
import { policies, policyNames } from "../../policypack/policies/index";

const ROOT = resolve(__dirname, "../..");
const PACK = join(ROOT, "policypack");

function tsFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        if (e.name === "node_modules") return [];
        const path = join(dir, e.name);
        return e.isDirectory() ? tsFiles(path) : e.name.endsWith(".ts") ? [path] : [];
    });
}

const relativeImports = (file: string) =>
    [...readFileSync(file, "utf8").matchAll(/from\s+"(\.[^"]+)"/g)].map((m) => resolve(dirname(file), m[1]));

describe("policypack", () => {
    it("declares a nodejs policy pack", () => {
        const manifest = parse(readFileSync(join(PACK, "PulumiPolicy.yaml"), "utf8"));
        assert.equal(manifest.runtime, "nodejs");
        assert.ok(manifest.description.length > 0);
    });

    it("has an index.ts that only constructs the pack from policies/", () => {
        const code = readFileSync(join(PACK, "index.ts"), "utf8")
            .split("\n")
            .filter((line) => line.trim() !== "" && !line.trim().startsWith("//"));
        assert.deepEqual(code, [
            'import { PolicyPack } from "@pulumi/policy";',
            'import { PACK_NAME } from "./lib/pack-name";',
            'import { policies } from "./policies";',
            'new PolicyPack(PACK_NAME, { policies: [...policies], enforcementLevel: "mandatory" });',
        ]);
        // The name the CLI looks the pack up by in Pulumi Cloud (rayops policy publish).
        assert.equal(PACK_NAME, "rayops");
    });

    it("is imported by no other module (a second PolicyPack would exit the process)", () => {
        const importers = [
            ...tsFiles(join(ROOT, "automation")),
            ...tsFiles(join(ROOT, "components")),
            ...tsFiles(PACK),
            ...tsFiles(join(ROOT, "test")),
        ]
            .filter((f) =>
                relativeImports(f).some((target) => target === PACK || target === join(PACK, "index")),
            )
            .map((f) => relative(ROOT, f));
        assert.deepEqual(importers, []);
    });

    it("imports nothing from outside its folder, so `npm pack` publishes all it needs", () => {
        const outside = tsFiles(PACK).flatMap((f) =>
            relativeImports(f)
                .filter((target) => !target.startsWith(`${PACK}/`))
                .map((target) => `${relative(ROOT, f)} -> ${relative(ROOT, target)}`),
        );
        assert.deepEqual(outside, []);
    });

    it("has one policy per file in policies/, named after the file", () => {
        const files = readdirSync(join(PACK, "policies"))
            .filter((f) => f.endsWith(".ts") && f !== "index.ts" && f !== "config.ts")
            .map((f) => f.replace(/\.ts$/, ""))
            .sort();
        assert.deepEqual([...policyNames].sort(), files);
    });

    it("names every policy <service>-<resource>-<verb>-<what>", () => {
        const verbs = /^[a-z0-9]+-[a-z0-9]+-(missing|disallow|enable|configure|enforce)-[a-z0-9-]+$/;
        const stackPolicy = /^stack-(missing|disallow|enable|configure|enforce)-[a-z0-9-]+$/;
        assert.deepEqual(
            policyNames.filter((n) => !verbs.test(n) && !stackPolicy.test(n)),
            [],
        );
    });

    it("gives every policy a description and an explicit enforcement level", () => {
        assert.deepEqual(
            policies.filter((p) => !p.description || !p.enforcementLevel).map((p) => p.name),
            [],
        );
    });
});
