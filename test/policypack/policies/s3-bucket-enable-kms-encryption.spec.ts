import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, bucketSet, change, resource, run } from "../fixtures";

const POLICY = "s3-bucket-enable-kms-encryption";
const SSE = 1;
const SSE_TYPE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const SSE_V2_TYPE =
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2";
const ALGORITHM = "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm";

/** The bucket set without its separate configuration, the bucket carrying `inline` instead. */
function withInlineRule(inline: unknown) {
    const set = bucketSet();
    set.splice(SSE, 1);
    set[0] = change(set[0], "serverSideEncryptionConfiguration", inline);
    return set;
}

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

    it("passes a configuration that defaults to dual-layer KMS (aws:kms:dsse)", () => {
        const set = bucketSet();
        set[SSE] = change(set[SSE], ALGORITHM, "aws:kms:dsse");
        assertPasses(run(POLICY, set));
    });

    it("passes a configuration registered as the V2 resource type", () => {
        const set = bucketSet();
        set[SSE] = { ...resource(SSE_V2_TYPE, "artifacts-sse", set[SSE].inputs) };
        assertPasses(run(POLICY, set));
    });

    it("passes a configuration whose KMS rule follows another rule", () => {
        const set = bucketSet();
        const kms = set[SSE].inputs.rules as unknown[];
        set[SSE] = change(set[SSE], "rules", [{ bucketKeyEnabled: true }, ...kms]);
        assertPasses(run(POLICY, set));
    });

    it("reports a configuration with no rules", () => {
        const set = bucketSet();
        set[SSE] = change(set[SSE], "rules", undefined);
        assertReported(run(POLICY, set), "artifacts", /no default encryption with KMS/);
    });

    it("does not report rules that are unknown during preview", () => {
        const set = bucketSet();
        set[SSE] = change(set[SSE], "rules", UNKNOWN_VALUE);
        assertPasses(run(POLICY, set));
    });

    it("does not report an algorithm that is unknown during preview", () => {
        const set = bucketSet();
        set[SSE] = change(set[SSE], ALGORITHM, UNKNOWN_VALUE);
        assertPasses(run(POLICY, set));
    });

    it("passes a bucket whose deprecated inline rule defaults to aws:kms", () => {
        const inline = { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } };
        assertPasses(run(POLICY, withInlineRule(inline)));
    });

    it("reports a bucket whose deprecated inline rule uses AES256", () => {
        const inline = { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } };
        assertReported(run(POLICY, withInlineRule(inline)), "artifacts", /no default encryption with KMS/);
    });

    it("does not report an inline rule that is unknown during preview", () => {
        assertPasses(run(POLICY, withInlineRule({ rule: UNKNOWN_VALUE })));
    });

    it("reports a bucket whose own configuration uses AES256 even while another's target is unknown", () => {
        // GIVEN the bucket's configuration is known and not KMS, and some other configuration's bucket is unknown
        const set = bucketSet();
        set[SSE] = change(set[SSE], ALGORITHM, "AES256");
        const other = resource(SSE_TYPE, "other-sse", {
            bucket: UNKNOWN_VALUE,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
        });
        // THEN the known configuration decides
        assertReported(run(POLICY, [...set, other]), "artifacts", /no default encryption with KMS/);
    });

    it("does not report a bucket while a configuration's target is unknown during preview", () => {
        const set = bucketSet();
        set[SSE] = change(set[SSE], "bucket", UNKNOWN_VALUE);
        assertPasses(run(POLICY, set));
    });
});
