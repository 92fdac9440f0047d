import assert from "node:assert/strict";
import { parseQuantity } from "../../../policypack/lib/quantity";

describe("policypack/lib/quantity", () => {
    it("parses CPU quantities into cores", () => {
        assert.deepEqual(["500m", "4", "1.5", "0.25", 2].map(parseQuantity), [0.5, 4, 1.5, 0.25, 2]);
    });

    it("parses binary and decimal memory suffixes into bytes", () => {
        assert.deepEqual(["512Mi", "16Gi", "1Ki", "1G", "1k", "1e3"].map(parseQuantity), [
            512 * 2 ** 20,
            16 * 2 ** 30,
            1024,
            1e9,
            1000,
            1000,
        ]);
    });

    it("rejects strings that are not quantities", () => {
        assert.deepEqual(["four", "16GB", "", "1.2.3", undefined].map(parseQuantity), [
            undefined,
            undefined,
            undefined,
            undefined,
            undefined,
        ]);
    });
});
