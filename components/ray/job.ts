/**
 * A pure builder of KubeRay `RayJob` manifests (ray.io/v1, CRD v1.7.0) for the workload. A job
 * either runs on the stack's RayCluster (`clusterSelector`) or creates its own cluster, which it
 * must then tear down: such a job always has `shutdownAfterJobFinishes`, a bounded
 * `ttlSecondsAfterFinished`, an `activeDeadlineSeconds` and a `backoffLimit`, so a stuck or
 * finished job can never keep GPU nodes. The rules mirror KubeRay's own admission checks
 * (v1.7.0 `utils/validation.go`, ValidateRayJobSpec, read 2026-11-25) so errors surface at build
 * time, each naming the field, the value and what is allowed.
 */
import { DNS_1035, RAY_API_VERSION } from "./constants";

/** KubeRay caps RayJob names at 47 characters (v1.7.0 `utils/constant.go`, read 2026-11-25). */
export const MAX_RAY_JOB_NAME_LENGTH = 47;
/** Longest wait before a finished self-cluster job's RayCluster is deleted. */
export const MAX_TTL_SECONDS_AFTER_FINISHED = 3600;
/** The most retries a self-cluster job may make (each retry creates a new RayCluster). */
export const MAX_BACKOFF_LIMIT = 5;
const INT32_MAX = 2 ** 31 - 1;

export type SubmissionMode = "K8sJobMode" | "HTTPMode" | "InteractiveMode" | "SidecarMode";
const SUBMISSION_MODES: readonly SubmissionMode[] = [
    "K8sJobMode",
    "HTTPMode",
    "InteractiveMode",
    "SidecarMode",
];

interface CommonJobArgs {
    /** The RayJob's name: a DNS-1035 label of at most 47 characters. */
    readonly name: string;
    readonly namespace: string;
    /**
     * The shell command the job runs; for the bursty workload, `buildEntrypoint` of
     * automation/workload/entrypoint.ts, the one builder of that command line.
     */
    readonly entrypoint: string;
    /**
     * Ray runtime environment (e.g. `{ working_dir: "s3://bucket/workloads.zip" }`), rendered as
     * `runtimeEnvYAML`; JSON is valid YAML. @default none
     */
    readonly runtimeEnv?: Readonly<Record<string, unknown>>;
    /** How KubeRay submits the job. @default "K8sJobMode" (a submitter Kubernetes Job) */
    readonly submissionMode?: SubmissionMode;
    /** Seconds the job may run before KubeRay stops it; required for self-cluster jobs. */
    readonly activeDeadlineSeconds?: number;
}

export interface ExistingClusterJobArgs extends CommonJobArgs {
    /** Run on this existing RayCluster (selected by its `ray.io/cluster` label). */
    readonly clusterName: string;
    readonly rayClusterSpec?: never;
}

export interface SelfClusterJobArgs extends CommonJobArgs {
    readonly clusterName?: never;
    /** The spec of the RayCluster the job creates and deletes when it finishes. */
    readonly rayClusterSpec: Readonly<Record<string, unknown>>;
    /** Seconds after the job finishes before its RayCluster is deleted (0..3600). @default 60 */
    readonly ttlSecondsAfterFinished?: number;
    /** Retries, each with a new RayCluster (0..5). @default 0 */
    readonly backoffLimit?: number;
}

export type RayJobArgs = ExistingClusterJobArgs | SelfClusterJobArgs;

export interface RayJobManifest {
    readonly apiVersion: typeof RAY_API_VERSION;
    readonly kind: "RayJob";
    readonly metadata: {
        readonly name: string;
        readonly namespace: string;
        readonly labels: Record<string, string>;
    };
    readonly spec: Record<string, unknown>;
}

function fail(name: string, field: string, value: unknown, allowed: string): never {
    throw new Error(
        `RayJob ${JSON.stringify(name)}: ${field} = ${JSON.stringify(value) ?? "(missing)"}: ${allowed}`,
    );
}

function checkInt(name: string, field: string, value: number | undefined, min: number, max: number): void {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < min || value > max) {
        fail(name, field, value, `allowed an integer in ${min}..${max}`);
    }
}

/** Every worker group of a self-cluster job must bound its replicas: the CRD's default is int32 max. */
function checkBoundedGroups(name: string, spec: Readonly<Record<string, unknown>>): void {
    const groups = spec.workerGroupSpecs;
    if (groups === undefined) return;
    if (!Array.isArray(groups)) fail(name, "rayClusterSpec.workerGroupSpecs", groups, "allowed a list");
    groups.forEach((g, i) => {
        const max = (g as { maxReplicas?: unknown }).maxReplicas;
        if (typeof max !== "number" || !Number.isInteger(max) || max < 0 || max >= INT32_MAX) {
            fail(
                name,
                `rayClusterSpec.workerGroupSpecs[${i}].maxReplicas`,
                max,
                "allowed a finite integer: without it the group may grow without bound and hold GPUs",
            );
        }
    });
}

/** Builds a RayJob manifest; throws when the arguments could let the job leak resources. */
export function rayJobManifest(args: RayJobArgs): RayJobManifest {
    const { name } = args;
    if (!DNS_1035.test(name) || name.length > MAX_RAY_JOB_NAME_LENGTH) {
        fail(name, "name", name, `allowed a DNS-1035 label of at most ${MAX_RAY_JOB_NAME_LENGTH} characters`);
    }
    const mode = args.submissionMode ?? "K8sJobMode";
    if (!SUBMISSION_MODES.includes(mode))
        fail(name, "submissionMode", mode, `allowed ${SUBMISSION_MODES.join(", ")}`);
    checkInt(name, "activeDeadlineSeconds", args.activeDeadlineSeconds, 1, INT32_MAX);

    if (typeof args.entrypoint !== "string" || args.entrypoint.trim() === "") {
        fail(name, "entrypoint", args.entrypoint, "allowed a non-empty shell command");
    }
    const spec: Record<string, unknown> = {
        entrypoint: args.entrypoint,
        submissionMode: mode,
    };
    if (args.runtimeEnv) spec.runtimeEnvYAML = JSON.stringify(args.runtimeEnv);
    if (args.activeDeadlineSeconds !== undefined) spec.activeDeadlineSeconds = args.activeDeadlineSeconds;

    const hasCluster = typeof args.clusterName === "string";
    const hasSpec = args.rayClusterSpec !== undefined;
    if (hasCluster === hasSpec) {
        fail(
            name,
            "clusterName/rayClusterSpec",
            hasCluster ? "both" : "neither",
            "allowed exactly one of them",
        );
    }
    if (hasCluster) {
        const cluster = args.clusterName as string;
        if (!DNS_1035.test(cluster))
            fail(name, "clusterName", cluster, "allowed the name of an existing RayCluster");
        // KubeRay rejects these two with a selected cluster, which it neither owns nor deletes.
        if (mode === "SidecarMode") fail(name, "submissionMode", mode, "SidecarMode needs its own cluster");
        spec.clusterSelector = { "ray.io/cluster": cluster };
    } else {
        const self = args as SelfClusterJobArgs;
        if (self.activeDeadlineSeconds === undefined) {
            fail(
                name,
                "activeDeadlineSeconds",
                undefined,
                "a RayJob that creates its own RayCluster needs a deadline (seconds), or a hung job keeps its nodes",
            );
        }
        checkInt(
            name,
            "ttlSecondsAfterFinished",
            self.ttlSecondsAfterFinished,
            0,
            MAX_TTL_SECONDS_AFTER_FINISHED,
        );
        checkInt(name, "backoffLimit", self.backoffLimit, 0, MAX_BACKOFF_LIMIT);
        const backoffLimit = self.backoffLimit ?? 0;
        if (mode === "InteractiveMode" && backoffLimit > 0) {
            fail(name, "backoffLimit", backoffLimit, "InteractiveMode allows no retries: 0");
        }
        checkBoundedGroups(name, self.rayClusterSpec);
        spec.rayClusterSpec = self.rayClusterSpec;
        spec.shutdownAfterJobFinishes = true;
        spec.ttlSecondsAfterFinished = self.ttlSecondsAfterFinished ?? 60;
        spec.backoffLimit = backoffLimit;
    }
    return {
        apiVersion: RAY_API_VERSION,
        kind: "RayJob",
        metadata: {
            name,
            namespace: args.namespace,
            labels: { "app.kubernetes.io/name": "ray-job", "app.kubernetes.io/part-of": "rayops" },
        },
        spec,
    };
}
