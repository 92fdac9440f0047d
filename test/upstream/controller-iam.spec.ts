/**
 * The IAM policies of the controllers that call AWS, against the statements their upstream
 * projects publish at the version rayops runs (test/fixtures/upstream/iam/): a missing action
 * fails at run time only, on the first scale-up or the first encrypted volume.
 */
import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { OfflineProgramRun } from "../../automation/plan/harness";
import type { CapturedResource } from "../../automation/plan/types";
import { named, ofType, runStack } from "../support/program";

const IAM_FIXTURES = path.join(__dirname, "..", "fixtures", "upstream", "iam");
const ROLE = "aws:iam/role:Role";

interface Statement {
    readonly Effect: string;
    readonly Action: string | readonly string[];
    readonly Resource: string | readonly string[];
    readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const list = (v: string | readonly string[]): readonly string[] => (typeof v === "string" ? [v] : v);

/** Whether an IAM action pattern (`kms:GenerateDataKey*`) matches an action; IAM ignores case. */
function grants(pattern: string, action: string): boolean {
    const re = new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "i",
    );
    return re.test(action);
}

function fixture<T>(file: string): T {
    const at = path.join(IAM_FIXTURES, file);
    if (!existsSync(at))
        throw new Error(`no upstream IAM fixture ${file}: read the policy at that tag and add it`);
    return JSON.parse(readFileSync(at, "utf8")) as T;
}

/** The statements of a role's inline policies, as the program wires them. */
function inlineStatements(run: OfflineProgramRun, role: CapturedResource): Statement[] {
    return ofType(run, "aws:iam/rolePolicy:RolePolicy")
        .filter((p) => p.inputs.role === role.outputs.name)
        .flatMap((p) => (JSON.parse(String(p.inputs.policy)) as { Statement: Statement[] }).Statement);
}

function managedPolicies(run: OfflineProgramRun, role: CapturedResource): string[] {
    return ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .filter((a) => a.inputs.role === role.outputs.name)
        .map((a) => String(a.inputs.policyArn));
}

describe("controller IAM policies against upstream (test/fixtures/upstream/iam)", () => {
    let dev: OfflineProgramRun;
    before(async () => {
        dev = await runStack("dev");
    });

    describe("grants", () => {
        it("matches IAM wildcards and ignores case", () => {
            assert.ok(grants("kms:GenerateDataKey*", "kms:GenerateDataKeyWithoutPlaintext"));
            assert.ok(grants("ec2:describe*", "ec2:DescribeVolumes"));
            assert.ok(!grants("kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext"));
        });
    });

    describe("the cluster-autoscaler", () => {
        interface Reference {
            readonly tag: string;
            readonly actions: {
                readonly anyResource: readonly string[];
                readonly scopedToOwnGroups: readonly string[];
            };
            readonly excluded: readonly { readonly action: string; readonly why: string }[];
        }
        let statements: Statement[];
        let reference: Reference;
        before(() => {
            // GIVEN the dev autoscaler's policy and the README's policy at the image it runs
            statements = inlineStatements(dev, named(dev, ROLE, "rayops-dev-cluster-autoscaler"));
            const release = ofType(dev, "kubernetes:helm.sh/v3:Release").find(
                (r) => r.inputs.chart === "cluster-autoscaler",
            );
            assert.ok(release, "no cluster-autoscaler release");
            const tag = String((release.inputs.values as { image: { tag: string } }).image.tag);
            reference = fixture<Reference>(`cluster-autoscaler-${tag.replace(/^v/, "")}.json`);
        });
        const granted = () => statements.flatMap((s) => list(s.Action));
        const upstream = () => [...reference.actions.anyResource, ...reference.actions.scopedToOwnGroups];

        it("grants every action of the AWS cloud provider README's policy for its image (v1.35.0)", () => {
            const excluded = new Set(reference.excluded.map((e) => e.action));
            const missing = upstream().filter(
                (a) => !excluded.has(a) && !granted().some((g) => grants(g, a)),
            );
            assert.deepEqual(missing, [], reference.tag);
        });

        it("grants nothing the README's policy leaves out", () => {
            const extra = granted().filter((g) => !upstream().includes(g));
            assert.deepEqual(extra, [], reference.tag);
        });

        it("resizes and terminates only in Auto Scaling groups this cluster owns", () => {
            for (const action of reference.actions.scopedToOwnGroups) {
                const allowing = statements.filter((s) => list(s.Action).includes(action));
                assert.equal(allowing.length, 1, action);
                assert.deepEqual(allowing[0].Condition, {
                    StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/rayops-dev": "owned" },
                });
            }
        });
    });

    describe("the EBS CSI driver", () => {
        interface Reference {
            readonly tag: string;
            readonly kms: { readonly actions: readonly string[] };
            readonly managedPolicies: Readonly<Record<string, { readonly covers: readonly string[] }>>;
            readonly policyActions: { readonly actions: readonly string[] };
        }
        const reference = fixture<Reference>("aws-ebs-csi-driver-1.64.0.json");
        let role: CapturedResource;
        before(() => {
            // GIVEN the role the aws-ebs-csi-driver add-on runs as
            const addon = ofType(dev, "aws:eks/addon:Addon").find(
                (a) => a.inputs.addonName === "aws-ebs-csi-driver",
            );
            const found = ofType(dev, ROLE).find(
                (r) => r.outputs.arn === addon?.inputs.serviceAccountRoleArn,
            );
            assert.ok(found, "no role for the aws-ebs-csi-driver add-on");
            role = found;
        });

        it("attaches an AWS-managed policy the driver names as the managed version of its own", () => {
            const documented = managedPolicies(dev, role).filter((arn) => arn in reference.managedPolicies);
            assert.equal(documented.length, 1, managedPolicies(dev, role).join(", "));
        });

        it("is granted every EC2 action of the driver's policy (AmazonEBSCSIDriverPolicyV2.json, v1.64.0)", () => {
            const covered = [
                ...managedPolicies(dev, role).flatMap((arn) => reference.managedPolicies[arn]?.covers ?? []),
                ...inlineStatements(dev, role).flatMap((s) => list(s.Action)),
            ];
            const missing = reference.policyActions.actions.filter((a) => !covered.some((g) => grants(g, a)));
            assert.deepEqual(missing, [], reference.tag);
        });

        it("may use the data key as the driver's KMS statement requires, on that key alone", () => {
            const kms = inlineStatements(dev, role).filter((s) =>
                list(s.Action).some((a) => a.startsWith("kms:")),
            );
            const missing = reference.kms.actions.filter(
                (a) => !kms.some((s) => list(s.Action).some((g) => grants(g, a))),
            );
            assert.deepEqual(missing, [], reference.tag);
            for (const s of kms) {
                assert.equal(list(s.Resource).length, 1);
                assert.match(list(s.Resource)[0], /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\//);
            }
        });
    });
});
