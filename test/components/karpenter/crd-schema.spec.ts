/**
 * The NodePool and EC2NodeClass objects rayops renders, against the real Karpenter v1.12.1 CRDs:
 * schema (unknown fields rejected) and CEL rules, the way the API server would take them on create
 * (test/support/karpenter-crd-validate.ts). Objects the API server rejects leave Karpenter with no
 * pool, and nothing in a Pulumi preview shows it.
 */
import { strict as assert } from "node:assert";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import {
    type NodeClassArgs,
    nodeClassManifest,
    nodePoolManifest,
    type PoolSpecArgs,
} from "../../../components/karpenter/manifest";
import { KARPENTER_NODECLASS_TYPE, KARPENTER_NODEPOOL_TYPE } from "../../../policypack/lib/node-pools";
import {
    allRules,
    checkOf,
    isTransitionRule,
    KARPENTER_CRD_DIR,
    type KarpenterKind,
    validateKarpenterObject,
} from "../../support/karpenter-crd-validate";
import { editKey, ofType, runStack } from "../../support/program";

// biome-ignore lint/suspicious/noExplicitAny: manifests are free-form JSON
type Json = any;

// GIVEN dev-like pools: the CPU and GPU pools as dev configures them, and a Spot CPU pool of two types
const POOLS: Readonly<Record<string, PoolSpecArgs>> = {
    cpu: {
        pool: "cpu",
        instanceTypes: ["m6i.2xlarge"],
        maxSize: 4,
        capacityType: "ON_DEMAND",
        consolidationPolicy: "WhenEmpty",
        consolidateAfter: "1m",
    },
    gpu: {
        pool: "gpu",
        instanceTypes: ["g5.xlarge"],
        maxSize: 2,
        capacityType: "ON_DEMAND",
        consolidationPolicy: "WhenEmpty",
        consolidateAfter: "1m",
    },
    spot: {
        pool: "cpu",
        instanceTypes: ["m6i.2xlarge", "m7i.2xlarge"],
        maxSize: 4,
        capacityType: "SPOT",
        labels: { team: "ml" },
        consolidationPolicy: "WhenEmptyOrUnderutilized",
        consolidateAfter: "5m",
    },
};
const NODE_CLASS: NodeClassArgs = {
    instanceProfile: "rayops-dev-karpenter-node-1a2b3c",
    clusterName: "rayops-dev",
    subnetIds: ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
    diskSizeGiB: 100,
    encrypt: true,
    kmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    tags: { environment: "dev", "managed-by": "rayops", "rayops:stack": "dev", commit: "unknown" },
};

const nodePool = (name: string): Json => structuredClone(nodePoolManifest(name, POOLS[name]));
const nodeClass = (name: string, a: Partial<NodeClassArgs> = {}): Json =>
    structuredClone(nodeClassManifest(name, { ...NODE_CLASS, ...a }));

describe(`Karpenter objects against the v1.12.1 CRDs (${KARPENTER_CRD_DIR})`, () => {
    describe("the validator", () => {
        for (const kind of ["NodePool", "EC2NodeClass"] as KarpenterKind[]) {
            it(`has a TypeScript check for every non-transition CEL rule of ${kind} that rayops can reach`, () => {
                // Rules under fields rayops never renders are left to the spec that first renders them:
                // reaching one without a check fails validation ("no check for CEL rule").
                const unrendered =
                    /^\/spec\/(kubelet|networkInterfaces|placementGroupSelector|capacityReservationSelectorTerms)\b/;
                const missing = allRules(kind)
                    .filter((r) => !isTransitionRule(r.rule) && !unrendered.test(r.path))
                    .filter((r) => !checkOf(r.rule))
                    .map((r) => `${r.path}: ${r.rule}`);
                assert.deepEqual(missing, []);
            });
        }

        it("reports a reached rule it has no check for instead of passing it", () => {
            const withKubelet = nodeClass("cpu");
            withKubelet.spec.kubelet = { kubeReserved: { cpu: "100m" } };
            assert.match(validateKarpenterObject(withKubelet).join("\n"), /no check for CEL rule/);
        });
    });

    describe("the rendered objects pass", () => {
        for (const name of Object.keys(POOLS)) {
            it(`the ${name} NodePool`, () => {
                assert.deepEqual(validateKarpenterObject(nodePool(name)), []);
            });
        }
        for (const name of ["cpu", "gpu"]) {
            it(`the ${name} EC2NodeClass`, () => {
                assert.deepEqual(validateKarpenterObject(nodeClass(name)), []);
            });
        }
        it("an EC2NodeClass with an unencrypted root volume (no kmsKeyID)", () => {
            assert.deepEqual(validateKarpenterObject(nodeClass("cpu", { encrypt: false })), []);
        });
    });

    describe("the schema rejects", () => {
        it("an unknown field (consolidateAfterr)", () => {
            const broken = nodePool("cpu");
            broken.spec.disruption.consolidateAfterr = "1m";
            assert.deepEqual(validateKarpenterObject(broken), [
                "/spec/disruption must NOT have additional properties (consolidateAfterr)",
            ]);
        });

        it("a disruption without consolidateAfter (required)", () => {
            const broken = nodePool("cpu");
            delete broken.spec.disruption.consolidateAfter;
            assert.deepEqual(validateKarpenterObject(broken), [
                "/spec/disruption must have required property 'consolidateAfter'",
            ]);
        });

        it('a consolidateAfter that is not a duration ("1 minute")', () => {
            const broken = nodePool("cpu");
            broken.spec.disruption.consolidateAfter = "1 minute";
            assert.match(
                validateKarpenterObject(broken).join("\n"),
                /^\/spec\/disruption\/consolidateAfter must match pattern/,
            );
        });

        it('a limit that is not a quantity ("lots")', () => {
            const broken = nodePool("gpu");
            broken.spec.limits.cpu = "lots";
            assert.match(
                validateKarpenterObject(broken).join("\n"),
                /\/spec\/limits\/cpu must match pattern/,
            );
        });

        it("a root volume size without a unit", () => {
            const broken = nodeClass("cpu");
            broken.spec.blockDeviceMappings[0].ebs.volumeSize = "100";
            assert.match(validateKarpenterObject(broken).join("\n"), /volumeSize must match pattern/);
        });

        it("a hop limit of 0", () => {
            const broken = nodeClass("cpu");
            broken.spec.metadataOptions.httpPutResponseHopLimit = 0;
            assert.match(validateKarpenterObject(broken).join("\n"), /httpPutResponseHopLimit must be >= 1/);
        });
    });

    describe("the CEL rules reject", () => {
        // Each case changes one field of a valid object; the message is the CRD's.
        const failsWith = (object: Json, message: string) =>
            assert.ok(
                validateKarpenterObject(object).some((e) => e.endsWith(message)),
                validateKarpenterObject(object).join("\n"),
            );

        describe("in an EC2NodeClass", () => {
            it("an alias without a version (self.matches('^[a-zA-Z0-9]+@.+$'))", () => {
                const broken = nodeClass("cpu");
                broken.spec.amiSelectorTerms = [{ alias: "al2023" }];
                failsWith(broken, "'alias' is improperly formatted, must match the format 'family@version'");
            });

            it("an alias of an unknown family (self.split('@')[0] in ['al2','al2023',...])", () => {
                const broken = nodeClass("cpu");
                broken.spec.amiSelectorTerms = [{ alias: "ubuntu@latest" }];
                failsWith(
                    broken,
                    "family is not supported, must be one of the following: 'al2', 'al2023', 'bottlerocket', 'windows2019', 'windows2022', 'windows2025'",
                );
            });

            it("a pinned Windows alias (windows families may only specify version 'latest')", () => {
                const broken = nodeClass("cpu");
                broken.spec.amiSelectorTerms = [{ alias: "windows2022@v20260114" }];
                failsWith(broken, "windows families may only specify version 'latest'");
            });

            it("an alias beside another AMI term (!(self.exists(x, has(x.alias)) && self.size() != 1))", () => {
                const broken = nodeClass("cpu");
                broken.spec.amiSelectorTerms.push({ id: "ami-0123456789abcdef0" });
                failsWith(
                    broken,
                    "'alias' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms",
                );
            });

            it("an alias term that also names tags (!self.exists(x, has(x.alias) && (has(x.id) || has(x.tags) ...)))", () => {
                const broken = nodeClass("cpu");
                broken.spec.amiSelectorTerms[0].tags = { team: "ml" };
                failsWith(
                    broken,
                    "'alias' is mutually exclusive, cannot be set with a combination of other fields in amiSelectorTerms",
                );
            });

            it("an amiFamily that contradicts the al2023 alias", () => {
                const broken = nodeClass("cpu");
                broken.spec.amiFamily = "Bottlerocket";
                failsWith(
                    broken,
                    "if set, amiFamily must be 'AL2023' or 'Custom' when using an AL2023 alias",
                );
            });

            it("both role and instanceProfile ((has(self.role) && !has(self.instanceProfile)) || ...)", () => {
                const broken = nodeClass("cpu");
                broken.spec.role = "rayops-dev-karpenter-node";
                failsWith(broken, "must specify exactly one of ['role', 'instanceProfile']");
            });

            it("neither role nor instanceProfile", () => {
                const broken = nodeClass("cpu");
                delete broken.spec.instanceProfile;
                failsWith(broken, "must specify exactly one of ['role', 'instanceProfile']");
            });

            it("an empty instanceProfile (self != '')", () => {
                failsWith(nodeClass("cpu", { instanceProfile: "" }), "instanceProfile cannot be empty");
            });

            it("no subnets (self.size() != 0)", () => {
                failsWith(nodeClass("cpu", { subnetIds: [] }), "subnetSelectorTerms cannot be empty");
            });

            it("a tag Karpenter owns (self.all(k, !k.startsWith('kubernetes.io/cluster') ))", () => {
                failsWith(
                    nodeClass("cpu", { tags: { "kubernetes.io/cluster/rayops-dev": "owned" } }),
                    "tag contains a restricted tag matching kubernetes.io/cluster/",
                );
            });

            it("the eks:eks-cluster-name tag (self.all(k, k !='eks:eks-cluster-name'))", () => {
                failsWith(
                    nodeClass("cpu", { tags: { "eks:eks-cluster-name": "rayops-dev" } }),
                    "tag contains a restricted tag matching eks:eks-cluster-name",
                );
            });

            it("a security-group term with an empty tag value (self.all(k, k != '' && self[k] != ''))", () => {
                failsWith(nodeClass("cpu", { clusterName: "" }), "empty tag keys or values aren't supported");
            });

            it("two root volumes (self.filter(x, has(x.rootVolume)?x.rootVolume==true:false).size() <= 1)", () => {
                const broken = nodeClass("cpu");
                const [root] = broken.spec.blockDeviceMappings;
                broken.spec.blockDeviceMappings = [
                    { ...root, rootVolume: true },
                    { ...root, deviceName: "/dev/xvdb", rootVolume: true },
                ];
                failsWith(broken, "must have only one blockDeviceMappings with rootVolume");
            });

            it("a volume with neither size nor snapshot (has(self.snapshotID) || has(self.volumeSize))", () => {
                const broken = nodeClass("cpu");
                delete broken.spec.blockDeviceMappings[0].ebs.volumeSize;
                failsWith(broken, "snapshotID or volumeSize must be defined");
            });
        });

        describe("in a NodePool", () => {
            it("a nodeClassRef without a name (self != '')", () => {
                const broken = nodePool("gpu");
                broken.spec.template.spec.nodeClassRef.name = "";
                failsWith(broken, "name may not be empty");
            });

            it("a requirement In with no values (self.all(x, x.operator == 'In' ? x.values.size() != 0 : true))", () => {
                const broken = nodePool("cpu");
                broken.spec.template.spec.requirements[0].values = [];
                failsWith(broken, "requirements with operator 'In' must have a value defined");
            });

            it("a Gt requirement whose value is not an integer (int(x.values[0]) >= 0)", () => {
                const broken = nodePool("cpu");
                broken.spec.template.spec.requirements.push({
                    key: "karpenter.k8s.aws/instance-generation",
                    operator: "Gt",
                    values: ["six"],
                });
                failsWith(
                    broken,
                    "requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must have a single positive integer value",
                );
            });

            it("minValues above the number of values (x.values.size() >= x.minValues)", () => {
                const broken = nodePool("spot");
                broken.spec.template.spec.requirements[1].minValues = 3;
                failsWith(
                    broken,
                    "requirements with 'minValues' must have at least that many values specified in the 'values' field",
                );
            });

            it("a requirement on an unknown karpenter.k8s.aws key (restricted label domain)", () => {
                const broken = nodePool("cpu");
                broken.spec.template.spec.requirements[0].key = "karpenter.k8s.aws/instance-colour";
                failsWith(broken, 'label domain "karpenter.k8s.aws" is restricted');
            });

            it("a requirement on kubernetes.io/hostname", () => {
                const broken = nodePool("cpu");
                broken.spec.template.spec.requirements[0].key = "kubernetes.io/hostname";
                failsWith(broken, 'label "kubernetes.io/hostname" is restricted');
            });

            it("a template label karpenter.sh/nodepool (Karpenter sets it)", () => {
                const broken = nodePool("gpu");
                broken.spec.template.metadata.labels["karpenter.sh/nodepool"] = "gpu";
                failsWith(broken, 'label "karpenter.sh/nodepool" is restricted');
            });

            it("a template label in the karpenter.sh domain", () => {
                const broken = nodePool("gpu");
                broken.spec.template.metadata.labels["karpenter.sh/owner"] = "ml";
                failsWith(broken, 'label domain "karpenter.sh" is restricted');
            });

            it("a static pool (replicas) that keeps a cpu limit", () => {
                const broken = nodePool("cpu");
                broken.spec.replicas = 2;
                failsWith(broken, "only 'limits.nodes' is supported on static NodePools");
            });

            it("a budget with a schedule and no duration (self.all(x, has(x.schedule) == has(x.duration)))", () => {
                const broken = nodePool("cpu");
                broken.spec.disruption.budgets = [{ nodes: "0", schedule: "0 9 * * 1-5" }];
                failsWith(broken, "'schedule' must be set with 'duration'");
            });
        });
    });

    describe("the objects the program renders with Karpenter", () => {
        // GIVEN dev and prod with Karpenter, prod's GPU pool also on Spot
        const runs = new Map<string, OfflineProgramRun>();
        before(async () => {
            runs.set(
                "dev",
                await runStack("dev", (c) =>
                    editKey(c, "addons", (a) => {
                        a.nodeAutoscaler = "karpenter";
                    }),
                ),
            );
            runs.set(
                "prod",
                await runStack("prod", (c) => {
                    editKey(c, "addons", (a) => {
                        a.nodeAutoscaler = "karpenter";
                    });
                    editKey(c, "nodePools", (p) => {
                        p.gpu.capacityType = "SPOT";
                    });
                }),
            );
        });

        for (const stack of ["dev", "prod"]) {
            it(`validates every NodePool and EC2NodeClass of ${stack}`, () => {
                const run = runs.get(stack)!;
                const objects = [
                    ...ofType(run, KARPENTER_NODEPOOL_TYPE),
                    ...ofType(run, KARPENTER_NODECLASS_TYPE),
                ];
                assert.ok(objects.length >= 4, `${objects.length} Karpenter objects`);
                for (const o of objects) assert.deepEqual(validateKarpenterObject(o.inputs), [], o.name);
            });
        }
    });
});
