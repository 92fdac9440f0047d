/**
 * Every Helm values key rayops sets is one the chart reads at the version rayops pins: a key the
 * chart does not know is silently ignored by Helm, so a typo or a key renamed upstream would
 * otherwise pass every other test. The keys come from the charts' own sources at the pinned tags
 * (test/fixtures/upstream/helm/, scripts/helm-values-fixtures.ts).
 */
import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { OfflineProgramRun } from "../../automation/plan/harness";
import type { CapturedResource } from "../../automation/plan/types";
import { editKey, ofType, runStack } from "../support/program";
import { type ChartKeys, chartKeys, HELM_FIXTURES, unknownKeys } from "./helm-keys";

const RELEASE = "kubernetes:helm.sh/v3:Release";

/** The chart's name, also for OCI references (`oci://…/gha-runner-scale-set`). */
function chartName(r: CapturedResource): string {
    return String(r.inputs.chart).split("/").pop() as string;
}

interface Case {
    readonly title: string;
    readonly run: () => Promise<OfflineProgramRun>;
    readonly charts: readonly string[];
}

const CORE = ["kuberay-operator", "metrics-server", "nvidia-device-plugin"];
const RUNNERS = ["gha-runner-scale-set", "gha-runner-scale-set-controller"];

const CASES: readonly Case[] = [
    { title: "dev", run: () => runStack("dev"), charts: [...CORE, "cluster-autoscaler"] },
    {
        title: "prod (runners enabled)",
        run: () => runStack("prod"),
        charts: [...CORE, "cluster-autoscaler", ...RUNNERS],
    },
    {
        title: "prod with karpenter",
        run: () => runStack("prod", (c) => editKey(c, "addons", (v) => (v.nodeAutoscaler = "karpenter"))),
        charts: [...CORE, "karpenter", ...RUNNERS],
    },
];

describe("Helm values against the charts at their pinned versions (test/fixtures/upstream/helm)", () => {
    for (const c of CASES) {
        describe(c.title, () => {
            let releases: CapturedResource[];
            before(async () => {
                releases = ofType(await c.run(), RELEASE);
            });

            it(`installs the charts ${c.charts.join(", ")}`, () => {
                assert.deepEqual(releases.map(chartName).sort(), [...c.charts].sort());
            });

            for (const chart of c.charts) {
                it(`sets only keys the ${chart} chart reads`, () => {
                    // GIVEN the release's values and the chart's keys at the release's version
                    const release = releases.find((r) => chartName(r) === chart);
                    assert.ok(release, `no ${chart} release`);
                    const keys = chartKeys(chart, String(release.inputs.version));
                    // THEN none of the values' key paths is one the chart ignores
                    assert.deepEqual(
                        unknownKeys(release.inputs.values, keys),
                        [],
                        `${chart} ${keys.version} (${keys.repository}@${keys.tag}, read ${keys.read})`,
                    );
                });
            }
        });
    }

    describe("the cluster-autoscaler's extraArgs", () => {
        interface Flags {
            readonly tag: string;
            readonly flags: readonly string[];
            readonly expanders: readonly string[];
        }
        let args: Record<string, unknown>;
        let flags: Flags;
        before(async () => {
            // GIVEN prod's autoscaler release and the flags of the image it runs
            const release = ofType(await runStack("prod"), RELEASE).find(
                (r) => chartName(r) === "cluster-autoscaler",
            );
            assert.ok(release);
            const values = release.inputs.values as {
                image: { tag: string };
                extraArgs: Record<string, unknown>;
            };
            args = values.extraArgs;
            const file = path.join(
                HELM_FIXTURES,
                `cluster-autoscaler-flags-${values.image.tag.replace(/^v/, "")}.json`,
            );
            assert.ok(
                existsSync(file),
                `no flags fixture for image ${values.image.tag}: run scripts/helm-values-fixtures.ts cluster-autoscaler-flags`,
            );
            flags = JSON.parse(readFileSync(file, "utf8")) as Flags;
        });

        it("names only flags the autoscaler image defines (v1.35.0)", () => {
            // The chart passes `--<key>=<value>`, ignoring everything from the first `_` of a key.
            const unknown = Object.keys(args)
                .map((k) => k.split("_")[0])
                .filter((k) => !flags.flags.includes(k));
            assert.deepEqual(unknown, [], flags.tag);
        });

        it("chooses an expander the image accepts", () => {
            for (const e of String(args.expander).split(",")) assert.ok(flags.expanders.includes(e), e);
        });
    });

    describe("unknownKeys", () => {
        // GIVEN a chart that knows image.tag, a template-only key and a free-form nodeSelector
        const chart: ChartKeys = {
            repository: "example/chart",
            tag: "v1.0.0",
            path: "chart",
            chart: "chart",
            version: "1.0.0",
            read: "2026-12-01",
            keys: ["image", "image.tag", "nodeSelector"],
            templateKeys: ["watchNamespace"],
            commentedKeys: [{ path: "mode", readBy: "templates/x.yaml" }],
            freeForm: ["nodeSelector"],
        };

        it("finds a planted key the chart does not read, however deep", () => {
            assert.deepEqual(unknownKeys({ image: { tag: "1", tga: "2" }, imag: {} }, chart), [
                "image.tga",
                "imag",
            ]);
        });

        it("takes any key below a free-form path, and keys only templates or comments name", () => {
            const values = { nodeSelector: { "a.b/c": "x" }, watchNamespace: ["ray"], mode: "k" };
            assert.deepEqual(unknownKeys(values, chart), []);
        });
    });
});
