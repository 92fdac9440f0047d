/**
 * Pure builders of the Ray layer's Kubernetes objects: the `RayCluster` custom resource (KubeRay
 * `ray.io/v1`, CRD v1.7.0) and the namespace labels. No Pulumi here, so every rule is tested on
 * plain objects and the rendered manifest is validated against the real CRD schema.
 */
import type { WorkerGroupConfig } from "./config";
import { POOL_LABEL, POOL_TAINTS } from "./node-pool-spec";

export const RAY_API_VERSION = "ray.io/v1";
/** The service account of every Ray pod; Storage's IRSA role trusts exactly `<namespace>:ray`. */
export const RAY_SERVICE_ACCOUNT = "ray";
/** The extended resource the NVIDIA device plugin advertises; also the GPU pool's taint key. */
export const GPU_RESOURCE = "nvidia.com/gpu";

/** Ray's ports (Ray and KubeRay defaults; KubeRay v1.7.0 `utils/constant.go`, read 2026-11-25). */
export const RAY_PORTS = { gcs: 6379, dashboard: 8265, client: 10001, metrics: 8080 } as const;

/**
 * The head runs on the `cpu` pool: the system pool is tainted for cluster add-ons and its nodes
 * are too small for a head plus the autoscaler sidecar in either stack. `safe-to-evict: "false"`
 * keeps the cluster-autoscaler from draining the head's node (see docs/autoscaling-timing.md).
 */
export const HEAD_POOL = "cpu";

/** Where Ray keeps session state and logs; the head mounts its persistent volume here. */
export const RAY_STATE_PATH = "/tmp/ray";
/**
 * KubeRay shares a volume named `ray-logs` at /tmp/ray between the head and the autoscaler
 * sidecar, and creates an emptyDir under that name only when the pod has none. Naming the
 * persistent volume `ray-logs` makes the sidecar mount it too, so the autoscaler's event log
 * reaches the head (KubeRay v1.7.0 `common/pod.go`, addEmptyDir, read 2026-11-25).
 */
export const RAY_STATE_VOLUME = "ray-logs";

/** UID and GID of the `ray` user in the rayproject/ray images (their Dockerfile: uid 1000, gid 100). */
const RAY_UID = 1000;
const RAY_GID = 100;

/** The cluster-autoscaler never drains a node holding a pod with this annotation set to "false". */
export const SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict";

/**
 * Karpenter's equivalent: it never consolidates, drifts or expires a node away from under a pod
 * with this annotation set to "true" (https://karpenter.sh/docs/concepts/disruption/).
 */
export const DO_NOT_DISRUPT = "karpenter.sh/do-not-disrupt";

/** KubeRay caps RayCluster names at 53 characters (v1.7.0 `utils/constant.go`, read 2026-11-25). */
export const MAX_RAY_CLUSTER_NAME_LENGTH = 53;
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export interface EnvVar {
    readonly name: string;
    readonly value: string;
}

export interface Container {
    readonly name: string;
    readonly image: string;
    readonly resources: {
        readonly requests: Record<string, string>;
        readonly limits: Record<string, string>;
    };
    readonly env?: readonly EnvVar[];
    readonly ports: readonly { readonly name: string; readonly containerPort: number }[];
    readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string }[];
    readonly lifecycle: { readonly preStop: { readonly exec: { readonly command: readonly string[] } } };
    readonly securityContext: Record<string, unknown>;
}

export interface PodTemplate {
    readonly metadata: { readonly annotations: Record<string, string> };
    readonly spec: {
        readonly serviceAccountName: string;
        readonly automountServiceAccountToken: boolean;
        readonly restartPolicy: "Never";
        readonly nodeSelector: Record<string, string>;
        readonly tolerations?: readonly { key: string; operator: "Exists"; effect: "NoSchedule" }[];
        readonly securityContext: Record<string, unknown>;
        readonly containers: readonly Container[];
        readonly volumes?: readonly Record<string, unknown>[];
    };
}

export interface WorkerGroupSpec {
    readonly groupName: string;
    readonly replicas: number;
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly rayStartParams: Record<string, string>;
    readonly template: PodTemplate;
}

export interface RayClusterManifest {
    readonly apiVersion: typeof RAY_API_VERSION;
    readonly kind: "RayCluster";
    readonly metadata: {
        readonly name: string;
        readonly namespace: string;
        readonly labels: Record<string, string>;
    };
    readonly spec: {
        readonly rayVersion: string;
        readonly enableInTreeAutoscaling: true;
        readonly autoscalerOptions: Record<string, unknown>;
        readonly authOptions: { readonly mode: "token" };
        readonly headServiceAnnotations: Record<string, string>;
        readonly headGroupSpec: {
            readonly serviceType: "ClusterIP";
            readonly rayStartParams: Record<string, string>;
            readonly template: PodTemplate;
        };
        readonly workerGroupSpecs: readonly WorkerGroupSpec[];
    };
}

export interface RayClusterSpecArgs {
    /** The RayCluster's name: a DNS-1035 label of at most 53 characters. */
    readonly name: string;
    /** Namespace of the Ray pods. */
    readonly namespace: string;
    /** Ray version of the images, e.g. "2.60.0". */
    readonly rayVersion: string;
    /** Image of the head and of workers without GPUs. */
    readonly image: string;
    /** Image of workers with GPUs (CUDA libraries). */
    readonly gpuImage: string;
    /** Head CPU and memory (requests = limits). */
    readonly headCpu: string;
    readonly headMemory: string;
    /** The PersistentVolumeClaim the head mounts at /tmp/ray. */
    readonly headStateClaim: string;
    /** Seconds a worker must be idle before the Ray autoscaler removes it; see docs/autoscaling-timing.md. */
    readonly idleTimeoutSeconds: number;
    readonly upscalingMode: "Default" | "Aggressive" | "Conservative";
    /** Autoscaler sidecar CPU and memory (requests = limits). */
    readonly autoscalerCpu: string;
    readonly autoscalerMemory: string;
    /** Worker groups by name, in the order they are rendered. */
    readonly workerGroups: Readonly<Record<string, WorkerGroupConfig>>;
}

/** The head Service KubeRay creates for a RayCluster (type ClusterIP; dashboard on 8265). */
export function headServiceName(clusterName: string): string {
    return `${clusterName}-head-svc`;
}

/** Throws unless `name` is a RayCluster name KubeRay accepts. */
export function validateRayClusterName(name: string): void {
    if (!DNS_1035.test(name) || name.length > MAX_RAY_CLUSTER_NAME_LENGTH) {
        throw new Error(
            `RayCluster name ${JSON.stringify(name)}: allowed a DNS-1035 label (lower-case letters, digits ` +
                `and -, starting with a letter) of at most ${MAX_RAY_CLUSTER_NAME_LENGTH} characters`,
        );
    }
}

/**
 * Pod Security Admission labels of the Ray and operator namespaces: `baseline` is enforced (no
 * privileged pods, host namespaces or hostPath), `restricted` is reported, because KubeRay injects
 * init containers whose security context rayops does not control.
 */
export function namespaceLabels(): Record<string, string> {
    return {
        "app.kubernetes.io/part-of": "rayops",
        "pod-security.kubernetes.io/enforce": "baseline",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
    };
}

/**
 * Prometheus annotations for pods and the head Service; every Ray node exports metrics on the
 * same port.
 */
export function prometheusAnnotations(): Record<string, string> {
    return { "prometheus.io/scrape": "true", "prometheus.io/port": String(RAY_PORTS.metrics) };
}

/**
 * Ray images run as the non-root `ray` user; nothing in Ray needs extra capabilities. The root
 * filesystem stays writable: Ray writes runtime environments and caches under $HOME and /tmp.
 */
export function containerSecurityContext(): Record<string, unknown> {
    return {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        runAsNonRoot: true,
        runAsUser: RAY_UID,
        runAsGroup: RAY_GID,
    };
}

function resources(cpu: string, memory: string, gpus = 0): Container["resources"] {
    // Requests equal limits: the scheduler and the cluster-autoscaler size nodes from requests,
    // Ray sizes its workers from limits; equal values keep both views of a pod the same.
    const amounts: Record<string, string> = { cpu, memory };
    if (gpus > 0) amounts[GPU_RESOURCE] = String(gpus);
    return { requests: { ...amounts }, limits: { ...amounts } };
}

/** Tolerations for a pool's taints; a pool without taints needs none. */
export function poolTolerations(pool: "cpu" | "gpu"): PodTemplate["spec"]["tolerations"] {
    const taints = POOL_TAINTS[pool];
    if (taints.length === 0) return undefined;
    return taints.map((t) => ({ key: t.key, operator: "Exists" as const, effect: "NoSchedule" as const }));
}

interface PodArgs {
    readonly containerName: string;
    readonly image: string;
    readonly pool: "cpu" | "gpu";
    readonly cpu: string;
    readonly memory: string;
    readonly gpus: number;
    readonly ports: Container["ports"];
    readonly volumes?: readonly Record<string, unknown>[];
    readonly volumeMounts?: Container["volumeMounts"];
    /** Only the head talks to the Kubernetes API (its autoscaler sidecar patches the RayCluster). */
    readonly kubernetesApi: boolean;
}

function podTemplate(a: PodArgs): PodTemplate {
    const tolerations = poolTolerations(a.pool);
    // A container that requests no GPU still sees every GPU of its node through the NVIDIA
    // runtime unless told otherwise; "void" hides them all.
    const env = a.gpus === 0 ? [{ name: "NVIDIA_VISIBLE_DEVICES", value: "void" }] : undefined;
    return {
        metadata: {
            annotations: {
                // Ray alone decides when a Ray pod goes (idle timeout); the node autoscaler
                // (cluster-autoscaler or Karpenter) only removes nodes that Ray has emptied.
                // See docs/autoscaling-timing.md.
                [SAFE_TO_EVICT]: "false",
                [DO_NOT_DISRUPT]: "true",
                ...prometheusAnnotations(),
            },
        },
        spec: {
            serviceAccountName: RAY_SERVICE_ACCOUNT,
            automountServiceAccountToken: a.kubernetesApi,
            // Autoscaler v2 requires Never (or unset): a failed Ray node is replaced by a new pod.
            restartPolicy: "Never",
            nodeSelector: { [POOL_LABEL]: a.pool },
            ...(tolerations ? { tolerations } : {}),
            securityContext: {
                // The volume's files become group-owned by the ray user's group; only the root
                // directory is checked, so a large volume is not walked on every start.
                fsGroup: RAY_GID,
                fsGroupChangePolicy: "OnRootMismatch",
                seccompProfile: { type: "RuntimeDefault" },
            },
            containers: [
                {
                    name: a.containerName,
                    image: a.image,
                    resources: resources(a.cpu, a.memory, a.gpus),
                    ...(env ? { env } : {}),
                    ports: a.ports,
                    ...(a.volumeMounts ? { volumeMounts: a.volumeMounts } : {}),
                    // Lets the raylet leave the cluster cleanly before the pod is killed.
                    lifecycle: { preStop: { exec: { command: ["/bin/sh", "-c", "ray stop"] } } },
                    securityContext: containerSecurityContext(),
                },
            ],
            ...(a.volumes ? { volumes: a.volumes } : {}),
        },
    };
}

function workerGroup(name: string, wg: WorkerGroupConfig, a: RayClusterSpecArgs): WorkerGroupSpec {
    const rayStartParams: Record<string, string> = { "metrics-export-port": String(RAY_PORTS.metrics) };
    if (wg.gpus > 0) rayStartParams["num-gpus"] = String(wg.gpus);
    return {
        groupName: name,
        // The Ray autoscaler owns `replicas` after creation; the component ignores its changes.
        replicas: wg.minReplicas,
        minReplicas: wg.minReplicas,
        maxReplicas: wg.maxReplicas,
        rayStartParams,
        template: podTemplate({
            containerName: "ray-worker",
            image: wg.gpus > 0 ? a.gpuImage : a.image,
            pool: wg.pool,
            cpu: wg.cpu,
            memory: wg.memory,
            gpus: wg.gpus,
            ports: [{ name: "metrics", containerPort: RAY_PORTS.metrics }],
            kubernetesApi: false,
        }),
    };
}

/** The `RayCluster` manifest: autoscaling head on the cpu pool and one group per configured worker group. */
export function rayClusterManifest(a: RayClusterSpecArgs): RayClusterManifest {
    validateRayClusterName(a.name);
    return {
        apiVersion: RAY_API_VERSION,
        kind: "RayCluster",
        metadata: {
            name: a.name,
            namespace: a.namespace,
            labels: { "app.kubernetes.io/name": "ray", "app.kubernetes.io/part-of": "rayops" },
        },
        spec: {
            rayVersion: a.rayVersion,
            enableInTreeAutoscaling: true,
            autoscalerOptions: {
                version: "v2",
                idleTimeoutSeconds: a.idleTimeoutSeconds,
                upscalingMode: a.upscalingMode,
                // KubeRay's default is 512Mi, which is known to OOM on large clusters.
                resources: resources(a.autoscalerCpu, a.autoscalerMemory),
                securityContext: containerSecurityContext(),
            },
            // The dashboard runs jobs as the ray service account (with S3 access): without a token,
            // any pod that reaches the head Service could. KubeRay keeps the token in a Secret
            // named after the cluster (key `auth_token`).
            authOptions: { mode: "token" },
            headServiceAnnotations: prometheusAnnotations(),
            headGroupSpec: {
                // Never LoadBalancer or NodePort: the dashboard is reached by port-forward only.
                serviceType: "ClusterIP",
                rayStartParams: {
                    // No tasks on the head: it must stay responsive and survive every burst.
                    "num-cpus": "0",
                    "dashboard-host": "0.0.0.0",
                    "metrics-export-port": String(RAY_PORTS.metrics),
                },
                template: podTemplate({
                    containerName: "ray-head",
                    image: a.image,
                    pool: HEAD_POOL,
                    cpu: a.headCpu,
                    memory: a.headMemory,
                    gpus: 0,
                    ports: [
                        { name: "gcs-server", containerPort: RAY_PORTS.gcs },
                        { name: "dashboard", containerPort: RAY_PORTS.dashboard },
                        { name: "client", containerPort: RAY_PORTS.client },
                        { name: "metrics", containerPort: RAY_PORTS.metrics },
                    ],
                    volumes: [
                        { name: RAY_STATE_VOLUME, persistentVolumeClaim: { claimName: a.headStateClaim } },
                    ],
                    volumeMounts: [{ name: RAY_STATE_VOLUME, mountPath: RAY_STATE_PATH }],
                    kubernetesApi: true,
                }),
            },
            workerGroupSpecs: Object.entries(a.workerGroups).map(([name, wg]) => workerGroup(name, wg, a)),
        },
    };
}

/** A PodMonitor (Prometheus Operator) for every Ray pod, head and workers. */
export function rayPodMonitorManifest(name: string, namespace: string): Record<string, unknown> {
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PodMonitor",
        metadata: { name, namespace, labels: { "app.kubernetes.io/part-of": "rayops" } },
        spec: {
            selector: { matchLabels: { "ray.io/is-ray-node": "yes" } },
            podMetricsEndpoints: [{ port: "metrics", path: "/metrics" }],
        },
    };
}
