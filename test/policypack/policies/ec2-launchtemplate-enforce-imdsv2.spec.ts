import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, launchTemplate, run } from "../fixtures";

const POLICY = "ec2-launchtemplate-enforce-imdsv2";

describe(POLICY, () => {
    it("passes a launch template with required tokens and hop limit 1", () => {
        assertPasses(run(POLICY, [launchTemplate()]));
    });

    it("reports optional tokens (IMDSv1) and says to require them", () => {
        const lt = change(launchTemplate(), "metadataOptions.httpTokens", "optional");
        assertReported(
            run(POLICY, [lt]),
            "gpu-lt",
            /allows IMDSv1 \(httpTokens is "optional"\).*httpTokens: "required"/,
        );
    });

    it("reports a hop limit of 2, which lets pods reach the node's credentials", () => {
        const lt = change(launchTemplate(), "metadataOptions.httpPutResponseHopLimit", 2);
        assertReported(
            run(POLICY, [lt]),
            "gpu-lt",
            /\(httpPutResponseHopLimit is 2\).*httpPutResponseHopLimit: 1/,
        );
    });

    it("reports a missing hop limit, which leaves the AMI's default of 2", () => {
        const lt = change(launchTemplate(), "metadataOptions.httpPutResponseHopLimit", undefined);
        assertReported(run(POLICY, [lt]), "gpu-lt", /httpPutResponseHopLimit/);
    });

    it("reports missing metadataOptions", () => {
        const lt = change(launchTemplate(), "metadataOptions", undefined);
        assertReported(run(POLICY, [lt]), "gpu-lt", /AMI defaults.*Set metadataOptions/);
    });

    it('accepts the hop limit given as the string "1"', () => {
        assertPasses(run(POLICY, [change(launchTemplate(), "metadataOptions.httpPutResponseHopLimit", "1")]));
    });

    it("does not report metadata options that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(launchTemplate(), "metadataOptions", UNKNOWN_VALUE)]));
    });

    it("does not report tokens that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(launchTemplate(), "metadataOptions.httpTokens", UNKNOWN_VALUE)]));
    });

    it("does not report a hop limit that is unknown during preview", () => {
        assertPasses(
            run(POLICY, [change(launchTemplate(), "metadataOptions.httpPutResponseHopLimit", UNKNOWN_VALUE)]),
        );
    });

    it("passes a template that disables the metadata endpoint altogether", () => {
        const lt = change(launchTemplate(), "metadataOptions", { httpEndpoint: "disabled" });
        assertPasses(run(POLICY, [lt]));
    });
});
