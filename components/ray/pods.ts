/**
 * The pod templates of a RayCluster: the head's and each worker group's, with the security
 * context, resources, tolerations and annotations every Ray pod shares.
 */

import { GPU_RESOURCE, POOL_LABEL } from "../../policypack/lib/node-pools";
import { POOL_TAINTS } from "../nodes/scheduling";
import type { RayClusterSpecArgs, WorkerGroupArgs } from "./args";
import {
    DO_NOT_DISRUPT,
    HEAD_POOL,
    RAY_PORTS,
    RAY_SERVICE_ACCOUNT,
    RAY_STATE_PATH,
    RAY_STATE_VOLUME,
    SAFE_TO_EVICT,
} from "./constants";

/** UID and GID of the `ray` user in the rayproject/ray images (their Dockerfile: uid 1000, gid 100). */
const RAY_UID = 1000;
const RAY_GID = 100;

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

export function resources(cpu: string, memory: string, gpus = 0): Container["resources"] {
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

/**
 * The head's pod: on the cpu pool, with Ray's ports and its state volume at RAY_STATE_PATH. The
 * volume is node-local (emptyDir, capped at `headStorageGiB`), not EBS: an EBS volume lives in one
 * zone while the cpu pool spans several, and after a reschedule the cluster-autoscaler may add a
 * node in another zone, leaving the head Pending. Ray keeps nothing there that outlives the head
 * (without GCS fault tolerance a restarted head starts a new session); checkpoints and artifacts
 * go to S3.
 */
export function headPodTemplate(a: RayClusterSpecArgs): PodTemplate {
    return podTemplate({
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
        volumes: [{ name: RAY_STATE_VOLUME, emptyDir: { sizeLimit: `${a.headStorageGiB}Gi` } }],
        volumeMounts: [{ name: RAY_STATE_VOLUME, mountPath: RAY_STATE_PATH }],
        kubernetesApi: true,
    });
}

/** One worker group: its pods on the group's pool, with the GPU image when it has GPUs. */
export function workerGroup(name: string, wg: WorkerGroupArgs, a: RayClusterSpecArgs): WorkerGroupSpec {
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
