/** The cost section of the real offline plan: the committed stacks, and a change between two configs. */
import assert from "node:assert/strict";
import { withDelta } from "../../../automation/cost/estimate";
import { DEFAULT_PRICES } from "../../../automation/cost/prices";
import { runOfflinePlan } from "../../../automation/plan/offline-plan";
import { readStackFile } from "../../../automation/plan/stack-file";
import { nodeGroupsOf } from "../../../components/nodes/scheduling";
import { REPO_ROOT } from "../../support/program";

describe("cost in the offline plan", () => {
    for (const stack of ["dev", "prod"]) {
        it(`prices every node pool of the committed ${stack} stack and leaves nothing unknown`, async () => {
            // GIVEN the stack as committed WHEN planned offline
            const plan = await runOfflinePlan({ cwd: REPO_ROOT, stack });
            const cost = plan.report.cost!;
            // THEN each configured pool (each GPU model of a mixed pool) has a priced instance line
            // and a root-volume line
            for (const pool of plan.config.pools) {
                const groups = nodeGroupsOf(pool).map((g) =>
                    g.model ? `${pool.name}/${g.model}` : pool.name,
                );
                for (const group of groups) {
                    const nodes = cost.lines.find((l) => l.id === `nodes:${group}`);
                    assert.ok(nodes, `no line for ${group}`);
                    assert.ok(nodes.ceiling > 0, `${group} has no ceiling`);
                    assert.ok(cost.lines.some((l) => l.id === `volumes:${group}` && l.ceiling > 0));
                }
            }
            assert.deepEqual(cost.unknown, []);
            // AND the totals are sane: a running cluster costs something, and floor ≤ expected ≤ ceiling
            assert.ok(cost.floor > 100, `floor ${cost.floor}`);
            assert.ok(cost.floor <= cost.expected && cost.expected <= cost.ceiling);
            assert.equal(cost.priceSource, DEFAULT_PRICES.source);
            assert.ok(cost.lines.some((l) => l.id === "eks-control-plane" && l.expected === 0.1 * 730));
        });
    }

    it("counts one node of dev's cpu pool even at minSize 0, because the Ray head always runs there", async () => {
        // GIVEN dev, whose cpu pool may scale to zero but hosts the RayCluster's head
        const pools = JSON.parse(readStackFile(REPO_ROOT, "dev").config["rayops:nodePools"]!);
        assert.equal(pools.cpu.minSize, 0);
        // WHEN planned offline
        const plan = await runOfflinePlan({ cwd: REPO_ROOT, stack: "dev" });
        // THEN the cpu pool's floor and expected cost are one m6i.2xlarge for the month
        const hourly = DEFAULT_PRICES.regions["us-west-2"]!.instanceHour["m6i.2xlarge"]!;
        const cpu = plan.report.cost!.lines.find((l) => l.id === "nodes:cpu")!;
        assert.equal(cpu.floor, hourly * 730);
        assert.equal(cpu.expected, hourly * 730);
        assert.match(cpu.note ?? "", /runs the Ray head/);
    });

    it("adds two g5.xlarge nodes and their root volumes to the ceiling when dev's GPU maxSize goes from 2 to 4", async () => {
        // GIVEN dev as committed and dev with nodePools.gpu.maxSize = 4
        const pools = JSON.parse(readStackFile(REPO_ROOT, "dev").config["rayops:nodePools"]!);
        assert.equal(pools.gpu.maxSize, 2);
        const base = await runOfflinePlan({ cwd: REPO_ROOT, stack: "dev" });
        const head = await runOfflinePlan({
            cwd: REPO_ROOT,
            stack: "dev",
            configOverrides: {
                "rayops:nodePools": JSON.stringify({ ...pools, gpu: { ...pools.gpu, maxSize: 4 } }),
            },
        });
        // WHEN the delta is taken
        const delta = withDelta(head.report.cost!, base.report.cost!, "committed dev").delta!;
        // THEN only the ceiling moves, by 2 × ($1.006/h × 730 h + 100 GiB × $0.08/GB-month)
        const g5 = DEFAULT_PRICES.regions["us-west-2"]!.instanceHour["g5.xlarge"]!;
        const expected = 2 * (g5 * 730 + 100 * 0.08);
        assert.equal(Math.round(delta.ceiling * 100) / 100, Math.round(expected * 100) / 100);
        assert.equal(Math.round(expected * 100) / 100, 1484.76);
        assert.equal(delta.floor, 0);
        assert.equal(delta.expected, 0);
    });
});
