import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, launchTemplate, run } from "../fixtures";

const POLICY = "ec2-launchtemplate-enable-volume-encryption";

describe(POLICY, () => {
    it('passes a root volume with encrypted "true"', () => {
        assertPasses(run(POLICY, [launchTemplate()]));
    });

    it('reports encrypted "false" and names the device', () => {
        const lt = change(launchTemplate(), "blockDeviceMappings.0.ebs.encrypted", "false");
        assertReported(run(POLICY, [lt]), "gpu-lt", /\/dev\/xvda unencrypted.*encrypted: "true"/);
    });

    it("reports a mapping without encrypted", () => {
        const lt = change(launchTemplate(), "blockDeviceMappings.0.ebs.encrypted", undefined);
        assertReported(run(POLICY, [lt]), "gpu-lt", /Set ebs: \{ encrypted: "true"/);
    });

    it("reports a template that maps no volume, leaving the AMI's unencrypted root", () => {
        const lt = change(launchTemplate(), "blockDeviceMappings", undefined);
        assertReported(run(POLICY, [lt]), "gpu-lt", /Add a blockDeviceMappings entry for the root device/);
    });

    it("accepts encrypted given as a boolean", () => {
        assertPasses(run(POLICY, [change(launchTemplate(), "blockDeviceMappings.0.ebs.encrypted", true)]));
    });

    it("does not report encryption that is unknown during preview", () => {
        assertPasses(
            run(POLICY, [change(launchTemplate(), "blockDeviceMappings.0.ebs.encrypted", UNKNOWN_VALUE)]),
        );
    });
});
