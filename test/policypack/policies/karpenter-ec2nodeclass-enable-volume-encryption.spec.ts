import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, run } from "../fixtures";
import { karpenterNodeClass } from "../karpenter-fixtures";

const POLICY = "karpenter-ec2nodeclass-enable-volume-encryption";

describe(POLICY, () => {
    it("passes an EC2NodeClass whose root volume is encrypted", () => {
        assertPasses(run(POLICY, [karpenterNodeClass()]));
    });

    it("reports an unencrypted block device", () => {
        const nodeClass = change(karpenterNodeClass(), "spec.blockDeviceMappings.0.ebs.encrypted", false);
        assertReported(
            run(POLICY, [nodeClass]),
            "gpu-nodeclass",
            /\/dev\/xvda unencrypted.*ebs\.encrypted: true/,
        );
    });

    it("names a block device without deviceName by its position", () => {
        // GIVEN the encrypted root and a second device that names no device and sets no encryption
        const nodeClass = change(karpenterNodeClass(), "spec.blockDeviceMappings.1", {
            ebs: { volumeSize: "50Gi" },
        });
        assertReported(run(POLICY, [nodeClass]), "gpu-nodeclass", /leaves block device #1 unencrypted/);
    });

    it("does not report block devices that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(karpenterNodeClass(), "spec.blockDeviceMappings", UNKNOWN_VALUE)]));
    });

    it("does not report encryption that is unknown during preview", () => {
        assertPasses(
            run(POLICY, [
                change(karpenterNodeClass(), "spec.blockDeviceMappings.0.ebs.encrypted", UNKNOWN_VALUE),
            ]),
        );
    });

    it("reports an EC2NodeClass that declares no block devices", () => {
        const nodeClass = change(karpenterNodeClass(), "spec.blockDeviceMappings", undefined);
        assertReported(run(POLICY, [nodeClass]), "gpu-nodeclass", /declares no spec\.blockDeviceMappings/);
    });

    it("reports an EC2NodeClass with an empty blockDeviceMappings list, which leaves the AMI's defaults", () => {
        const nodeClass = change(karpenterNodeClass(), "spec.blockDeviceMappings", []);
        assertReported(run(POLICY, [nodeClass]), "gpu-nodeclass", /declares no spec\.blockDeviceMappings/);
    });
});
