import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, launchTemplate, run } from "../fixtures";

const POLICY = "ec2-launchtemplate-enable-volume-encryption";

describe(POLICY, () => {
    it('passes a root volume with encrypted "true"', () => {
        assertPasses(run(POLICY, [launchTemplate()]));
    });

    it('reports encrypted "false", naming the device and the value', () => {
        const lt = change(launchTemplate(), "blockDeviceMappings.0.ebs.encrypted", "false");
        assertReported(
            run(POLICY, [lt]),
            "gpu-lt",
            /\/dev\/xvda unencrypted \(ebs\.encrypted is "false"\).*encrypted: "true"/,
        );
    });

    it("says so when the unencrypted mapping names no device", () => {
        const lt = change(
            change(launchTemplate(), "blockDeviceMappings.0.ebs.encrypted", "false"),
            "blockDeviceMappings.0.deviceName",
            undefined,
        );
        assertReported(run(POLICY, [lt]), "gpu-lt", /leaves volume \(no deviceName\) unencrypted/);
    });

    it("reports a mapping whose ebs is null, as unencrypted", () => {
        const lt = change(launchTemplate(), "blockDeviceMappings.0.ebs", null);
        assertReported(run(POLICY, [lt]), "gpu-lt", /\/dev\/xvda unencrypted \(ebs\.encrypted is null\)/);
    });

    it("passes an instance-store mapping beside the encrypted root volume", () => {
        // GIVEN an ephemeral (instance store) device: no EBS volume, so nothing for ebs.encrypted to say
        const lt = change(launchTemplate(), "blockDeviceMappings.1", {
            deviceName: "/dev/sdb",
            virtualName: "ephemeral0",
        });
        assertPasses(run(POLICY, [lt]));
    });

    it("reports a template whose only mapping is an instance store, leaving the AMI's root volume", () => {
        const lt = change(launchTemplate(), "blockDeviceMappings", [
            { deviceName: "/dev/sdb", virtualName: "ephemeral0" },
        ]);
        assertReported(run(POLICY, [lt]), "gpu-lt", /maps no EBS volume/);
    });

    it("ignores a mapping entry that is not an object", () => {
        const lt = change(launchTemplate(), "blockDeviceMappings.1", null);
        assertPasses(run(POLICY, [lt]));
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

    for (const [what, path] of [
        ["mappings", "blockDeviceMappings"],
        ["a mapping", "blockDeviceMappings.0"],
        ["a mapping's ebs", "blockDeviceMappings.0.ebs"],
    ]) {
        it(`does not report ${what} unknown during preview`, () => {
            assertPasses(run(POLICY, [change(launchTemplate(), path, UNKNOWN_VALUE)]));
        });
    }

    it("does not report a mapping list that only the deployment will fill in", () => {
        assertPasses(run(POLICY, [change(launchTemplate(), "blockDeviceMappings", [UNKNOWN_VALUE])]));
    });

    it("does not report encryption that is unknown during preview", () => {
        assertPasses(
            run(POLICY, [change(launchTemplate(), "blockDeviceMappings.0.ebs.encrypted", UNKNOWN_VALUE)]),
        );
    });
});
