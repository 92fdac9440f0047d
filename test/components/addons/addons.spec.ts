import { strict as assert } from "node:assert";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import type { CapturedResource } from "../../../automation/plan/types";
import { clusterAutoscalerPolicy } from "../../../components/addons/values";
import { editKey, named, ofType, runStack, STACKS } from "../../support/program";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const SYSTEM_TOLERATION = { key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" };

interface Statement {
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string>>;
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

function release(run: OfflineProgramRun, chart: string): CapturedResource {
    const found = ofType(run, RELEASE).filter((r) => r.inputs.chart === chart);
    assert.equal(found.length, 1, `expected one ${chart} release`);
    return found[0];
}

// biome-ignore lint/suspicious/noExplicitAny: Helm values are free-form
function valuesOf(r: CapturedResource): any {
    return r.inputs.values;
}

describe("Addons (components/addons/addons.ts)", () => {
    let dev: OfflineProgramRun;
    before(async () => {
        dev = await runStack("dev");
    });

    describe("the cluster-autoscaler's IAM policy", () => {
        // GIVEN the policy of the dev cluster's autoscaler role, as the program wires it
        function statements(): Statement[] {
            const role = named(dev, "aws:iam/role:Role", "rayops-dev-cluster-autoscaler");
            const [policy] = ofType(dev, "aws:iam/rolePolicy:RolePolicy").filter(
                (p) => p.inputs.role === role.outputs.name,
            );
            return (JSON.parse(String(policy.inputs.policy)) as { Statement: Statement[] }).Statement;
        }

        it("allows only describe-type actions on every resource", () => {
            const unscoped = statements().filter((s) => !s.Condition);
            assert.ok(unscoped.length > 0);
            for (const s of unscoped) {
                assert.deepEqual(list(s.Resource), ["*"]);
                for (const a of list(s.Action)) assert.match(a, /:(Describe|Get)/, `${a} is not read-only`);
            }
        });

        it("allows SetDesiredCapacity and TerminateInstanceInAutoScalingGroup only on groups owned by this cluster", () => {
            // WHEN the mutating actions are looked up
            const mutating = statements().filter((s) =>
                list(s.Action).some((a) => /SetDesiredCapacity|TerminateInstanceInAutoScalingGroup/.test(a)),
            );
            // THEN they sit in one statement conditioned on the cluster's ownership tag
            assert.equal(mutating.length, 1);
            assert.deepEqual([...list(mutating[0].Action)].sort(), [
                "autoscaling:SetDesiredCapacity",
                "autoscaling:TerminateInstanceInAutoScalingGroup",
            ]);
            assert.deepEqual(mutating[0].Condition, {
                StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/rayops-dev": "owned" },
            });
        });

        it("names the cluster it is built for in the ownership condition", () => {
            const policy = clusterAutoscalerPolicy("other") as { Statement: Statement[] };
            const conditions = policy.Statement.flatMap((s) => Object.keys(s.Condition?.StringEquals ?? {}));
            assert.deepEqual(conditions, ["aws:ResourceTag/k8s.io/cluster-autoscaler/other"]);
        });

        it("trusts the autoscaler's role only for kube-system/cluster-autoscaler", () => {
            const role = named(dev, "aws:iam/role:Role", "rayops-dev-cluster-autoscaler");
            const [trust] = JSON.parse(String(role.inputs.assumeRolePolicy)).Statement;
            const sub = Object.entries(trust.Condition.StringEquals as Record<string, string>).find(([k]) =>
                k.endsWith(":sub"),
            );
            assert.equal(sub?.[1], "system:serviceaccount:kube-system:cluster-autoscaler");
        });
    });

    describe("the cluster-autoscaler's Helm values", () => {
        it("discovers the node groups of its own cluster", () => {
            assert.deepEqual(valuesOf(release(dev, "cluster-autoscaler")).autoDiscovery, {
                clusterName: "rayops-dev",
            });
        });

        it("runs image v1.35.0 for a 1.35 cluster", () => {
            assert.equal(valuesOf(release(dev, "cluster-autoscaler")).image.tag, "v1.35.0");
        });

        it("follows the cluster version when it changes (1.32 → v1.32.0)", async () => {
            const run = await runStack("dev", (c) => editKey(c, "cluster", (v) => (v.version = "1.32")));
            assert.equal(valuesOf(release(run, "cluster-autoscaler")).image.tag, "v1.32.0");
        });

        it("takes the expander and scale-down timings from config", () => {
            // GIVEN dev's scaleDownUnneededTime and scaleDownDelayAfterAdd of 5m
            const args = valuesOf(release(dev, "cluster-autoscaler")).extraArgs;
            assert.equal(args.expander, "least-waste");
            assert.equal(args["scale-down-unneeded-time"], "5m");
            assert.equal(args["scale-down-delay-after-add"], "5m");
        });

        it("uses a configured expander", async () => {
            const run = await runStack("dev", (c) =>
                editKey(c, "addons", (v) => (v.clusterAutoscaler.expander = "most-pods")),
            );
            assert.equal(valuesOf(release(run, "cluster-autoscaler")).extraArgs.expander, "most-pods");
        });

        it("balances similar node groups", () => {
            assert.equal(
                valuesOf(release(dev, "cluster-autoscaler")).extraArgs["balance-similar-node-groups"],
                true,
            );
        });

        it("scales down nodes whose pods use local storage (Ray's emptyDir volumes)", () => {
            assert.equal(
                valuesOf(release(dev, "cluster-autoscaler")).extraArgs["skip-nodes-with-local-storage"],
                false,
            );
        });

        it("runs on system nodes, tolerating CriticalAddonsOnly", () => {
            const values = valuesOf(release(dev, "cluster-autoscaler"));
            assert.deepEqual(values.nodeSelector, { "rayops.io/pool": "system" });
            assert.deepEqual(values.tolerations, [SYSTEM_TOLERATION]);
        });

        it("annotates its service account with the IRSA role", () => {
            const role = named(dev, "aws:iam/role:Role", "rayops-dev-cluster-autoscaler");
            const sa = valuesOf(release(dev, "cluster-autoscaler")).rbac.serviceAccount;
            assert.equal(sa.name, "cluster-autoscaler");
            assert.equal(sa.annotations["eks.amazonaws.com/role-arn"], role.outputs.arn);
        });
    });

    describe("metrics-server", () => {
        it("runs on system nodes, tolerating CriticalAddonsOnly", () => {
            const values = valuesOf(release(dev, "metrics-server"));
            assert.deepEqual(values.nodeSelector, { "rayops.io/pool": "system" });
            assert.deepEqual(values.tolerations, [SYSTEM_TOLERATION]);
        });

        it("is left out when addons.metricsServer.enabled is false", async () => {
            const run = await runStack("dev", (c) =>
                editKey(c, "addons", (v) => (v.metricsServer = { enabled: false })),
            );
            assert.ok(!ofType(run, RELEASE).some((r) => r.inputs.chart === "metrics-server"));
        });
    });

    describe("the NVIDIA device plugin", () => {
        it("tolerates the GPU taint nvidia.com/gpu", () => {
            const tolerations = valuesOf(release(dev, "nvidia-device-plugin")).tolerations as {
                key: string;
            }[];
            assert.ok(tolerations.some((t) => t.key === "nvidia.com/gpu"));
        });

        it("runs only on nodes labelled nvidia.com/gpu.present=true", () => {
            assert.deepEqual(valuesOf(release(dev, "nvidia-device-plugin")).nodeSelector, {
                "nvidia.com/gpu.present": "true",
            });
        });

        it("installs the chart version from config", () => {
            assert.equal(release(dev, "nvidia-device-plugin").inputs.version, "0.20.0");
        });
    });

    describe("CoreDNS", () => {
        it("runs as an EKS add-on on system nodes, tolerating CriticalAddonsOnly", () => {
            const coredns = ofType(dev, "aws:eks/addon:Addon").find((a) => a.inputs.addonName === "coredns");
            assert.ok(coredns, "no coredns add-on");
            const values = JSON.parse(String(coredns.inputs.configurationValues));
            assert.deepEqual(values.nodeSelector, { "rayops.io/pool": "system" });
            assert.deepEqual(values.tolerations, [SYSTEM_TOLERATION]);
        });
    });

    for (const stack of STACKS) {
        it(`${stack}: every Kubernetes resource goes through the cluster's Kubernetes provider`, async () => {
            // GIVEN the one Kubernetes provider, built from the cluster's kubeconfig
            const run = await runStack(stack);
            const providers = ofType(run, "pulumi:providers:kubernetes");
            assert.equal(providers.length, 1);
            // THEN no Kubernetes resource falls back to an ambient kubeconfig
            const k8s = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
            assert.ok(k8s.length > 0);
            for (const r of k8s) assert.equal(r.provider, providers[0].urn, `${r.type} ${r.name}`);
        });
    }

    describe("with karpenter as the node autoscaler", () => {
        let run: OfflineProgramRun;
        before(async () => {
            run = await runStack("dev", (c) => editKey(c, "addons", (v) => (v.nodeAutoscaler = "karpenter")));
        });

        it("installs no cluster-autoscaler release", () => {
            assert.ok(!ofType(run, RELEASE).some((r) => r.inputs.chart === "cluster-autoscaler"));
        });

        it("creates no cluster-autoscaler IAM role", () => {
            assert.ok(!ofType(run, "aws:iam/role:Role").some((r) => r.name.includes("cluster-autoscaler")));
        });
    });
});
