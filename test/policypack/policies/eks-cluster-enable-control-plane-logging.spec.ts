import assert from "node:assert/strict";
import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, eksCluster, eksComponent, run } from "../fixtures";

const POLICY = "eks-cluster-enable-control-plane-logging";

describe(POLICY, () => {
    it("passes clusters of both types that log all five types", () => {
        assertPasses(run(POLICY, [eksComponent(), eksCluster()]));
    });

    it("reports an eks.Cluster missing the audit log, naming the missing type and the full list to set", () => {
        const cluster = change(eksComponent(), "enabledClusterLogTypes", [
            "api",
            "authenticator",
            "controllerManager",
            "scheduler",
        ]);
        const finding = assertReported(
            run(POLICY, [cluster]),
            "cluster",
            /Set enabledClusterLogTypes to \["api","audit"/,
        );
        assert.match(finding.message, /does not log audit\./);
    });

    it("reports an aws.eks.Cluster without any log types", () => {
        const cluster = change(eksCluster(), "enabledClusterLogTypes", undefined);
        assertReported(
            run(POLICY, [cluster]),
            "cluster-eksCluster",
            /api, audit, authenticator, controllerManager, scheduler/,
        );
    });

    it("does not report log types that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(eksCluster(), "enabledClusterLogTypes", UNKNOWN_VALUE)]));
    });
});
