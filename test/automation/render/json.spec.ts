import { strict as assert } from "node:assert";
import { cents, costJson } from "../../../automation/render/json";
import type { CostSection } from "../../../automation/render/report";

describe("--json money (rounded to cents once)", () => {
    it("rounds half away from zero and never prints -0", () => {
        assert.equal(cents(2973.3799999999997), 2973.38);
        assert.equal(cents(0.005), 0.01);
        assert.equal(cents(-0.005), -0.01);
        assert.ok(Object.is(cents(-0.001), 0));
        assert.equal(cents(1.005), 1.01);
    });

    it("rounds every amount of a cost section, lines, delta and base totals included", () => {
        const cost: CostSection = {
            currency: "USD",
            floor: 0.1 + 0.2,
            expected: 2973.3799999999997,
            ceiling: 1e3 / 3,
            lines: [{ item: "gpu", floor: 1 / 3, expected: 2 / 3, ceiling: 10 / 3 }],
            unknown: [],
            priceSource: "test",
            delta: {
                base: "main @ abc",
                floor: 1 / 7,
                expected: -1 / 7,
                ceiling: 0,
                before: { floor: 1 / 9, expected: 2 / 9, ceiling: 4 / 9 },
            },
        };
        const json = JSON.stringify(costJson(cost));
        // GIVEN sums of floats WHEN rendered THEN no number has more than two decimals
        const numbers = json.match(/-?\d+\.\d+/g) ?? [];
        assert.equal(numbers.length, 11);
        for (const n of numbers) assert.match(n, /^-?\d+\.\d{1,2}$/, `${n} in ${json}`);
    });
});
