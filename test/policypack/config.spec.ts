import assert from "node:assert/strict";
import Ajv from "ajv";
import type { CapturedResource } from "../../automation/plan/types";
import { isGpuInstanceType } from "../../policypack/lib/instance-types";
import {
    type ConfigKey,
    configSchemaFor,
    DEFAULT_CONFIG,
    readConfig,
    resolvePackConfig,
    toPolicyPackConfig,
} from "../../policypack/policies/config";
import { policies } from "../../policypack/policies/index";
import { codeBuildProject } from "./ci-runner-fixtures";
import {
    assertPasses,
    change,
    cpuPool,
    eksComponent,
    gpuPool,
    kmsKey,
    rayCluster,
    run,
    runnersPool,
    systemPool,
} from "./fixtures";
import { karpenterCpuPool, karpenterGpuPool } from "./karpenter-fixtures";

describe("policypack/policies/config", () => {
    it("defaults the node limits to 20 CPU, 10 GPU and 10 runner nodes", () => {
        assert.deepEqual(
            [DEFAULT_CONFIG.maxCpuNodes, DEFAULT_CONFIG.maxGpuNodes, DEFAULT_CONFIG.maxRunnerNodes],
            [20, 10, 10],
        );
    });

    it("derives the default allowlists from the catalog, split by kind", () => {
        assert.ok(DEFAULT_CONFIG.allowedGpuInstanceTypes.includes("g5.xlarge"));
        assert.ok(DEFAULT_CONFIG.allowedGpuInstanceTypes.every(isGpuInstanceType));
        assert.ok(DEFAULT_CONFIG.allowedCpuInstanceTypes.includes("m6i.large"));
        assert.ok(!DEFAULT_CONFIG.allowedCpuInstanceTypes.some(isGpuInstanceType));
    });

    it("requires the six organisation tags by default", () => {
        assert.deepEqual(DEFAULT_CONFIG.requiredTags, [
            "environment",
            "repo",
            "commit",
            "managed-by",
            "owner",
            "cost-center",
        ]);
    });

    it("fills defaults around the given keys", () => {
        assert.deepEqual(resolvePackConfig({ maxGpuNodes: 4 }), { ...DEFAULT_CONFIG, maxGpuNodes: 4 });
    });

    it("rejects a bad value, naming the key, the value and what is allowed", () => {
        assert.throws(
            () => resolvePackConfig({ maxGpuNodes: -1 }),
            /"maxGpuNodes" is -1; expected an integer >= 0/,
        );
        assert.throws(
            () => resolvePackConfig({ requiredTags: "owner" }),
            /"requiredTags" is "owner"; expected a list/,
        );
    });

    it("rejects an unknown key, listing the allowed ones", () => {
        assert.throws(
            () => resolvePackConfig({ maxGpuNode: 4 }),
            /unknown key "maxGpuNode"; allowed keys: maxCpuNodes, maxGpuNodes, maxRunnerNodes, allowedCpuInstanceTypes,/,
        );
    });

    it("leaves the default in force for a key given as undefined", () => {
        // GIVEN a partial config built from optional fields, one of them unset
        assert.deepEqual(resolvePackConfig({ maxGpuNodes: undefined, maxCpuNodes: 12 }), {
            ...DEFAULT_CONFIG,
            maxCpuNodes: 12,
        });
    });

    it("leaves the four costliest catalog types out of the default allowlists", () => {
        // GIVEN types the catalog prices, so only the exclusion keeps them out
        const costliest = ["p4d.24xlarge", "p5.48xlarge", "m6i.8xlarge", "m7i.8xlarge"];
        const allowed = [
            ...DEFAULT_CONFIG.allowedCpuInstanceTypes,
            ...DEFAULT_CONFIG.allowedGpuInstanceTypes,
        ];
        assert.deepEqual(
            costliest.filter((t) => allowed.includes(t)),
            [],
        );
        assert.ok(DEFAULT_CONFIG.allowedCpuInstanceTypes.includes("m6i.4xlarge"));
    });

    it("checks a policy's config once per config object, not once per resource", () => {
        // GIVEN the one object getConfig hands out for every resource, counting reads of its key
        let reads = 0;
        const raw = {
            get maxGpuNodes() {
                reads += 1;
                return 4;
            },
        };
        const args = { getConfig: <T>() => raw as T };
        // WHEN two resources read it THEN both see the value, checked the first time only
        assert.equal(readConfig(args).maxGpuNodes, 4);
        assert.equal(readConfig(args).maxGpuNodes, 4);
        assert.equal(reads, 1);
    });

    describe("checks each key as the JSON schema the published pack declares does", () => {
        // The engine validates `--policy-pack-config` against each policy's configSchema; the offline
        // plan uses resolvePackConfig. Both must accept and refuse the same values, edges included.
        interface Edges {
            readonly keys: readonly ConfigKey[];
            readonly accepts: readonly unknown[];
            readonly refuses: readonly unknown[];
            readonly expected: RegExp;
        }
        const EDGES: readonly Edges[] = [
            {
                keys: ["maxCpuNodes", "maxGpuNodes", "maxRunnerNodes"],
                accepts: [0, 1, 40],
                refuses: [-1, 2.5, "4", null, true],
                expected: /expected an integer >= 0$/,
            },
            {
                keys: ["allowedCpuInstanceTypes", "allowedGpuInstanceTypes", "requiredTags"],
                accepts: [[], ["a"], ["a", "b"]],
                refuses: [[""], ["a", ""], [3], ["a", 3], "a", null],
                expected: /expected a list of non-empty strings$/,
            },
            {
                keys: ["minPublicCidrPrefixV4"],
                accepts: [1, 16, 32],
                refuses: [0, 33, 16.5, "16", null],
                expected: /expected an integer from 1 to 32$/,
            },
            {
                keys: ["minPublicCidrPrefixV6"],
                accepts: [1, 48, 128],
                refuses: [0, 129, 48.5, "48", null],
                expected: /expected an integer from 1 to 128$/,
            },
            {
                keys: ["maxCodeBuildTimeoutMinutes"],
                accepts: [5, 120, 2160],
                refuses: [4, 2161, 60.5, "60", null],
                expected: /expected an integer from 5 to 2160 \(minutes\)$/,
            },
        ];
        const ajv = new Ajv({ strict: true, allErrors: true });
        const schemaAccepts = (key: ConfigKey, value: unknown) =>
            ajv.validate({ type: "object", ...configSchemaFor(key) }, { [key]: value });

        it("covers every key", () => {
            assert.deepEqual(EDGES.flatMap((e) => e.keys).sort(), Object.keys(DEFAULT_CONFIG).sort());
        });

        for (const { keys, accepts, refuses, expected } of EDGES) {
            for (const key of keys) {
                it(`accepts ${key} = ${accepts.map((v) => JSON.stringify(v)).join(", ")}`, () => {
                    for (const value of accepts) {
                        assert.ok(schemaAccepts(key, value), `schema refuses ${JSON.stringify(value)}`);
                        assert.deepEqual(resolvePackConfig({ [key]: value })[key], value);
                    }
                });

                it(`refuses ${key} = ${refuses.map((v) => JSON.stringify(v)).join(", ")}, saying what is allowed`, () => {
                    for (const value of refuses) {
                        assert.ok(!schemaAccepts(key, value), `schema accepts ${JSON.stringify(value)}`);
                        assert.throws(
                            () => resolvePackConfig({ [key]: value }),
                            (e: Error) =>
                                e.message.startsWith(
                                    `policy config "${key}" is ${JSON.stringify(value)}; `,
                                ) && expected.test(e.message),
                        );
                    }
                });
            }
        }

        it("refuses a list that names one entry twice, in the published schema", () => {
            assert.ok(!schemaAccepts("requiredTags", ["owner", "owner"]));
        });

        it("publishes the pack's defaults as each key's schema default", () => {
            // GIVEN an empty config WHEN the engine fills in the schema's defaults THEN they are DEFAULT_CONFIG
            const keys = Object.keys(DEFAULT_CONFIG) as ConfigKey[];
            const filled: Record<string, unknown> = {};
            const withDefaults = new Ajv({ strict: true, useDefaults: true });
            assert.ok(withDefaults.validate({ type: "object", ...configSchemaFor(...keys) }, filled));
            assert.deepEqual(filled, DEFAULT_CONFIG);
        });
    });

    it("ignores the enforcementLevel CrossGuard keeps beside the settings", () => {
        assert.deepEqual(
            readConfig({ getConfig: <T>() => ({ enforcementLevel: "advisory" }) as T }),
            DEFAULT_CONFIG,
        );
    });

    it("gives each key a JSON schema with its default, for the published pack", () => {
        assert.deepEqual(configSchemaFor("maxGpuNodes").properties.maxGpuNodes, {
            type: "integer",
            minimum: 0,
            default: 10,
            description: "Most nodes all GPU pools may scale to, together.",
        });
    });

    it("spreads a pack-wide config over the policies that read each key", () => {
        const perPolicy = toPolicyPackConfig({ maxGpuNodes: 4 }, policies);
        assert.deepEqual(perPolicy, {
            "stack-enforce-node-limits": { maxGpuNodes: 4 },
            "ray-raycluster-enforce-gpu-quota": { maxGpuNodes: 4 },
        });
    });

    describe("the pack config reaches every policy that declares a key", () => {
        interface Reach {
            readonly policy: string;
            readonly config: Record<string, unknown>;
            /** Passes at the defaults, so only the lowered value can make it fail. */
            readonly resources: () => CapturedResource[];
            readonly finding: RegExp;
        }
        const rayAsking12Gpus = () => change(rayCluster(), "spec.workerGroupSpecs.1.maxReplicas", 12);
        // One case per key a policy declares; a key dropped from a configSchema leaves its default
        // in force, which the matching case sees as a finding that never comes.
        const CASES: readonly Reach[] = [
            {
                policy: "stack-enforce-node-limits",
                config: { maxCpuNodes: 12 },
                resources: () => [systemPool(3), cpuPool(6), runnersPool(4)],
                finding: /non-GPU node pools may scale to 13 nodes .*maxCpuNodes = 12/,
            },
            {
                policy: "stack-enforce-node-limits",
                config: { maxGpuNodes: 3 },
                resources: () => [gpuPool(4)],
                finding: /GPU node pools may scale to 4 nodes .*maxGpuNodes = 3/,
            },
            {
                policy: "stack-enforce-node-limits",
                config: { maxRunnerNodes: 3 },
                resources: () => [runnersPool(4)],
                finding: /"runners" node pools may scale to 4 nodes .*maxRunnerNodes = 3/,
            },
            {
                policy: "ray-raycluster-enforce-gpu-quota",
                config: { maxGpuNodes: 3 },
                resources: () => [gpuPool(), rayCluster()],
                finding: /4 in all, above the quota of 3 GPUs/,
            },
            {
                // g5.12xlarge (4 GPUs) sizes the quota to 40 only while it is an allowed type
                policy: "ray-raycluster-enforce-gpu-quota",
                config: { allowedGpuInstanceTypes: ["g6.xlarge"] },
                resources: () => [gpuPool(4, ["g5.12xlarge"]), rayAsking12Gpus()],
                finding: /12 in all, above the quota of 10 GPUs .*no allowed GPU pool found/,
            },
            {
                policy: "eks-nodegroup-enforce-instance-type-allowlist",
                config: { allowedCpuInstanceTypes: ["m6i.large"] },
                resources: () => [cpuPool()],
                finding: /"m6i\.2xlarge", which is not in allowedCpuInstanceTypes/,
            },
            {
                policy: "eks-nodegroup-enforce-instance-type-allowlist",
                config: { allowedGpuInstanceTypes: ["g6.xlarge"] },
                resources: () => [gpuPool()],
                finding: /"g5\.xlarge", which is not in allowedGpuInstanceTypes/,
            },
            {
                policy: "karpenter-nodepool-enforce-instance-type-allowlist",
                config: { allowedCpuInstanceTypes: ["m6i.large"] },
                resources: () => [karpenterCpuPool()],
                finding: /"m6i\.2xlarge", which is not in allowedCpuInstanceTypes/,
            },
            {
                policy: "karpenter-nodepool-enforce-instance-type-allowlist",
                config: { allowedGpuInstanceTypes: ["g6.xlarge"] },
                resources: () => [karpenterGpuPool()],
                finding: /"g5\.xlarge", which is not in allowedGpuInstanceTypes/,
            },
            {
                policy: "eks-cluster-disallow-public-endpoint-from-anywhere",
                config: { minPublicCidrPrefixV4: 25 },
                resources: () => [eksComponent()],
                finding: /203\.0\.113\.0\/24 .* is wider than a \/25/,
            },
            {
                policy: "eks-cluster-disallow-public-endpoint-from-anywhere",
                config: { minPublicCidrPrefixV6: 64 },
                resources: () => [change(eksComponent(), "publicAccessCidrs", ["2001:db8:abcd::/48"])],
                finding: /2001:db8:abcd::\/48 .* is wider than a \/64/,
            },
            {
                policy: "aws-resource-missing-required-tags",
                config: { requiredTags: ["data-classification"] },
                resources: () => [kmsKey()],
                finding: /missing the tags data-classification/,
            },
            {
                policy: "codebuild-project-enforce-private-runner",
                config: { maxCodeBuildTimeoutMinutes: 30 },
                resources: () => [codeBuildProject()],
                finding: /above the limit maxCodeBuildTimeoutMinutes = 30/,
            },
        ];

        it("has a case for each key each policy declares, and for no other", () => {
            const declared = policies.flatMap((p) =>
                Object.keys(p.configSchema?.properties ?? {}).map((key) => `${p.name} ${key}`),
            );
            const cased = CASES.map((c) => `${c.policy} ${Object.keys(c.config)[0]}`);
            assert.deepEqual([...cased].sort(), [...declared].sort());
        });

        for (const c of CASES) {
            const [[key, value]] = Object.entries(c.config);
            it(`gives ${c.policy} the pack's ${key} = ${JSON.stringify(value)}`, () => {
                // GIVEN resources the defaults allow
                assertPasses(run(c.policy, c.resources()));
                // WHEN the pack config lowers the key THEN the policy applies the lowered value
                const result = run(c.policy, c.resources(), { config: c.config });
                assert.equal(result.findings.length, 1, JSON.stringify(result.findings, null, 2));
                assert.match(result.findings[0].message, c.finding);
            });
        }
    });
});
