import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, bucketSet, change, run } from "../fixtures";

const POLICY = "s3-bucket-enforce-tls-only";
const BUCKET_POLICY = 4;

function withStatement(change: (s: Record<string, unknown>) => void) {
    const set = bucketSet();
    const doc = JSON.parse(set[BUCKET_POLICY].inputs.policy as string);
    change(doc.Statement[0]);
    return { set, policy: JSON.stringify(doc) };
}

describe(POLICY, () => {
    it("passes a bucket whose policy denies aws:SecureTransport false", () => {
        assertPasses(run(POLICY, bucketSet()));
    });

    it("reports a bucket without a bucket policy and gives the statement to add", () => {
        const set = bucketSet();
        set.splice(BUCKET_POLICY, 1);
        assertReported(run(POLICY, set), "artifacts", /"aws:SecureTransport": "false"/);
    });

    it("reports a deny that covers only s3:GetObject", () => {
        const { set, policy } = withStatement((s) => {
            s.Action = "s3:GetObject";
        });
        set[BUCKET_POLICY] = change(set[BUCKET_POLICY], "policy", policy);
        assertReported(run(POLICY, set), "artifacts", /accepts requests over plain HTTP/);
    });

    it("does not report a policy document that is unknown during preview", () => {
        const set = bucketSet();
        set[BUCKET_POLICY] = change(set[BUCKET_POLICY], "policy", UNKNOWN_VALUE);
        assertPasses(run(POLICY, set));
    });
});
