import assert from "node:assert/strict";
import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, run } from "../fixtures";
import { karpenterNodeClass } from "../karpenter-fixtures";

const POLICY = "karpenter-ec2nodeclass-enforce-imdsv2";

describe(POLICY, () => {
    it("passes an EC2NodeClass that requires tokens with hop limit 1", () => {
        assertPasses(run(POLICY, [karpenterNodeClass()]));
    });

    it("reports optional IMDS tokens", () => {
        const nodeClass = change(karpenterNodeClass(), "spec.metadataOptions.httpTokens", "optional");
        assertReported(
            run(POLICY, [nodeClass]),
            "gpu-nodeclass",
            /httpTokens = "optional"\. Set it to "required"/,
        );
    });

    it("reports a hop limit of 2, which lets pods reach the metadata service", () => {
        const nodeClass = change(karpenterNodeClass(), "spec.metadataOptions.httpPutResponseHopLimit", 2);
        assertReported(
            run(POLICY, [nodeClass]),
            "gpu-nodeclass",
            /httpPutResponseHopLimit = 2\. Set it to 1/,
        );
    });

    it("reports missing metadata options, naming both fields as missing", () => {
        // GIVEN no metadataOptions: required explicitly, so a chart default cannot loosen them
        const nodeClass = change(karpenterNodeClass(), "spec.metadataOptions", undefined);
        const messages = run(POLICY, [nodeClass]).findings.map((f) => f.message);
        assert.equal(messages.length, 2, JSON.stringify(messages));
        assert.match(messages[0], /httpTokens = \(missing\)\. Set it to "required"/);
        assert.match(messages[1], /httpPutResponseHopLimit = \(missing\)\. Set it to 1/);
    });

    it("does not report metadata options that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(karpenterNodeClass(), "spec.metadataOptions", UNKNOWN_VALUE)]));
    });
});
