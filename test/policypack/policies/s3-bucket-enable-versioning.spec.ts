import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, bucketSet, change, resource, run } from "../fixtures";

const POLICY = "s3-bucket-enable-versioning";
const VERSIONING = 3;

/** The bucket set without its BucketVersioning, the bucket carrying `versioning` inline instead. */
function withInlineVersioning(versioning: unknown) {
    const set = bucketSet();
    set.splice(VERSIONING, 1);
    set[0] = change(set[0], "versioning", versioning);
    return set;
}

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

    it("passes a BucketVersioningV2 with status Enabled", () => {
        const set = bucketSet();
        set[VERSIONING] = resource(
            "aws:s3/bucketVersioningV2:BucketVersioningV2",
            "artifacts-versioning",
            set[VERSIONING].inputs,
        );
        assertPasses(run(POLICY, set));
    });

    it("passes a bucket with the deprecated inline versioning enabled", () => {
        assertPasses(run(POLICY, withInlineVersioning({ enabled: true })));
    });

    it("reports a bucket with the deprecated inline versioning disabled", () => {
        assertReported(
            run(POLICY, withInlineVersioning({ enabled: false })),
            "artifacts",
            /does not keep object versions/,
        );
    });

    it("does not report inline versioning that is unknown during preview", () => {
        assertPasses(run(POLICY, withInlineVersioning({ enabled: UNKNOWN_VALUE })));
    });

    it("does not report a bucket without versioning while some BucketVersioning's target is unknown", () => {
        const set = bucketSet();
        set[VERSIONING] = change(set[VERSIONING], "bucket", UNKNOWN_VALUE);
        assertPasses(run(POLICY, set));
    });

    it("reports a bucket whose own versioning is Suspended even while another's target is unknown", () => {
        const set = bucketSet();
        set[VERSIONING] = change(set[VERSIONING], "versioningConfiguration.status", "Suspended");
        const other = resource("aws:s3/bucketVersioning:BucketVersioning", "other-versioning", {
            bucket: UNKNOWN_VALUE,
            versioningConfiguration: { status: "Enabled" },
        });
        assertReported(run(POLICY, [...set, other]), "artifacts", /does not keep object versions/);
    });
});
