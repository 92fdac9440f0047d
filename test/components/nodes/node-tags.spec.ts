import { strict as assert } from "node:assert";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import { editKey, ofType, runStack } from "../../support/program";

const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";

/** Runs dev (with `edit`) as the workflow would for commit `sha`. */
async function atCommit(sha: string, edit: (c: Record<string, string>) => void): Promise<OfflineProgramRun> {
    const before = process.env.GITHUB_SHA;
    process.env.GITHUB_SHA = sha;
    try {
        return await runStack("dev", edit);
    } finally {
        if (before === undefined) delete process.env.GITHUB_SHA;
        else process.env.GITHUB_SHA = before;
    }
}

const inputsOf = (run: OfflineProgramRun, type: string) =>
    ofType(run, type).map((r) => [r.name, r.inputs.tagSpecifications ?? r.inputs.spec]);

describe("a new commit replaces no node (the commit tag stays off what nodes launch from)", () => {
    for (const [label, edit] of [
        ["managed node groups", (_c: Record<string, string>) => {}],
        [
            "Karpenter",
            (c: Record<string, string>) => editKey(c, "addons", (a) => (a.nodeAutoscaler = "karpenter")),
        ],
    ] as const) {
        it(`${label}: the same launch templates and EC2NodeClasses at two commits`, async () => {
            const a = await atCommit("a".repeat(40), edit);
            const b = await atCommit("b".repeat(40), edit);
            // The provider's default tags do follow the commit…
            const [providerA] = ofType(a, "pulumi:providers:aws").filter((p) => p.urn.includes("::rayops::"));
            const [providerB] = ofType(b, "pulumi:providers:aws").filter((p) => p.urn.includes("::rayops::"));
            assert.notDeepEqual(providerA.inputs.defaultTags, providerB.inputs.defaultTags);
            // …but nothing a node is launched from changes
            const type = label === "Karpenter" ? NODE_CLASS : LAUNCH_TEMPLATE;
            assert.ok(ofType(a, type).length > 0, `no ${type}`);
            assert.deepEqual(inputsOf(a, type), inputsOf(b, type));
        });
    }
});
