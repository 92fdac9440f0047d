import { strict as assert } from "node:assert";
import { buildEntrypoint } from "../../../automation/workload/entrypoint";
import { type RayJobArgs, rayJobManifest, type SelfClusterJobArgs } from "../../../components/ray/job";

/** The bursty workload's command line, from its one builder (the CLI's). */
const ENTRYPOINT = buildEntrypoint({ pattern: "2,5,10" });

/** A minimal cluster spec with one bounded GPU group (shape only; schema checks live in crd-schema.spec). */
const CLUSTER_SPEC = {
    headGroupSpec: {
        template: { spec: { containers: [{ name: "ray-head", image: "rayproject/ray:2.60.0" }] } },
    },
    workerGroupSpecs: [{ groupName: "gpu", minReplicas: 0, maxReplicas: 2, template: {} }],
};

const selfCluster = (extra: Partial<SelfClusterJobArgs> = {}): RayJobArgs => ({
    name: "bursty",
    namespace: "ray",
    entrypoint: ENTRYPOINT,
    rayClusterSpec: CLUSTER_SPEC,
    activeDeadlineSeconds: 3600,
    ...extra,
});

describe("rayJobManifest (components/ray/job.ts)", () => {
    describe("against the existing cluster", () => {
        it("selects the cluster by its ray.io/cluster label and creates none", () => {
            const job = rayJobManifest({
                name: "bursty",
                namespace: "ray",
                entrypoint: ENTRYPOINT,
                clusterName: "ray",
            });
            assert.equal(job.apiVersion, "ray.io/v1");
            assert.equal(job.kind, "RayJob");
            assert.deepEqual(job.spec.clusterSelector, { "ray.io/cluster": "ray" });
            assert.equal(job.spec.rayClusterSpec, undefined);
        });

        it("neither shuts down nor schedules deletion of a cluster it does not own", () => {
            const job = rayJobManifest({
                name: "bursty",
                namespace: "ray",
                entrypoint: ENTRYPOINT,
                clusterName: "ray",
            });
            assert.equal(job.spec.shutdownAfterJobFinishes, undefined);
            assert.equal(job.spec.ttlSecondsAfterFinished, undefined);
        });

        it("runs the entrypoint it is given unchanged, submitted by a Kubernetes Job by default", () => {
            const job = rayJobManifest({
                name: "bursty",
                namespace: "ray",
                entrypoint: ENTRYPOINT,
                clusterName: "ray",
            });
            assert.equal(job.spec.entrypoint, ENTRYPOINT);
            assert.equal(job.spec.submissionMode, "K8sJobMode");
        });

        it("passes a deadline through when given", () => {
            const job = rayJobManifest({
                name: "b",
                namespace: "ray",
                entrypoint: ENTRYPOINT,
                clusterName: "ray",
                activeDeadlineSeconds: 900,
            });
            assert.equal(job.spec.activeDeadlineSeconds, 900);
        });

        it("renders the runtime environment as runtimeEnvYAML", () => {
            const job = rayJobManifest({
                name: "b",
                namespace: "ray",
                entrypoint: ENTRYPOINT,
                clusterName: "ray",
                runtimeEnv: { working_dir: "s3://artifacts/workloads.zip" },
            });
            assert.deepEqual(JSON.parse(String(job.spec.runtimeEnvYAML)), {
                working_dir: "s3://artifacts/workloads.zip",
            });
        });

        it("rejects SidecarMode, which KubeRay does not allow with a selected cluster", () => {
            assert.throws(
                () =>
                    rayJobManifest({
                        name: "b",
                        namespace: "ray",
                        entrypoint: ENTRYPOINT,
                        clusterName: "ray",
                        submissionMode: "SidecarMode",
                    }),
                /RayJob "b": submissionMode = "SidecarMode": SidecarMode needs its own cluster/,
            );
        });
    });

    describe("with its own cluster", () => {
        it("always shuts the cluster down after the job, 60 s after it finishes by default, with no retries", () => {
            const job = rayJobManifest(selfCluster());
            assert.equal(job.spec.shutdownAfterJobFinishes, true);
            assert.equal(job.spec.ttlSecondsAfterFinished, 60);
            assert.equal(job.spec.backoffLimit, 0);
            assert.equal(job.spec.activeDeadlineSeconds, 3600);
            assert.deepEqual(job.spec.rayClusterSpec, CLUSTER_SPEC);
            assert.equal(job.spec.clusterSelector, undefined);
        });

        it("throws a clear error when the job has no deadline", () => {
            assert.throws(
                () => rayJobManifest(selfCluster({ activeDeadlineSeconds: undefined })),
                /RayJob "bursty": activeDeadlineSeconds = \(missing\): a RayJob that creates its own RayCluster needs a deadline/,
            );
        });

        it("rejects a deadline that is not a positive integer", () => {
            assert.throws(
                () => rayJobManifest(selfCluster({ activeDeadlineSeconds: 0 })),
                /activeDeadlineSeconds = 0: allowed an integer in 1\.\.2147483647/,
            );
        });

        it("bounds ttlSecondsAfterFinished to an hour", () => {
            assert.equal(
                rayJobManifest(selfCluster({ ttlSecondsAfterFinished: 3600 })).spec.ttlSecondsAfterFinished,
                3600,
            );
            assert.throws(
                () => rayJobManifest(selfCluster({ ttlSecondsAfterFinished: 86400 })),
                /ttlSecondsAfterFinished = 86400: allowed an integer in 0\.\.3600/,
            );
        });

        it("bounds backoffLimit, since every retry creates a new cluster", () => {
            assert.equal(rayJobManifest(selfCluster({ backoffLimit: 2 })).spec.backoffLimit, 2);
            assert.throws(
                () => rayJobManifest(selfCluster({ backoffLimit: 50 })),
                /backoffLimit = 50: allowed an integer in 0\.\.5/,
            );
        });

        it("rejects retries in InteractiveMode, as KubeRay does", () => {
            assert.throws(
                () => rayJobManifest(selfCluster({ submissionMode: "InteractiveMode", backoffLimit: 1 })),
                /backoffLimit = 1: InteractiveMode allows no retries: 0/,
            );
        });

        it("rejects a worker group without maxReplicas, which the CRD would leave unbounded", () => {
            const unbounded = {
                ...CLUSTER_SPEC,
                workerGroupSpecs: [{ groupName: "gpu", minReplicas: 0, template: {} }],
            };
            assert.throws(
                () => rayJobManifest(selfCluster({ rayClusterSpec: unbounded })),
                /rayClusterSpec\.workerGroupSpecs\[0\]\.maxReplicas = \(missing\): allowed a finite integer/,
            );
        });
    });

    describe("arguments", () => {
        it("needs exactly one of clusterName and rayClusterSpec", () => {
            const both = { ...selfCluster(), clusterName: "ray" } as unknown as RayJobArgs;
            const neither = { name: "b", namespace: "ray", entrypoint: ENTRYPOINT } as unknown as RayJobArgs;
            assert.throws(
                () => rayJobManifest(both),
                /clusterName\/rayClusterSpec = "both": allowed exactly one of them/,
            );
            assert.throws(() => rayJobManifest(neither), /clusterName\/rayClusterSpec = "neither"/);
        });

        it("rejects a name KubeRay would refuse (not DNS-1035, or over 47 characters)", () => {
            assert.throws(
                () =>
                    rayJobManifest({
                        name: "Bursty_Job",
                        namespace: "ray",
                        entrypoint: ENTRYPOINT,
                        clusterName: "ray",
                    }),
                /name = "Bursty_Job": allowed a DNS-1035 label of at most 47 characters/,
            );
            assert.throws(
                () =>
                    rayJobManifest({
                        name: "j".repeat(48),
                        namespace: "ray",
                        entrypoint: ENTRYPOINT,
                        clusterName: "ray",
                    }),
                /at most 47/,
            );
        });

        it("rejects an unknown submission mode", () => {
            const args = {
                name: "b",
                namespace: "ray",
                entrypoint: ENTRYPOINT,
                clusterName: "ray",
                submissionMode: "Batch",
            } as unknown as RayJobArgs;
            assert.throws(
                () => rayJobManifest(args),
                /submissionMode = "Batch": allowed K8sJobMode, HTTPMode/,
            );
        });
    });
});

describe("rayJobManifest's entrypoint", () => {
    it("refuses a job without an entrypoint, naming the field", () => {
        const args = { name: "b", namespace: "ray", clusterName: "ray" } as unknown as RayJobArgs;
        assert.throws(
            () => rayJobManifest(args),
            /RayJob "b": entrypoint = \(missing\): allowed a non-empty shell command/,
        );
    });

    it("refuses a blank entrypoint", () => {
        assert.throws(
            () => rayJobManifest({ name: "b", namespace: "ray", clusterName: "ray", entrypoint: "  " }),
            /RayJob "b": entrypoint = " {2}": allowed a non-empty shell command/,
        );
    });
});
