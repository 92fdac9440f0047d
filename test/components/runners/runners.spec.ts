import { strict as assert } from "node:assert";
import { generateKeyPairSync } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import { SECRET_PLACEHOLDER } from "../../../automation/plan/stack-file";
import type { CapturedResource } from "../../../automation/plan/types";
import { Runners, resolveRunnersArgs } from "../../../components/runners/runners";
import { RUNNER_IMAGE, RUNNER_VERSION } from "../../../components/runners/values";
import { buildAlone } from "../../support/one-component";
import { specClusterHandle } from "../../support/one-component/cluster-handle";
import { editKey, named, ofType, runStack } from "../../support/program";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const SECRET = "kubernetes:core/v1:Secret";
const OCI = "oci://ghcr.io/actions/actions-runner-controller-charts";
const SYSTEM_PLACEMENT = {
    nodeSelector: { "rayops.io/pool": "system" },
    tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }],
};
const RUNNER_TOLERATION = { key: "github-runners", operator: "Equal", value: "true", effect: "NoSchedule" };

/** A throwaway App key made at run time: real PEM material that must never reach a plain input. */
const TEST_KEY = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
}).privateKey;

function arcRelease(run: OfflineProgramRun, chart: string): CapturedResource {
    const found = ofType(run, RELEASE).filter((r) => r.inputs.chart === `${OCI}/${chart}`);
    assert.equal(found.length, 1, `expected one ${chart} release`);
    return found[0];
}

// biome-ignore lint/suspicious/noExplicitAny: Helm values are free-form
function values(r: CapturedResource): any {
    return r.inputs.values;
}

// biome-ignore lint/suspicious/noExplicitAny: the runner pod template is free-form Helm values
function runnerPod(run: OfflineProgramRun): any {
    return values(arcRelease(run, "gha-runner-scale-set")).template.spec;
}

/** Every input of every resource that was not marked secret, as text. */
function plainInputs(run: OfflineProgramRun): { where: string; text: string }[] {
    return run.resources.flatMap((r) =>
        Object.entries(r.inputs)
            .filter(([key]) => !r.secretInputs?.includes(key))
            .map(([key, v]) => ({ where: `${r.type} ${r.name}: ${key}`, text: JSON.stringify(v) ?? "" })),
    );
}

/** dev with a runners pool and a scale set for the acme organisation, App credentials in plain config. */
function devWithRunners(config: Record<string, string>): void {
    editKey(config, "nodePools", (pools) => {
        pools.runners = { enabled: true, instanceTypes: ["c6i.xlarge"], minSize: 0, maxSize: 3 };
    });
    config["rayops:runners"] = JSON.stringify({
        enabled: true,
        githubConfigUrl: "https://github.com/acme",
        maxRunners: 3,
        controllerChartVersion: "0.14.1",
        cpu: "1500m",
        memory: "3Gi",
    });
    config["rayops:githubAppId"] = "123456";
    config["rayops:githubAppInstallationId"] = "7654321";
    config["rayops:githubAppPrivateKey"] = TEST_KEY;
}

describe("Runners (components/runners/runners.ts)", () => {
    let prod: OfflineProgramRun;
    let dev: OfflineProgramRun;
    before(async () => {
        prod = await runStack("prod");
        dev = await runStack("dev", devWithRunners);
    });

    describe("the charts", () => {
        it("installs the controller chart from ARC's OCI registry at the configured version (prod: 0.14.2)", () => {
            const controller = arcRelease(prod, "gha-runner-scale-set-controller");
            assert.equal(controller.inputs.version, "0.14.2");
            assert.equal(controller.inputs.repositoryOpts, undefined);
        });

        it("installs the scale set chart at the controller's version", () => {
            assert.equal(arcRelease(prod, "gha-runner-scale-set").inputs.version, "0.14.2");
            // WHEN dev pins another version THEN both charts follow it
            assert.equal(arcRelease(dev, "gha-runner-scale-set-controller").inputs.version, "0.14.1");
            assert.equal(arcRelease(dev, "gha-runner-scale-set").inputs.version, "0.14.1");
        });

        it("puts the controller in arc-systems and the scale set in arc-runners, creating both namespaces", () => {
            assert.equal(arcRelease(prod, "gha-runner-scale-set-controller").inputs.namespace, "arc-systems");
            assert.equal(arcRelease(prod, "gha-runner-scale-set").inputs.namespace, "arc-runners");
            const names = ofType(prod, NAMESPACE).map((n) => (n.inputs.metadata as { name: string }).name);
            assert.ok(names.includes("arc-systems") && names.includes("arc-runners"), names.join(", "));
        });

        it("enforces the baseline pod security standard in the runners namespace", () => {
            const ns = named(prod, NAMESPACE, "rayops-prod-runners-namespace");
            const labels = (ns.inputs.metadata as { labels: Record<string, string> }).labels;
            assert.equal(labels["pod-security.kubernetes.io/enforce"], "baseline");
        });

        it("runs the controller on the system nodes", () => {
            const v = values(arcRelease(prod, "gha-runner-scale-set-controller"));
            assert.deepEqual(v.nodeSelector, SYSTEM_PLACEMENT.nodeSelector);
            assert.deepEqual(v.tolerations, SYSTEM_PLACEMENT.tolerations);
        });

        it("binds the scale set to the controller's named service account in arc-systems", () => {
            const controllerSa = values(arcRelease(prod, "gha-runner-scale-set-controller")).serviceAccount
                .name;
            assert.deepEqual(values(arcRelease(prod, "gha-runner-scale-set")).controllerServiceAccount, {
                namespace: "arc-systems",
                name: controllerSa,
            });
        });

        it("creates nothing of ARC while runners are disabled (dev as committed)", async () => {
            const plain = await runStack("dev");
            assert.equal(ofType(plain, "rayops:runners:Runners").length, 0);
            const charts = ofType(plain, RELEASE).map((r) => String(r.inputs.chart));
            assert.ok(!charts.some((c) => c.startsWith(OCI)), charts.join(", "));
            assert.equal(plain.outputs.runnerScaleSetName, null);
        });
    });

    describe("the scale set", () => {
        it("registers with the repository or organisation from config", () => {
            assert.equal(
                values(arcRelease(prod, "gha-runner-scale-set")).githubConfigUrl,
                "https://github.com/acme/ml-platform",
            );
            assert.equal(
                values(arcRelease(dev, "gha-runner-scale-set")).githubConfigUrl,
                "https://github.com/acme",
            );
        });

        it("is named <project>-<stack> by default, and that name is the stack output runs-on uses", () => {
            const release = arcRelease(prod, "gha-runner-scale-set");
            assert.equal(values(release).runnerScaleSetName, "rayops-prod");
            assert.equal(release.inputs.name, "rayops-prod");
            assert.equal(prod.outputs.runnerScaleSetName, "rayops-prod");
            assert.equal(dev.outputs.runnerScaleSetName, "rayops-dev");
        });

        it("takes a configured scale set name", async () => {
            const run = await runStack("dev", (c) => {
                devWithRunners(c);
                editKey(c, "runners", (r) => (r.scaleSetName = "gpu-ci"));
            });
            assert.equal(values(arcRelease(run, "gha-runner-scale-set")).runnerScaleSetName, "gpu-ci");
            assert.equal(run.outputs.runnerScaleSetName, "gpu-ci");
        });

        it("keeps no idle runner (minRunners 0) and stops at maxRunners from config", () => {
            const p = values(arcRelease(prod, "gha-runner-scale-set"));
            assert.equal(p.minRunners, 0);
            assert.equal(p.maxRunners, 6);
            assert.equal(values(arcRelease(dev, "gha-runner-scale-set")).maxRunners, 3);
        });

        it("places runner pods on the runners pool, tolerating github-runners=true:NoSchedule, in the pod spec", () => {
            const spec = runnerPod(prod);
            assert.deepEqual(spec.nodeSelector, { "rayops.io/pool": "runners" });
            assert.deepEqual(spec.tolerations, [RUNNER_TOLERATION]);
            // THEN the runner container carries no placement of its own (Kubernetes would ignore it)
            for (const c of spec.containers) {
                assert.equal(c.nodeSelector, undefined);
                assert.equal(c.tolerations, undefined);
            }
        });

        it("places the listener pod on the system nodes through its own template", () => {
            const spec = values(arcRelease(prod, "gha-runner-scale-set")).listenerTemplate.spec;
            assert.deepEqual(spec.nodeSelector, SYSTEM_PLACEMENT.nodeSelector);
            assert.deepEqual(spec.tolerations, SYSTEM_PLACEMENT.tolerations);
            assert.deepEqual(
                spec.containers.map((c: { name: string }) => c.name),
                ["listener"],
            );
        });

        it("runs jobs in container mode kubernetes with a ReadWriteOnce work volume on gp3-encrypted", () => {
            const mode = values(arcRelease(prod, "gha-runner-scale-set")).containerMode;
            assert.equal(mode.type, "kubernetes");
            assert.deepEqual(mode.kubernetesModeWorkVolumeClaim, {
                accessModes: ["ReadWriteOnce"],
                storageClassName: "gp3-encrypted",
                resources: { requests: { storage: "30Gi" } },
            });
        });

        it("uses the StorageClass the Storage component creates", () => {
            const sc = named(prod, "kubernetes:storage.k8s.io/v1:StorageClass", "rayops-prod-gp3");
            const claim = values(arcRelease(prod, "gha-runner-scale-set")).containerMode
                .kubernetesModeWorkVolumeClaim;
            assert.equal(claim.storageClassName, (sc.inputs.metadata as { name: string }).name);
        });

        it("sets equal resource requests and limits on the runner container from config", () => {
            const [runner] = runnerPod(prod).containers;
            assert.equal(runner.name, "runner");
            assert.deepEqual(runner.resources, {
                requests: { cpu: "2", memory: "4Gi" },
                limits: { cpu: "2", memory: "4Gi" },
            });
            assert.deepEqual(runnerPod(dev).containers[0].resources.limits, { cpu: "1500m", memory: "3Gi" });
        });

        it("gives the job pod 900 s to start (the runner's default of 600 s is too short for a cold node)", () => {
            const env = runnerPod(prod).containers[0].env as { name: string; value: string }[];
            assert.deepEqual(
                env.find((e) => e.name === "ACTIONS_RUNNER_PREPARE_JOB_TIMEOUT_SECONDS"),
                { name: "ACTIONS_RUNNER_PREPARE_JOB_TIMEOUT_SECONDS", value: "900" },
            );
        });

        it("requires every job to name a container, so no step runs in the runner's own container", () => {
            const env = runnerPod(prod).containers[0].env as { name: string; value: string }[];
            assert.equal(env.find((e) => e.name === "ACTIONS_RUNNER_REQUIRE_JOB_CONTAINER")?.value, "true");
        });

        it("lets the work volume be written by the runner user's group (fsGroup 123)", () => {
            assert.equal(runnerPod(prod).securityContext.fsGroup, 123);
        });

        it("runs a released actions/runner version (2.336.0), never the moving latest tag", () => {
            // GIVEN the runner container of prod's scale set
            const [runner] = runnerPod(prod).containers;
            // THEN its image names the pinned release
            assert.equal(runner.image, "ghcr.io/actions/actions-runner:2.336.0");
            assert.equal(runner.image, RUNNER_IMAGE);
            assert.match(RUNNER_VERSION, /^\d+\.\d+\.\d+$/);
        });
    });

    describe("GitHub App authentication", () => {
        it("stores the App's id, installation id and key in a Kubernetes Secret in the runners namespace", () => {
            const secret = named(prod, SECRET, "rayops-prod-runners-github-app");
            assert.equal((secret.inputs.metadata as { namespace: string }).namespace, "arc-runners");
            assert.deepEqual(Object.keys(secret.inputs.stringData as object).sort(), [
                "github_app_id",
                "github_app_installation_id",
                "github_app_private_key",
            ]);
        });

        it("marks the Secret's data as a Pulumi secret", () => {
            assert.deepEqual(named(prod, SECRET, "rayops-prod-runners-github-app").secretInputs, [
                "stringData",
            ]);
            assert.deepEqual(named(dev, SECRET, "rayops-dev-runners-github-app").secretInputs, [
                "stringData",
            ]);
        });

        it("carries the configured credentials into the Secret (dev, plain config made secret)", () => {
            const data = named(dev, SECRET, "rayops-dev-runners-github-app").inputs.stringData as Record<
                string,
                string
            >;
            assert.equal(data.github_app_id, "123456");
            assert.equal(data.github_app_installation_id, "7654321");
            assert.equal(data.github_app_private_key, TEST_KEY);
        });

        it("hands the scale set only the Secret's name", () => {
            const v = values(arcRelease(prod, "gha-runner-scale-set"));
            assert.equal(v.githubConfigSecret, "arc-github-app");
            assert.equal(typeof v.githubConfigSecret, "string");
        });

        it("leaves no key material in any plain input (prod: undecrypted placeholder)", () => {
            const leaks = plainInputs(prod).filter(({ text }) => text.includes(SECRET_PLACEHOLDER));
            assert.deepEqual(
                leaks.map((l) => l.where),
                [],
            );
        });

        it("leaves no key material in any plain input (dev: a real PEM key)", () => {
            const body = TEST_KEY.split("\n")[1];
            const leaks = plainInputs(dev).filter(
                ({ text }) => text.includes("PRIVATE KEY") || text.includes(body) || text.includes("7654321"),
            );
            assert.deepEqual(
                leaks.map((l) => l.where),
                [],
            );
        });

        it("uses no personal access token", () => {
            for (const run of [prod, dev]) {
                const v = JSON.stringify(values(arcRelease(run, "gha-runner-scale-set")));
                assert.ok(!v.includes("github_token"), v);
            }
        });
    });

    describe("resolveRunnersArgs", () => {
        const base = {
            githubConfigUrl: "https://github.com/acme/ci",
            scaleSetName: "ci",
            chartVersion: "0.14.2",
            cpu: "1",
            memory: "2Gi",
            githubAppId: "1",
            githubAppInstallationId: "2",
            githubAppPrivateKey: "k",
            cluster: undefined as never,
        };

        it("fills in the defaults: 10 runners, 20 GiB on gp3-encrypted, 900 s, arc-systems and arc-runners", () => {
            const r = resolveRunnersArgs(base);
            assert.deepEqual(
                [r.maxRunners, r.workVolumeGiB, r.storageClassName, r.prepareJobTimeoutSeconds],
                [10, 20, "gp3-encrypted", 900],
            );
            assert.deepEqual([r.controllerNamespace, r.runnersNamespace], ["arc-systems", "arc-runners"]);
        });

        it("refuses a scale set name the chart would refuse (over 45 characters)", () => {
            assert.throws(
                () => resolveRunnersArgs({ ...base, scaleSetName: "a".repeat(46) }),
                /scaleSetName = "a{46}"; allowed: 1-45 lower-case letters, digits and -/,
            );
        });

        it("reaches the engine as a ResourceError on the Runners component, which names it", async () => {
            await assert.rejects(
                buildAlone(
                    () =>
                        new Runners("runners", { ...base, scaleSetName: "CI", cluster: specClusterHandle() }),
                ),
                (e: unknown) =>
                    pulumi.ResourceError.isInstance(e) &&
                    e.resource instanceof Runners &&
                    /Runners: scaleSetName = "CI"; allowed: 1-45 lower-case letters/.test(e.message),
            );
        });
    });
});
