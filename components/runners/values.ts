/**
 * Pure description of the self-hosted GitHub Actions runners: Actions Runner Controller (ARC) in
 * scale-set mode. Chart names, the Helm values of both charts, the App secret's keys and the
 * formats the config accepts, kept apart from the component so each rule is tested without Pulumi.
 *
 * Values keys as the `gha-runner-scale-set` and `gha-runner-scale-set-controller` charts (0.14.x)
 * define them; test/upstream/helm-values.spec.ts checks each against the charts at the pinned tag
 * (test/fixtures/upstream/helm/gha-runner-scale-set*-<version>.json).
 */

import { POOL_LABEL } from "../../policypack/lib/node-pools";
import { SYSTEM_PLACEMENT } from "../addons/values";
import { POOL_TAINTS } from "../nodes/scheduling";

/** ARC publishes both charts as OCI artifacts only; there is no classic Helm repository. */
export const ARC_CHART_REGISTRY = "oci://ghcr.io/actions/actions-runner-controller-charts";
export const CONTROLLER_CHART = `${ARC_CHART_REGISTRY}/gha-runner-scale-set-controller`;
export const SCALE_SET_CHART = `${ARC_CHART_REGISTRY}/gha-runner-scale-set`;

/** Namespaces as ARC's quickstart names them, so its runbooks apply unchanged. */
export const CONTROLLER_NAMESPACE = "arc-systems";
export const RUNNERS_NAMESPACE = "arc-runners";
export const CONTROLLER_RELEASE = "arc";
/**
 * Named, not generated: the scale set chart binds the controller's service account to its
 * namespace's manager role. Told the name, it skips looking the controller up by labels at
 * install time, and the binding is visible in a preview.
 */
export const CONTROLLER_SERVICE_ACCOUNT = "arc-gha-rs-controller";
/** The Kubernetes Secret holding the App's credentials; the Helm values carry only this name. */
export const GITHUB_APP_SECRET = "arc-github-app";

/**
 * The actions/runner release the runner pods run: v2.336.0, tagged 2026-07-20, the newest release
 * tag of github.com/actions/runner in the copy read on 2026-12-01 (whose last commit is of
 * 2026-08-22: check for a newer release before deploying). Its release workflow pushes the image
 * as `ghcr.io/actions/actions-runner:<version>` (and moves `latest`).
 *
 * Pinned so a runner pod is the same image on every node and a change of runner is a reviewed
 * commit. The price is a bump at each runner release: ARC registers its scale sets with runner
 * updates disabled (autoscalingrunnerset_controller.go, DisableUpdate), and GitHub only keeps
 * sending jobs to runners that install each release within 30 days of it
 * (https://github.com/orgs/community/discussions/194762, read 2026-12-01).
 */
export const RUNNER_VERSION = "2.336.0";
/** Mirror it and pin a digest here if nodes cannot reach ghcr.io. */
export const RUNNER_IMAGE = `ghcr.io/actions/actions-runner:${RUNNER_VERSION}`;

/**
 * The runner's own default is 600 s (actions/runner-container-hooks, `getPrepareJobTimeoutSeconds`).
 * A job that arrives while the runners pool is at zero waits minutes for a node before
 * its runner starts, and the job pod then pulls its image into that node's empty cache; 900 s
 * leaves room for both. See docs/runners.md.
 */
export const DEFAULT_PREPARE_JOB_TIMEOUT_SECONDS = 900;

// ── Formats the config accepts ─────────────────────────────────────────────────────────────

/**
 * What `pulumi config` holds for a secret that cannot be decrypted here: the offline plan puts
 * `SECRET_PLACEHOLDER` (automation/plan/stack-file.ts) in its place. Format checks accept it, so
 * a stack with encrypted App credentials still plans offline.
 */
export const UNDECRYPTED_SECRET = /^\[secret: [^\]]*\]$/;

/** An organisation (`https://github.com/acme`) or a repository (`https://github.com/acme/ci`). */
export const GITHUB_CONFIG_URL =
    /^https:\/\/github\.com\/[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[\w.-]{1,100})?$/;
/**
 * Enterprise-scope runners need a personal access token (classic); a GitHub App cannot register
 * them ("Authenticating ARC to the GitHub API", docs.github.com, read 2026-11-25).
 */
export const ENTERPRISE_CONFIG_URL = /^https:\/\/github\.com\/enterprises\//;
/** The chart refuses names over 45 characters; `runs-on:` and Kubernetes names take this form. */
export const SCALE_SET_NAME = /^[a-z0-9](?:[a-z0-9-]{0,43}[a-z0-9])?$/;
/** ARC accepts the numeric App id or the App's client id (`Iv1.…`, `Iv23…`). */
export const GITHUB_APP_ID = /^(?:\d{1,12}|Iv[0-9A-Za-z.]{4,40})$/;
export const GITHUB_APP_INSTALLATION_ID = /^\d{1,12}$/;
/** GitHub issues PKCS#1 keys (an `RSA PRIVATE KEY` PEM block); a PKCS#8 conversion works as well. */
export const PEM_PRIVATE_KEY =
    /-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]+-----END (?:RSA )?PRIVATE KEY-----/;

// ── Values ─────────────────────────────────────────────────────────────────────────────────

/** The `github-runners=true:NoSchedule` taint of the runners pool, as a pod toleration. */
export function runnerTolerations(): Record<string, string>[] {
    return POOL_TAINTS.runners.map((t) => ({
        key: t.key,
        operator: "Equal",
        value: t.value,
        effect: "NoSchedule",
    }));
}

export function controllerValues(): Record<string, unknown> {
    return {
        serviceAccount: { create: true, name: CONTROLLER_SERVICE_ACCOUNT },
        // The chart's default is "debug", which logs every reconcile of every runner.
        flags: { logLevel: "info" },
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
        ...SYSTEM_PLACEMENT,
    };
}

export interface ScaleSetValuesArgs {
    readonly githubConfigUrl: string;
    readonly scaleSetName: string;
    /** Name of the Kubernetes Secret with the App's credentials (never the credentials). */
    readonly githubConfigSecret: string;
    readonly maxRunners: number;
    readonly cpu: string;
    readonly memory: string;
    readonly workVolumeGiB: number;
    readonly storageClassName: string;
    readonly prepareJobTimeoutSeconds: number;
    readonly controllerNamespace: string;
}

export function scaleSetValues(a: ScaleSetValuesArgs): Record<string, unknown> {
    const size = { cpu: a.cpu, memory: a.memory };
    return {
        githubConfigUrl: a.githubConfigUrl,
        githubConfigSecret: a.githubConfigSecret,
        runnerScaleSetName: a.scaleSetName,
        // No idle runners: the pool and its nodes cost nothing until a job is queued.
        minRunners: 0,
        maxRunners: a.maxRunners,
        controllerServiceAccount: { namespace: a.controllerNamespace, name: CONTROLLER_SERVICE_ACCOUNT },
        containerMode: {
            // Jobs run in pods beside the runner instead of a privileged Docker daemon (dind).
            type: "kubernetes",
            kubernetesModeWorkVolumeClaim: {
                accessModes: ["ReadWriteOnce"],
                storageClassName: a.storageClassName,
                resources: { requests: { storage: `${a.workVolumeGiB}Gi` } },
            },
        },
        // The listener is a pod the controller creates; it takes none of the controller's placement.
        // Left unplaced it lands on an untainted cpu node, and as a pod of a custom controller the
        // cluster-autoscaler will not evict it, so that node could never scale down.
        listenerTemplate: {
            spec: {
                ...SYSTEM_PLACEMENT,
                containers: [
                    {
                        name: "listener",
                        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                    },
                ],
            },
        },
        template: {
            spec: {
                // Placement belongs to the pod, not the container (the chart copies other spec keys as is).
                nodeSelector: { [POOL_LABEL]: "runners" },
                tolerations: runnerTolerations(),
                // The runner image's user (uid 1001) is in group 123; a fresh EBS work volume belongs
                // to root until the kubelet applies fsGroup to it.
                securityContext: { fsGroup: 123 },
                containers: [
                    {
                        name: "runner",
                        image: RUNNER_IMAGE,
                        command: ["/home/runner/run.sh"],
                        // The job pod the container hook starts is pinned to this runner's node and
                        // requests nothing itself: the runner's request is what reserves the
                        // node's capacity for the job.
                        resources: { requests: size, limits: size },
                        env: [
                            {
                                name: "ACTIONS_RUNNER_PREPARE_JOB_TIMEOUT_SECONDS",
                                value: String(a.prepareJobTimeoutSeconds),
                            },
                            // Steps then run in the job's container, never in the runner container,
                            // whose service account may create pods and read secrets in this namespace.
                            { name: "ACTIONS_RUNNER_REQUIRE_JOB_CONTAINER", value: "true" },
                        ],
                    },
                ],
            },
        },
    };
}

export interface GithubAppCredentials {
    readonly appId: string;
    readonly installationId: string;
    readonly privateKey: string;
}

/** The keys ARC reads from `githubConfigSecret` for GitHub App authentication. */
export function githubAppSecretData(app: GithubAppCredentials): Record<string, string> {
    return {
        github_app_id: app.appId,
        github_app_installation_id: app.installationId,
        github_app_private_key: app.privateKey,
    };
}
