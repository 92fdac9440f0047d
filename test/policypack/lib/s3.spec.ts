import assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import { BUCKET_TYPE, indexConfigsByBucket } from "../../../policypack/lib/s3";
import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { urnOf } from "../fixtures";

const PAB_TYPE = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const VERSIONING_TYPE = "aws:s3/bucketVersioning:BucketVersioning";

/**
 * A stack-policy resource built by hand, as pulumi-policy's tests/util.ts does: only the fields
 * indexConfigsByBucket reads are filled in.
 */
function stackResource(
    type: string,
    name: string,
    props: Record<string, unknown>,
    propertyDependencies?: Record<string, PolicyResource[]>,
): PolicyResource {
    const r = { type, name, urn: urnOf(type, name), props, dependencies: [] };
    return (propertyDependencies ? { ...r, propertyDependencies } : r) as unknown as PolicyResource;
}

const bucket = (name = "artifacts", id = `rayops-dev-${name}`) =>
    stackResource(BUCKET_TYPE, name, { bucket: `rayops-dev-${name}`, id });

const namesOf = (list: readonly PolicyResource[]) => list.map((r) => r.name).sort();

describe("policypack/lib/s3", () => {
    it("pairs a bucket with every config that names it, not only the first", () => {
        // GIVEN two public access blocks on the same bucket name
        const a = stackResource(PAB_TYPE, "pab-a", { bucket: "rayops-dev-artifacts" }, {});
        const b = stackResource(PAB_TYPE, "pab-b", { bucket: "rayops-dev-artifacts" }, {});
        // WHEN the configs are indexed
        const index = indexConfigsByBucket([a, b], [PAB_TYPE]);
        // THEN the bucket gets both
        assert.deepEqual(namesOf(index.configsOf(bucket())), ["pab-a", "pab-b"]);
    });

    it("matches a config by the bucket's id when its name differs, as mocks may produce", () => {
        const pab = stackResource(PAB_TYPE, "pab", { bucket: "artifacts-id" }, {});
        const index = indexConfigsByBucket([pab], [PAB_TYPE]);
        assert.deepEqual(namesOf(index.configsOf(bucket("artifacts", "artifacts-id"))), ["pab"]);
    });

    it("pairs a config with the bucket its bucket property came from, whatever the value says", () => {
        // GIVEN a config whose `bucket` value matches neither the name nor the id of the bucket,
        // but whose propertyDependencies record that it came from that bucket
        const target = bucket();
        const pab = stackResource(PAB_TYPE, "pab", { bucket: "renamed-at-deploy" }, { bucket: [target] });
        // WHEN indexed
        const index = indexConfigsByBucket([pab], [PAB_TYPE]);
        // THEN the engine's link decides
        assert.deepEqual(namesOf(index.configsOf(target)), ["pab"]);
        assert.deepEqual(index.configsOf(bucket("other")), []);
    });

    it("lists a config linked both by value and by dependency once", () => {
        const target = bucket();
        const pab = stackResource(PAB_TYPE, "pab", { bucket: "rayops-dev-artifacts" }, { bucket: [target] });
        assert.deepEqual(namesOf(indexConfigsByBucket([pab], [PAB_TYPE]).configsOf(target)), ["pab"]);
    });

    it("reads configs of a resource built without propertyDependencies", () => {
        const pab = stackResource(PAB_TYPE, "pab", { bucket: "rayops-dev-artifacts" });
        assert.deepEqual(namesOf(indexConfigsByBucket([pab], [PAB_TYPE]).configsOf(bucket())), ["pab"]);
    });

    it("indexes only the config types asked for", () => {
        const versioning = stackResource(VERSIONING_TYPE, "v", { bucket: "rayops-dev-artifacts" }, {});
        const index = indexConfigsByBucket([versioning], [PAB_TYPE]);
        assert.deepEqual(index.configsOf(bucket()), []);
    });

    it("flags unknown targets, and only when some config's bucket is unknown", () => {
        const unknown = stackResource(PAB_TYPE, "pab", { bucket: UNKNOWN_VALUE }, {});
        const known = stackResource(PAB_TYPE, "pab", { bucket: "rayops-dev-artifacts" }, {});
        assert.equal(indexConfigsByBucket([unknown], [PAB_TYPE]).hasUnknownTargets, true);
        assert.equal(indexConfigsByBucket([known], [PAB_TYPE]).hasUnknownTargets, false);
        // an unknown target matches no bucket yet
        assert.deepEqual(indexConfigsByBucket([unknown], [PAB_TYPE]).configsOf(bucket()), []);
    });
});
