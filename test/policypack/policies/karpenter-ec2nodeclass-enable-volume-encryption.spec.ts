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

    it("reports an EC2NodeClass that declares no block devices", () => {
        const nodeClass = change(karpenterNodeClass(), "spec.blockDeviceMappings", undefined);
        assertReported(run(POLICY, [nodeClass]), "gpu-nodeclass", /declares no spec\.blockDeviceMappings/);
    });

    it("reports an EC2NodeClass with an empty blockDeviceMappings list, which leaves the AMI's defaults", () => {
        const nodeClass = change(karpenterNodeClass(), "spec.blockDeviceMappings", []);
        assertReported(run(POLICY, [nodeClass]), "gpu-nodeclass", /declares no spec\.blockDeviceMappings/);
    });
});
