/**
 * A new stack's real preview: ids, ARNs, endpoints and the OIDC issuer are unknown until the
 * update creates them. The program must still run, and the policy pack must neither fail on an
 * unknown nor call one a violation (policypack/lib/values.ts: a reader returns UNKNOWN and the
 * policy passes over it; the update's own policy run sees the real value).
 */
import { strict as assert } from "node:assert";
import { evaluatePolicies } from "../../../automation/plan/evaluate";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { editKey, named, runStack } from "../../support/program";

const PREVIEW = { preview: true } as const;

const STACKS: ReadonlyArray<[string, string, ((c: Record<string, string>) => void) | undefined]> = [
    ["dev", "dev", undefined],
    ["prod", "prod", undefined],
    ["prod with Karpenter", "prod", (c) => editKey(c, "addons", (a) => (a.nodeAutoscaler = "karpenter"))],
];

describe("a new stack's preview, where the cloud's values are unknown (stand-in cloud: mocks answer as a preview)", () => {
    for (const [label, stack, edit] of STACKS) {
        describe(label, () => {
            let run: OfflineProgramRun;
            before(async () => {
                run = await runStack(stack, edit, PREVIEW);
            });

            it("runs the program to the end with the same resources as an update", async () => {
                const update = await runStack(stack, edit);
                assert.deepEqual(
                    run.resources.map((r) => r.urn).sort(),
                    update.resources.map((r) => r.urn).sort(),
                );
            });

            it("really leaves the cloud's values unknown (the node role ARN, the data key, the OIDC issuer)", () => {
                const text = JSON.stringify(run.resources.map((r) => r.inputs));
                assert.ok(text.includes(UNKNOWN_VALUE), "no unknown value reached any input");
                const lt = run.resources.find((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate");
                assert.ok(lt, "no launch template");
                const [mapping] = lt.inputs.blockDeviceMappings as { ebs: Record<string, unknown> }[];
                assert.equal(mapping.ebs.kmsKeyId, UNKNOWN_VALUE);
                const trust = run.resources.find(
                    (r) => r.type === "aws:iam/role:Role" && r.name.endsWith("-vpc-cni"),
                );
                assert.equal(trust?.inputs.assumeRolePolicy, UNKNOWN_VALUE);
            });

            it("finds no mandatory violation and no policy fails on an unknown", () => {
                const result = evaluatePolicies(run.resources);
                assert.deepEqual(
                    result.findings.filter((f) => f.enforcementLevel === "mandatory"),
                    [],
                );
                assert.ok(result.counts.policies >= 26);
            });

            it("still sees what is known at preview: the EKS cluster's private endpoint", () => {
                const cluster = named(run, "eks:index:Cluster", `rayops-${stack}-eks`);
                assert.equal(cluster.inputs.endpointPrivateAccess, true);
            });
        });
    }
});
