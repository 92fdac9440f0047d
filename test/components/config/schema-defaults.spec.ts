import { strict as assert } from "node:assert";
import { readStackFile } from "../../../automation/plan/stack-file";
import { rawConfigFromPulumi } from "../../../components/config/raw";
import { DEFAULT_PREPARE_JOB_TIMEOUT_SECONDS } from "../../../components/runners/values";
import { REPO_ROOT } from "../../support/program";
import { issueAt, issuesOf, parsedOf, rawOf, requiredOnlyRaw, runnersOnRaw, valueAt } from "./raw-config";

/** A chart version as the Helm releases pin it: never empty, never a range. */
const PINNED_CHART_VERSION = /^\d+\.\d+\.\d+$/;

/** The required keys, with runners on for a `runners.*` path (a disabled scale set carries no settings). */
function baseFor(path: string) {
    return path.startsWith("runners.") ? runnersOnRaw() : requiredOnlyRaw();
}

/** A runners pool the dev stack can carry: CPU-only, one type. */
const RUNNERS_POOL = { instanceTypes: ["c6i.2xlarge"], minSize: 0, maxSize: 2 };

describe("stack configuration defaults (components/config/schema.ts)", () => {
    describe("security defaults: the safe value unless the stack file asks for the other", () => {
        describe("storage.forceDestroyBucket", () => {
            it("keeps a non-empty artifacts bucket from destroy when the stack has no storage section", () => {
                // GIVEN a stack that sets only the required keys
                // WHEN it is validated
                const config = parsedOf(requiredOnlyRaw());
                // THEN the bucket is not force-destroyed, and checkpoints expire after 30 days
                assert.deepEqual(config.storage, { checkpointRetentionDays: 30, forceDestroyBucket: false });
            });

            it("keeps it from destroy when the storage section sets something else", () => {
                // GIVEN a storage section with only a retention (as prod's)
                const raw = requiredOnlyRaw();
                raw.storage = { checkpointRetentionDays: 90 };
                // WHEN validated
                const config = parsedOf(raw);
                // THEN forceDestroyBucket still defaults to false
                assert.deepEqual(config.storage, { checkpointRetentionDays: 90, forceDestroyBucket: false });
            });

            it("lets destroy delete the bucket only when forceDestroyBucket: true is set", () => {
                const raw = requiredOnlyRaw();
                raw.storage = { forceDestroyBucket: true };
                assert.deepEqual(parsedOf(raw).storage, {
                    checkpointRetentionDays: 30,
                    forceDestroyBucket: true,
                });
            });

            it('refuses a forceDestroyBucket that is not a boolean ("true" in quotes), naming the key and the value', () => {
                // GIVEN YAML that quotes the boolean
                const raw = requiredOnlyRaw();
                raw.storage = { forceDestroyBucket: "true" };
                // WHEN validated
                const issue = issueAt(issuesOf(raw), "storage.forceDestroyBucket");
                // THEN it is refused, not read as either value
                assert.equal(issue.value, "true");
                assert.match(issue.message, /expected boolean/);
            });
        });

        describe("protected", () => {
            it("is false when the stack file leaves it out", () => {
                assert.equal(parsedOf(requiredOnlyRaw()).protected, false);
            });

            it("is true when the stack file sets rayops:protected: true (prod)", () => {
                // GIVEN prod's stack file as Pulumi hands it over: the flat string "true"
                assert.equal(readStackFile(REPO_ROOT, "prod").config["rayops:protected"], "true");
                // WHEN read and validated
                const config = parsedOf(rawOf("prod"));
                // THEN the stack is protected
                assert.equal(config.protected, true);
            });

            it('refuses a protection that is not a boolean ("yes") rather than reading it as unprotected', () => {
                const raw = rawConfigFromPulumi({
                    ...readStackFile(REPO_ROOT, "dev").config,
                    "rayops:protected": "yes",
                });
                const issue = issueAt(issuesOf(raw), "protected");
                assert.equal(issue.value, "yes");
                assert.match(issue.message, /expected boolean/);
            });
        });

        describe("nodePools.runners.enabled", () => {
            it("is false when a runners pool leaves it out, and the pool is not created", () => {
                // GIVEN a runners pool without `enabled`
                const raw = requiredOnlyRaw();
                raw.nodePools.runners = { ...RUNNERS_POOL };
                // WHEN validated
                const config = parsedOf(raw);
                // THEN the pool is off and not among the pools the stack creates
                assert.equal(config.nodePools.runners?.enabled, false);
                assert.deepEqual(
                    config.pools.map((p) => p.name),
                    ["system", "cpu", "gpu"],
                );
            });

            it("is false when the pool sets enabled: false, and the pool is not created", () => {
                const raw = requiredOnlyRaw();
                raw.nodePools.runners = { ...RUNNERS_POOL, enabled: false };
                assert.deepEqual(
                    parsedOf(raw).pools.map((p) => p.name),
                    ["system", "cpu", "gpu"],
                );
            });

            it("creates the runners pool only when enabled: true is set", () => {
                const raw = requiredOnlyRaw();
                raw.nodePools.runners = { ...RUNNERS_POOL, enabled: true };
                const runners = parsedOf(raw).pools.find((p) => p.name === "runners");
                assert.ok(runners, "expected the runners pool");
                assert.equal(runners.desiredSize, 0);
            });

            it("refuses an enabled that is not a boolean, naming the key and the value", () => {
                const raw = requiredOnlyRaw();
                raw.nodePools.runners = { ...RUNNERS_POOL, enabled: "true" };
                const issue = issueAt(issuesOf(raw), "nodePools.runners.enabled");
                assert.equal(issue.value, "true");
                assert.match(issue.message, /expected boolean/);
            });
        });

        describe("cluster.publicAccessCidrs", () => {
            it("is empty when left out: the API endpoint stays private-only", () => {
                assert.deepEqual(parsedOf(requiredOnlyRaw()).cluster.publicAccessCidrs, []);
            });

            it("opens the endpoint to the CIDRs the stack lists, and only those", () => {
                const raw = requiredOnlyRaw();
                raw.cluster.publicAccessCidrs = ["203.0.113.0/24"];
                assert.deepEqual(parsedOf(raw).cluster.publicAccessCidrs, ["203.0.113.0/24"]);
            });

            it("refuses an entry that is not an IPv4 CIDR, naming the key, the value and what is allowed", () => {
                const raw = requiredOnlyRaw();
                raw.cluster.publicAccessCidrs = ["203.0.113.0/24", "203.0.113.7"];
                const issue = issueAt(issuesOf(raw), "cluster.publicAccessCidrs.1");
                assert.equal(issue.value, "203.0.113.7");
                assert.match(issue.message, /an IPv4 CIDR such as 203\.0\.113\.0\/24/);
            });
        });

        describe("encryptRootVolume", () => {
            it("encrypts the root volume of every pool that leaves it out, the runners pool included", () => {
                const raw = requiredOnlyRaw();
                raw.nodePools.runners = { ...RUNNERS_POOL, enabled: true };
                const pools = parsedOf(raw).pools;
                assert.deepEqual(
                    pools.map((p) => [p.name, p.encryptRootVolume]),
                    [
                        ["system", true],
                        ["cpu", true],
                        ["gpu", true],
                        ["runners", true],
                    ],
                );
            });

            it("leaves a root volume unencrypted only in the pool that sets encryptRootVolume: false", () => {
                const raw = requiredOnlyRaw();
                raw.nodePools.cpu.encryptRootVolume = false;
                assert.deepEqual(
                    parsedOf(raw).pools.map((p) => [p.name, p.encryptRootVolume]),
                    [
                        ["system", true],
                        ["cpu", false],
                        ["gpu", true],
                    ],
                );
            });
        });

        it("keeps the runners off when the stack has no runners section", () => {
            assert.equal(parsedOf(requiredOnlyRaw()).runners.enabled, false);
        });

        it("lets Karpenter remove only empty nodes unless told otherwise (no evicted Ray workers)", () => {
            assert.equal(parsedOf(requiredOnlyRaw()).addons.karpenter.consolidationPolicy, "WhenEmpty");
        });
    });

    describe("every other optional key has its documented default", () => {
        // [dotted path in the parsed config, the default], from a stack that sets only the required keys.
        const DEFAULTS: [string, unknown][] = [
            ["cluster.ciRunnerAccess", true],
            ["nodePools.system.diskSizeGiB", 100],
            ["nodePools.cpu.diskSizeGiB", 100],
            ["nodePools.gpu.diskSizeGiB", 100],
            ["nodePools.cpu.capacityType", "ON_DEMAND"],
            ["nodePools.gpu.capacityType", "ON_DEMAND"],
            ["nodePools.cpu.labels", {}],
            ["ray.workerGroups.cpu.gpus", 0],
            ["addons.nodeAutoscaler", "cluster-autoscaler"],
            ["addons.clusterAutoscaler.expander", "least-waste"],
            ["addons.clusterAutoscaler.scaleDownUnneededTime", "10m"],
            ["addons.clusterAutoscaler.scaleDownDelayAfterAdd", "10m"],
            ["addons.clusterAutoscaler.balanceSimilarNodeGroups", true],
            ["addons.karpenter.consolidateAfter", "1m"],
            ["addons.karpenter.createSpotServiceLinkedRole", true],
            ["addons.metricsServer.enabled", true],
            ["ray.namespace", "ray"],
            ["ray.head.storageGiB", 50],
            ["ray.autoscaler.idleTimeoutSeconds", 300],
            ["ray.autoscaler.upscalingMode", "Default"],
            ["ray.autoscaler.cpu", "500m"],
            ["ray.autoscaler.memory", "1Gi"],
            ["ray.prometheusOperator", false],
            ["runners.maxRunners", 10],
            ["runners.cpu", "2"],
            ["runners.memory", "4Gi"],
            ["runners.workVolumeGiB", 20],
            ["runners.prepareJobTimeoutSeconds", DEFAULT_PREPARE_JOB_TIMEOUT_SECONDS],
        ];
        for (const [path, value] of DEFAULTS) {
            it(`defaults ${path} to ${JSON.stringify(value)}`, () => {
                // GIVEN a stack that leaves the key out (runners on, for a runners key, which a
                // disabled scale set does not carry); WHEN validated; THEN the key has its default
                assert.deepEqual(valueAt(parsedOf(baseFor(path)), path), value);
            });
        }

        // The versions themselves are facts of the upstream charts, pinned in schema.ts beside their source.
        for (const path of [
            "addons.clusterAutoscaler.chartVersion",
            "addons.karpenter.chartVersion",
            "addons.nvidiaDevicePlugin.chartVersion",
            "ray.operatorChartVersion",
            "runners.controllerChartVersion",
        ]) {
            it(`defaults ${path} to a pinned chart version`, () => {
                assert.match(String(valueAt(parsedOf(baseFor(path)), path)), PINNED_CHART_VERSION);
            });
        }

        it('names the project "rayops" unless the caller names another', () => {
            assert.equal(parsedOf(requiredOnlyRaw()).project, "rayops");
        });
    });
});
