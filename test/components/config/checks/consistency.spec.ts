import { strict as assert } from "node:assert";
import { checkConsistency } from "../../../../components/config/checks/consistency";
import { platformConfigSchema } from "../../../../components/config/schema";
import { issueAt, issuesOf, parsedOf, rawOf, requiredOnlyRaw, runnersOnRaw } from "../raw-config";

describe("cross-field checks (components/config/checks/consistency.ts)", () => {
    describe("a pool's minSize, maxSize and desiredSize", () => {
        it("accepts minSize equal to maxSize", () => {
            // GIVEN dev's system pool fixed at two nodes
            const raw = rawOf("dev");
            raw.nodePools.system.maxSize = 2;
            // WHEN validated THEN it is accepted as it is
            const system = parsedOf(raw).pools.find((p) => p.name === "system");
            assert.deepEqual([system?.minSize, system?.maxSize, system?.desiredSize], [2, 2, 2]);
        });

        for (const desired of [2, 3]) {
            it(`accepts a desiredSize of ${desired}, within [minSize, maxSize] = [2, 3]`, () => {
                const raw = rawOf("dev");
                raw.nodePools.system.desiredSize = desired;
                assert.equal(parsedOf(raw).pools.find((p) => p.name === "system")?.desiredSize, desired);
            });
        }

        for (const desired of [1, 4]) {
            it(`refuses a desiredSize of ${desired}, outside [minSize, maxSize] = [2, 3]`, () => {
                // GIVEN dev's system pool (2 to 3 nodes) asked to start at `desired`
                const raw = rawOf("dev");
                raw.nodePools.system.desiredSize = desired;
                // WHEN validated
                const issue = issueAt(issuesOf(raw), "nodePools.system.desiredSize");
                // THEN the message gives the range
                assert.equal(issue.value, desired);
                assert.match(issue.message, /must lie within \[minSize, maxSize\] = \[2, 3\]/);
            });
        }

        it("checks the runners pool as the others, enabled or not", () => {
            // GIVEN a runners pool of at least 3 and at most 2 nodes, with a GPU type
            const raw = rawOf("dev");
            raw.nodePools.runners = { instanceTypes: ["g5.xlarge"], minSize: 3, maxSize: 2 };
            // WHEN validated
            const issues = issuesOf(raw);
            // THEN both problems are named at the runners pool's keys
            assert.match(issueAt(issues, "nodePools.runners.minSize").message, /must be ≤ maxSize \(2\)/);
            assert.match(
                issueAt(issues, "nodePools.runners.instanceTypes.0").message,
                /the runners pool takes CPU-only instance types/,
            );
        });
    });

    describe("the kind of instance type each pool takes", () => {
        it("refuses a CPU type in the gpu pool, listing the GPU types of the catalog and no other", () => {
            // GIVEN dev's gpu pool with a CPU-only type beside its GPU type
            const raw = rawOf("dev");
            raw.nodePools.gpu.instanceTypes = ["g5.xlarge", "m6i.2xlarge"];
            // WHEN validated
            const issue = issueAt(issuesOf(raw), "nodePools.gpu.instanceTypes.1");
            // THEN the type is named, with the GPU types allowed, comma-separated
            assert.equal(issue.value, "m6i.2xlarge");
            assert.match(
                issue.message,
                /^the gpu pool needs NVIDIA GPU instance types; allowed: g5\.xlarge, g5\.2xlarge, .*, p5\.48xlarge$/,
            );
            assert.doesNotMatch(issue.message, /[tmcr]\d\w*\.\w*large/);
        });

        it("refuses a GPU type in the cpu pool, pointing to nodePools.gpu", () => {
            const raw = rawOf("dev");
            raw.nodePools.cpu.instanceTypes = ["m6i.2xlarge", "g5.xlarge"];
            const issue = issueAt(issuesOf(raw), "nodePools.cpu.instanceTypes.1");
            assert.equal(
                issue.message,
                "the cpu pool takes CPU-only instance types; GPU types belong in nodePools.gpu",
            );
        });
    });

    describe("a GPU pool mixing models, under the cluster-autoscaler", () => {
        /** dev's gpu pool with an A10G and an L4 type, at most `maxSize` nodes, one GPU worker per node. */
        function mixed(maxSize: number) {
            const raw = rawOf("dev");
            raw.nodePools.gpu.instanceTypes = ["g5.xlarge", "g6.xlarge"];
            raw.nodePools.gpu.maxSize = maxSize;
            raw.ray.workerGroups.gpu.maxReplicas = maxSize;
            return raw;
        }

        it("accepts a maxSize of one node per model", () => {
            assert.equal(parsedOf(mixed(2)).nodePools.gpu.maxSize, 2);
        });

        it("refuses a maxSize below one node per model", () => {
            const issue = issueAt(issuesOf(mixed(1)), "nodePools.gpu.maxSize");
            assert.equal(issue.value, 1);
            assert.match(issue.message, /at least 2: the pool mixes 2 GPU models/);
        });

        it("names each model with its types, the cluster-autoscaler being the default node autoscaler", () => {
            // GIVEN only the required keys (no addons: the default autoscaler) and a gpu pool of
            // two A10G types and one L4 type, at most 2 nodes
            const raw = requiredOnlyRaw();
            raw.nodePools.gpu.instanceTypes = ["g5.xlarge", "g5.2xlarge", "g6.xlarge"];
            raw.nodePools.gpu.maxSize = 1;
            raw.ray.workerGroups.gpu.maxReplicas = 1;
            // WHEN validated
            const issue = issueAt(issuesOf(raw), "nodePools.gpu.maxSize");
            // THEN the message groups the types by model and says what to do
            assert.equal(
                issue.message,
                "at least 2: the pool mixes 2 GPU models (nvidia-a10g: g5.xlarge, g5.2xlarge; nvidia-l4: g6.xlarge), " +
                    "and each model is a node group of its own with a share of maxSize; raise maxSize or keep to one model",
            );
        });

        it("counts a CPU type listed in the gpu pool as a model of its own, unknown", () => {
            const raw = rawOf("dev");
            raw.nodePools.gpu.instanceTypes = ["g5.xlarge", "m6i.2xlarge"];
            raw.nodePools.gpu.maxSize = 1;
            raw.ray.workerGroups.gpu.maxReplicas = 1;
            const issue = issueAt(issuesOf(raw), "nodePools.gpu.maxSize");
            assert.match(issue.message, /\(nvidia-a10g: g5\.xlarge; unknown: m6i\.2xlarge\)/);
        });

        it("leaves it to Karpenter, which has no node group per model", () => {
            const raw = mixed(1);
            raw.addons = { nodeAutoscaler: "karpenter" };
            assert.equal(parsedOf(raw).nodePools.gpu.maxSize, 1);
        });
    });

    describe("a Ray worker group and its pool", () => {
        it("accepts minReplicas equal to maxReplicas", () => {
            const raw = rawOf("dev");
            raw.ray.workerGroups.cpu.minReplicas = 4;
            assert.equal(parsedOf(raw).ray.workerGroups.cpu.minReplicas, 4);
        });

        it("refuses minReplicas above maxReplicas, naming both", () => {
            const raw = rawOf("dev");
            raw.ray.workerGroups.cpu.minReplicas = 3;
            raw.ray.workerGroups.cpu.maxReplicas = 2;
            const issue = issueAt(issuesOf(raw), "ray.workerGroups.cpu.minReplicas");
            assert.equal(issue.value, 3);
            assert.match(issue.message, /must be ≤ maxReplicas \(2\)/);
        });

        it("refuses a group without GPUs on the gpu pool (GPU nodes are tainted for GPU work)", () => {
            const raw = rawOf("dev");
            raw.ray.workerGroups.cpu.pool = "gpu";
            const issue = issueAt(issuesOf(raw), "ray.workerGroups.cpu.pool");
            assert.equal(issue.value, "gpu");
            assert.match(issue.message, /a group without GPUs must run on the cpu pool/);
        });

        it("judges a pool of several types by the type that holds the most workers", () => {
            // GIVEN a 7-CPU worker, which fits an m6i.2xlarge but not an m6i.large
            const raw = rawOf("dev");
            raw.nodePools.cpu.instanceTypes = ["m6i.large", "m6i.2xlarge"];
            // WHEN validated THEN the pool can hold it
            assert.deepEqual(parsedOf(raw).nodePools.cpu.instanceTypes, ["m6i.large", "m6i.2xlarge"]);
        });

        it("refuses a worker that fits no type of its pool, describing each type", () => {
            // GIVEN a cpu pool of two types and a worker bigger than both
            const raw = rawOf("dev");
            raw.nodePools.cpu.instanceTypes = ["m6i.large", "m6i.2xlarge"];
            raw.ray.workerGroups.cpu.cpu = "30";
            const issue = issueAt(issuesOf(raw), "ray.workerGroups.cpu", /fits no instance type/);
            // THEN every type is described with what it can hold, separated by "; "
            assert.match(
                issue.message,
                /^the worker pod fits no instance type of nodePools\.cpu \(m6i\.large: [\d.]+ CPU, [\d.]+ GiB, 0 GPU allocatable; m6i\.2xlarge: [\d.]+ CPU, [\d.]+ GiB, 0 GPU allocatable\); lower the request or add a larger type$/,
            );
        });

        describe("maxReplicas against the nodes the pool may have", () => {
            /** dev with 3-CPU, 12Gi workers (two per m6i.2xlarge; the pool has at most 4 nodes). */
            function twoPerNode(maxReplicas: number) {
                const raw = rawOf("dev");
                Object.assign(raw.ray.workerGroups.cpu, { cpu: "3", memory: "12Gi", maxReplicas });
                return raw;
            }

            it("accepts as many workers as fit the pool's maxSize nodes (8 = 2 per node × 4)", () => {
                assert.equal(parsedOf(twoPerNode(8)).ray.workerGroups.cpu.maxReplicas, 8);
            });

            it("refuses one more, counting the part-filled node it needs", () => {
                const issue = issueAt(issuesOf(twoPerNode(9)), "ray.workerGroups.cpu.maxReplicas");
                assert.equal(issue.value, 9);
                assert.match(issue.message, /needs 5 node\(s\) at 2 pod\(s\) per node.*allowed: at most 8/);
            });
        });
    });

    it("accepts a cluster-autoscaler image tag of the cluster's minor version, any patch", () => {
        const raw = rawOf("dev");
        raw.addons.clusterAutoscaler.imageTag = "v1.35.7";
        assert.equal(parsedOf(raw).addons.clusterAutoscaler.imageTag, "v1.35.7");
    });

    describe("which checks run when some sections fail the schema", () => {
        /** `raw` through the schema alone: every section parsed, the cross-field checks not yet run. */
        const sectionsOf = (raw: Record<string, unknown>) => platformConfigSchema.parse(raw);

        for (const [problem, change, reads] of [
            [
                "an unsupported region",
                (raw: Record<string, unknown>) => {
                    raw.region = "xx-mars-1";
                },
                ["region"],
            ],
            [
                "a cluster-autoscaler tag of another minor",
                (raw: Record<string, unknown>) => {
                    raw.addons = { clusterAutoscaler: { imageTag: "v1.20.0" } };
                },
                ["addons", "cluster"],
            ],
            [
                "enabled runners without their URL",
                (raw: Record<string, unknown>) => {
                    delete (raw.runners as Record<string, unknown>).githubConfigUrl;
                },
                ["runners", "nodePools", "githubAppId", "githubAppInstallationId", "githubAppPrivateKey"],
            ],
        ] as const) {
            it(`reports ${problem}, but not once any section it reads failed`, () => {
                // GIVEN a config whose only problem is a cross-field one
                const raw = runnersOnRaw();
                change(raw);
                const sections = sectionsOf(raw);
                // WHEN checked with nothing failed, then with each section it reads failed
                // THEN it is reported only in the first case (the schema reports the failed section)
                assert.equal(checkConsistency(sections).length, 1);
                for (const failed of reads) {
                    assert.deepEqual(
                        checkConsistency(sections, new Set([failed])),
                        [],
                        `with ${failed} failed`,
                    );
                }
            });
        }
    });
});
