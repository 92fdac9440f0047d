/**
 * Pure builders of the Ray layer's Kubernetes objects: the `RayCluster` custom resource (KubeRay
 * `ray.io/v1`, CRD v1.7.0) and the namespace labels. No Pulumi here, so every rule is tested on
 * plain objects and the rendered manifest is validated against the real CRD schema. The pods'
 * templates are built in components/ray/pods.ts, the names they share in components/ray/constants.ts.
 */
import type { RayClusterSpecArgs } from "./args";
import { DNS_1035, RAY_API_VERSION, RAY_PORTS } from "./constants";
import {
    containerSecurityContext,
    headPodTemplate,
    type PodTemplate,
    prometheusAnnotations,
    resources,
    type WorkerGroupSpec,
    workerGroup,
} from "./pods";

/** KubeRay caps RayCluster names at 53 characters (v1.7.0 `utils/constant.go`, read 2026-11-25). */
export const MAX_RAY_CLUSTER_NAME_LENGTH = 53;

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
                template: headPodTemplate(a),
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
