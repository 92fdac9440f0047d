import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, eksCluster, eksComponent, run } from "../fixtures";

const POLICY = "eks-cluster-enable-secrets-encryption";

describe(POLICY, () => {
    describe("eks:index:Cluster", () => {
        it("passes a cluster with encryptionConfigKeyArn set", () => {
            assertPasses(run(POLICY, [eksComponent()]));
        });

        it("reports a cluster without encryptionConfigKeyArn and says to set it", () => {
            // GIVEN the compliant cluster WHEN the key ARN is removed THEN it is reported by name
            const cluster = change(eksComponent(), "encryptionConfigKeyArn", undefined);
            assertReported(run(POLICY, [cluster]), "cluster", /Set encryptionConfigKeyArn/);
        });

        it("reports an empty encryptionConfigKeyArn, which names no key", () => {
            const cluster = change(eksComponent(), "encryptionConfigKeyArn", "");
            assertReported(run(POLICY, [cluster]), "cluster", /Set encryptionConfigKeyArn/);
        });

        it("does not report a key ARN that is unknown during preview", () => {
            assertPasses(run(POLICY, [change(eksComponent(), "encryptionConfigKeyArn", UNKNOWN_VALUE)]));
        });
    });

    describe("aws:eks/cluster:Cluster", () => {
        it("passes a cluster whose encryptionConfig covers secrets with a key", () => {
            assertPasses(run(POLICY, [eksCluster()]));
        });

        it("passes the one-element list form older state holds", () => {
            const cluster = eksCluster();
            const asList = change(cluster, "encryptionConfig", [cluster.inputs.encryptionConfig]);
            assertPasses(run(POLICY, [asList]));
        });

        it("reports a cluster without encryptionConfig and says what to set", () => {
            const cluster = change(eksCluster(), "encryptionConfig", undefined);
            assertReported(
                run(POLICY, [cluster]),
                "cluster-eksCluster",
                /encryptionConfig to \{ resources: \["secrets"\]/,
            );
        });

        it("reports an encryptionConfig that does not cover secrets", () => {
            const cluster = change(eksCluster(), "encryptionConfig.resources", []);
            assertReported(run(POLICY, [cluster]), "cluster-eksCluster", /Set encryptionConfig/);
        });

        it("reports an encryptionConfig without resources, which covers nothing", () => {
            const cluster = change(eksCluster(), "encryptionConfig.resources", undefined);
            assertReported(
                run(POLICY, [cluster]),
                "cluster-eksCluster",
                /does not encrypt Kubernetes Secrets/,
            );
        });

        it("reports an encryptionConfig whose provider has no keyArn", () => {
            const cluster = change(eksCluster(), "encryptionConfig.provider.keyArn", undefined);
            assertReported(
                run(POLICY, [cluster]),
                "cluster-eksCluster",
                /provider: \{ keyArn: <KMS key ARN> \}/,
            );
        });

        it("reports an encryptionConfig without a provider", () => {
            const cluster = change(eksCluster(), "encryptionConfig.provider", undefined);
            assertReported(
                run(POLICY, [cluster]),
                "cluster-eksCluster",
                /provider: \{ keyArn: <KMS key ARN> \}/,
            );
        });

        it("reports an encryptionConfig with an empty key ARN", () => {
            const cluster = change(eksCluster(), "encryptionConfig.provider.keyArn", "");
            assertReported(run(POLICY, [cluster]), "cluster-eksCluster", /keyArn/);
        });

        it("does not report an encryptionConfig that is unknown during preview", () => {
            assertPasses(run(POLICY, [change(eksCluster(), "encryptionConfig", UNKNOWN_VALUE)]));
        });

        it("does not report encrypted resources that are unknown during preview", () => {
            // GIVEN a known key: only the list decides whether secrets are covered
            assertPasses(run(POLICY, [change(eksCluster(), "encryptionConfig.resources", UNKNOWN_VALUE)]));
        });

        it("does not report a key ARN that is unknown during preview", () => {
            // GIVEN secrets covered: only the key decides
            assertPasses(
                run(POLICY, [change(eksCluster(), "encryptionConfig.provider.keyArn", UNKNOWN_VALUE)]),
            );
        });
    });
});
