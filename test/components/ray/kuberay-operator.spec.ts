import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import { SYSTEM_PLACEMENT } from "../../../components/addons/values";
import { KubeRayOperator } from "../../../components/ray/kuberay-operator";
import { kubeRayOperatorValues } from "../../../components/ray/operator-values";
import { buildAlone } from "../../support/one-component";
import { specClusterHandle } from "../../support/one-component/cluster-handle";
import { editKey, named, runStack, STACKS } from "../../support/program";
import { childrenOf, type Json, kuberayRelease, stackConfig } from "./ray-run";

const OPERATOR = "rayops:ray:KubeRayOperator";

/** The chart's RBAC templates and the values each one's `if` tests, read from the chart at v1.7.0. */
interface RbacFacts {
    readonly defaults: Readonly<Record<string, unknown>>;
    readonly rbacTemplates: readonly {
        readonly file: string;
        readonly kind: string;
        readonly namespace: "release" | "each of watchNamespace" | null;
        readonly when: Readonly<Record<string, boolean>>;
    }[];
}
const RBAC: RbacFacts = JSON.parse(
    readFileSync(
        path.join(__dirname, "..", "..", "fixtures", "upstream", "helm", "kuberay-operator-1.7.0-rbac.json"),
        "utf8",
    ),
);

/** `kind namespace` of each RBAC object the chart renders for these values (cluster-scoped: "-"). */
function renderedRbac(v: Json, releaseNamespace: string): string[] {
    const value = (k: string) => (k in v ? v[k] : RBAC.defaults[k]);
    const watched: string[] = value("watchNamespace")?.length ? value("watchNamespace") : [releaseNamespace];
    return RBAC.rbacTemplates
        .filter((t) => Object.entries(t.when).every(([k, want]) => Boolean(value(k)) === want))
        .flatMap((t) =>
            t.namespace === null
                ? [`${t.kind} -`]
                : (t.namespace === "release" ? [releaseNamespace] : watched).map((ns) => `${t.kind} ${ns}`),
        )
        .sort();
}
const NAMESPACE = "kubernetes:core/v1:Namespace";

function values(run: OfflineProgramRun): Json {
    return kuberayRelease(run).inputs.values;
}

describe("KubeRayOperator (components/ray/kuberay-operator.ts)", () => {
    for (const stack of STACKS) {
        describe(`the ${stack} stack`, () => {
            let run: OfflineProgramRun;
            before(async () => {
                run = await runStack(stack);
            });

            it("installs the kuberay-operator chart from the KubeRay Helm repository at the configured version", () => {
                const release = kuberayRelease(run).inputs as Json;
                assert.equal(release.chart, "kuberay-operator");
                assert.equal(release.repositoryOpts.repo, "https://ray-project.github.io/kuberay-helm/");
                assert.equal(release.version, stackConfig(stack).ray.operatorChartVersion);
                assert.equal(release.version, "1.7.0");
            });

            it("installs it into its own kuberay-system namespace, created by the component", () => {
                const ns = named(run, NAMESPACE, `rayops-${stack}-kuberay-namespace`);
                assert.equal((ns.inputs as Json).metadata.name, "kuberay-system");
                assert.equal(kuberayRelease(run).inputs.namespace, "kuberay-system");
                assert.equal(
                    ns.parent,
                    kuberayRelease(run).parent,
                    "namespace and release share the component",
                );
            });

            it("enforces the baseline Pod Security Standard on the operator's namespace", () => {
                const labels = (named(run, NAMESPACE, `rayops-${stack}-kuberay-namespace`).inputs as Json)
                    .metadata.labels;
                assert.equal(labels["pod-security.kubernetes.io/enforce"], "baseline");
            });

            it("runs the operator on the system nodes: selects rayops.io/pool=system and tolerates CriticalAddonsOnly", () => {
                const v = values(run);
                assert.deepEqual(v.nodeSelector, { "rayops.io/pool": "system" });
                assert.deepEqual(v.tolerations, [
                    { key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" },
                ]);
                assert.deepEqual(v.tolerations, [...SYSTEM_PLACEMENT.tolerations]);
            });

            it("sets resource requests and limits, with memory requested as much as it is limited", () => {
                const { requests, limits } = values(run).resources;
                assert.ok(requests.cpu && requests.memory && limits.cpu && limits.memory);
                assert.equal(requests.memory, limits.memory);
            });

            it("reconciles only the Ray namespace of the stack", () => {
                assert.deepEqual(values(run).watchNamespace, [stackConfig(stack).ray.namespace]);
            });

            it("grants the operator a namespaced Role in the Ray namespace only, and no ClusterRole", () => {
                // GIVEN the chart's RBAC templates at v1.7.0 and the stack's values
                const rendered = renderedRbac(values(run), String(kuberayRelease(run).inputs.namespace));
                // THEN the reconciling Role is bound in the watched namespace alone, leader election
                // in the operator's own, and nothing is cluster-scoped
                const ns = stackConfig(stack).ray.namespace;
                assert.deepEqual(rendered, [
                    "Role kuberay-system",
                    `Role ${ns}`,
                    "RoleBinding kuberay-system",
                    `RoleBinding ${ns}`,
                ]);
            });

            it("installs the chart in single-namespace mode with its namespaced RBAC", () => {
                const v = values(run);
                assert.equal(v.singleNamespaceInstall, true);
                assert.equal(v.rbacEnable, true);
                assert.equal(v.crNamespacedRbacEnable, true);
            });

            it("creates no ServiceMonitor when the stack does not say the Prometheus Operator is present", () => {
                assert.equal(values(run).metrics.serviceMonitor.enabled, false);
            });

            it("registers every Kubernetes resource with the cluster's kubernetes provider", () => {
                const provider = named(run, "pulumi:providers:kubernetes", `rayops-${stack}-k8s`);
                const children = childrenOf(run, OPERATOR).filter((r) => !r.component);
                assert.ok(children.length >= 2);
                for (const r of children) assert.equal(r.provider, provider.urn, `${r.type} ${r.name}`);
            });
        });
    }

    describe("with ray.prometheusOperator: true", () => {
        it("enables the chart's own ServiceMonitor for the operator's metrics", async () => {
            // GIVEN dev with the Prometheus Operator declared present
            const run = await runStack("dev", (c) =>
                editKey(c, "ray", (ray) => {
                    ray.prometheusOperator = true;
                }),
            );
            // THEN the chart renders its ServiceMonitor
            assert.equal(values(run).metrics.serviceMonitor.enabled, true);
        });
    });

    describe("the chart's RBAC templates (test/fixtures/upstream/helm/kuberay-operator-1.7.0-rbac.json)", () => {
        it("render a ClusterRole and its binding with the chart's defaults: the baseline the values avoid", () => {
            const rendered = renderedRbac({ watchNamespace: ["ray"] }, "kuberay-system");
            assert.ok(rendered.includes("ClusterRole -"));
            assert.ok(rendered.includes("ClusterRoleBinding -"));
        });

        it("bind one Role per watched namespace", () => {
            const rendered = renderedRbac(
                kubeRayOperatorValues({ watchNamespaces: ["ray", "ray-batch"], serviceMonitor: false }),
                "kuberay-system",
            );
            assert.deepEqual(
                rendered.filter((r) => r.startsWith("Role ")),
                ["Role kuberay-system", "Role ray", "Role ray-batch"],
            );
        });
    });

    describe("kubeRayOperatorValues", () => {
        it("rejects an empty watch list, which the chart would read as every namespace", () => {
            assert.throws(
                () => kubeRayOperatorValues({ watchNamespaces: [], serviceMonitor: false }),
                /watchNamespaces = \[\]: allowed one or more namespaces/,
            );
        });

        it("reaches the engine as a ResourceError on the KubeRayOperator, which names it", async () => {
            await assert.rejects(
                buildAlone(
                    () =>
                        new KubeRayOperator("kuberay", {
                            chartVersion: "1.7.0",
                            watchNamespaces: [],
                            cluster: specClusterHandle(),
                        }),
                ),
                (e: unknown) =>
                    pulumi.ResourceError.isInstance(e) &&
                    e.resource instanceof KubeRayOperator &&
                    /watchNamespaces = \[\]: allowed one or more namespaces/.test(e.message),
            );
        });
    });
});
