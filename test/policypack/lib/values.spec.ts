import assert from "node:assert/strict";
import {
    asBool,
    asNumber,
    asRecord,
    asStringArray,
    at,
    isUnknown,
    UNKNOWN,
    UNKNOWN_VALUE,
} from "../../../policypack/lib/values";

describe("policypack/lib/values", () => {
    it("recognises the engine's unknown sentinels and nothing else", () => {
        assert.equal(isUnknown(UNKNOWN_VALUE), true);
        assert.equal(isUnknown("1c4a061d-8072-4f0a-a4cb-0ff528b18fe7"), true);
        assert.equal(isUnknown("e48ece36-62e2-4504-bad9-02848725956a"), true);
        assert.equal(isUnknown("04da6b54-80e4-46f7-96ec-b56ff0331ba8"), false);
        assert.equal(isUnknown(undefined), false);
    });

    it("coerces booleans given as strings or numbers", () => {
        assert.deepEqual([true, "true", "TRUE", "1", 1, false, "false", "0", 0].map(asBool), [
            true,
            true,
            true,
            true,
            true,
            false,
            false,
            false,
            false,
        ]);
    });

    it("returns undefined for absent or non-boolean values and UNKNOWN for unknown ones", () => {
        assert.deepEqual([undefined, null, "yes", 2].map(asBool), [
            undefined,
            undefined,
            undefined,
            undefined,
        ]);
        assert.equal(asBool(UNKNOWN_VALUE), UNKNOWN);
    });

    it("coerces numeric strings", () => {
        assert.deepEqual(["1", " 2 ", 3, "", "x", Number.NaN].map(asNumber), [
            1,
            2,
            3,
            undefined,
            undefined,
            undefined,
        ]);
        assert.equal(asNumber(UNKNOWN_VALUE), UNKNOWN);
    });

    it("parses JSON strings that hold an object, as provider inputs arrive", () => {
        assert.deepEqual(asRecord('{"tags":{"a":"b"}}'), { tags: { a: "b" } });
        assert.equal(asRecord("[1]"), undefined);
        assert.equal(asRecord("{not json"), undefined);
    });

    it("makes a string array unknown when any element is unknown", () => {
        assert.deepEqual(asStringArray(["a", "b"]), ["a", "b"]);
        assert.equal(asStringArray(["a", UNKNOWN_VALUE]), UNKNOWN);
    });

    it("reads nested paths, stopping at absent or unknown steps", () => {
        const obj = { a: { b: { c: 1 } }, u: UNKNOWN_VALUE };
        assert.equal(at(obj, "a", "b", "c"), 1);
        assert.equal(at(obj, "a", "x", "c"), undefined);
        assert.equal(at(obj, "u", "c"), UNKNOWN);
    });
});
