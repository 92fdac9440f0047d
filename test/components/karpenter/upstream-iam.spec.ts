/**
 * Karpenter's AWS permissions against upstream's getting-started template at the chart version
 * the stacks pin (test/fixtures/upstream/karpenter-v<version>-controller-iam.json): a missing
 * action fails only at run time, on the first launch or the first deleted EC2NodeClass.
 */
import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { readStackFile } from "../../../automation/plan/stack-file";
import { parsePlatformConfig } from "../../../components/config/parse";
import { rawConfigFromPulumi } from "../../../components/config/raw";
import { NODE_POLICY_ARNS } from "../../../components/iam/node-role";
import {
    INTERRUPTION_EVENTS,
    KARPENTER_NODE_EXTRA_POLICY_ARNS,
    karpenterControllerPolicy,
} from "../../../components/karpenter/iam";
import { karpenterValues, nodeClassManifest } from "../../../components/karpenter/manifest";
import { committedConfig, readWhileCollecting } from "../../support/committed-config";
import { REPO_ROOT, STACKS } from "../../support/program";

type Condition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

interface Statement {
    readonly Sid?: string;
    readonly Action: string | readonly string[];
    readonly Resource: string | readonly string[];
    readonly Condition?: Condition;
}

interface Reference {
    readonly tag: string;
    readonly statements: readonly {
        readonly sid: string;
        readonly actions: readonly string[];
        readonly resources: readonly string[];
        readonly condition?: Condition;
    }[];
    readonly excluded: readonly { readonly action: string; readonly why: string }[];
    readonly rayopsAdditions: readonly { readonly actions: readonly string[]; readonly why: string }[];
    readonly nodeRole: {
        readonly managedPolicyArns: readonly string[];
        readonly excluded: readonly { readonly policyArn: string; readonly why: string }[];
    };
    readonly interruptionRules: readonly { readonly name: string; readonly eventPattern: unknown }[];
}

const FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "upstream");
const list = (v: string | readonly string[]): readonly string[] => (typeof v === "string" ? [v] : v);

function chartVersion(stack: string): string {
    const file = readStackFile(REPO_ROOT, stack);
    return parsePlatformConfig(rawConfigFromPulumi(file.config), { stack }).addons.karpenter.chartVersion;
}

function reference(version: string): Reference {
    const file = path.join(FIXTURES, `karpenter-v${version}-controller-iam.json`);
    if (!existsSync(file)) {
        throw new Error(
            `no upstream IAM fixture for Karpenter ${version} (${file}): read the getting-started ` +
                "cloudformation.yaml of aws/karpenter-provider-aws at that tag and add it",
        );
    }
    return JSON.parse(readFileSync(file, "utf8")) as Reference;
}

// GIVEN the policy for a sample cluster, and upstream's template with the same values substituted
const CLUSTER = {
    clusterName: "rayops-dev",
    region: "us-west-2",
    accountId: "123456789012",
    queueArn: "arn:aws:sqs:us-west-2:123456789012:rayops-dev-karpenter",
    nodeRoleArn: "arn:aws:iam::123456789012:role/rayops-dev-karpenter-node",
    dataKeyArn: "arn:aws:kms:us-west-2:123456789012:key/data",
};
const PLACEHOLDERS: Readonly<Record<string, string>> = {
    "${AWS::Partition}": "aws",
    "${AWS::Region}": CLUSTER.region,
    "${AWS::AccountId}": CLUSTER.accountId,
    "${ClusterName}": CLUSTER.clusterName,
    "${KarpenterNodeRole.Arn}": CLUSTER.nodeRoleArn,
    "${KarpenterInterruptionQueue.Arn}": CLUSTER.queueArn,
};
const substitute = (s: string): string =>
    s.replace(/\$\{[^}]+\}/g, (p) => {
        const value = PLACEHOLDERS[p];
        if (value === undefined) throw new Error(`unknown placeholder ${p} in the fixture`);
        return value;
    });
const substituteCondition = (c: Condition | undefined): Condition =>
    Object.fromEntries(
        Object.entries(c ?? {}).map(([op, keys]) => [
            op,
            Object.fromEntries(
                Object.entries(keys).map(([k, v]) => [
                    substitute(k),
                    typeof v === "string" ? substitute(v) : v.map(substitute),
                ]),
            ),
        ]),
    );

/** Whether `ours` is at least as tight as `upstream`: every upstream test, with a subset of its values. */
function asTight(ours: Condition, upstream: Condition): boolean {
    return Object.entries(upstream).every(([op, keys]) =>
        Object.entries(keys).every(([key, values]) => {
            const mine = ours[op]?.[key];
            return mine !== undefined && list(mine).every((v) => list(values).includes(v));
        }),
    );
}

const grantsOn = (s: { Action: string | readonly string[]; Resource: string | readonly string[] }) =>
    list(s.Action).flatMap((action) => list(s.Resource).map((resource) => ({ action, resource })));

describe("Karpenter's IAM against upstream's getting-started template", () => {
    const version = committedConfig("dev")?.addons.karpenter.chartVersion;
    const ref =
        version === undefined
            ? undefined
            : readWhileCollecting("reads the upstream IAM fixture of dev's Karpenter", () =>
                  reference(version),
              );
    if (ref === undefined) return;
    const ours = (karpenterControllerPolicy(CLUSTER) as { Statement: Statement[] }).Statement;
    const upstream = ref.statements.map((s) => ({
        sid: s.sid,
        actions: s.actions,
        resources: s.resources.map(substitute),
        condition: substituteCondition(s.condition),
    }));
    const excluded = new Set(ref.excluded.map((e) => e.action));
    const granted = new Set(ours.flatMap((s) => list(s.Action)));

    it("reads the fixture of the chart version every committed stack pins", () => {
        for (const stack of STACKS) assert.equal(`v${chartVersion(stack)}`, ref.tag, stack);
    });

    describe("the controller policy", () => {
        it(`grants every action of upstream's ${ref.tag} template except the documented exclusions`, () => {
            const missing = upstream
                .flatMap((s) => s.actions)
                .filter((a) => !excluded.has(a) && !granted.has(a));
            assert.deepEqual([...new Set(missing)], []);
        });

        it("grants each such action on every resource upstream grants it on", () => {
            const missing = upstream
                .flatMap((s) => grantsOn({ Action: s.actions, Resource: s.resources }))
                .filter(({ action }) => !excluded.has(action))
                .filter(
                    ({ action, resource }) =>
                        !ours.some((s) =>
                            grantsOn(s).some(
                                (g) => g.action === action && (g.resource === resource || g.resource === "*"),
                            ),
                        ),
                )
                .map(({ action, resource }) => `${action} on ${resource}`);
            assert.deepEqual(missing, []);
        });

        it("conditions every grant at least as tightly as an upstream statement granting the same", () => {
            // An upstream grant of an action on "*" covers our grant of it on any resource.
            const looser = ours.flatMap((s) =>
                grantsOn(s)
                    .filter(({ action }) => upstream.some((u) => u.actions.includes(action)))
                    .filter(
                        ({ action, resource }) =>
                            !upstream.some(
                                (u) =>
                                    u.actions.includes(action) &&
                                    (u.resources.includes(resource) || u.resources.includes("*")) &&
                                    asTight(s.Condition ?? {}, u.condition),
                            ),
                    )
                    .map(({ action, resource }) => `${s.Sid}: ${action} on ${resource}`),
            );
            assert.deepEqual(looser, []);
        });

        it("tags running instances only with this cluster's name (StringEqualsIfExists aws:RequestTag/eks:eks-cluster-name)", () => {
            const tagging = ours.filter(
                (s) =>
                    list(s.Action).includes("ec2:CreateTags") &&
                    s.Condition?.StringEquals?.["ec2:CreateAction"] === undefined,
            );
            assert.equal(tagging.length, 1);
            assert.deepEqual(tagging[0].Condition?.StringEqualsIfExists, {
                "aws:RequestTag/eks:eks-cluster-name": "rayops-dev",
            });
        });

        it("lets the EC2NodeClass finalizer list instance profiles and read any of the account's", () => {
            const on = (action: string) =>
                ours.filter((s) => list(s.Action).includes(action)).flatMap((s) => list(s.Resource));
            assert.deepEqual(on("iam:ListInstanceProfiles"), ["*"]);
            assert.deepEqual(on("iam:GetInstanceProfile"), ["arn:aws:iam::123456789012:instance-profile/*"]);
        });

        it("grants nothing upstream leaves out but the documented additions", () => {
            const upstreamActions = new Set(upstream.flatMap((s) => s.actions));
            const allowed = new Set(ref.rayopsAdditions.flatMap((a) => a.actions));
            assert.deepEqual(
                [...granted].filter((a) => !upstreamActions.has(a) && !allowed.has(a)),
                [],
            );
        });

        it("excludes only actions upstream grants and we do not, each with a reason", () => {
            const upstreamActions = new Set(upstream.flatMap((s) => s.actions));
            for (const e of ref.excluded) {
                assert.ok(upstreamActions.has(e.action), `${e.action} is not in upstream's template`);
                assert.ok(!granted.has(e.action), `${e.action} is excluded but granted`);
                assert.ok(e.why.length > 20, `${e.action} needs a reason`);
            }
        });
    });

    describe("the exclusions hold only while their reason does", () => {
        it("manages no instance profiles: every EC2NodeClass names its instanceProfile and no role", () => {
            // The CRD requires exactly one of role and instanceProfile; with role, Karpenter would
            // need the excluded iam:*InstanceProfile actions.
            const spec = nodeClassManifest("gpu", {
                instanceProfile: "profile",
                clusterName: "rayops-dev",
                subnetIds: ["subnet-1"],
                diskSizeGiB: 100,
                encrypt: true,
                kmsKeyArn: CLUSTER.dataKeyArn,
                tags: {},
            }).spec as Record<string, unknown>;
            assert.equal(spec.instanceProfile, "profile");
            assert.equal("role" in spec, false);
            assert.ok(ref.excluded.some((e) => e.action === "iam:CreateInstanceProfile"));
        });

        it("leaves zonal shift off, so arc-zonal-shift:GetManagedResource is never called", () => {
            const values = karpenterValues({ clusterName: "c", queueName: "q", roleArn: "r", replicas: 2 });
            const settings = values.settings as Record<string, unknown>;
            assert.ok(!settings.enableZonalShift);
        });
    });

    describe("the node role", () => {
        const karpenterNodePolicies = (): readonly string[] => [
            ...NODE_POLICY_ARNS,
            ...KARPENTER_NODE_EXTRA_POLICY_ARNS,
        ];

        it("attaches upstream's node-role policies (SSM included) except the CNI policy vpc-cni gets through IRSA", () => {
            const skipped = new Set(ref.nodeRole.excluded.map((e) => substitute(e.policyArn)));
            const missing = ref.nodeRole.managedPolicyArns
                .map(substitute)
                .filter((arn) => !skipped.has(arn) && !karpenterNodePolicies().includes(arn));
            assert.deepEqual(missing, []);
            assert.ok(
                karpenterNodePolicies().includes("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"),
            );
        });

        it("keeps the SSM policy off the managed node groups' role (createNodeRole's default)", () => {
            assert.ok(
                !(NODE_POLICY_ARNS as readonly string[]).includes(
                    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
                ),
            );
        });
    });

    describe("the interruption queue", () => {
        it("routes every EventBridge pattern of upstream's template to the queue", () => {
            const ourPatterns = Object.values(INTERRUPTION_EVENTS).map((p) => JSON.stringify(p));
            const missing = ref.interruptionRules.filter(
                (r) => !ourPatterns.includes(JSON.stringify(r.eventPattern)),
            );
            assert.deepEqual(
                missing.map((r) => r.name),
                [],
            );
        });
    });
});
