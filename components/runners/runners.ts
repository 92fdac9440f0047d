import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../cluster/cluster";
import { withResourceError } from "../cluster/resource-error";
import { STORAGE_CLASS } from "../storage/storage";
import {
    CONTROLLER_CHART,
    CONTROLLER_NAMESPACE,
    CONTROLLER_RELEASE,
    controllerValues,
    DEFAULT_PREPARE_JOB_TIMEOUT_SECONDS,
    ENTERPRISE_CONFIG_URL,
    GITHUB_APP_SECRET,
    GITHUB_CONFIG_URL,
    githubAppSecretData,
    RUNNERS_NAMESPACE,
    SCALE_SET_CHART,
    SCALE_SET_NAME,
    scaleSetValues,
} from "./values";

export interface RunnersArgs {
    /** Where the runners register: `https://github.com/<org>` or `https://github.com/<org>/<repo>`. */
    readonly githubConfigUrl: string;
    /** The scale set's name, which workflows put in `runs-on:`; 1-45 of [a-z0-9-]. */
    readonly scaleSetName: string;
    /** Most runners at once. @default 10 */
    readonly maxRunners?: number;
    /** Version of both ARC charts (controller and scale set must match). */
    readonly chartVersion: string;
    /** CPU request and limit of each runner. */
    readonly cpu: string;
    /** Memory request and limit of each runner. */
    readonly memory: string;
    /** Size of each runner's work volume, GiB. @default 20 */
    readonly workVolumeGiB?: number;
    /** StorageClass of the work volumes. @default "gp3-encrypted" */
    readonly storageClassName?: pulumi.Input<string>;
    /** How long the runner waits for the job pod. @default 900 */
    readonly prepareJobTimeoutSeconds?: number;
    /** The GitHub App the runners authenticate as; stored only as a Kubernetes Secret. */
    readonly githubAppId: pulumi.Input<string>;
    readonly githubAppInstallationId: pulumi.Input<string>;
    readonly githubAppPrivateKey: pulumi.Input<string>;
    /** @default "arc-systems" */
    readonly controllerNamespace?: string;
    /** @default "arc-runners" */
    readonly runnersNamespace?: string;
    /** The cluster, whose Kubernetes provider every child uses (explicit: no ambient kubeconfig). */
    readonly cluster: ClusterHandle;
}

export type ResolvedRunnersArgs = Required<Omit<RunnersArgs, "storageClassName">> & {
    readonly storageClassName: pulumi.Input<string>;
};

/** Defaults filled in; throws naming the argument, its value and what is allowed. */
export function resolveRunnersArgs(args: RunnersArgs): ResolvedRunnersArgs {
    const r = {
        maxRunners: 10,
        workVolumeGiB: 20,
        storageClassName: STORAGE_CLASS,
        prepareJobTimeoutSeconds: DEFAULT_PREPARE_JOB_TIMEOUT_SECONDS,
        controllerNamespace: CONTROLLER_NAMESPACE,
        runnersNamespace: RUNNERS_NAMESPACE,
        ...stripUndefined(args),
    } as ResolvedRunnersArgs;
    const fail = (key: string, value: unknown, allowed: string) => {
        throw new Error(`Runners: ${key} = ${JSON.stringify(value)}; allowed: ${allowed}`);
    };
    if (!GITHUB_CONFIG_URL.test(r.githubConfigUrl) || ENTERPRISE_CONFIG_URL.test(r.githubConfigUrl)) {
        fail(
            "githubConfigUrl",
            r.githubConfigUrl,
            "https://github.com/<org> or https://github.com/<org>/<repo>",
        );
    }
    if (!SCALE_SET_NAME.test(r.scaleSetName)) {
        fail("scaleSetName", r.scaleSetName, "1-45 lower-case letters, digits and -");
    }
    if (!Number.isInteger(r.maxRunners) || r.maxRunners < 1)
        fail("maxRunners", r.maxRunners, "an integer ≥ 1");
    if (!Number.isInteger(r.workVolumeGiB) || r.workVolumeGiB < 1) {
        fail("workVolumeGiB", r.workVolumeGiB, "an integer ≥ 1");
    }
    if (!Number.isInteger(r.prepareJobTimeoutSeconds) || r.prepareJobTimeoutSeconds < 1) {
        fail("prepareJobTimeoutSeconds", r.prepareJobTimeoutSeconds, "an integer number of seconds ≥ 1");
    }
    return r;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Self-hosted GitHub Actions runners that scale from zero: Actions Runner Controller in
 * scale-set mode. The controller runs on the system nodes in its own namespace; one runner scale
 * set, authenticated as a GitHub App, starts an ephemeral runner per queued job on the tainted
 * runners pool, with each job in its own pod (container mode `kubernetes`) on an encrypted gp3
 * work volume. Deleting the component removes the scale set before the controller, whose
 * finalizers unregister the runners from GitHub.
 */
export class Runners extends pulumi.ComponentResource {
    /** The name workflows use in `runs-on:`. */
    readonly scaleSetName: pulumi.Output<string>;
    readonly namespace: pulumi.Output<string>;

    constructor(name: string, args: RunnersArgs, opts?: pulumi.ComponentResourceOptions) {
        super("rayops:runners:Runners", name, {}, opts);
        const a = withResourceError(this, () => resolveRunnersArgs(args));
        const k8sOpts = { parent: this, provider: a.cluster.k8sProvider };

        const controllerNamespace = new k8s.core.v1.Namespace(
            `${name}-controller-namespace`,
            { metadata: { name: a.controllerNamespace, labels: { "app.kubernetes.io/part-of": "rayops" } } },
            k8sOpts,
        );
        const controller = new k8s.helm.v3.Release(
            `${name}-controller`,
            {
                name: CONTROLLER_RELEASE,
                chart: CONTROLLER_CHART,
                version: a.chartVersion,
                namespace: controllerNamespace.metadata.name,
                values: controllerValues(),
            },
            k8sOpts,
        );

        const namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            {
                metadata: {
                    name: a.runnersNamespace,
                    // Job pods run whatever image a workflow names; baseline still refuses privileged
                    // pods and host access, which container mode `kubernetes` never needs.
                    labels: {
                        "app.kubernetes.io/part-of": "rayops",
                        "pod-security.kubernetes.io/enforce": "baseline",
                        "pod-security.kubernetes.io/warn": "restricted",
                    },
                },
            },
            k8sOpts,
        );
        const appSecret = new k8s.core.v1.Secret(
            `${name}-github-app`,
            {
                metadata: { name: GITHUB_APP_SECRET, namespace: namespace.metadata.name },
                type: "Opaque",
                stringData: pulumi.secret(
                    pulumi
                        .all([a.githubAppId, a.githubAppInstallationId, a.githubAppPrivateKey])
                        .apply(([appId, installationId, privateKey]) =>
                            githubAppSecretData({ appId, installationId, privateKey }),
                        ),
                ),
            },
            k8sOpts,
        );

        // The scale set's CRDs come with the controller; on delete, it goes first so the
        // controller is still there to unregister its runners.
        const scaleSet = new k8s.helm.v3.Release(
            `${name}-scale-set`,
            {
                name: a.scaleSetName,
                chart: SCALE_SET_CHART,
                version: a.chartVersion,
                namespace: namespace.metadata.name,
                values: pulumi
                    .all([appSecret.metadata.name, pulumi.output(a.storageClassName)])
                    .apply(([secretName, storageClassName]) =>
                        scaleSetValues({
                            githubConfigUrl: a.githubConfigUrl,
                            scaleSetName: a.scaleSetName,
                            githubConfigSecret: secretName,
                            maxRunners: a.maxRunners,
                            cpu: a.cpu,
                            memory: a.memory,
                            workVolumeGiB: a.workVolumeGiB,
                            storageClassName,
                            prepareJobTimeoutSeconds: a.prepareJobTimeoutSeconds,
                            controllerNamespace: a.controllerNamespace,
                        }),
                    ),
            },
            { ...k8sOpts, dependsOn: [controller, appSecret] },
        );

        this.scaleSetName = scaleSet.name.apply((n) => n ?? a.scaleSetName);
        this.namespace = namespace.metadata.name;
        this.registerOutputs({ scaleSetName: this.scaleSetName, namespace: this.namespace });
    }
}
