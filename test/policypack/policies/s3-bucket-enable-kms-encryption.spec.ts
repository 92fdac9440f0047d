import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, bucketSet, change, resource, run } from "../fixtures";

const POLICY = "s3-bucket-enable-kms-encryption";
const SSE = 1;
const SSE_TYPE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";

describe(POLICY, () => {
    it("passes a bucket whose encryption configuration defaults to aws:kms", () => {
        assertPasses(run(POLICY, bucketSet()));
    });

    it("reports a bucket without an encryption configuration and gives the one to add", () => {
        const set = bucketSet();
        set.splice(SSE, 1);
        assertReported(
            run(POLICY, set),
            "artifacts",
            /Add a BucketServerSideEncryptionConfiguration.*sseAlgorithm: "aws:kms"/,
        );
    });

    it("reports a configuration that uses SSE-S3 (AES256) instead of KMS", () => {
        const set = bucketSet();
        set[SSE] = change(set[SSE], "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm", "AES256");
        assertReported(run(POLICY, set), "artifacts", /no default encryption with KMS/);
    });

    it("reports a configuration that targets another bucket", () => {
        const set = bucketSet();
        set[SSE] = change(set[SSE], "bucket", "someone-elses-bucket");
        assertReported(run(POLICY, set), "artifacts", /BucketServerSideEncryptionConfiguration/);
    });

    it("matches a configuration that names the bucket by its id, as mocks may produce", () => {
        const bucket = resource(
            "aws:s3/bucket:Bucket",
            "logs",
            { bucket: "rayops-dev-logs" },
            { outputs: { id: "logs-id" } },
        );
        const sse = resource(SSE_TYPE, "logs-sse", {
            bucket: "logs-id",
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
        });
        assertPasses(run(POLICY, [bucket, sse]));
    });

    it("does not report a bucket while a configuration's target is unknown during preview", () => {
        const set = bucketSet();
        set[SSE] = change(set[SSE], "bucket", UNKNOWN_VALUE);
        assertPasses(run(POLICY, set));
    });
});
