import { strict as assert } from "node:assert";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import { committedConfig } from "../../support/committed-config";
import { runStack, STACKS } from "../../support/program";
import { headPod, type Json, rayClusterSpec, workerGroup } from "./ray-run";

const SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict";
const DO_NOT_DISRUPT = "karpenter.sh/do-not-disrupt";
const GPU_TOLERATION = { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" };

function env(container: Json): Record<string, string> {
    return Object.fromEntries((container.env ?? []).map((e: Json) => [e.name, e.value]));
}

describe("RayCluster pods (components/ray/pods.ts, as the program renders them)", () => {
    for (const stack of STACKS) {
        describe(`the ${stack} stack`, () => {
            let run: OfflineProgramRun;
            const config = committedConfig(stack);
            if (config === undefined) return;
            before(async () => {
                run = await runStack(stack);
            });

            describe("cluster and autoscaler", () => {
                it("pins rayVersion to ray.version", () => {
                    assert.equal(rayClusterSpec(run).rayVersion, config.ray.version);
                });

                it("turns in-tree autoscaling on with autoscaler v2 and the configured idle timeout and mode", () => {
                    const spec = rayClusterSpec(run);
                    assert.equal(spec.enableInTreeAutoscaling, true);
                    assert.equal(spec.autoscalerOptions.version, "v2");
                    assert.equal(
                        spec.autoscalerOptions.idleTimeoutSeconds,
                        config.ray.autoscaler.idleTimeoutSeconds,
                    );
                    assert.equal(spec.autoscalerOptions.upscalingMode, config.ray.autoscaler.upscalingMode);
                });

                it("gives the autoscaler sidecar the configured resources, requests equal to limits", () => {
                    const { requests, limits } = rayClusterSpec(run).autoscalerOptions.resources;
                    const want = { cpu: config.ray.autoscaler.cpu, memory: config.ray.autoscaler.memory };
                    assert.deepEqual(requests, want);
                    assert.deepEqual(limits, want);
                });
            });

            describe("head", () => {
                it("schedules no tasks on the head (num-cpus 0) and serves the dashboard on all interfaces", () => {
                    const params = rayClusterSpec(run).headGroupSpec.rayStartParams;
                    assert.equal(params["num-cpus"], "0");
                    assert.equal(params["dashboard-host"], "0.0.0.0");
                    assert.equal(params["metrics-export-port"], "8080");
                });

                it("runs the configured image with ray.head resources, requests equal to limits", () => {
                    const [container] = headPod(run).spec.containers;
                    const want = { cpu: config.ray.head.cpu, memory: config.ray.head.memory };
                    assert.equal(container.image, config.ray.image);
                    assert.deepEqual(container.resources, { requests: want, limits: want });
                });

                it("runs on the cpu pool, where it fits, and never on the tainted GPU nodes", () => {
                    const spec = headPod(run).spec;
                    assert.deepEqual(spec.nodeSelector, { "rayops.io/pool": "cpu" });
                    assert.equal(spec.tolerations, undefined);
                });

                it("is never drained by the cluster-autoscaler (safe-to-evict: false), so it survives scale-down", () => {
                    assert.equal(headPod(run).metadata.annotations[SAFE_TO_EVICT], "false");
                });

                it("is never disrupted by Karpenter's consolidation or expiry (do-not-disrupt: true)", () => {
                    assert.equal(headPod(run).metadata.annotations[DO_NOT_DISRUPT], "true");
                });

                it("uses the ray service account and mounts an API token for its autoscaler sidecar", () => {
                    const spec = headPod(run).spec;
                    assert.equal(spec.serviceAccountName, "ray");
                    assert.equal(spec.automountServiceAccountToken, true);
                });

                it("hides GPUs from the head with NVIDIA_VISIBLE_DEVICES=void", () => {
                    assert.equal(env(headPod(run).spec.containers[0]).NVIDIA_VISIBLE_DEVICES, "void");
                });

                it("declares the GCS, dashboard, client and metrics ports", () => {
                    const ports = headPod(run).spec.containers[0].ports.map(
                        (p: Json) => `${p.name}:${p.containerPort}`,
                    );
                    assert.deepEqual(ports, [
                        "gcs-server:6379",
                        "dashboard:8265",
                        "client:10001",
                        "metrics:8080",
                    ]);
                });

                it("annotates the pod for Prometheus on the metrics port", () => {
                    const annotations = headPod(run).metadata.annotations;
                    assert.equal(annotations["prometheus.io/scrape"], "true");
                    assert.equal(annotations["prometheus.io/port"], "8080");
                });
            });

            describe("worker groups", () => {
                it("renders one group per ray.workerGroups entry, in order", () => {
                    const names = rayClusterSpec(run).workerGroupSpecs.map((g: Json) => g.groupName);
                    assert.deepEqual(names, Object.keys(config.ray.workerGroups));
                });

                it("starts each group at minReplicas and bounds it by the configured min and max", () => {
                    for (const [name, wg] of Object.entries(config.ray.workerGroups)) {
                        const g = workerGroup(run, name);
                        assert.equal(g.replicas, wg.minReplicas, name);
                        assert.equal(g.minReplicas, wg.minReplicas, name);
                        assert.equal(g.maxReplicas, wg.maxReplicas, name);
                    }
                });

                it("scales the GPU group from zero", () => {
                    assert.equal(workerGroup(run, "gpu").minReplicas, 0);
                });

                it("selects each group's node pool with rayops.io/pool", () => {
                    for (const [name, wg] of Object.entries(config.ray.workerGroups)) {
                        assert.deepEqual(workerGroup(run, name).template.spec.nodeSelector, {
                            "rayops.io/pool": wg.pool,
                        });
                    }
                });

                it("makes GPU workers tolerate the GPU pool's nvidia.com/gpu taint, and CPU workers tolerate nothing", () => {
                    assert.deepEqual(workerGroup(run, "gpu").template.spec.tolerations, [GPU_TOLERATION]);
                    assert.equal(workerGroup(run, "cpu").template.spec.tolerations, undefined);
                });

                it("sets CPU and memory requests equal to limits, as configured", () => {
                    for (const [name, wg] of Object.entries(config.ray.workerGroups)) {
                        const { requests, limits } = workerGroup(run, name).template.spec.containers[0]
                            .resources;
                        assert.equal(requests.cpu, wg.cpu, name);
                        assert.equal(requests.memory, wg.memory, name);
                        assert.deepEqual(requests, limits, name);
                    }
                });

                it("requests and limits nvidia.com/gpu on GPU workers, and tells Ray with num-gpus", () => {
                    const g = workerGroup(run, "gpu");
                    const gpus = String(config.ray.workerGroups.gpu.gpus);
                    const { requests, limits } = g.template.spec.containers[0].resources;
                    assert.equal(requests["nvidia.com/gpu"], gpus);
                    assert.equal(limits["nvidia.com/gpu"], gpus);
                    assert.equal(g.rayStartParams["num-gpus"], gpus);
                });

                it("asks for no GPU on CPU workers", () => {
                    const g = workerGroup(run, "cpu");
                    assert.equal(g.template.spec.containers[0].resources.limits["nvidia.com/gpu"], undefined);
                    assert.equal(g.rayStartParams["num-gpus"], undefined);
                });

                it("sets NVIDIA_VISIBLE_DEVICES=void on CPU workers and leaves GPU workers their devices", () => {
                    assert.equal(
                        env(workerGroup(run, "cpu").template.spec.containers[0]).NVIDIA_VISIBLE_DEVICES,
                        "void",
                    );
                    assert.equal(
                        env(workerGroup(run, "gpu").template.spec.containers[0]).NVIDIA_VISIBLE_DEVICES,
                        undefined,
                    );
                });

                it("runs the GPU image on GPU workers and the CPU image on CPU workers", () => {
                    assert.equal(
                        workerGroup(run, "gpu").template.spec.containers[0].image,
                        config.ray.gpuImage,
                    );
                    assert.equal(workerGroup(run, "cpu").template.spec.containers[0].image, config.ray.image);
                });

                it("keeps Karpenter from disrupting a node under a busy worker", () => {
                    for (const name of Object.keys(config.ray.workerGroups)) {
                        assert.equal(
                            workerGroup(run, name).template.metadata.annotations[DO_NOT_DISRUPT],
                            "true",
                            name,
                        );
                    }
                });

                it("keeps the cluster-autoscaler from evicting workers: only Ray's idle timeout removes them", () => {
                    for (const name of Object.keys(config.ray.workerGroups)) {
                        assert.equal(
                            workerGroup(run, name).template.metadata.annotations[SAFE_TO_EVICT],
                            "false",
                            name,
                        );
                    }
                });

                it("gives workers the ray service account (S3 through IRSA) but no Kubernetes API token", () => {
                    for (const name of Object.keys(config.ray.workerGroups)) {
                        const spec = workerGroup(run, name).template.spec;
                        assert.equal(spec.serviceAccountName, "ray", name);
                        assert.equal(spec.automountServiceAccountToken, false, name);
                    }
                });

                it("exports metrics on port 8080, annotated for Prometheus", () => {
                    for (const name of Object.keys(config.ray.workerGroups)) {
                        const g = workerGroup(run, name);
                        assert.equal(g.rayStartParams["metrics-export-port"], "8080");
                        assert.deepEqual(g.template.spec.containers[0].ports, [
                            { name: "metrics", containerPort: 8080 },
                        ]);
                        assert.equal(g.template.metadata.annotations["prometheus.io/port"], "8080");
                    }
                });
            });

            it("runs every Ray container as the non-root ray user without privilege escalation or capabilities", () => {
                const spec = rayClusterSpec(run);
                const containers = [
                    ...headPod(run).spec.containers,
                    ...spec.workerGroupSpecs.flatMap((g: Json) => g.template.spec.containers),
                ];
                for (const sc of [
                    ...containers.map((c: Json) => c.securityContext),
                    spec.autoscalerOptions.securityContext,
                ]) {
                    assert.equal(sc.runAsNonRoot, true);
                    assert.equal(sc.runAsUser, 1000);
                    assert.equal(sc.allowPrivilegeEscalation, false);
                    assert.deepEqual(sc.capabilities, { drop: ["ALL"] });
                }
            });

            it("uses restartPolicy Never on every Ray pod, as autoscaler v2 requires", () => {
                const spec = rayClusterSpec(run);
                assert.equal(headPod(run).spec.restartPolicy, "Never");
                for (const g of spec.workerGroupSpecs)
                    assert.equal(g.template.spec.restartPolicy, "Never", g.groupName);
            });
        });
    }
});
