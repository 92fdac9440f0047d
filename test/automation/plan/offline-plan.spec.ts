/**
 * The offline plan end to end: the real program, the real policy pack, the stack files — and
 * seeded bad configs that each must be caught by the right policy.
 */
import assert from "node:assert/strict";
import { runOfflinePlan } from "../../../automation/plan/offline-plan";
import { readStackFile } from "../../../automation/plan/stack-file";
import { REPO_ROOT } from "../../support/program";

type Overrides = Record<string, string | null>;

/** A stack file's config with one structured key changed, as `configOverrides`. */
// biome-ignore lint/suspicious/noExplicitAny: seeds reach into arbitrary config shapes
async function withChange(stack: string, key: string, change: (v: any) => void): Promise<Overrides> {
    const value = JSON.parse(readStackFile(REPO_ROOT, stack).config[`rayops:${key}`]);
    change(value);
    return { [`rayops:${key}`]: JSON.stringify(value) };
}

function mandatory(plan: Awaited<ReturnType<typeof runOfflinePlan>>) {
    return plan.report.policy.findings.filter((f) => f.enforcementLevel === "mandatory");
}

describe("offline plan", () => {
    for (const stack of ["dev", "prod"]) {
        it(`passes every mandatory policy for the committed ${stack} stack`, async () => {
            // GIVEN the stack file as committed WHEN planned offline
            const plan = await runOfflinePlan({ cwd: REPO_ROOT, stack });
            // THEN no mandatory finding, and the pack really ran
            assert.deepEqual(mandatory(plan), []);
            assert.ok(plan.report.policy.policiesRun >= 20);
        });

        it(`lists every custom resource the program registers for ${stack}`, async () => {
            const plan = await runOfflinePlan({ cwd: REPO_ROOT, stack });
            const registered = plan.resources.filter(
                (r) => !r.isProvider && r.type !== "pulumi:pulumi:Stack",
            );
            assert.equal(plan.report.resources.length, registered.length);
            const urns = new Set(plan.report.resources.map((r) => r.urn));
            for (const r of registered) assert.ok(urns.has(r.urn), `${r.urn} missing from the report`);
        });
    }

    const seeded: Array<{ what: string; policy: string; overrides: () => Promise<Overrides> }> = [
        {
            what: "a GPU pool of 12 nodes",
            policy: "stack-enforce-node-limits",
            overrides: () => withChange("dev", "nodePools", (p) => (p.gpu.maxSize = 12)),
        },
        {
            what: "an unencrypted root volume",
            policy: "ec2-launchtemplate-enable-volume-encryption",
            overrides: () => withChange("dev", "nodePools", (p) => (p.cpu.encryptRootVolume = false)),
        },
        {
            what: "a public API endpoint open to everywhere",
            policy: "eks-cluster-disallow-public-endpoint-from-anywhere",
            overrides: () => withChange("dev", "cluster", (c) => (c.publicAccessCidrs = ["0.0.0.0/0"])),
        },
        {
            what: "a missing cost-center tag",
            policy: "aws-resource-missing-required-tags",
            overrides: async () => ({ "rayops:costCenter": null }),
        },
        {
            what: "an instance type outside the allowlist",
            policy: "eks-nodegroup-enforce-instance-type-allowlist",
            overrides: () => withChange("dev", "nodePools", (p) => (p.gpu.instanceTypes = ["p4d.24xlarge"])),
        },
    ];
    for (const s of seeded) {
        it(`catches ${s.what} with ${s.policy}`, async () => {
            // GIVEN the dev stack with one seeded problem
            const overrides = await s.overrides();
            // WHEN planned offline
            const plan = await runOfflinePlan({ cwd: REPO_ROOT, stack: "dev", configOverrides: overrides });
            // THEN the right policy reports it as mandatory, naming a resource
            const hits = mandatory(plan).filter((f) => f.policy === s.policy);
            assert.ok(hits.length > 0, `expected ${s.policy}; got ${JSON.stringify(mandatory(plan))}`);
            assert.ok(hits.every((f) => f.message.length > 20));
        });
    }
});
