import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, launchTemplate, run } from "../fixtures";

const POLICY = "ec2-launchtemplate-disallow-public-ip";

describe(POLICY, () => {
    it('passes associatePublicIpAddress "false"', () => {
        assertPasses(run(POLICY, [launchTemplate()]));
    });

    it('reports associatePublicIpAddress "true" and says to remove it', () => {
        const lt = change(launchTemplate(), "networkInterfaces.0.associatePublicIpAddress", "true");
        assertReported(run(POLICY, [lt]), "gpu-lt", /networkInterfaces\[0\].*Set it to "false" or remove it/);
    });

    it("reports associatePublicIpAddress given as a boolean true", () => {
        const lt = change(launchTemplate(), "networkInterfaces.0.associatePublicIpAddress", true);
        assertReported(run(POLICY, [lt]), "gpu-lt", /public IP/);
    });

    it("passes a template without network interfaces", () => {
        assertPasses(run(POLICY, [change(launchTemplate(), "networkInterfaces", undefined)]));
    });

    it("does not report network interfaces that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(launchTemplate(), "networkInterfaces", UNKNOWN_VALUE)]));
    });

    it("does not report a value that is unknown during preview", () => {
        const lt = change(launchTemplate(), "networkInterfaces.0.associatePublicIpAddress", UNKNOWN_VALUE);
        assertPasses(run(POLICY, [lt]));
    });
});
