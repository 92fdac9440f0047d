import { strict as assert } from "node:assert";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import { buildEntrypoint } from "../../../automation/workload/entrypoint";
import { rayJobManifest } from "../../../components/ray/job";

/** The bursty workload's default command line, from its one builder (the CLI's). */
const ENTRYPOINT = buildEntrypoint({});

import { CRD_DIR, podTemplatesOf, validatePodTemplate, validateRayObject } from "../../support/crd-validate";
import { runStack, STACKS } from "../../support/program";
import { type Json, one, RAY_CLUSTER } from "./ray-run";

/** A deep copy to break one field of, leaving the captured run untouched. */
function copy<T>(value: T): Json {
    return structuredClone(value);
}

describe(`the rendered Ray objects against the KubeRay v1.7.0 CRDs (${CRD_DIR})`, () => {
    const runs = new Map<string, OfflineProgramRun>();
    before(async () => {
        for (const stack of STACKS) runs.set(stack, await runStack(stack));
    });
    const rayCluster = (stack: string): Json => one(runs.get(stack)!, RAY_CLUSTER).inputs;

    for (const stack of STACKS) {
        it(`validates ${stack}'s RayCluster against the CRD's v1 openAPIV3Schema`, () => {
            assert.deepEqual(validateRayObject(rayCluster(stack)), []);
        });

        it(`validates each of ${stack}'s pod templates as a Kubernetes PodTemplateSpec`, () => {
            const templates = podTemplatesOf(rayCluster(stack).spec);
            assert.equal(templates.length, 3);
            for (const { group, template } of templates)
                assert.deepEqual(validatePodTemplate(template), [], group);
        });

        it(`validates a RayJob that creates its own cluster from ${stack}'s RayCluster spec`, () => {
            const job = rayJobManifest({
                name: "bursty-training",
                namespace: "ray",
                entrypoint: ENTRYPOINT,
                rayClusterSpec: rayCluster(stack).spec,
                activeDeadlineSeconds: 3600,
            });
            assert.deepEqual(validateRayObject(job as unknown as Json), []);
        });
    }

    it("validates a RayJob against the existing cluster (clusterSelector) running the bursty workload", () => {
        const job = rayJobManifest({
            name: "bursty-training",
            namespace: "ray",
            clusterName: "ray",
            entrypoint: buildEntrypoint({ phaseSeconds: "30" }),
            runtimeEnv: { working_dir: "s3://bucket/workloads.zip" },
            submissionMode: "HTTPMode",
            activeDeadlineSeconds: 1800,
        });
        assert.deepEqual(validateRayObject(job as unknown as Json), []);
    });

    describe("the validator bites", () => {
        it('rejects maxReplicas: "ten" (the CRD wants an int32)', () => {
            // GIVEN dev's RayCluster with a string where an integer belongs
            const broken = copy(rayCluster("dev"));
            broken.spec.workerGroupSpecs[0].maxReplicas = "ten";
            // THEN the schema names the field
            assert.deepEqual(validateRayObject(broken), [
                "/spec/workerGroupSpecs/0/maxReplicas must be integer",
            ]);
        });

        it("rejects maxReplicas beyond int32", () => {
            const broken = copy(rayCluster("dev"));
            broken.spec.workerGroupSpecs[1].maxReplicas = 2 ** 31;
            assert.match(
                validateRayObject(broken).join("\n"),
                /workerGroupSpecs\/1\/maxReplicas must match format "int32"/,
            );
        });

        it("rejects a misspelt field the schema does not declare (autoscalerOptions.idleTimeoutSecond)", () => {
            const broken = copy(rayCluster("dev"));
            broken.spec.autoscalerOptions.idleTimeoutSecond = 60;
            assert.deepEqual(validateRayObject(broken), [
                "/spec/autoscalerOptions must NOT have additional properties (idleTimeoutSecond)",
            ]);
        });

        it("rejects an autoscaler version the CRD does not know", () => {
            const broken = copy(rayCluster("dev"));
            broken.spec.autoscalerOptions.version = "v3";
            assert.match(
                validateRayObject(broken).join("\n"),
                /autoscalerOptions\/version must be equal to one of/,
            );
        });

        it("rejects a worker group without groupName, which the CRD requires", () => {
            const broken = copy(rayCluster("dev"));
            delete broken.spec.workerGroupSpecs[0].groupName;
            assert.match(validateRayObject(broken).join("\n"), /must have required property 'groupName'/);
        });

        it("rejects a container without a name, in the CRD and as a PodTemplateSpec", () => {
            const broken = copy(rayCluster("dev"));
            delete broken.spec.headGroupSpec.template.spec.containers[0].name;
            assert.match(
                validateRayObject(broken).join("\n"),
                /containers\/0 must have required property 'name'/,
            );
            assert.match(
                validatePodTemplate(broken.spec.headGroupSpec.template).join("\n"),
                /containers\/0 must have required property name/,
            );
        });

        it("rejects a resource quantity that is not one", () => {
            const broken = copy(rayCluster("dev"));
            broken.spec.workerGroupSpecs[0].template.spec.containers[0].resources.limits.cpu = "lots";
            assert.match(
                validatePodTemplate(broken.spec.workerGroupSpecs[0].template).join("\n"),
                /limits\/cpu/,
            );
            assert.match(validateRayObject(broken).join("\n"), /limits\/cpu must match pattern/);
        });

        it("rejects two env vars of one name (a list keyed by name)", () => {
            const broken = copy(rayCluster("dev"));
            broken.spec.workerGroupSpecs[0].template.spec.containers[0].env.push({
                name: "NVIDIA_VISIBLE_DEVICES",
                value: "all",
            });
            assert.match(validateRayObject(broken).join("\n"), /env must not repeat the key \(name\)/);
        });

        it("rejects a RayJob whose backoffLimit is not an integer", () => {
            const job = copy(
                rayJobManifest({
                    name: "j",
                    namespace: "ray",
                    entrypoint: ENTRYPOINT,
                    clusterName: "ray",
                }),
            );
            job.spec.backoffLimit = 1.5;
            assert.ok(validateRayObject(job).includes("/spec/backoffLimit must be integer"));
        });

        it("rejects an unknown top-level RayJob field", () => {
            const job = copy(
                rayJobManifest({
                    name: "j",
                    namespace: "ray",
                    entrypoint: ENTRYPOINT,
                    clusterName: "ray",
                }),
            );
            job.spec.shutdownAfterJobFinish = true;
            assert.deepEqual(validateRayObject(job), [
                "/spec must NOT have additional properties (shutdownAfterJobFinish)",
            ]);
        });
    });
});
