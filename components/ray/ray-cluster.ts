import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../cluster/cluster";
import { withResourceError } from "../cluster/resource-error";
import type { RayClusterSpecArgs } from "./args";
import { RAY_SERVICE_ACCOUNT } from "./constants";
import { headServiceName, rayClusterManifest, rayPodMonitorManifest } from "./manifest";

/** The manifest's settings (see `RayClusterSpecArgs`), with the RayCluster's name as `clusterName`. */
export interface RayClusterArgs extends Omit<RayClusterSpecArgs, "name"> {
    /** Name of the RayCluster object (a DNS-1035 label, at most 53 characters). */
    readonly clusterName: string;
    /** Namespace of the Ray pods; the operator creates it (it watches it). */
    readonly namespace: string;
    /** IRSA role of the `ray` service account (Storage's role, trusted for `<namespace>:ray`). */
    readonly serviceAccountRoleArn: pulumi.Input<string>;
    /** Create a PodMonitor for the Ray pods (needs the Prometheus Operator's CRDs). @default false */
    readonly podMonitor?: boolean;
    /** The KubeRay operator: its chart installs the CRDs the RayCluster needs. */
    readonly operator: pulumi.Resource;
    /** The EKS cluster, whose Kubernetes provider every child uses (explicit: no ambient kubeconfig). */
    readonly cluster: ClusterHandle;
}

/**
 * A KubeRay `RayCluster` (ray.io/v1) that scales CPU and GPU workers from zero, in the namespace
 * the operator watches: the S3-enabled `ray` service account and (optionally) a PodMonitor. KubeRay creates the head Service `<clusterName>-head-svc` (type ClusterIP, which
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
        // The manifest reads only its own settings from args; the rest are wired below.
        const manifest = withResourceError(this, () =>
            rayClusterManifest({ ...args, name: args.clusterName }),
        );
        const k8sOpts = { parent: this, provider: args.cluster.k8sProvider };

        const namespace = pulumi.output(args.namespace);
        // Everything here goes into the namespace the operator creates (it watches it).
        const inNamespace = { ...k8sOpts, dependsOn: [args.operator] };

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
            inNamespace,
        );

        const cluster = new k8s.apiextensions.CustomResource(
            `${name}-cluster`,
            { ...manifest, metadata: { ...manifest.metadata, namespace } },
            {
                ...k8sOpts,
                dependsOn: [args.operator, serviceAccount],
                // The Ray autoscaler moves `replicas` between min and max: that is no change.
                ignoreChanges: manifest.spec.workerGroupSpecs.map(
                    (_, i) => `spec.workerGroupSpecs[${i}].replicas`,
                ),
                // Anything else is a replacement, never a patch: workerGroupSpecs is atomic under
                // server-side apply and the autoscaler owns it once it scales, so a patch would
                // conflict or, forced, reset the workers mid-job. `rayops up` asks for
                // --ray-maintenance first (automation/engine/ray-maintenance.ts).
                replaceOnChanges: ["*"],
                deleteBeforeReplace: true,
            },
        );

        if (args.podMonitor ?? false) {
            new k8s.apiextensions.CustomResource(
                `${name}-pod-monitor`,
                rayPodMonitorManifest(
                    `${args.clusterName}-ray-pods`,
                    args.namespace,
                ) as k8s.apiextensions.CustomResourceArgs,
                inNamespace,
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
