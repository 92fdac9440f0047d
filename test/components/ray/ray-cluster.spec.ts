import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import { RayCluster } from "../../../components/ray/ray-cluster";
import { committedConfig } from "../../support/committed-config";
import { buildAlone } from "../../support/one-component";
import { specClusterHandle } from "../../support/one-component/cluster-handle";
import { editKey, named, ofType, runStack, STACKS } from "../../support/program";
import { childrenOf, type Json, one, RAY_CLUSTER, rayClusterSpec, stackConfig } from "./ray-run";

/** Ray's default temp directory inside its containers (`ray start --temp-dir`'s default). */
const RAY_TEMP_DIR = "/tmp" + "/ray";

const COMPONENT = "rayops:ray:RayCluster";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const POD_MONITOR = "kubernetes:monitoring.coreos.com/v1:PodMonitor";

describe("RayCluster (components/ray/ray-cluster.ts)", () => {
    for (const stack of STACKS) {
        describe(`the ${stack} stack`, () => {
            let run: OfflineProgramRun;
            const config = committedConfig(stack);
            if (config === undefined) return;
            before(async () => {
                run = await runStack(stack);
            });

            it("has the operator create the Ray namespace from config (baseline Pod Security enforced) before its chart", () => {
                // The chart puts the operator's Role into the watched namespace: it must exist first.
                const ns = named(run, NAMESPACE, `rayops-${stack}-kuberay-watch-${config.ray.namespace}`);
                assert.equal((ns.inputs as Json).metadata.name, config.ray.namespace);
                assert.equal(
                    (ns.inputs as Json).metadata.labels["pod-security.kubernetes.io/enforce"],
                    "baseline",
                );
                const release = named(
                    run,
                    "kubernetes:helm.sh/v3:Release",
                    `rayops-${stack}-kuberay-release`,
                );
                assert.ok(
                    (release.dependencies ?? []).includes(ns.urn),
                    "the operator's release does not wait for the namespace",
                );
            });

            it("keeps the namespace's identity from when RayCluster created it (an alias, no replacement)", () => {
                const ns = named(run, NAMESPACE, `rayops-${stack}-kuberay-watch-${config.ray.namespace}`);
                assert.ok(
                    (ns.aliases ?? []).some((a) =>
                        String(a).endsWith(
                            `rayops:ray:RayCluster$kubernetes:core/v1:Namespace::rayops-${stack}-ray-namespace`,
                        ),
                    ),
                    JSON.stringify(ns.aliases),
                );
            });

            it("puts the RayCluster and the service account into that namespace", () => {
                for (const type of [RAY_CLUSTER, SERVICE_ACCOUNT]) {
                    assert.equal(
                        (one(run, type).inputs as Json).metadata.namespace,
                        config.ray.namespace,
                        type,
                    );
                }
            });

            it("annotates the ray service account with Storage's IRSA role, the one trusted for <namespace>:ray", () => {
                // GIVEN the role Storage creates for the Ray pods
                const role = named(run, "aws:iam/role:Role", `rayops-${stack}-ray`);
                const trust = JSON.stringify(JSON.parse(String(role.inputs.assumeRolePolicy)));
                // THEN the service account named in the trust condition carries that role's ARN
                const sa = one(run, SERVICE_ACCOUNT).inputs as Json;
                assert.equal(sa.metadata.name, "ray");
                assert.ok(trust.includes(`system:serviceaccount:${config.ray.namespace}:ray`));
                assert.equal(sa.metadata.annotations["eks.amazonaws.com/role-arn"], role.outputs.arn);
            });

            it("does not mount API tokens by default: pods opt in", () => {
                assert.equal((one(run, SERVICE_ACCOUNT).inputs as Json).automountServiceAccountToken, false);
            });

            it("keeps the head's state on the node (emptyDir of ray.head.storageGiB), so no zonal EBS volume pins it", () => {
                // An EBS volume lives in one zone; the cpu pool spans several, and a rescheduled
                // head could wait for a node in the volume's zone that the autoscaler never adds.
                assert.equal(ofType(run, PVC).length, 0, "the program creates no PersistentVolumeClaim");
                const pod = rayClusterSpec(run).headGroupSpec.template.spec;
                assert.deepEqual(pod.volumes, [
                    { name: "ray-logs", emptyDir: { sizeLimit: `${config.ray.head.storageGiB}Gi` } },
                ]);
            });

            it("mounts that volume in the head at Ray's temp directory, under the volume name KubeRay shares with the autoscaler", () => {
                const pod = rayClusterSpec(run).headGroupSpec.template.spec;
                assert.deepEqual(pod.containers[0].volumeMounts, [
                    { name: "ray-logs", mountPath: RAY_TEMP_DIR },
                ]);
            });

            it("uses the image's ray group for the volume, so the non-root ray user can write to it", () => {
                const pod = rayClusterSpec(run).headGroupSpec.template.spec;
                assert.equal(pod.securityContext.fsGroup, 100);
                assert.equal(pod.containers[0].securityContext.runAsGroup, 100);
            });

            it("asks KubeRay for a ClusterIP head service and exports its name as the dashboard service", () => {
                assert.equal(rayClusterSpec(run).headGroupSpec.serviceType, "ClusterIP");
                assert.equal(run.outputs.rayDashboardService, `${run.outputs.rayClusterName}-head-svc`);
            });

            it("annotates the head service for Prometheus on the metrics port", () => {
                assert.deepEqual(rayClusterSpec(run).headServiceAnnotations, {
                    "prometheus.io/scrape": "true",
                    "prometheus.io/port": "8080",
                });
            });

            it("requires a token for the dashboard and Jobs API, kept in the Secret named after the cluster", () => {
                assert.deepEqual(rayClusterSpec(run).authOptions, { mode: "token" });
                assert.equal(run.outputs.rayAuthTokenSecret, run.outputs.rayClusterName);
            });

            it("exports the namespace and the cluster's name", () => {
                const cluster = one(run, RAY_CLUSTER).inputs as Json;
                assert.equal(run.outputs.rayNamespace, config.ray.namespace);
                assert.equal(run.outputs.rayClusterName, cluster.metadata.name);
            });

            it("leaves worker replicas to the Ray autoscaler after creation (ignoreChanges)", () => {
                const groups = rayClusterSpec(run).workerGroupSpecs as Json[];
                assert.deepEqual(
                    one(run, RAY_CLUSTER).ignoreChanges,
                    groups.map((_, i) => `spec.workerGroupSpecs[${i}].replicas`),
                );
            });

            it("creates no PodMonitor when the stack does not say the Prometheus Operator is present", () => {
                assert.equal(ofType(run, POD_MONITOR).length, 0);
            });

            it("registers every Kubernetes resource with the cluster's kubernetes provider", () => {
                const provider = named(run, "pulumi:providers:kubernetes", `rayops-${stack}-k8s`);
                const children = childrenOf(run, COMPONENT).filter((r) => !r.component);
                assert.ok(children.length >= 2);
                for (const r of children) {
                    assert.ok(r.type.startsWith("kubernetes:"), r.type);
                    assert.equal(r.provider, provider.urn, `${r.type} ${r.name}`);
                }
            });
        });
    }

    describe("with ray.prometheusOperator: true", () => {
        let run: OfflineProgramRun;
        before(async () => {
            // GIVEN dev with the Prometheus Operator declared present
            run = await runStack("dev", (c) =>
                editKey(c, "ray", (ray) => {
                    ray.prometheusOperator = true;
                }),
            );
        });

        it('creates a PodMonitor for pods labelled ray.io/is-ray-node: "yes", scraping the metrics port', () => {
            const monitor = one(run, POD_MONITOR).inputs as Json;
            assert.equal(monitor.metadata.namespace, "ray");
            assert.deepEqual(monitor.spec.selector, { matchLabels: { "ray.io/is-ray-node": "yes" } });
            assert.deepEqual(monitor.spec.podMetricsEndpoints, [{ port: "metrics", path: "/metrics" }]);
        });

        it("registers the PodMonitor with the cluster's kubernetes provider", () => {
            const provider = named(run, "pulumi:providers:kubernetes", "rayops-dev-k8s");
            assert.equal(one(run, POD_MONITOR).provider, provider.urn);
        });
    });

    it("refuses a name KubeRay would refuse as a ResourceError on the RayCluster, which names it", async () => {
        // GIVEN dev's Ray settings with a RayCluster name that is no DNS-1035 label
        const ray = stackConfig("dev").ray;
        // WHEN the component is built alone, THEN the manifest's refusal names the component
        await assert.rejects(
            buildAlone(() => {
                const cluster = specClusterHandle();
                return new RayCluster("ray", {
                    clusterName: "Ray_Cluster",
                    namespace: ray.namespace,
                    rayVersion: ray.version,
                    image: ray.image,
                    gpuImage: ray.gpuImage,
                    headCpu: ray.head.cpu,
                    headMemory: ray.head.memory,
                    headStorageGiB: ray.head.storageGiB,
                    idleTimeoutSeconds: ray.autoscaler.idleTimeoutSeconds,
                    upscalingMode: ray.autoscaler.upscalingMode,
                    autoscalerCpu: ray.autoscaler.cpu,
                    autoscalerMemory: ray.autoscaler.memory,
                    workerGroups: ray.workerGroups,
                    serviceAccountRoleArn: "arn:aws:iam::123456789012:role/rayops-spec-ray",
                    operator: cluster.k8sProvider,
                    cluster,
                });
            }),
            (e: unknown) =>
                pulumi.ResourceError.isInstance(e) &&
                e.resource instanceof RayCluster &&
                /RayCluster name "Ray_Cluster": allowed a DNS-1035 label/.test(e.message),
        );
    });
});
