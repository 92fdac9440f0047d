import * as assert from "node:assert/strict";
import type { CapturedResource } from "../../../automation/plan/types";
import { editKey, ofType, runStack } from "../../support/program";

const ROLE = "aws:iam/role:Role";
const GRANTS = ["aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment"];

/** Resources (other than IAM's own) whose inputs mention `text`. */
function consumersOf(resources: readonly CapturedResource[], text: string): CapturedResource[] {
    return resources.filter(
        (r) => !r.type.startsWith("aws:iam/") && !r.component && JSON.stringify(r.inputs).includes(text),
    );
}

describe("IRSA roles are granted before anything uses them (components/iam/irsa.ts)", () => {
    for (const [label, edit] of [
        ["prod", undefined],
        [
            "dev with Karpenter",
            (c: Record<string, string>) => editKey(c, "addons", (a) => (a.nodeAutoscaler = "karpenter")),
        ],
    ] as const) {
        it(`${label}: every Helm release and add-on that takes an IRSA role waits for the role's policies`, async () => {
            const run = await runStack(label === "prod" ? "prod" : "dev", edit);
            const irsa = ofType(run, ROLE).filter((r) =>
                JSON.stringify(r.inputs.assumeRolePolicy).includes("AssumeRoleWithWebIdentity"),
            );
            assert.ok(irsa.length >= 4, `only ${irsa.length} IRSA roles`);
            let checked = 0;
            for (const role of irsa) {
                const grants = run.resources.filter(
                    (r) => GRANTS.includes(r.type) && r.inputs.role === role.outputs.name,
                );
                assert.ok(grants.length > 0, `${role.name} has no policy`);
                for (const consumer of consumersOf(run.resources, String(role.outputs.arn))) {
                    for (const grant of grants) {
                        assert.ok(
                            (consumer.dependencies ?? []).includes(grant.urn),
                            `${consumer.type} ${consumer.name} can start before ${grant.name} grants ${role.name}`,
                        );
                    }
                    checked++;
                }
            }
            assert.ok(checked >= 4, `only ${checked} consumers checked`);
        });
    }
});
