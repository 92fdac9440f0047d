import { strict as assert } from "node:assert";
import { evaluatePolicies } from "../../../automation/plan/evaluate";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import { readStackFile } from "../../../automation/plan/stack-file";
import type { CapturedResource } from "../../../automation/plan/types";
import { parsePlatformConfig } from "../../../components/config/parse";
import { rawConfigFromPulumi } from "../../../components/config/raw";
import { createsSpotServiceLinkedRole } from "../../../components/karpenter/iam";
import { AL2023_AMI_ALIAS } from "../../../components/karpenter/manifest";
import { KARPENTER_NODECLASS_TYPE, KARPENTER_NODEPOOL_TYPE } from "../../../policypack/lib/node-pools";
import { editKey, named, ofType, REPO_ROOT, runStack } from "../../support/program";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const SPOT_ROLE = "aws:iam/serviceLinkedRole:ServiceLinkedRole";
const SSM_POLICY = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

interface Statement {
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
}
const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

// biome-ignore lint/suspicious/noExplicitAny: manifests and Helm values are free-form
const spec = (r: CapturedResource): any => r.inputs.spec;
const poolLabel = (r: CapturedResource) =>
    (r.inputs.labels as Record<string, string> | undefined)?.["rayops.io/pool"];

function karpenterStack(capacityType?: "SPOT"): Promise<OfflineProgramRun> {
    return runStack("dev", (c) => {
        editKey(c, "addons", (a) => {
            a.nodeAutoscaler = "karpenter";
        });
        if (capacityType)
            editKey(c, "nodePools", (p) => {
                p.gpu.capacityType = capacityType;
            });
    });
}

/** The managed policies attached to the role created under `roleName`. */
function attachedPolicies(run: OfflineProgramRun, roleName: string): string[] {
    const role = named(run, "aws:iam/role:Role", roleName);
    return ofType(run, ATTACHMENT)
        .filter((a) => a.inputs.role === role.outputs.name)
        .map((a) => String(a.inputs.policyArn));
}

describe("Karpenter (components/karpenter/karpenter.ts)", () => {
    // GIVEN the dev stack's config, once as committed (cluster-autoscaler) and once with Karpenter
    let ca: OfflineProgramRun;
    let kp: OfflineProgramRun;
    let spot: OfflineProgramRun;
    before(async () => {
        ca = await runStack("dev");
        kp = await karpenterStack();
        spot = await karpenterStack("SPOT");
    });

    describe("with the cluster-autoscaler (the default)", () => {
        it("creates managed node groups for system, cpu and gpu and installs the cluster-autoscaler", () => {
            assert.deepEqual(ofType(ca, NODE_GROUP).map(poolLabel).sort(), ["cpu", "gpu", "system"]);
            assert.ok(ofType(ca, RELEASE).some((r) => r.inputs.chart === "cluster-autoscaler"));
        });

        it("creates no Karpenter resources", () => {
            const karpenter = ca.resources.filter(
                (r) => /karpenter/i.test(r.type) || /karpenter/.test(r.name),
            );
            assert.deepEqual(
                karpenter.map((r) => r.name),
                [],
            );
        });
    });

    describe("with Karpenter", () => {
        it("keeps only the system pool as a managed node group", () => {
            assert.deepEqual(ofType(kp, NODE_GROUP).map(poolLabel), ["system"]);
        });

        it("does not install the cluster-autoscaler", () => {
            assert.deepEqual(
                ofType(kp, RELEASE)
                    .map((r) => r.inputs.chart)
                    .filter((c) => c === "cluster-autoscaler"),
                [],
            );
        });

        it("installs the pinned controller chart from Karpenter's OCI registry on the system nodes", () => {
            const release = named(kp, RELEASE, "rayops-dev-karpenter-controller");
            assert.equal(release.inputs.chart, "oci://public.ecr.aws/karpenter/karpenter");
            assert.match(String(release.inputs.version), /^1\.\d+\.\d+$/);
            // biome-ignore lint/suspicious/noExplicitAny: Helm values
            const values = release.inputs.values as any;
            assert.deepEqual(values.nodeSelector, { "rayops.io/pool": "system" });
            assert.deepEqual(values.settings, {
                clusterName: "rayops-dev",
                interruptionQueue: "rayops-dev-karpenter",
            });
            const role = named(kp, "aws:iam/role:Role", "rayops-dev-karpenter-controller");
            assert.equal(values.serviceAccount.annotations["eks.amazonaws.com/role-arn"], role.outputs.arn);
        });

        it("encrypts the interruption queue and lets only EventBridge send to it", () => {
            const queue = named(kp, "aws:sqs/queue:Queue", "rayops-dev-karpenter-interruption");
            assert.equal(queue.inputs.sqsManagedSseEnabled, true);
            const policy = named(kp, "aws:sqs/queuePolicy:QueuePolicy", "rayops-dev-karpenter-interruption");
            const [send] = JSON.parse(String(policy.inputs.policy)).Statement as Array<{
                Principal: { Service: string[] };
                Resource: string;
            }>;
            assert.ok(send.Principal.Service.includes("events.amazonaws.com"));
            assert.equal(send.Resource, queue.outputs.arn);
        });

        it("routes Spot interruption, rebalance, instance state change, scheduled change and capacity reservation interruption events to the queue", () => {
            const queue = named(kp, "aws:sqs/queue:Queue", "rayops-dev-karpenter-interruption");
            const detailTypes = ofType(kp, "aws:cloudwatch/eventRule:EventRule").flatMap(
                (r) => JSON.parse(String(r.inputs.eventPattern))["detail-type"] as string[],
            );
            assert.deepEqual(detailTypes.sort(), [
                "AWS Health Event",
                "EC2 Capacity Reservation Instance Interruption Warning",
                "EC2 Instance Rebalance Recommendation",
                "EC2 Instance State-change Notification",
                "EC2 Spot Instance Interruption Warning",
            ]);
            const targets = ofType(kp, "aws:cloudwatch/eventTarget:EventTarget");
            assert.equal(targets.length, 5);
            for (const t of targets) assert.equal(t.inputs.arn, queue.outputs.arn);
        });

        it("gives the nodes a role with an EC2_LINUX access entry", () => {
            const role = named(kp, "aws:iam/role:Role", "rayops-dev-karpenter-node");
            const entry = named(kp, "aws:eks/accessEntry:AccessEntry", "rayops-dev-karpenter-node");
            assert.equal(entry.inputs.type, "EC2_LINUX");
            assert.equal(entry.inputs.principalArn, role.outputs.arn);
        });

        it("attaches AmazonSSMManagedInstanceCore to the Karpenter node role, after the common policies", () => {
            assert.deepEqual(attachedPolicies(kp, "rayops-dev-karpenter-node"), [
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
                SSM_POLICY,
            ]);
            assert.equal(named(kp, ATTACHMENT, "rayops-dev-karpenter-node-2").inputs.policyArn, SSM_POLICY);
        });

        it("leaves the managed node groups' role without the SSM policy", () => {
            assert.ok(!attachedPolicies(kp, "rayops-dev-node").includes(SSM_POLICY));
            assert.ok(!attachedPolicies(ca, "rayops-dev-node").includes(SSM_POLICY));
        });

        describe("the EC2 Spot service-linked role", () => {
            it("is not created while every pool is On-Demand", () => {
                assert.deepEqual(ofType(kp, SPOT_ROLE), []);
            });

            it("is created for spot.amazonaws.com when a pool is SPOT", () => {
                const role = named(spot, SPOT_ROLE, "rayops-dev-karpenter-spot");
                assert.equal(role.inputs.awsServiceName, "spot.amazonaws.com");
            });

            it("exists before a NodePool can launch", () => {
                const role = named(spot, SPOT_ROLE, "rayops-dev-karpenter-spot");
                const gpu = named(spot, KARPENTER_NODEPOOL_TYPE, "rayops-dev-karpenter-gpu-nodepool");
                assert.ok(gpu.dependencies?.includes(role.urn), String(gpu.dependencies));
            });

            it("passes every mandatory policy of the pack", () => {
                const result = evaluatePolicies(spot.resources);
                assert.deepEqual(
                    result.findings
                        .filter((f) => f.enforcementLevel === "mandatory")
                        .map((f) => `${f.policy}: ${f.message}`),
                    [],
                );
            });

            it("is not created by a stack told the account already has it (createSpotServiceLinkedRole: false)", () => {
                const pools = [{ capacityType: "SPOT" as const }];
                assert.equal(createsSpotServiceLinkedRole(pools, false), false);
                assert.equal(createsSpotServiceLinkedRole(pools, true), true);
                assert.equal(createsSpotServiceLinkedRole([{ capacityType: "ON_DEMAND" }], true), false);
            });
        });

        describe("the controller's IAM policy", () => {
            function statements(): Statement[] {
                const role = named(kp, "aws:iam/role:Role", "rayops-dev-karpenter-controller");
                const [policy] = ofType(kp, "aws:iam/rolePolicy:RolePolicy").filter(
                    (p) => p.inputs.role === role.outputs.name,
                );
                return JSON.parse(String(policy.inputs.policy)).Statement;
            }

            it("creates instances, fleets and launch templates only when they are tagged as this cluster's", () => {
                const creating = statements().filter((s) =>
                    list(s.Action).includes("ec2:CreateLaunchTemplate"),
                );
                assert.equal(creating.length, 1);
                assert.equal(
                    creating[0].Condition?.StringEquals["aws:RequestTag/kubernetes.io/cluster/rayops-dev"],
                    "owned",
                );
                assert.equal(creating[0].Condition?.StringLike["aws:RequestTag/karpenter.sh/nodepool"], "*");
            });

            it("terminates only instances that carry this cluster's tags", () => {
                const [terminate] = statements().filter((s) =>
                    list(s.Action).includes("ec2:TerminateInstances"),
                );
                assert.equal(
                    terminate.Condition?.StringEquals["aws:ResourceTag/kubernetes.io/cluster/rayops-dev"],
                    "owned",
                );
            });

            it("passes only the Karpenter node role, and only to EC2", () => {
                const nodeRole = named(kp, "aws:iam/role:Role", "rayops-dev-karpenter-node");
                const pass = statements().filter((s) => list(s.Action).includes("iam:PassRole"));
                assert.equal(pass.length, 1);
                assert.deepEqual(list(pass[0].Resource), [nodeRole.outputs.arn]);
                assert.deepEqual(pass[0].Condition, {
                    StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" },
                });
            });

            it("grants no unconditioned action on every resource except the instance-profile list and the Price List read, as upstream", () => {
                const wildcard = statements().filter((s) => list(s.Resource).includes("*") && !s.Condition);
                assert.deepEqual(wildcard.flatMap((s) => list(s.Action)).sort(), [
                    "iam:ListInstanceProfiles",
                    "pricing:GetProducts",
                ]);
            });
        });

        describe("the EC2NodeClasses", () => {
            it("use the pinned AL2023 release, an encrypted gp3 root volume with the data key, and IMDSv2 with hop limit 1", () => {
                const key = named(kp, "aws:kms/key:Key", "rayops-dev-data");
                const classes = ofType(kp, KARPENTER_NODECLASS_TYPE);
                assert.deepEqual(
                    classes
                        .map((c) => c.inputs.metadata && (c.inputs.metadata as { name: string }).name)
                        .sort(),
                    ["cpu", "gpu"],
                );
                for (const c of classes) {
                    assert.deepEqual(spec(c).amiSelectorTerms, [{ alias: AL2023_AMI_ALIAS }]);
                    const [root] = spec(c).blockDeviceMappings;
                    assert.deepEqual(
                        { type: root.ebs.volumeType, encrypted: root.ebs.encrypted, key: root.ebs.kmsKeyID },
                        { type: "gp3", encrypted: true, key: key.outputs.arn },
                    );
                    assert.equal(spec(c).metadataOptions.httpTokens, "required");
                    assert.equal(spec(c).metadataOptions.httpPutResponseHopLimit, 1);
                    assert.equal(spec(c).associatePublicIPAddress, false);
                }
            });

            it("launch into the private subnets and the cluster's security group", () => {
                // The managed system node group runs in the private subnets; Karpenter's nodes go there too.
                const privateIds = named(kp, NODE_GROUP, "rayops-dev-system-ng").inputs.subnetIds as string[];
                for (const c of ofType(kp, KARPENTER_NODECLASS_TYPE)) {
                    assert.deepEqual(
                        spec(c)
                            .subnetSelectorTerms.map((t: { id: string }) => t.id)
                            .sort(),
                        [...privateIds].sort(),
                    );
                    assert.deepEqual(spec(c).securityGroupSelectorTerms, [
                        { tags: { "aws:eks:cluster-name": "rayops-dev" } },
                    ]);
                }
            });
        });

        describe("the NodePools", () => {
            const pool = (name: string) =>
                spec(named(kp, KARPENTER_NODEPOOL_TYPE, `rayops-dev-karpenter-${name}-nodepool`));
            const requirement = (name: string, key: string) =>
                pool(name).template.spec.requirements.find((r: { key: string }) => r.key === key)?.values;

            it("taints GPU nodes with nvidia.com/gpu=true:NoSchedule and labels them like the managed GPU pool", () => {
                assert.deepEqual(pool("gpu").template.spec.taints, [
                    { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" },
                ]);
                assert.equal(pool("gpu").template.metadata.labels["rayops.io/pool"], "gpu");
                assert.equal(pool("gpu").template.metadata.labels["nvidia.com/gpu.present"], "true");
            });

            it("restricts each pool to its configured instance types and their families", () => {
                assert.deepEqual(requirement("gpu", "node.kubernetes.io/instance-type"), ["g5.xlarge"]);
                assert.deepEqual(requirement("gpu", "karpenter.k8s.aws/instance-family"), ["g5"]);
                assert.deepEqual(requirement("cpu", "node.kubernetes.io/instance-type"), ["m6i.2xlarge"]);
            });

            it("caps each pool at maxSize nodes of its largest type (dev: 2 × g5.xlarge, 4 × m6i.2xlarge)", () => {
                assert.deepEqual(pool("gpu").limits, { cpu: "8", "nvidia.com/gpu": "2" });
                assert.deepEqual(pool("cpu").limits, { cpu: "32" });
            });

            it("takes consolidation from the config (default: WhenEmpty after 1m)", () => {
                assert.deepEqual(pool("gpu").disruption, {
                    consolidationPolicy: "WhenEmpty",
                    consolidateAfter: "1m",
                });
            });
        });

        describe("against the policy pack", () => {
            it("passes every mandatory policy", () => {
                const result = evaluatePolicies(kp.resources);
                assert.deepEqual(
                    result.findings
                        .filter((f) => f.enforcementLevel === "mandatory")
                        .map((f) => `${f.policy}: ${f.message}`),
                    [],
                );
            });

            it("catches a GPU NodePool whose nvidia.com/gpu limit was removed", () => {
                const resources = kp.resources.map((r) =>
                    r.name === "rayops-dev-karpenter-gpu-nodepool" ? withoutGpuLimit(r) : r,
                );
                const policies = evaluatePolicies(resources).findings.map((f) => f.policy);
                assert.ok(policies.includes("karpenter-nodepool-missing-gpu-limit"), policies.join(", "));
            });

            it("catches a NodePool GPU limit above maxGpuNodes × GPUs per node", () => {
                const result = evaluatePolicies(kp.resources, { config: { maxGpuNodes: 1 } });
                assert.ok(result.findings.some((f) => f.policy === "stack-enforce-node-limits"));
            });
        });
    });
});

describe("Karpenter on prod (runners enabled, a GPU pool mixing g5 and g6)", () => {
    let prod: OfflineProgramRun;
    before(async () => {
        prod = await runStack("prod", (c) =>
            editKey(c, "addons", (a) => {
                a.nodeAutoscaler = "karpenter";
            }),
        );
    });

    it("creates a runners NodePool tainted github-runners=true:NoSchedule", () => {
        const runners = spec(named(prod, KARPENTER_NODEPOOL_TYPE, "rayops-prod-karpenter-runners-nodepool"));
        assert.deepEqual(runners.template.spec.taints, [
            { key: "github-runners", value: "true", effect: "NoSchedule" },
        ]);
        assert.equal(runners.template.metadata.labels["rayops.io/pool"], "runners");
    });

    it("allows both GPU families and caps GPUs at maxSize × GPUs of the largest type (8 × 1)", () => {
        const gpu = spec(named(prod, KARPENTER_NODEPOOL_TYPE, "rayops-prod-karpenter-gpu-nodepool"));
        const families = gpu.template.spec.requirements.find(
            (r: { key: string }) => r.key === "karpenter.k8s.aws/instance-family",
        );
        assert.deepEqual(families.values, ["g5", "g6"]);
        assert.equal(gpu.limits["nvidia.com/gpu"], "8");
    });

    it("sizes each pool's root volume from its diskSizeGiB (prod gpu: 300Gi)", () => {
        const gpu = spec(named(prod, KARPENTER_NODECLASS_TYPE, "rayops-prod-karpenter-gpu-nodeclass"));
        assert.equal(gpu.blockDeviceMappings[0].ebs.volumeSize, "300Gi");
    });

    it("passes every mandatory policy", () => {
        const result = evaluatePolicies(prod.resources);
        assert.deepEqual(
            result.findings
                .filter((f) => f.enforcementLevel === "mandatory")
                .map((f) => `${f.policy}: ${f.message}`),
            [],
        );
    });
});

describe("the karpenter config section", () => {
    const base = (): Record<string, unknown> => {
        const file = readStackFile(REPO_ROOT, "dev");
        return rawConfigFromPulumi(file.config);
    };

    it("defaults to WhenEmpty after 1m and a pinned 1.x chart", () => {
        const config = parsePlatformConfig(base(), { stack: "dev" });
        assert.equal(config.addons.karpenter.consolidationPolicy, "WhenEmpty");
        assert.equal(config.addons.karpenter.consolidateAfter, "1m");
        assert.match(config.addons.karpenter.chartVersion, /^1\.\d+\.\d+$/);
    });

    it("rejects an unknown consolidationPolicy, naming the key and the allowed values", () => {
        const raw = base();
        raw.addons = { ...(raw.addons as object), karpenter: { consolidationPolicy: "Always" } };
        assert.throws(
            () => parsePlatformConfig(raw, { stack: "dev" }),
            (e: Error) =>
                /addons\.karpenter\.consolidationPolicy = "Always"/.test(e.message) &&
                /WhenEmptyOrUnderutilized/.test(e.message),
        );
    });
});

function withoutGpuLimit(r: CapturedResource): CapturedResource {
    const drop = (o: Record<string, unknown>) => {
        const copy = structuredClone(o);
        // biome-ignore lint/suspicious/noExplicitAny: manifest
        delete (copy as any).spec.limits["nvidia.com/gpu"];
        return copy;
    };
    return { ...r, inputs: drop(r.inputs), outputs: drop(r.outputs) };
}
