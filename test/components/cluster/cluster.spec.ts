import { strict as assert } from "node:assert";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import { MOCK_ACCOUNT_ID } from "../../../automation/plan/mocks";
import type { CapturedResource } from "../../../automation/plan/types";
import { dataKeyPolicy } from "../../../components/cluster/cluster";
import { editKey, named, ofType, runStack } from "../../support/program";

const EKS = "eks:index:Cluster";
const KEY = "aws:kms/key:Key";
const ROLE = "aws:iam/role:Role";
const ADDON = "aws:eks/addon:Addon";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

interface Statement {
    Sid?: string;
    Effect: string;
    Principal?: Record<string, string>;
    Action: string | string[];
    Condition?: Record<string, Record<string, string>>;
}

function statementsOf(policy: unknown): Statement[] {
    const doc = typeof policy === "string" ? JSON.parse(policy) : policy;
    return (doc as { Statement: Statement[] }).Statement;
}

function actions(s: Statement): string[] {
    return Array.isArray(s.Action) ? s.Action : [s.Action];
}

function eksCluster(run: OfflineProgramRun): CapturedResource {
    const clusters = ofType(run, EKS);
    assert.equal(clusters.length, 1);
    return clusters[0];
}

describe("Cluster (components/cluster/cluster.ts)", () => {
    let dev: OfflineProgramRun;
    let prod: OfflineProgramRun;
    before(async () => {
        dev = await runStack("dev");
        prod = await runStack("prod");
    });

    describe("the EKS control plane", () => {
        it("skips the default node group (node pools are our own managed node groups)", () => {
            assert.equal(eksCluster(dev).inputs.skipDefaultNodeGroup, true);
        });

        it("authenticates with the EKS API (access entries), not the aws-auth ConfigMap", () => {
            assert.equal(eksCluster(dev).inputs.authenticationMode, "API");
        });

        it("grants the configured admin role cluster-admin through an access entry", () => {
            // GIVEN prod's adminRoleArn
            const entries = eksCluster(prod).inputs.accessEntries as Record<
                string,
                {
                    principalArn: string;
                    accessPolicies: Record<string, { policyArn: string; accessScope: { type: string } }>;
                }
            >;
            // THEN exactly that role has an entry with the cluster-admin policy on the whole cluster
            const all = Object.values(entries);
            assert.equal(all.length, 1);
            assert.equal(all[0].principalArn, "arn:aws:iam::210987654321:role/platform-admin");
            assert.deepEqual(Object.values(all[0].accessPolicies), [
                {
                    policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                    accessScope: { type: "cluster" },
                },
            ]);
        });

        it("creates an OIDC provider for IRSA", () => {
            assert.equal(eksCluster(dev).inputs.createOidcProvider, true);
        });

        it("always enables the private API endpoint", () => {
            assert.equal(eksCluster(dev).inputs.endpointPrivateAccess, true);
            assert.equal(eksCluster(prod).inputs.endpointPrivateAccess, true);
        });

        it("dev: keeps the endpoint private-only by default too (deploys run on the in-VPC runners)", () => {
            const inputs = eksCluster(dev).inputs;
            assert.equal(inputs.endpointPublicAccess, false);
            assert.equal(inputs.publicAccessCidrs, undefined);
        });

        it("opens the public endpoint only to the CIDRs a stack lists", async () => {
            const run = await runStack("dev", (c) =>
                editKey(c, "cluster", (v) => (v.publicAccessCidrs = ["198.51.100.0/24"])),
            );
            const inputs = eksCluster(run).inputs;
            assert.equal(inputs.endpointPublicAccess, true);
            assert.deepEqual(inputs.publicAccessCidrs, ["198.51.100.0/24"]);
        });

        it("prod: keeps the endpoint private-only, with no public CIDRs", () => {
            const inputs = eksCluster(prod).inputs;
            assert.equal(inputs.endpointPublicAccess, false);
            assert.equal(inputs.publicAccessCidrs, undefined);
        });

        it("enables all five control-plane log types", () => {
            assert.deepEqual([...(eksCluster(dev).inputs.enabledClusterLogTypes as string[])].sort(), [
                "api",
                "audit",
                "authenticator",
                "controllerManager",
                "scheduler",
            ]);
        });

        it("envelope-encrypts secrets with the secrets KMS key", () => {
            const secretsKey = named(dev, KEY, "rayops-dev-secrets");
            assert.ok(secretsKey.outputs.arn);
            assert.equal(eksCluster(dev).inputs.encryptionConfigKeyArn, secretsKey.outputs.arn);
        });

        it("pins the Kubernetes version from config", () => {
            assert.equal(eksCluster(dev).inputs.version, "1.35");
        });

        it("follows a changed version in config", async () => {
            // GIVEN the dev config moved to 1.32
            const run = await runStack("dev", (c) => editKey(c, "cluster", (v) => (v.version = "1.32")));
            // THEN the cluster is pinned to it
            assert.equal(eksCluster(run).inputs.version, "1.32");
        });
    });

    describe("KMS keys", () => {
        for (const key of ["rayops-dev-secrets", "rayops-dev-data"]) {
            it(`rotates the ${key} key`, () => {
                assert.equal(named(dev, KEY, key).inputs.enableKeyRotation, true);
            });
        }

        it("lets the Auto Scaling service-linked role use the data key (encrypted root volumes)", () => {
            // GIVEN the data key's policy
            const statements = statementsOf(named(dev, KEY, "rayops-dev-data").inputs.policy);
            const asgRole = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
            const forAsg = statements.filter(
                (s) => s.Effect === "Allow" && s.Condition?.ArnEquals?.["aws:PrincipalArn"] === asgRole,
            );
            const allowed = forAsg.flatMap(actions);
            // THEN the role may encrypt, decrypt and create data keys…
            for (const a of ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]) {
                assert.ok(allowed.includes(a), `${a} not allowed for the Auto Scaling role`);
            }
            // …only through this account's EC2 in the stack's region…
            for (const s of forAsg) {
                assert.deepEqual(s.Condition?.StringEquals, {
                    "kms:CallerAccount": MOCK_ACCOUNT_ID,
                    "kms:ViaService": "ec2.us-west-2.amazonaws.com",
                });
            }
            // …and create grants only for AWS resources
            const grant = forAsg.find((s) => actions(s).includes("kms:CreateGrant"));
            assert.deepEqual(grant?.Condition?.Bool, { "kms:GrantIsForAWSResource": "true" });
        });

        it("names no principal that may not exist yet (a fresh account has no Auto Scaling role)", () => {
            // KMS refuses a key policy whose principal does not exist; the service-linked role
            // appears only with the account's first Auto Scaling group, after the key.
            const principals = statementsOf(dataKeyPolicy("111122223333", "eu-west-1")).flatMap((s) =>
                [s.Principal?.AWS ?? []].flat(),
            );
            assert.deepEqual([...new Set(principals)].sort(), ["*", "arn:aws:iam::111122223333:root"]);
        });

        it("keeps the account's IAM delegation in the data key policy (else the key is unmanageable)", () => {
            const statements = statementsOf(dataKeyPolicy("111122223333", "eu-west-1"));
            assert.ok(
                statements.some(
                    (s) =>
                        s.Principal?.AWS === "arn:aws:iam::111122223333:root" && actions(s).includes("kms:*"),
                ),
            );
        });
    });

    describe("networking add-ons", () => {
        it("installs vpc-cni as an EKS add-on with an IRSA role for kube-system/aws-node", () => {
            // GIVEN the vpc-cni add-on and its role
            const addon = ofType(dev, ADDON).find((a) => a.inputs.addonName === "vpc-cni");
            assert.ok(addon, "no vpc-cni add-on");
            const role = ofType(dev, ROLE).find((r) => r.outputs.arn === addon.inputs.serviceAccountRoleArn);
            assert.ok(role, "the vpc-cni add-on's role is not one of the program's roles");
            // THEN the role trusts only the aws-node service account
            const [trust] = statementsOf(role.inputs.assumeRolePolicy);
            const conditions = Object.entries(trust.Condition?.StringEquals ?? {});
            assert.deepEqual(
                conditions.filter(([k]) => k.endsWith(":sub")).map(([, v]) => v),
                ["system:serviceaccount:kube-system:aws-node"],
            );
        });

        it("gives the vpc-cni role the CNI policy", () => {
            const attached = ofType(dev, ATTACHMENT).filter((a) => a.name.startsWith("rayops-dev-vpc-cni"));
            assert.deepEqual(
                attached.map((a) => a.inputs.policyArn),
                ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"],
            );
        });

        it("installs kube-proxy as an EKS add-on", () => {
            assert.ok(ofType(dev, ADDON).some((a) => a.inputs.addonName === "kube-proxy"));
        });

        it("does not attach the CNI policy to the node role (pods could borrow it)", () => {
            // GIVEN the node role's name
            const nodeRole = named(dev, ROLE, "rayops-dev-node");
            const onNodeRole = ofType(dev, ATTACHMENT).filter((a) => a.inputs.role === nodeRole.outputs.name);
            // THEN it has the worker policies but not AmazonEKS_CNI_Policy
            assert.ok(onNodeRole.length > 0, "nothing is attached to the node role");
            assert.ok(
                onNodeRole.some(
                    (a) => a.inputs.policyArn === "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                ),
            );
            assert.ok(!onNodeRole.some((a) => String(a.inputs.policyArn).endsWith("AmazonEKS_CNI_Policy")));
        });
    });

    describe("kubeconfig", () => {
        it("hands the kubeconfig to the Kubernetes provider as a secret", () => {
            const provider = ofType(dev, "pulumi:providers:kubernetes");
            assert.equal(provider.length, 1);
            assert.ok(provider[0].secretInputs?.includes("kubeconfig"));
            assert.match(String(provider[0].inputs.kubeconfig), /"kind":"Config"/);
        });

        it("exports the cluster's kubeconfig as a stack output", () => {
            assert.match(String(dev.outputs.kubeconfig), /"clusters":\[\{"name":"rayops-dev"/);
        });
    });
});
