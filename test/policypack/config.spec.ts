import assert from "node:assert/strict";
import { isGpuInstanceType } from "../../policypack/lib/instance-types";
import {
    configSchemaFor,
    DEFAULT_CONFIG,
    readConfig,
    resolvePackConfig,
    toPolicyPackConfig,
} from "../../policypack/policies/config";
import { policies } from "../../policypack/policies/index";

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
            /unknown key "maxGpuNode"; allowed keys: maxCpuNodes/,
        );
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
});
