import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, bucketSet, change, resource, run } from "../fixtures";

const POLICY = "s3-bucket-disallow-public-access";
const PAB = 2;
const PAB_TYPE = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";

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
            /has no public access block\. Add a BucketPublicAccessBlock for it with blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true/,
        );
    });

    it("reports a block with restrictPublicBuckets false, naming the setting", () => {
        const set = bucketSet();
        set[PAB] = change(set[PAB], "restrictPublicBuckets", false);
        assertReported(run(POLICY, set), "artifacts", /with restrictPublicBuckets not true/);
    });

    for (const acl of ["public-read", "public-read-write", "authenticated-read"]) {
        it(`reports a ${acl} ACL on the bucket, naming it`, () => {
            const set = bucketSet();
            set[0] = change(set[0], "acl", acl);
            assertReported(run(POLICY, set), "artifacts", new RegExp(`public ACL "${acl}"\\. Remove acl`));
        });
    }

    it("passes a bucket with the private ACL", () => {
        const set = bucketSet();
        set[0] = change(set[0], "acl", "private");
        assertPasses(run(POLICY, set));
    });

    it("lists every setting that is not true, comma-separated", () => {
        const set = bucketSet();
        set[PAB] = change(change(set[PAB], "blockPublicAcls", false), "restrictPublicBuckets", undefined);
        assertReported(
            run(POLICY, set),
            "artifacts",
            /with blockPublicAcls, restrictPublicBuckets not true\. Add/,
        );
    });

    it("passes a bucket with an incomplete block when a second block for it is complete", () => {
        const set = bucketSet();
        const partial = change(
            resource(PAB_TYPE, "artifacts-pab-old", set[PAB].inputs),
            "blockPublicPolicy",
            false,
        );
        assertPasses(run(POLICY, [...set, partial]));
    });

    it("lists only the settings that no block of the bucket sets true", () => {
        // GIVEN two incomplete blocks: one leaves off blockPublicAcls and restrictPublicBuckets,
        // the other only restrictPublicBuckets
        const set = bucketSet();
        set[PAB] = change(change(set[PAB], "blockPublicAcls", false), "restrictPublicBuckets", false);
        const other = change(
            resource(PAB_TYPE, "artifacts-pab-2", bucketSet()[PAB].inputs),
            "restrictPublicBuckets",
            false,
        );
        // THEN only restrictPublicBuckets is named: the other block sets blockPublicAcls
        assertReported(
            run(POLICY, [...set, other]),
            "artifacts",
            /with restrictPublicBuckets not true\. Add/,
        );
    });

    it("does not report a bucket without a block while some block's target is unknown", () => {
        const set = bucketSet();
        set[PAB] = change(set[PAB], "bucket", UNKNOWN_VALUE);
        assertPasses(run(POLICY, set));
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
