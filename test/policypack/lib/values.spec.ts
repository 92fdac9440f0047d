import assert from "node:assert/strict";
import {
    asBool,
    asNumber,
    asRecord,
    asString,
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

    it("recognises each of the seven sentinels, one per kind of value", () => {
        // GIVEN the sentinels for boolean, number, string, array, asset, archive and object
        const sentinels = [
            "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
            "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
            "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
            "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
            "030794c1-ac77-496b-92df-f27374a8bd58",
            "e48ece36-62e2-4504-bad9-02848725956a",
            "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
        ];
        // THEN a value of any kind that is unknown during preview reads as unknown
        assert.deepEqual(
            sentinels.map(isUnknown),
            sentinels.map(() => true),
        );
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

    it("ignores whitespace around a boolean string", () => {
        assert.deepEqual([" true ", "\tFALSE\n", " 1", "0 "].map(asBool), [true, false, true, false]);
    });

    it("reads objects and arrays as no boolean", () => {
        assert.deepEqual([{}, ["true"]].map(asBool), [undefined, undefined]);
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

    it("reads a blank string, a boolean or an object as no number", () => {
        // GIVEN values Number() would turn into 0 or 1
        assert.deepEqual(["   ", true, {}, []].map(asNumber), [undefined, undefined, undefined, undefined]);
    });

    it("reads strings as is and numbers and booleans as their text", () => {
        assert.deepEqual(["gp3", 8, false, true].map(asString), ["gp3", "8", "false", "true"]);
        assert.equal(asString(UNKNOWN_VALUE), UNKNOWN);
    });

    it("reads objects, arrays and null as no string", () => {
        assert.deepEqual([{}, ["a"], null].map(asString), [undefined, undefined, undefined]);
    });

    it("parses JSON strings that hold an object, as provider inputs arrive", () => {
        assert.deepEqual(asRecord('{"tags":{"a":"b"}}'), { tags: { a: "b" } });
        assert.equal(asRecord("[1]"), undefined);
        assert.equal(asRecord("{not json"), undefined);
    });

    it("parses a JSON object string with whitespace around it", () => {
        assert.deepEqual(asRecord(' \n{"region":"eu-west-1"} '), { region: "eu-west-1" });
    });

    it("makes a string array unknown when any element is unknown", () => {
        assert.deepEqual(asStringArray(["a", "b"]), ["a", "b"]);
        assert.equal(asStringArray(["a", UNKNOWN_VALUE]), UNKNOWN);
    });

    it("drops array elements that are not strings, numbers or booleans", () => {
        // GIVEN a list mixing strings, a number, null and an object
        assert.deepEqual(asStringArray(["a", 2, null, { b: 1 }, "c"]), ["a", "2", "c"]);
    });

    it("reads nested paths, stopping at absent or unknown steps", () => {
        const obj = { a: { b: { c: 1 } }, u: UNKNOWN_VALUE };
        assert.equal(at(obj, "a", "b", "c"), 1);
        assert.equal(at(obj, "a", "x", "c"), undefined);
        assert.equal(at(obj, "u", "c"), UNKNOWN);
    });
});
