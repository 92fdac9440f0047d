import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, bucketSet, change, run } from "../fixtures";

const POLICY = "s3-bucket-disallow-public-access";
const PAB = 2;

describe(POLICY, () => {
    it("passes a bucket with all four public access block settings true", () => {
        assertPasses(run(POLICY, bucketSet()));
    });

    it("reports a bucket without a public access block and lists the settings to add", () => {
        const set = bucketSet();
        set.splice(PAB, 1);
        assertReported(
            run(POLICY, set),
            "artifacts",
            /Add a BucketPublicAccessBlock for it with blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true/,
        );
    });

    it("reports a block with restrictPublicBuckets false, naming the setting", () => {
        const set = bucketSet();
        set[PAB] = change(set[PAB], "restrictPublicBuckets", false);
        assertReported(run(POLICY, set), "artifacts", /with restrictPublicBuckets not true/);
    });

    it("reports a public-read ACL on the bucket", () => {
        const set = bucketSet();
        set[0] = change(set[0], "acl", "public-read");
        assertReported(run(POLICY, set), "artifacts", /public ACL "public-read"\. Remove acl/);
    });

    it('accepts settings given as the string "true"', () => {
        const set = bucketSet();
        set[PAB] = change(set[PAB], "blockPublicPolicy", "true");
        assertPasses(run(POLICY, set));
    });

    it("does not report a setting that is unknown during preview", () => {
        const set = bucketSet();
        set[PAB] = change(set[PAB], "blockPublicPolicy", UNKNOWN_VALUE);
        assertPasses(run(POLICY, set));
    });
});
