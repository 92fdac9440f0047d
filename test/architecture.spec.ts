/**
 * The rules of the architecture (docs/design.md, "Layout"), as specs: each rule is a pure function
 * over the import graph, run on the repository and, to show it bites, on a planted violation.
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
    builderSdkImports,
    facadeReExports,
    moduleImportsOfConfig,
    moduleOf,
    unregisteredOutputs,
    upwardImports,
} from "./support/architecture-rules";
import { type ImportEdge, importCycles, importGraph, importsOf, tsFilesUnder } from "./support/import-graph";

const ROOT = path.join(__dirname, "..");
const SOURCE_DIRS = ["components", "automation", "policypack", "scripts", "bench", "bin", "network"];

/** The module folders of components/, one per type-token module; config/ sits on top of them. */
const MODULES = [
    "addons",
    "ci-runner",
    "cluster",
    "config",
    "iam",
    "karpenter",
    "network",
    "nodes",
    "ray",
    "runners",
    "storage",
];

/**
 * Files of components/ that may import the Pulumi SDK besides the components (each `extends
 * pulumi.ComponentResource`): helpers shared by several of them, two that create resources and
 * one that turns a builder's plain Error into a ResourceError on its component.
 */
const RESOURCE_HELPERS = new Set([
    "components/iam/irsa.ts",
    "components/iam/node-role.ts",
    "components/cluster/resource-error.ts",
]);

function isComponentFile(file: string): boolean {
    return /extends pulumi\.ComponentResource\b/.test(readFileSync(path.join(ROOT, file), "utf8"));
}

const plant = (from: string, specifier: string, to?: string, reExport = false): ImportEdge => ({
    from,
    specifier,
    to,
    reExport,
});

describe("architecture", () => {
    const edges = importGraph(ROOT, SOURCE_DIRS);
    const resourceFile = (f: string) => RESOURCE_HELPERS.has(f) || isComponentFile(f);

    it("reads every kind of import: static, type-only, re-export (with or without from), require() and import() types", () => {
        const text = [
            'import { a } from "./a";',
            'import type { B } from "./b";',
            'export { c } from "./c";',
            'const d = require("./d") as typeof import("./e");',
            'type F = import("./f").F;',
            'import { g } from "./g";',
            "export { g };",
        ].join("\n");
        const found = importsOf(ROOT, "components/x.ts", text);
        assert.deepEqual(
            found.map((e) => [e.specifier, e.reExport]),
            [
                ["./a", false],
                ["./b", false],
                ["./c", true],
                ["./d", false],
                ["./e", false],
                ["./f", false],
                ["./g", false],
                ["./g", true],
            ],
        );
    });

    it("puts every file of components/ in one module folder named by its type-token module", () => {
        const outside = tsFilesUnder(ROOT, "components").filter((f) => !MODULES.includes(moduleOf(f) ?? ""));
        assert.deepEqual(outside, []);
    });

    it("names each component file after its noun, one component per file", () => {
        for (const file of tsFilesUnder(ROOT, "components").filter(isComponentFile)) {
            const text = readFileSync(path.join(ROOT, file), "utf8");
            const classes = [...text.matchAll(/export class (\w+) extends pulumi\.ComponentResource/g)].map(
                (m) => m[1]!,
            );
            assert.equal(classes.length, 1, `${file} declares ${classes.length} components`);
            // Hyphens are the file's own (kuberay-operator.ts holds KubeRayOperator).
            const noun = path.posix.basename(file, ".ts").replaceAll("-", "");
            assert.equal(noun, classes[0]!.toLowerCase(), `${file} holds ${classes[0]}`);
        }
    });

    describe("components register every Output they expose", () => {
        it("in components/", () => {
            const missing = tsFilesUnder(ROOT, "components")
                .filter(isComponentFile)
                .flatMap((f) => unregisteredOutputs(f, readFileSync(path.join(ROOT, f), "utf8")));
            assert.deepEqual(missing, []);
        });

        it("finds a planted Output left out of registerOutputs", () => {
            const planted = [
                "export class Pool extends pulumi.ComponentResource {",
                "    readonly name: pulumi.Output<string>;",
                "    readonly ids: pulumi.Output<string>[];",
                "    constructor() {",
                "        this.registerOutputs({ name: this.name });",
                "    }",
                "}",
            ].join("\n");
            assert.deepEqual(unregisteredOutputs("components/x/pool.ts", planted), [
                "components/x/pool.ts does not register ids",
            ]);
        });
    });

    describe("no import cycles (type-only imports included)", () => {
        for (const dir of ["components", "automation", "policypack"]) {
            it(`in ${dir}/`, () => {
                const cycles = importCycles(edges.filter((e) => e.from.startsWith(`${dir}/`)));
                assert.deepEqual(
                    cycles.map((c) => c.join(" → ")),
                    [],
                );
            });
        }

        it("finds a planted cycle, type-only edge included", () => {
            const planted = [
                plant("components/a/x.ts", "./y", "components/a/y.ts"),
                plant("components/a/y.ts", "./z", "components/a/z.ts"),
                plant("components/a/z.ts", "./x", "components/a/x.ts"),
                plant("components/a/z.ts", "./w", "components/a/w.ts"),
            ];
            assert.deepEqual(importCycles(planted), [
                ["components/a/x.ts", "components/a/y.ts", "components/a/z.ts", "components/a/x.ts"],
            ]);
        });
    });

    describe("builders import no Pulumi SDK", () => {
        it("in components/", () => {
            assert.deepEqual(builderSdkImports(edges, resourceFile), []);
        });

        it("finds a planted SDK import in a builder", () => {
            const planted = [plant("components/ray/manifest.ts", "@pulumi/pulumi")];
            assert.deepEqual(
                builderSdkImports(planted, () => false),
                ["components/ray/manifest.ts imports @pulumi/pulumi"],
            );
        });
    });

    describe("no module folder imports config/", () => {
        it("in components/", () => {
            assert.deepEqual(moduleImportsOfConfig(edges), []);
        });

        it("finds a planted import of the config schema from a module", () => {
            const planted = [
                plant("components/nodes/scheduling.ts", "../config/schema", "components/config/schema.ts"),
                plant("components/config/parse.ts", "../nodes/scheduling", "components/nodes/scheduling.ts"),
            ];
            assert.deepEqual(moduleImportsOfConfig(planted), [
                "components/nodes/scheduling.ts imports components/config/schema.ts",
            ]);
        });
    });

    describe("re-exports only in barrels", () => {
        it("in the sources", () => {
            assert.deepEqual(facadeReExports(edges), []);
        });

        it("finds a planted facade", () => {
            const planted = [
                plant("automation/cost/burst.ts", "./burst-shapes", "automation/cost/burst-shapes.ts", true),
                plant("automation/github/index.ts", "./auth", "automation/github/auth.ts", true),
            ];
            assert.deepEqual(facadeReExports(planted), [
                "automation/cost/burst.ts re-exports ./burst-shapes",
            ]);
        });
    });

    describe("dependencies run one way", () => {
        it("the policy pack imports nothing of ours outside it; components nothing of the CLI", () => {
            assert.deepEqual(upwardImports(edges), []);
        });

        it("finds a planted upward import", () => {
            const planted = [
                plant("policypack/lib/tags.ts", "../../components/config/tags", "components/config/tags.ts"),
                plant("components/config/parse.ts", "../../automation/cli", "automation/cli.ts"),
                plant("automation/cli.ts", "../components/config/parse", "components/config/parse.ts"),
            ];
            assert.deepEqual(upwardImports(planted), [
                "policypack/lib/tags.ts imports components/config/tags.ts",
                "components/config/parse.ts imports automation/cli.ts",
            ]);
        });
    });
});
