import { strict as assert } from "node:assert";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import type { CapturedResource } from "../../../automation/plan/types";
import { editKey, named, ofType, runStack } from "../../support/program";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const BUCKET = "aws:s3/bucket:Bucket";

interface Statement {
    Sid?: string;
    Effect: string;
    Principal?: unknown;
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string>>;
}

function statementsOf(policy: unknown): Statement[] {
    return (JSON.parse(String(policy)) as { Statement: Statement[] }).Statement;
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The issuer host/path (no scheme) of the cluster's OIDC provider. */
function issuerOf(run: OfflineProgramRun): string {
    const [cluster] = ofType(run, "eks:index:Cluster");
    return String(cluster.outputs.oidcProviderUrl).replace(/^https:\/\//, "");
}

function trustOf(role: CapturedResource): Statement {
    const statements = statementsOf(role.inputs.assumeRolePolicy);
    assert.equal(statements.length, 1, `${role.name} should have exactly one trust statement`);
    return statements[0];
}

function policyOf(run: OfflineProgramRun, role: CapturedResource): Statement[] {
    const policies = ofType(run, ROLE_POLICY).filter((p) => p.inputs.role === role.outputs.name);
    return policies.flatMap((p) => statementsOf(p.inputs.policy));
}

function bucketPart(run: OfflineProgramRun, type: string): CapturedResource {
    const bucket = named(run, BUCKET, "rayops-dev-artifacts");
    const parts = ofType(run, type).filter((r) => r.inputs.bucket === bucket.outputs.bucket);
    assert.equal(parts.length, 1, `expected one ${type} for ${bucket.outputs.bucket}`);
    return parts[0];
}

describe("Storage (components/storage/storage.ts)", () => {
    let dev: OfflineProgramRun;
    let dataKeyArn: string;
    before(async () => {
        dev = await runStack("dev");
        dataKeyArn = String(named(dev, "aws:kms/key:Key", "rayops-dev-data").outputs.arn);
    });

    describe("the EBS CSI driver", () => {
        function csiAddon(): CapturedResource {
            const addon = ofType(dev, "aws:eks/addon:Addon").find(
                (a) => a.inputs.addonName === "aws-ebs-csi-driver",
            );
            assert.ok(addon, "no aws-ebs-csi-driver add-on");
            return addon;
        }

        function csiRole(): CapturedResource {
            const role = ofType(dev, ROLE).find(
                (r) => r.outputs.arn === csiAddon().inputs.serviceAccountRoleArn,
            );
            assert.ok(role, "the add-on's role is not one of the program's roles");
            return role;
        }

        it("runs as an EKS add-on with its own IRSA role", () => {
            assert.match(String(csiAddon().inputs.serviceAccountRoleArn), /^arn:aws:iam::\d{12}:role\//);
        });

        it("trusts its role only for kube-system/ebs-csi-controller-sa with the sts.amazonaws.com audience", () => {
            // GIVEN the role's trust policy and the cluster's issuer
            const trust = trustOf(csiRole());
            const issuer = issuerOf(dev);
            // THEN only web identities of that service account and audience may assume it
            assert.equal(trust.Effect, "Allow");
            assert.equal(trust.Action, "sts:AssumeRoleWithWebIdentity");
            assert.deepEqual(trust.Principal, {
                Federated: ofType(dev, "eks:index:Cluster")[0].outputs.oidcProviderArn,
            });
            assert.deepEqual(trust.Condition, {
                StringEquals: {
                    [`${issuer}:sub`]: "system:serviceaccount:kube-system:ebs-csi-controller-sa",
                    [`${issuer}:aud`]: "sts.amazonaws.com",
                },
            });
        });

        it("lets the driver use the data key only for grants on AWS resources and volume encryption", () => {
            const statements = policyOf(dev, csiRole());
            for (const s of statements) assert.deepEqual(list(s.Resource), [dataKeyArn], s.Sid);
            const grants = statements.find((s) => list(s.Action).includes("kms:CreateGrant"));
            assert.deepEqual(grants?.Condition, { Bool: { "kms:GrantIsForAWSResource": "true" } });
        });

        it("runs the controller on system nodes, tolerating CriticalAddonsOnly", () => {
            const values = JSON.parse(String(csiAddon().inputs.configurationValues));
            assert.deepEqual(values.controller.nodeSelector, { "rayops.io/pool": "system" });
            assert.deepEqual(values.controller.tolerations, [
                { key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" },
            ]);
        });
    });

    describe("the default StorageClass", () => {
        function storageClass(): CapturedResource {
            const classes = ofType(dev, "kubernetes:storage.k8s.io/v1:StorageClass");
            assert.equal(classes.length, 1);
            return classes[0];
        }

        it("is the cluster's default", () => {
            const metadata = storageClass().inputs.metadata as { annotations: Record<string, string> };
            assert.equal(metadata.annotations["storageclass.kubernetes.io/is-default-class"], "true");
        });

        it("provisions gp3 volumes encrypted with the data key through the EBS CSI driver", () => {
            const sc = storageClass().inputs;
            assert.equal(sc.provisioner, "ebs.csi.aws.com");
            assert.deepEqual(sc.parameters, { type: "gp3", encrypted: "true", kmsKeyId: dataKeyArn });
        });

        it("is created through the cluster's Kubernetes provider", () => {
            const [k8s] = ofType(dev, "pulumi:providers:kubernetes");
            assert.equal(storageClass().provider, k8s.urn);
        });
    });

    describe("the artifacts bucket", () => {
        it("encrypts objects with SSE-KMS under the data key", () => {
            const sse = bucketPart(
                dev,
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            );
            const [rule] = sse.inputs.rules as {
                applyServerSideEncryptionByDefault: Record<string, string>;
            }[];
            assert.deepEqual(rule.applyServerSideEncryptionByDefault, {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: dataKeyArn,
            });
        });

        it("enables versioning", () => {
            const versioning = bucketPart(dev, "aws:s3/bucketVersioning:BucketVersioning");
            assert.deepEqual(versioning.inputs.versioningConfiguration, { status: "Enabled" });
        });

        it("blocks all four kinds of public access", () => {
            const block = bucketPart(dev, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
            assert.equal(block.blockPublicAcls, true);
            assert.equal(block.blockPublicPolicy, true);
            assert.equal(block.ignorePublicAcls, true);
            assert.equal(block.restrictPublicBuckets, true);
        });

        it("denies every request that does not use TLS", () => {
            // GIVEN the bucket and its policy
            const bucket = named(dev, BUCKET, "rayops-dev-artifacts");
            const [deny] = statementsOf(bucketPart(dev, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
            // THEN one statement denies all actions on the bucket and its objects without TLS
            assert.equal(deny.Effect, "Deny");
            assert.equal(deny.Principal, "*");
            assert.equal(deny.Action, "s3:*");
            assert.deepEqual(list(deny.Resource), [bucket.outputs.arn, `${bucket.outputs.arn}/*`]);
            assert.deepEqual(deny.Condition, { Bool: { "aws:SecureTransport": "false" } });
        });

        it("expires non-current checkpoint versions after the configured retention days", () => {
            const lifecycle = bucketPart(
                dev,
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            );
            const rules = lifecycle.inputs.rules as {
                status: string;
                noncurrentVersionExpiration?: { noncurrentDays: number };
            }[];
            const expiring = rules.filter((r) => r.noncurrentVersionExpiration);
            assert.equal(expiring.length, 1);
            assert.equal(expiring[0].status, "Enabled");
            // dev sets no retention: the default is 30 days
            assert.equal(expiring[0].noncurrentVersionExpiration?.noncurrentDays, 30);
        });

        it("takes the retention days from the stack config (prod: 90)", async () => {
            const prod = await runStack("prod");
            const [lifecycle] = ofType(
                prod,
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            );
            const rules = lifecycle.inputs.rules as {
                noncurrentVersionExpiration?: { noncurrentDays: number };
            }[];
            assert.deepEqual(
                rules.flatMap((r) =>
                    r.noncurrentVersionExpiration ? [r.noncurrentVersionExpiration.noncurrentDays] : [],
                ),
                [90],
            );
        });

        it("protects the bucket from deletion and never force-destroys it by default", () => {
            const bucket = named(dev, BUCKET, "rayops-dev-artifacts");
            assert.equal(bucket.protect, true);
            assert.equal(bucket.inputs.forceDestroy, false);
        });

        it("drops the protection and lets destroy empty the bucket when forceDestroyBucket is set", async () => {
            // GIVEN dev with storage.forceDestroyBucket: true
            const run = await runStack("dev", (c) => {
                c["rayops:storage"] = JSON.stringify({ forceDestroyBucket: true });
            });
            // THEN the bucket is neither protected nor kept when non-empty
            const bucket = named(run, BUCKET, "rayops-dev-artifacts");
            assert.ok(!bucket.protect);
            assert.equal(bucket.inputs.forceDestroy, true);
        });
    });

    describe("the Ray IRSA role", () => {
        function rayRole(run: OfflineProgramRun, stack: string): CapturedResource {
            return named(run, ROLE, `rayops-${stack}-ray`);
        }

        it("is trusted only for the ray service account of the Ray namespace, with the STS audience", () => {
            const trust = trustOf(rayRole(dev, "dev"));
            const issuer = issuerOf(dev);
            assert.equal(trust.Action, "sts:AssumeRoleWithWebIdentity");
            assert.deepEqual(trust.Condition, {
                StringEquals: {
                    [`${issuer}:sub`]: "system:serviceaccount:ray:ray",
                    [`${issuer}:aud`]: "sts.amazonaws.com",
                },
            });
        });

        it("follows a changed Ray namespace", async () => {
            // GIVEN dev with Ray in the namespace ml
            const run = await runStack("dev", (c) => editKey(c, "ray", (v) => (v.namespace = "ml")));
            // THEN the role trusts ml:ray
            const sub = Object.entries(trustOf(rayRole(run, "dev")).Condition?.StringEquals ?? {}).find(
                ([k]) => k.endsWith(":sub"),
            );
            assert.equal(sub?.[1], "system:serviceaccount:ml:ray");
        });

        it("is scoped to the artifacts bucket and the data key, nothing else", () => {
            // GIVEN the bucket's ARN and the role's inline policy
            const bucketArn = String(named(dev, BUCKET, "rayops-dev-artifacts").outputs.arn);
            const statements = policyOf(dev, rayRole(dev, "dev"));
            // THEN every statement allows, and names only that bucket, its objects or the key
            assert.ok(statements.length > 0);
            const resources = statements.flatMap((s) => list(s.Resource));
            for (const r of resources) assert.ok([bucketArn, `${bucketArn}/*`, dataKeyArn].includes(r), r);
            for (const s of statements) assert.equal(s.Effect, "Allow");
            assert.ok(resources.includes(`${bucketArn}/*`));
            assert.ok(resources.includes(dataKeyArn));
        });

        it("grants no wildcard action", () => {
            for (const s of policyOf(dev, rayRole(dev, "dev"))) {
                for (const a of list(s.Action)) assert.ok(!a.includes("*"), `${s.Sid} allows ${a}`);
            }
        });
    });
});
