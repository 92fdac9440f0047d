import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { RayClusterSpecArgs } from "./args";
import { RAY_SERVICE_ACCOUNT } from "./constants";
import { headServiceName, namespaceLabels, rayClusterManifest, rayPodMonitorManifest } from "./manifest";

/** The manifest's settings (see `RayClusterSpecArgs`), with the RayCluster's name as `clusterName`. */
export interface RayClusterArgs extends Omit<RayClusterSpecArgs, "name" | "headStateClaim"> {
    /** Name of the RayCluster object (a DNS-1035 label, at most 53 characters). */
    readonly clusterName: string;
    /** Namespace of the Ray pods; created here. */
    readonly namespace: string;
    /** Size of the head's persistent volume for logs and state, GiB. */
    readonly headStorageGiB: number;
    /** IRSA role of the `ray` service account (Storage's role, trusted for `<namespace>:ray`). */
    readonly serviceAccountRoleArn: pulumi.Input<string>;
    /** StorageClass of the head's volume: encrypted gp3. */
    readonly storageClassName: pulumi.Input<string>;
    /** Create a PodMonitor for the Ray pods (needs the Prometheus Operator's CRDs). @default false */
    readonly podMonitor?: boolean;
    /** The KubeRay operator: its chart installs the CRDs the RayCluster needs. */
    readonly operator: pulumi.Resource;
    /** The Kubernetes provider of the cluster (explicit: no ambient kubeconfig). */
    readonly k8sProvider: k8s.Provider;
}

/**
 * A KubeRay `RayCluster` (ray.io/v1) that scales CPU and GPU workers from zero: its namespace,
 * the S3-enabled `ray` service account, the head's persistent volume, and (optionally) a
 * PodMonitor. KubeRay creates the head Service `<clusterName>-head-svc` (type ClusterIP, which
 * KubeRay v1.7.0 makes headless: one head pod needs no virtual IP, and both `kubectl port-forward`
 * and in-cluster DNS reach the dashboard on 8265) and the Secret `<clusterName>` holding the
 * dashboard's auth token. Relying on KubeRay's Service avoids a second one with its own selector.
 */
export class RayCluster extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    /** The head Service: `kubectl port-forward svc/<this> 8265` reaches the dashboard and Jobs API. */
    readonly dashboardService: pulumi.Output<string>;
    /** The Secret (key `auth_token`) whose token the dashboard and Jobs API require. */
    readonly authTokenSecret: pulumi.Output<string>;

    constructor(name: string, args: RayClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("rayops:ray:RayCluster", name, {}, opts);
        const stateClaim = `${args.clusterName}-head-state`;
        // The manifest reads only its own settings from args; the rest are wired below.
        const manifest = rayClusterManifest({ ...args, name: args.clusterName, headStateClaim: stateClaim });
        const k8sOpts = { parent: this, provider: args.k8sProvider };

        const ns = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: args.namespace, labels: namespaceLabels() } },
            k8sOpts,
        );
        const namespace = ns.metadata.name;

        const serviceAccount = new k8s.core.v1.ServiceAccount(
            `${name}-service-account`,
            {
                metadata: {
                    name: RAY_SERVICE_ACCOUNT,
                    namespace,
                    annotations: { "eks.amazonaws.com/role-arn": args.serviceAccountRoleArn },
                },
                // Pods opt in: only the head (its autoscaler sidecar) talks to the Kubernetes API.
                // IRSA's web-identity token is projected by EKS regardless of this setting.
                automountServiceAccountToken: false,
            },
            k8sOpts,
        );

        const claim = new k8s.core.v1.PersistentVolumeClaim(
            `${name}-head-state`,
            {
                metadata: {
                    name: stateClaim,
                    namespace,
                    // gp3 binds WaitForFirstConsumer and the consumer (the head pod) appears only
                    // after the RayCluster exists: waiting for "Bound" here would never end.
                    annotations: { "pulumi.com/skipAwait": "true" },
                },
                spec: {
                    accessModes: ["ReadWriteOnce"],
                    storageClassName: args.storageClassName,
                    resources: { requests: { storage: `${args.headStorageGiB}Gi` } },
                },
            },
            k8sOpts,
        );

        const cluster = new k8s.apiextensions.CustomResource(
            `${name}-cluster`,
            { ...manifest, metadata: { ...manifest.metadata, namespace } },
            {
                ...k8sOpts,
                dependsOn: [args.operator, serviceAccount, claim],
                // The Ray autoscaler moves `replicas` between min and max; re-applying the
                // configured value on the next `up` would remove workers in the middle of a job.
                ignoreChanges: manifest.spec.workerGroupSpecs.map(
                    (_, i) => `spec.workerGroupSpecs[${i}].replicas`,
                ),
            },
        );

        if (args.podMonitor ?? false) {
            new k8s.apiextensions.CustomResource(
                `${name}-pod-monitor`,
                rayPodMonitorManifest(
                    `${args.clusterName}-ray-pods`,
                    args.namespace,
                ) as k8s.apiextensions.CustomResourceArgs,
                { ...k8sOpts, dependsOn: [ns] },
            );
        }

        this.namespace = namespace;
        this.clusterName = cluster.metadata.name;
        this.dashboardService = this.clusterName.apply(headServiceName);
        this.authTokenSecret = this.clusterName;
        this.registerOutputs({
            namespace: this.namespace,
            clusterName: this.clusterName,
            dashboardService: this.dashboardService,
            authTokenSecret: this.authTokenSecret,
        });
    }
}
