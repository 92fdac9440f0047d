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

    it("ignores whitespace around a quantity", () => {
        assert.deepEqual([" 4 ", "\t512Mi\n"].map(parseQuantity), [4, 512 * 2 ** 20]);
    });

    it("parses signed quantities", () => {
        assert.deepEqual(["+2", "-1", "+1Gi"].map(parseQuantity), [2, -1, 2 ** 30]);
    });

    it("parses multi-digit integer parts and fractions without a leading digit", () => {
        assert.deepEqual(["10.5", ".5", ".25Gi", "12.5m"].map(parseQuantity), [
            10.5,
            0.5,
            0.25 * 2 ** 30,
            0.0125,
        ]);
    });

    it("parses signed and multi-digit exponents", () => {
        assert.deepEqual(["1e-3", "2E+2", "1e10"].map(parseQuantity), [0.001, 200, 1e10]);
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
