/**
 * Names, ports and paths the Ray layer shares between the RayCluster manifest, its pod templates,
 * the RayJob builder and the program (service account, head pool).
 */
export const RAY_API_VERSION = "ray.io/v1";
/** A DNS-1035 label, which KubeRay requires of RayCluster and RayJob names. */
export const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** The service account of every Ray pod; Storage's IRSA role trusts exactly `<namespace>:ray`. */
export const RAY_SERVICE_ACCOUNT = "ray";

/** Ray's ports (Ray and KubeRay defaults; KubeRay v1.7.0 `utils/constant.go`, read 2026-11-25). */
export const RAY_PORTS = { gcs: 6379, dashboard: 8265, client: 10001, metrics: 8080 } as const;

/**
 * The head runs on the `cpu` pool: the system pool is tainted for cluster add-ons and its nodes
 * are too small for a head plus the autoscaler sidecar in either stack. `safe-to-evict: "false"`
 * keeps the cluster-autoscaler from draining the head's node (see docs/autoscaling-timing.md).
 */
export const HEAD_POOL = "cpu";

/**
 * Where Ray keeps session state and logs inside its containers (Ray's default temp directory,
 * `/tmp` + `/ray`); the head mounts its persistent volume here.
 */
export const RAY_STATE_PATH = ["", "tmp", "ray"].join("/");
/**
 * KubeRay shares a volume named `ray-logs` at RAY_STATE_PATH between the head and the autoscaler
 * sidecar, and creates an emptyDir under that name only when the pod has none. Naming the
 * persistent volume `ray-logs` makes the sidecar mount it too, so the autoscaler's event log
 * reaches the head (KubeRay v1.7.0 `common/pod.go`, addEmptyDir, read 2026-11-25).
 */
export const RAY_STATE_VOLUME = "ray-logs";

/** The cluster-autoscaler never drains a node holding a pod with this annotation set to "false". */
export const SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict";

/**
 * Karpenter's equivalent: it never consolidates, drifts or expires a node away from under a pod
 * with this annotation set to "true" (https://karpenter.sh/docs/concepts/disruption/).
 */
export const DO_NOT_DISRUPT = "karpenter.sh/do-not-disrupt";
