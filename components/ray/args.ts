/**
 * The argument types of the Ray layer's builders (manifest.ts, pods.ts), declared here so both
 * read them without importing each other, and the config schema's types satisfy them.
 */

/** One Ray worker group (the config's `ray.workerGroups.<name>`). */
export interface WorkerGroupArgs {
    /** The node pool that hosts the group's pods. */
    readonly pool: "cpu" | "gpu";
    readonly minReplicas: number;
    readonly maxReplicas: number;
    /** CPU and memory of each worker pod (requests = limits), as Kubernetes quantities. */
    readonly cpu: string;
    readonly memory: string;
    /** NVIDIA GPUs per worker pod. */
    readonly gpus: number;
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
    /** Most GiB the head's node-local state volume at RAY_STATE_PATH (Ray's temp directory) may hold. */
    readonly headStorageGiB: number;
    /** Seconds a worker must be idle before the Ray autoscaler removes it; see docs/autoscaling-timing.md. */
    readonly idleTimeoutSeconds: number;
    readonly upscalingMode: "Default" | "Aggressive" | "Conservative";
    /** Autoscaler sidecar CPU and memory (requests = limits). */
    readonly autoscalerCpu: string;
    readonly autoscalerMemory: string;
    /** Worker groups by name, in the order they are rendered. */
    readonly workerGroups: Readonly<Record<string, WorkerGroupArgs>>;
}
