/** The burst model: node-hours with autoscaling against static provisioning at peak. */
import assert from "node:assert/strict";
import { burstTotal, lossReason, modelBurst, savingByPhaseLength } from "../../../automation/cost/burst";
import { splitAssumptions } from "../../../automation/cost/burst-assumptions";
import { BurstInputError, parsePattern, profileFromMetrics } from "../../../automation/cost/burst-input";
import { DEFAULT_PATTERN, patternProfile } from "../../../automation/cost/burst-profile";
import {
    type BurstShape,
    type ScaleTiming,
    shapesFromConfig,
    timingFromConfig,
} from "../../../automation/cost/burst-shapes";
import { burstTerminal } from "../../../automation/cost/render";
import { readStackFile } from "../../../automation/plan/stack-file";
import { makeStyle } from "../../../automation/render/style";
import { parsePlatformConfig } from "../../../components/config/parse";
import { rawConfigFromPulumi } from "../../../components/config/raw";
import type { PlatformConfig } from "../../../components/config/schema";
import { REPO_ROOT } from "../../support/program";

/** One worker pod per node, $1 per node-hour all in, up to ten nodes. */
const SHAPE: BurstShape = {
    group: "cpu",
    pool: "cpu",
    instanceType: "m6i.2xlarge",
    worker: { cpu: 7, memoryGiB: 26, gpus: 0 },
    podsPerNode: 1,
    minNodes: 0,
    maxNodes: 10,
    maxWorkers: 10,
    instanceHourly: 1,
    volumeGiB: 0,
    gp3GbMonth: 0.08,
    region: "us-east-1",
    priceSource: "test prices",
};

const TIMING: ScaleTiming = {
    autoscaler: "cluster-autoscaler",
    scaleUpMinutes: 3,
    workerIdleMinutes: 2,
    emptyNodeMinutes: 5,
    delayAfterAddMinutes: 10,
};

function config(stack: string, overrides: Record<string, string> = {}): PlatformConfig {
    const file = readStackFile(REPO_ROOT, stack);
    return parsePlatformConfig(rawConfigFromPulumi({ ...file.config, ...overrides }), { stack });
}

describe("burst savings", () => {
    it("bills the hand-checked example: 1, 3, 1 nodes for an hour each", () => {
        // GIVEN phases needing 1, 3 and 1 nodes for 60 min each
        const r = modelBurst(patternProfile([1, 3, 1], 60), SHAPE, TIMING);
        // THEN node 1 runs from 3 min before the start (scale-up) to 187 min: the last phase ends at 180,
        // Ray frees its worker 2 min later and the node goes after 5 min unneeded: 190 min.
        // Nodes 2 and 3 run 57..127 (the middle phase, plus 3 min up and 2 + 5 min down): 70 min each.
        assert.equal(r.autoscaled.nodeHours, (190 + 70 + 70) / 60);
        // AND static provisioning keeps 3 nodes for the 180 min period
        assert.equal(r.static.nodeHours, 9);
        assert.equal(r.autoscaled.cost, 5.5 * (1 + 0));
        assert.equal(r.saving.nodeHours, 3.5);
        assert.equal(Math.round(r.saving.percent * 100) / 100, 38.89);
    });

    it("bills the hand-checked example phase by phase, the tails in the first and last phase", () => {
        // GIVEN the example above: node 1 billed -3..187, nodes 2 and 3 57..127
        const r = modelBurst(patternProfile([1, 3, 1], 60), SHAPE, TIMING);
        // THEN the first phase bills 63 + 3 + 3 min, the middle 3 × 60, the last 67 + 7 + 7
        assert.deepEqual(
            r.timeline.map((t) => [t.phase, t.startMinute, t.autoscaled.nodes, t.autoscaled.nodeHours * 60]),
            [
                ["phase 1", 0, 1, 69],
                ["phase 2", 60, 3, 180],
                ["phase 3", 120, 1, 81],
            ],
        );
        // AND static holds the peak in every phase
        assert.deepEqual(
            r.timeline.map((t) => [t.static.nodes, t.static.nodeHours, t.static.cost]),
            [
                [3, 3, 3],
                [3, 3, 3],
                [3, 3, 3],
            ],
        );
    });

    it("has one timeline point per phase, adding up to the totals", () => {
        const r = modelBurst(patternProfile(), { ...SHAPE, minNodes: 1 }, TIMING);
        const sum = (f: (t: (typeof r.timeline)[number]) => number) =>
            r.timeline.reduce((a, t) => a + f(t), 0);
        assert.equal(r.timeline.length, r.phases.length);
        assert.ok(Math.abs(sum((t) => t.autoscaled.nodeHours) - r.autoscaled.nodeHours) < 1e-9);
        assert.ok(Math.abs(sum((t) => t.autoscaled.cost!) - r.autoscaled.cost!) < 1e-9);
        assert.equal(
            sum((t) => t.static.nodeHours),
            r.static.nodeHours,
        );
    });

    it("adds the groups up into a total whose percent is of the static cost", () => {
        // GIVEN a group that saves and a pricier one that loses
        const saves = modelBurst(patternProfile(), SHAPE, TIMING);
        const loses = modelBurst(
            patternProfile([2, 2], 30),
            { ...SHAPE, group: "gpu", instanceHourly: 3 },
            TIMING,
        );
        const t = burstTotal([saves, loses]);
        // THEN the saving is static minus autoscaled over both, in money and as a share of static money
        const saved = saves.saving.cost! + loses.saving.cost!;
        assert.equal(t.groups, 2);
        assert.ok(Math.abs(t.saving.cost! - saved) < 1e-9);
        assert.ok(
            Math.abs(t.saving.percent - (100 * saved) / (saves.static.cost! + loses.static.cost!)) < 1e-9,
        );
        assert.equal(t.saving.percentOf, "cost");
    });

    it("leaves the total's cost out when a group has no price, and counts node-hours instead", () => {
        const priced = modelBurst(patternProfile(), SHAPE, TIMING);
        const unpriced = modelBurst(
            patternProfile(),
            { ...SHAPE, group: "gpu", instanceHourly: undefined },
            TIMING,
        );
        const t = burstTotal([priced, unpriced]);
        assert.deepEqual(
            [t.saving.cost, t.autoscaled.cost, t.saving.percentOf],
            [undefined, undefined, "nodeHours"],
        );
        assert.equal(t.saving.percent, priced.saving.percent);
    });

    it("says why autoscaling costs more: no dip to scale into, or dips shorter than the tails", () => {
        const flat = modelBurst(patternProfile([2, 2, 2], 30), SHAPE, TIMING);
        const short = modelBurst(patternProfile([2, 0, 2], 5), SHAPE, TIMING);
        const saves = modelBurst(patternProfile(), SHAPE, TIMING);
        assert.match(lossReason(flat)!, /every phase needs the peak's 2 node\(s\)/);
        assert.match(lossReason(short)!, /tails are billed for longer than the dips in demand last/);
        assert.equal(lossReason(saves), undefined);
    });

    it("shares the assumptions that hold for every group and keeps the rest per group", () => {
        const a = modelBurst(patternProfile(), SHAPE, TIMING);
        const b = modelBurst(
            patternProfile(),
            { ...SHAPE, group: "gpu", maxNodes: 4, maxWorkers: 4 },
            TIMING,
        );
        const { shared, perGroup } = splitAssumptions([a, b]);
        assert.ok(shared.some((l) => l.startsWith("scale-up: ")));
        assert.ok(
            shared.every((l) => !/worker group|pool bounds|static: /.test(l)),
            shared.join("\n"),
        );
        assert.deepEqual(
            perGroup.map((g) => g.length + shared.length),
            [a.assumptions.length, b.assumptions.length],
        );
    });

    it("keeps a node through a gap shorter than its scale-down tail", () => {
        // GIVEN 2 nodes, nothing for 5 min, 2 nodes again: the tail (2 + 5 min) outlasts the gap
        const r = modelBurst(patternProfile([2, 0, 2], 5), SHAPE, { ...TIMING, delayAfterAddMinutes: 0 });
        // THEN both nodes stay from -3 to 15 + 2 + 5 = 22 min, costing more than static (2 × 15 min)
        assert.equal(r.autoscaled.nodeHours, (2 * 25) / 60);
        assert.ok(r.saving.percent < 0);
    });

    it("never scales down within scaleDownDelayAfterAdd of a scale-up", () => {
        const quick = modelBurst(patternProfile([1, 0], 5), SHAPE, { ...TIMING, delayAfterAddMinutes: 0 });
        const delayed = modelBurst(patternProfile([1, 0], 5), SHAPE, { ...TIMING, delayAfterAddMinutes: 30 });
        // Requested at -3; empty at 5 + 2 = 7 → gone at 12 without the delay, at -3 + 30 + 5 = 32 with it
        assert.equal(quick.autoscaled.nodeHours, 15 / 60);
        assert.equal(delayed.autoscaled.nodeHours, 35 / 60);
    });

    it("bills the pool minimum for the whole period in both cases", () => {
        const r = modelBurst(patternProfile([1, 1], 30), { ...SHAPE, minNodes: 2 }, TIMING);
        assert.deepEqual([r.autoscaled.nodeHours, r.static.nodeHours, r.saving.percent], [2, 2, 0]);
    });

    it("packs worker pods onto nodes and caps a phase at what the group may run, saying so", () => {
        const r = modelBurst(patternProfile([3, 9], 30), { ...SHAPE, podsPerNode: 2, maxWorkers: 6 }, TIMING);
        assert.deepEqual(
            r.phases.map((p) => [p.workers, p.nodes]),
            [
                [3, 2],
                [6, 3],
            ],
        );
        assert.equal(r.warnings.length, 1);
        assert.match(r.warnings[0]!, /phase 2 wants 9 worker pods; cpu runs at most 6 .*maxReplicas/);
    });

    it("names every capped phase in one warning: they share one cause", () => {
        const r = modelBurst(patternProfile([5, 9, 7, 2], 30), { ...SHAPE, maxWorkers: 4 }, TIMING);
        assert.deepEqual(r.warnings, [
            "phase 1 wants 5, phase 2 9 and phase 3 7 worker pods; cpu runs at most 4 " +
                "(ray.workerGroups.cpu.maxReplicas and nodePools.cpu.maxSize × 1 per node): capped",
        ]);
    });

    for (const group of ["cpu", "gpu"]) {
        it(`saves on prod's ${group} workers for the default pattern`, () => {
            const c = config("prod");
            const shape = shapesFromConfig(c).find((s) => s.group === group)!;
            const r = modelBurst(patternProfile(), shape, timingFromConfig(c));
            assert.ok(r.saving.percent > 0 && r.saving.cost! > 0, `${r.saving.percent}%`);
        });
    }

    it("saves on dev's CPU workers for the default pattern, capped at the pool's four nodes", () => {
        const c = config("dev");
        const shape = shapesFromConfig(c).find((s) => s.group === "cpu")!;
        const r = modelBurst(patternProfile(), shape, timingFromConfig(c));
        assert.deepEqual(
            r.phases.map((p) => p.nodes),
            [2, 4, 4, 4, 4, 2],
        );
        assert.ok(r.saving.percent > 0);
    });

    it("reports a loss, not a saving, when the pool cannot grow past the pattern's first phase", () => {
        // dev's GPU pool holds 2 nodes, which the warm-up already needs: there is nothing to scale
        const c = config("dev");
        const shape = shapesFromConfig(c).find((s) => s.group === "gpu")!;
        const r = modelBurst(patternProfile(), shape, timingFromConfig(c));
        assert.equal(r.peakNodes, 2);
        assert.ok(r.saving.percent < 0);
    });

    it("reads the pods per node, prices and scale-down settings from the stack", () => {
        const c = config("prod");
        const cpu = shapesFromConfig(c).find((s) => s.group === "cpu")!;
        assert.deepEqual(
            [cpu.instanceType, cpu.podsPerNode, cpu.minNodes, cpu.maxNodes],
            ["m6i.4xlarge", 2, 1, 10],
        );
        assert.equal(cpu.instanceHourly, 0.768);
        assert.deepEqual(timingFromConfig(c, 4), {
            autoscaler: "cluster-autoscaler",
            scaleUpMinutes: 4,
            workerIdleMinutes: 5,
            emptyNodeMinutes: 10,
            delayAfterAddMinutes: 10,
        });
    });

    it("uses Karpenter's consolidateAfter and no scale-up cooldown when Karpenter scales the nodes", () => {
        const addons = JSON.stringify({ nodeAutoscaler: "karpenter", karpenter: { consolidateAfter: "2m" } });
        const t = timingFromConfig(config("dev", { "rayops:addons": addons }));
        assert.deepEqual([t.autoscaler, t.emptyNodeMinutes, t.delayAfterAddMinutes], ["karpenter", 2, 0]);
    });

    it("prints every assumption it makes", () => {
        const c = config("prod");
        const shapes = shapesFromConfig(c);
        const timing = timingFromConfig(c);
        const results = shapes.map((s) => modelBurst(patternProfile(), s, timing));
        const text = burstTerminal({ stack: "prod", results, sensitivity: [] }, makeStyle(false)).replace(
            /\n {4}/g,
            " ",
        );
        for (const expected of [
            /default pattern 2,5,10,8,4,2 \(worker pods per phase\); 6 phases of 30 min, period 180 min/,
            /prices: AWS on-demand list prices \(Linux, USD, before tax\) as of \d{4}-\d\d-\d\d/,
            /worker group cpu: 7 CPU, 28 GiB, 0 GPU per pod, on node pool cpu/,
            /m6i\.4xlarge \(16 vCPU, 64 GiB, 0 GPU\) holds 2 worker pod\(s\)/,
            /\$0\.768\/h on-demand in us-east-1 \+ 200 GiB gp3 root volume at \$0\.08\/GB-month/,
            /pool bounds: 1 to 10 nodes/,
            /scale-up: 3 min from request to a serving node/,
            /Ray removes a worker idle for 5 min \(ray\.autoscaler\.idleTimeoutSeconds\)/,
            /removes the empty node after 10 min \(scaleDownUnneededTime\), never within 10 min of a scale-up/,
            /static: 5 node\(s\), the burst's peak, for the whole period/,
            /only the burst period is compared/,
        ]) {
            assert.match(text, expected);
        }
    });

    it("shows where autoscaling stops paying as phases get shorter", () => {
        const rows = savingByPhaseLength(patternProfile(DEFAULT_PATTERN), SHAPE, TIMING, [5, 60]);
        assert.ok(rows[0]!.percent < rows[1]!.percent);
    });

    it("turns the workload's metrics into worker pods from the tasks' CPU asks", () => {
        // GIVEN a run that held 14 one-CPU tasks, then 3, for 10 and 5 minutes
        const profile = profileFromMetrics(
            {
                schema_version: 1,
                pattern: [14, 3],
                config: { cpus_per_task: 1, gpus_per_task: 0 },
                phases: [
                    { name: "peak", achieved_max: 14, target: 14, duration_seconds: 600 },
                    { name: "cooldown", achieved_max: 3, target: 3, duration_seconds: 300 },
                ],
            },
            "m.json",
        );
        // WHEN run on 7-CPU workers
        const r = modelBurst(profile, SHAPE, TIMING);
        // THEN 14 tasks need 2 workers and 3 tasks 1, for the measured minutes
        assert.deepEqual(
            r.phases.map((p) => [p.minutes, p.workers]),
            [
                [10, 2],
                [5, 1],
            ],
        );
    });

    it("names the key, the value and what is allowed for bad metrics or patterns", () => {
        assert.throws(
            () =>
                profileFromMetrics(
                    { schema_version: 1, config: { cpus_per_task: -1, gpus_per_task: 0 }, phases: [] },
                    "m.json",
                ),
            (e: Error) =>
                e instanceof BurstInputError &&
                /m\.json: config\.cpus_per_task = -1: allowed a number ≥ 0/.test(e.message),
        );
        assert.throws(
            () => parsePattern("--pattern", "2,x"),
            (e: Error) =>
                e instanceof BurstInputError &&
                /--pattern "2,x": allowed a comma-separated list/.test(e.message),
        );
    });
});
