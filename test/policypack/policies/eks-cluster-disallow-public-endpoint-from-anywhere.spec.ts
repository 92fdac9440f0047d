import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, eksCluster, eksComponent, run } from "../fixtures";

const POLICY = "eks-cluster-disallow-public-endpoint-from-anywhere";

describe(POLICY, () => {
    it("passes a public eks.Cluster limited to listed CIDRs and a private aws.eks.Cluster", () => {
        assertPasses(run(POLICY, [eksComponent(), eksCluster()]));
    });

    it("reports a public endpoint without CIDRs, which AWS opens to 0.0.0.0/0", () => {
        const cluster = change(eksComponent(), "publicAccessCidrs", undefined);
        assertReported(
            run(POLICY, [cluster]),
            "cluster",
            /0\.0\.0\.0\/0.*Set endpointPublicAccess to false, or list/,
        );
    });

    it("reports a public endpoint open to 0.0.0.0/0", () => {
        const cluster = change(eksComponent(), "publicAccessCidrs", ["0.0.0.0/0"]);
        assertReported(run(POLICY, [cluster]), "cluster", /exposes its API endpoint to 0\.0\.0\.0\/0/);
    });

    it("reports an aws.eks.Cluster whose public access is left to the AWS default", () => {
        // GIVEN vpcConfig.endpointPublicAccess unset: AWS enables it, from anywhere
        const cluster = change(eksCluster(), "vpcConfig.endpointPublicAccess", undefined);
        assertReported(run(POLICY, [cluster]), "cluster-eksCluster", /vpcConfig\.publicAccessCidrs/);
    });

    it('reads endpointPublicAccess given as the string "false"', () => {
        assertPasses(run(POLICY, [change(eksCluster(), "vpcConfig.endpointPublicAccess", "false")]));
    });

    it("does not report CIDRs that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(eksComponent(), "publicAccessCidrs", UNKNOWN_VALUE)]));
    });
});
