import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, bucketSet, change, run } from "../fixtures";

const POLICY = "s3-bucket-enable-versioning";
const VERSIONING = 3;

describe(POLICY, () => {
    it("passes a bucket with versioning Enabled", () => {
        assertPasses(run(POLICY, bucketSet()));
    });

    it("reports a bucket without a BucketVersioning and says what to add", () => {
        const set = bucketSet();
        set.splice(VERSIONING, 1);
        assertReported(
            run(POLICY, set),
            "artifacts",
            /Add a BucketVersioning for it with versioningConfiguration: \{ status: "Enabled" \}/,
        );
    });

    it("reports versioning Suspended", () => {
        const set = bucketSet();
        set[VERSIONING] = change(set[VERSIONING], "versioningConfiguration.status", "Suspended");
        assertReported(run(POLICY, set), "artifacts", /does not keep object versions/);
    });

    it("does not report a status that is unknown during preview", () => {
        const set = bucketSet();
        set[VERSIONING] = change(set[VERSIONING], "versioningConfiguration.status", UNKNOWN_VALUE);
        assertPasses(run(POLICY, set));
    });
});
