import { strict as assert } from "node:assert";
import { estimateCost } from "../../../automation/engine/cost";
import { changeOf, EngineReportBuilder } from "../../../automation/engine/report";
import type { CostSection } from "../../../automation/render/report";
import type { EngineEvent } from "../../../automation/workspace/types";
import { outputsStep, policyEvent, preStep, step, summaryEvent, urnOf } from "../../support/fake-workspace";

function build(kind: "preview" | "drift", events: EngineEvent[], includeUnchanged = false) {
    const builder = new EngineReportBuilder(kind, "dev");
    for (const e of events) builder.handle(e);
    return { builder, report: builder.build({ succeeded: true, policiesRun: 3, includeUnchanged }) };
}

describe("EngineReportBuilder (engine events → the shared Report)", () => {
    it("folds Pulumi's step ops into the report's change kinds", () => {
        assert.deepEqual(
            [
                "create",
                "update",
                "delete",
                "same",
                "replace",
                "create-replacement",
                "delete-replaced",
                "import",
                "read",
                "refresh",
            ].map(changeOf),
            [
                "create",
                "update",
                "delete",
                "same",
                "replace",
                "replace",
                "replace",
                "create",
                "same",
                undefined,
            ],
        );
    });

    it("reports a replacement's three steps as one replaced resource", () => {
        const type = "aws:eks/nodeGroup:NodeGroup";
        const { report } = build("preview", [
            preStep("create-replacement", type, "gpu"),
            preStep("replace", type, "gpu"),
            outputsStep("create-replacement", type, "gpu"),
            preStep("delete-replaced", type, "gpu"),
            outputsStep("delete-replaced", type, "gpu"),
        ]);
        assert.deepEqual(
            report.resources.map((r) => [r.name, r.change]),
            [["gpu", "replace"]],
        );
    });

    it("lists the paths the engine's detailed diff names, and why a replacement replaces, never a value", () => {
        // GIVEN a preview that updates a bucket's tags and replaces a node group for its AMI type
        const { report } = build("preview", [
            ...step("update", "aws:s3/bucket:Bucket", "artifacts", {
                inputs: { tags: { team: "secret-ish value" } },
                diffs: ["tags"],
                detailedDiff: { "tags.team": { diffKind: "update", inputDiff: true } },
            }),
            preStep("create-replacement", "aws:eks/nodeGroup:NodeGroup", "gpu", {
                keys: ["amiType"],
                detailedDiff: {
                    amiType: { diffKind: "update-replace", inputDiff: true },
                    "scalingConfig.maxSize": { diffKind: "update", inputDiff: true },
                },
            }),
            preStep("replace", "aws:eks/nodeGroup:NodeGroup", "gpu"),
        ]);
        // THEN each changed resource carries its paths, the replacement its reason
        const bucket = report.resources.find((r) => r.name === "artifacts");
        assert.deepEqual(bucket?.changedPaths, ["tags.team"]);
        assert.equal(bucket?.replaceReasons, undefined);
        const group = report.resources.find((r) => r.name === "gpu");
        assert.equal(group?.change, "replace");
        assert.deepEqual(group?.changedPaths, ["amiType", "scalingConfig.maxSize"]);
        assert.deepEqual(group?.replaceReasons, ["the provider cannot change amiType in place"]);
        assert.ok(!JSON.stringify(report).includes("secret-ish value"));
    });

    it("falls back to the top-level keys of `diffs` when a step has no detailed diff", () => {
        const { report } = build(
            "preview",
            step("update", "aws:s3/bucket:Bucket", "b", { diffs: ["versioning", "acl"] }),
        );
        assert.deepEqual(report.resources.find((r) => r.name === "b")?.changedPaths, ["acl", "versioning"]);
    });

    it("takes a refresh's result from its outputs event (the pre-event only says `refresh`)", () => {
        const { report, builder } = build("drift", [
            preStep("refresh", "aws:s3/bucketV2:BucketV2", "changed"),
            outputsStep("update", "aws:s3/bucketV2:BucketV2", "changed"),
            preStep("refresh", "aws:iam/role:Role", "gone"),
            outputsStep("delete", "aws:iam/role:Role", "gone"),
            preStep("refresh", "aws:kms/key:Key", "fine"),
            outputsStep("same", "aws:kms/key:Key", "fine"),
        ]);
        assert.deepEqual(
            report.resources.map((r) => [r.name, r.change]),
            [
                ["changed", "update"],
                ["gone", "delete"],
            ],
        );
        assert.equal(builder.drifted(), true);
    });

    it("finds no drift when every refreshed resource is the same", () => {
        const { builder } = build("drift", [
            ...step("same", "aws:kms/key:Key", "fine"),
            summaryEvent({ same: 1 }),
        ]);
        assert.equal(builder.drifted(), false);
    });

    it("maps policy events: `warning` is advisory, `remediate` mandatory, `disabled` dropped, duplicates once", () => {
        const urn = urnOf("dev", "aws:s3/bucketV2:BucketV2", "ckpt");
        const { report } = build("preview", [
            ...step("create", "aws:s3/bucketV2:BucketV2", "ckpt"),
            policyEvent("s3-bucket-enable-versioning", "warning", "versioning is off", urn),
            policyEvent("s3-bucket-enable-versioning", "warning", "versioning is off", urn),
            { policyEvent: { policyName: "fixer", enforcementLevel: "remediate", message: "fixed" } },
            { policyEvent: { policyName: "off", enforcementLevel: "disabled", message: "ignored" } },
        ]);
        assert.deepEqual(report.policy, {
            evaluated: true,
            policiesRun: 3,
            findings: [
                {
                    policy: "s3-bucket-enable-versioning",
                    enforcementLevel: "advisory",
                    resource: { type: "aws:s3/bucketV2:BucketV2", name: "ckpt", urn },
                    message: "versioning is off",
                },
                { policy: "fixer", enforcementLevel: "mandatory", message: "fixed" },
            ],
        });
    });

    it("counts no policy as evaluated when the run failed, whatever the pack holds, and keeps what was found", () => {
        // GIVEN a preview that failed after one finding, with a pack of 26 policies
        const builder = new EngineReportBuilder("preview", "dev");
        const urn = urnOf("dev", "aws:s3/bucketV2:BucketV2", "ckpt");
        for (const e of [
            ...step("create", "aws:s3/bucketV2:BucketV2", "ckpt"),
            policyEvent("s3-bucket-enable-versioning", "warning", "versioning is off", urn),
        ])
            builder.handle(e);
        const report = builder.build({
            succeeded: false,
            error: "preview failed",
            problems: [{ key: "rayops:region", message: "unknown region" }],
            policiesRun: 26,
        });
        // THEN the pack is not said to have judged the stack
        assert.equal(report.policy.evaluated, false);
        assert.equal(report.policy.policiesRun, 0);
        assert.equal(report.policy.findings.length, 1);
        assert.deepEqual(report.problems, [{ key: "rayops:region", message: "unknown region" }]);
    });

    it("leaves out the stack resource and providers, and unchanged resources unless asked, saying how many", () => {
        const events = [
            ...step("same", "pulumi:pulumi:Stack", "rayops-dev", { component: true }),
            ...step("same", "pulumi:providers:aws", "default"),
            ...step("same", "aws:kms/key:Key", "key"),
            ...step("create", "aws:s3/bucketV2:BucketV2", "ckpt"),
        ];
        const changed = build("preview", events).report;
        assert.deepEqual(
            changed.resources.map((r) => r.name),
            ["ckpt"],
        );
        assert.ok(changed.limits.includes("1 unchanged resource is not listed."));
        assert.deepEqual(
            build("preview", events, true).report.resources.map((r) => r.name),
            ["key", "ckpt"],
        );
    });

    it("hands the cost estimate what the stack will hold: inputs included, deletions left out", () => {
        const { builder } = build("preview", [
            ...step("create", "aws:eks/nodeGroup:NodeGroup", "gpu", {
                inputs: { scalingConfig: { minSize: 0, maxSize: 2 } },
            }),
            ...step("delete", "aws:eks/nodeGroup:NodeGroup", "old"),
        ]);
        assert.deepEqual(
            builder.capturedResources().map((r) => [r.name, r.inputs]),
            [["gpu", { scalingConfig: { minSize: 0, maxSize: 2 } }]],
        );
    });
});

describe("estimateCost (the cost hook of engine reports)", () => {
    const section: CostSection = {
        currency: "USD",
        floor: 100,
        expected: 150,
        ceiling: 400,
        lines: [],
        unknown: [],
        priceSource: "test prices",
    };

    it("returns the cost module's section, handing it the resources and the stack's context", async () => {
        const seen: unknown[] = [];
        const estimate = await estimateCost(
            [],
            { stack: "dev", region: "us-west-2" },
            (resources, context) => {
                seen.push(resources, context);
                return section;
            },
        );
        assert.deepEqual(estimate, { cost: section });
        assert.deepEqual(seen, [[], { stack: "dev", region: "us-west-2" }]);
    });

    it("prices an engine preview's node group with the cost module by default", async () => {
        // GIVEN a preview that creates one 2..4-node m6i.large node group in us-west-2
        const nodeGroup = {
            type: "aws:eks/nodeGroup:NodeGroup",
            name: "rayops-dev-cpu-ng",
            urn: urnOf("dev", "aws:eks/nodeGroup:NodeGroup", "rayops-dev-cpu-ng"),
            inputs: {
                instanceTypes: ["m6i.large"],
                labels: { "rayops.io/pool": "cpu" },
                scalingConfig: { minSize: 2, desiredSize: 2, maxSize: 4 },
            },
            outputs: {},
            component: false,
            isProvider: false,
        };
        // WHEN estimated without an injected estimator
        const estimate = await estimateCost([nodeGroup], { stack: "dev", region: "us-west-2" });
        // THEN the pool is priced: ceiling twice the floor
        const line = estimate.cost?.lines.find((l) => l.id === "nodes:cpu");
        assert.ok(line, JSON.stringify(estimate));
        assert.ok(line.floor > 0);
        assert.equal(line.ceiling, line.floor * 2);
    });

    it("never fails the operation: an estimate that throws becomes a stated problem", async () => {
        const estimate = await estimateCost([], { stack: "dev" }, () => {
            throw new Error("no price for g9.huge");
        });
        assert.deepEqual(estimate, { problem: "the cost estimate failed: no price for g9.huge" });
    });

    it("ignores an answer that is not a cost section", async () => {
        const estimate = await estimateCost([], { stack: "dev" }, () => ({ total: 3 }));
        assert.deepEqual(estimate, { problem: "the cost module returned no cost section" });
    });
});
