import assert from "node:assert/strict";
import { mergedTags, missingTags } from "../../../policypack/lib/tags";
import { UNKNOWN, UNKNOWN_VALUE } from "../../../policypack/lib/values";

describe("policypack/lib/tags", () => {
    it("merges resource tags over the provider's default tags", () => {
        const provider = { props: { defaultTags: { tags: { owner: "platform", environment: "dev" } } } };
        assert.deepEqual(mergedTags({ owner: "ml" }, provider), { owner: "ml", environment: "dev" });
    });

    it("is unknown when the provider's default tags are unknown", () => {
        assert.equal(mergedTags({}, { props: { defaultTags: UNKNOWN_VALUE } }), UNKNOWN);
    });

    it("is unknown when the tags inside the provider's default tags are unknown", () => {
        // GIVEN defaultTags known as an object but its tags map computed during preview
        assert.equal(mergedTags({}, { props: { defaultTags: { tags: UNKNOWN_VALUE } } }), UNKNOWN);
    });

    it("counts a tag with an unknown value as present and an empty one as missing", () => {
        assert.deepEqual(missingTags({ a: UNKNOWN_VALUE, b: "" }, ["a", "b", "c"]), ["b", "c"]);
    });

    it("counts a null tag value as missing", () => {
        assert.deepEqual(missingTags({ owner: null }, ["owner"]), ["owner"]);
    });

    it("counts a tag with a blank value as missing", () => {
        assert.deepEqual(missingTags({ owner: "  " }, ["owner"]), ["owner"]);
    });

    it("counts a tag given as a number or boolean as present", () => {
        // GIVEN values from YAML config that the provider turns into text
        assert.deepEqual(
            missingTags({ "cost-center": 4711, managed: false }, ["cost-center", "managed"]),
            [],
        );
    });
});
