import { strict as assert } from "node:assert";
import { rayClusterDisruptions } from "../../../automation/engine/ray-maintenance";
import { FakeWorkspace, preStep, step, summaryEvent } from "../../support/fake-workspace";
import { named, runStack } from "../../support/program";
import { runCli, scratchRepo } from "./harness";

const RAY_CLUSTER = "kubernetes:ray.io/v1:RayCluster";

/** A preview that replaces the RayCluster (delete before replace, as the program asks). */
function replacingRayCluster() {
    return [
        ...step("same", "aws:kms/key:Key", "rayops-dev-secrets"),
        preStep("delete-replaced", RAY_CLUSTER, "rayops-dev-ray-cluster"),
        preStep("replace", RAY_CLUSTER, "rayops-dev-ray-cluster"),
        preStep("create-replacement", RAY_CLUSTER, "rayops-dev-ray-cluster"),
        summaryEvent({ replace: 1, same: 1 }),
    ];
}

describe("the RayCluster is replaced, never patched, and only in maintenance (engine faked: FakeWorkspace stands in for the Pulumi engine)", () => {
    let repo: ReturnType<typeof scratchRepo>;
    before(() => {
        repo = scratchRepo();
    });
    after(() => repo.cleanup());

    it("the program replaces the RayCluster on any change but its workers' replicas", async () => {
        // workerGroupSpecs is atomic under server-side apply (no x-kubernetes-list-type in the CRD),
        // and the Ray autoscaler owns it once it scales: a patch would conflict or reset workers.
        const run = await runStack("dev");
        const cluster = named(run, RAY_CLUSTER, "rayops-dev-ray-cluster");
        assert.deepEqual(cluster.replaceOnChanges, ["*"]);
        assert.equal(cluster.deleteBeforeReplace, true);
        assert.deepEqual(cluster.ignoreChanges, [
            "spec.workerGroupSpecs[0].replicas",
            "spec.workerGroupSpecs[1].replicas",
        ]);
    });

    it("up stops after a preview that replaces the RayCluster, applies nothing, and says how to go on", async () => {
        const fake = new FakeWorkspace().script("preview", { events: replacingRayCluster() });
        const run = await runCli(["up", "--stack", "dev", "--yes"], {
            cwd: repo.dir,
            deps: { openWorkspace: fake.factory },
        });
        assert.equal(run.code, 1, run.stderr);
        assert.ok(!fake.methods().includes("up"), "up ran");
        assert.match(run.stderr, /changes the RayCluster rayops-dev-ray-cluster \(replace\)/);
        assert.match(run.stderr, /every running Ray job ends\. Nothing was applied/);
        assert.match(run.stderr, /rayops up --ray-maintenance/);
    });

    it("up --ray-maintenance applies it, saying that running jobs end", async () => {
        const fake = new FakeWorkspace()
            .script("preview", { events: replacingRayCluster() })
            .script("up", { events: replacingRayCluster() });
        const run = await runCli(["up", "--stack", "dev", "--yes", "--ray-maintenance"], {
            cwd: repo.dir,
            deps: { openWorkspace: fake.factory },
        });
        assert.equal(run.code, 0, run.stderr);
        assert.ok(fake.methods().includes("up"));
        assert.match(
            run.stderr,
            /--ray-maintenance: the RayCluster rayops-dev-ray-cluster is replaced; running Ray jobs end/,
        );
    });

    it("preview warns that the change replaces the RayCluster and that up will ask for --ray-maintenance", async () => {
        const fake = new FakeWorkspace().script("preview", { events: replacingRayCluster() });
        const run = await runCli(["preview", "--stack", "dev"], {
            cwd: repo.dir,
            deps: { openWorkspace: fake.factory },
        });
        assert.equal(run.code, 0, run.stderr);
        assert.match(
            run.stderr,
            /warning: this change replaces the RayCluster rayops-dev-ray-cluster; running Ray jobs end/,
        );
    });

    it("counts updates and replacements of a RayCluster, not its creation or other resources", () => {
        const resource = (type: string, change: string) =>
            ({ type, name: "x", urn: `urn:${type}`, component: false, change }) as never;
        assert.deepEqual(
            rayClusterDisruptions({
                resources: [
                    resource(RAY_CLUSTER, "create"),
                    resource(RAY_CLUSTER, "same"),
                    resource("aws:eks/nodeGroup:NodeGroup", "replace"),
                ],
            }),
            [],
        );
        assert.equal(
            rayClusterDisruptions({
                resources: [resource(RAY_CLUSTER, "update"), resource(RAY_CLUSTER, "replace")],
            }).length,
            2,
        );
    });
});
