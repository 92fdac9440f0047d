/** The price table: complete for the default allowlists, and consistent with how AWS prices families. */
import assert from "node:assert/strict";
import { DEFAULT_PRICES } from "../../../automation/cost/prices";
import { INSTANCE_TYPES } from "../../../policypack/lib/instance-types";
import { DEFAULT_CONFIG } from "../../../policypack/policies/config";

const ALLOWED = [...DEFAULT_CONFIG.allowedCpuInstanceTypes, ...DEFAULT_CONFIG.allowedGpuInstanceTypes];
/** Types AWS does not offer in the region (no row in the source data): reported as unknown, by design. */
const NOT_OFFERED: Record<string, readonly string[]> = {
    "eu-west-1": ["g6.xlarge", "g6.2xlarge", "g6.4xlarge", "g6.12xlarge", "g6e.xlarge", "g6e.2xlarge"],
    "ap-southeast-2": ["g6e.xlarge", "g6e.2xlarge"],
};
const SIZE: Record<string, number> = {
    medium: 0.5,
    large: 1,
    xlarge: 2,
    "2xlarge": 4,
    "4xlarge": 8,
    "8xlarge": 16,
};

describe("price table", () => {
    for (const region of ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"]) {
        it(`prices every instance type of the default allowlists in ${region} that AWS offers there`, () => {
            const prices = DEFAULT_PRICES.regions[region]!;
            const missing = ALLOWED.filter((t) => prices.instanceHour[t] === undefined);
            assert.deepEqual(missing, [...(NOT_OFFERED[region] ?? [])]);
            assert.ok(prices.gp3GbMonth && prices.natGatewayHour && prices.s3StandardGbMonth);
        });
    }

    it("names only catalog instance types, each at a positive price", () => {
        for (const [region, prices] of Object.entries(DEFAULT_PRICES.regions)) {
            for (const [type, price] of Object.entries(prices.instanceHour)) {
                assert.ok(INSTANCE_TYPES[type], `${region}: ${type} is not in the catalog`);
                assert.ok(price > 0, `${region}: ${type} = ${price}`);
            }
        }
    });

    it("prices the general-purpose, compute and memory families linearly in size, as AWS does", () => {
        for (const [region, prices] of Object.entries(DEFAULT_PRICES.regions)) {
            for (const family of ["t3", "m6i", "m7i", "c6i", "c7i", "r6i"]) {
                const sizes = Object.entries(prices.instanceHour).filter(([t]) => t.startsWith(`${family}.`));
                const perLarge = sizes.map(([t, p]) => p / SIZE[t.split(".")[1]!]!);
                for (const x of perLarge)
                    assert.ok(Math.abs(x - perLarge[0]!) < 1e-9, `${region} ${family}: ${perLarge}`);
            }
        }
    });

    it("prices the hand-checked figures of the sources read", () => {
        // Karpenter's us-east-1 table and the per-region rows of the SkyPilot catalog (prices.ts)
        const hour = (region: string, type: string) => DEFAULT_PRICES.regions[region]!.instanceHour[type];
        assert.equal(hour("us-east-1", "m6i.large"), 0.096);
        assert.equal(hour("us-east-1", "g5.xlarge"), 1.006);
        assert.equal(hour("eu-west-1", "m6i.large"), 0.107);
        assert.equal(hour("eu-west-1", "g5.12xlarge"), 6.33167);
        assert.equal(hour("ap-southeast-2", "g5.12xlarge"), 7.37473);
        assert.equal(hour("ap-southeast-2", "r6i.xlarge"), 0.302);
        assert.equal(DEFAULT_PRICES.eksControlPlaneHour, 0.1);
    });
});
