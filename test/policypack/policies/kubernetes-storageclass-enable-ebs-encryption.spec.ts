import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, run, storageClass } from "../fixtures";

const POLICY = "kubernetes-storageclass-enable-ebs-encryption";

describe(POLICY, () => {
    it('passes an EBS CSI StorageClass with encrypted "true"', () => {
        assertPasses(run(POLICY, [storageClass()]));
    });

    it("reports a StorageClass without the encrypted parameter and says to set it", () => {
        const sc = change(storageClass(), "parameters.encrypted", undefined);
        assertReported(run(POLICY, [sc]), "gp3-encrypted", /Set parameters\.encrypted to "true"/);
    });

    it('reports encrypted "false", naming the value', () => {
        const sc = change(storageClass(), "parameters.encrypted", "false");
        assertReported(
            run(POLICY, [sc]),
            "gp3-encrypted",
            /unencrypted EBS volumes \(parameters\.encrypted is "false"\)/,
        );
    });

    it("reports an EBS StorageClass without parameters", () => {
        const sc = change(storageClass(), "parameters", undefined);
        assertReported(
            run(POLICY, [sc]),
            "gp3-encrypted",
            /unencrypted EBS volumes \(parameters\.encrypted is null\)/,
        );
    });

    it("does not report an encrypted parameter that is unknown during preview", () => {
        assertPasses(run(POLICY, [change(storageClass(), "parameters.encrypted", UNKNOWN_VALUE)]));
    });

    it("reports an in-tree kubernetes.io/aws-ebs StorageClass without encryption", () => {
        // GIVEN the provisioner the CSI driver replaced: it takes the same parameters, so the same rule
        const sc = change(
            change(storageClass(), "provisioner", "kubernetes.io/aws-ebs"),
            "parameters.encrypted",
            undefined,
        );
        assertReported(run(POLICY, [sc]), "gp3-encrypted", /unencrypted EBS volumes/);
    });

    it("does not apply to other provisioners", () => {
        const efs = change(change(storageClass(), "provisioner", "efs.csi.aws.com"), "parameters", {});
        assertPasses(run(POLICY, [efs]));
    });

    it("does not report parameters that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(storageClass(), "parameters", UNKNOWN_VALUE)]));
    });
});
