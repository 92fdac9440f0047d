import * as assert from "node:assert/strict";
import { adminEntryConflict, roleOf } from "../../../components/cluster/access";
import { runStack } from "../../support/program";

const ADMIN = "arn:aws:iam::123456789012:role/platform-admin";

describe("cluster admin access (components/cluster/access.ts)", () => {
    it("reads account and role name from role and assumed-role ARNs, paths included", () => {
        assert.deepEqual(roleOf("arn:aws:iam::123456789012:role/ops/platform-admin"), {
            account: "123456789012",
            name: "platform-admin",
        });
        assert.deepEqual(roleOf("arn:aws:sts::123456789012:assumed-role/platform-admin/gha-42"), {
            account: "123456789012",
            name: "platform-admin",
        });
        assert.equal(roleOf("arn:aws:iam::123456789012:user/alice"), undefined);
    });

    it("finds the collision when the deploy session is the admin role (an assumed role has no path)", () => {
        const conflict = adminEntryConflict(
            "arn:aws:sts::123456789012:assumed-role/platform-admin/gha-42",
            "arn:aws:iam::123456789012:role/ops/platform-admin",
        );
        assert.match(
            conflict ?? "",
            /^cluster\.adminRoleArn "arn:aws:iam::123456789012:role\/ops\/platform-admin"/,
        );
        assert.match(conflict ?? "", /ResourceInUseException/);
    });

    it("sees no collision for another role, another account or an IAM user", () => {
        assert.equal(adminEntryConflict("arn:aws:sts::123456789012:assumed-role/deploy/s", ADMIN), undefined);
        assert.equal(
            adminEntryConflict("arn:aws:sts::210987654321:assumed-role/platform-admin/s", ADMIN),
            undefined,
        );
        assert.equal(adminEntryConflict("arn:aws:iam::123456789012:user/platform-admin", ADMIN), undefined);
    });

    it("refuses the stack before the cluster is created when dev deploys as its own admin role", async () => {
        // GIVEN the dev stack (admin role platform-admin) deployed from a platform-admin session
        const run = runStack("dev", undefined, {
            callerArn: "arn:aws:sts::123456789012:assumed-role/platform-admin/alice",
        });
        // THEN the program fails with the reason and the fix, instead of EKS failing after creation
        await assert.rejects(run, /EKS already makes the cluster's creator a cluster admin/);
    });
});
