import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../cluster/cluster";
import { withResourceError } from "../cluster/resource-error";
import { namespaceLabels } from "./manifest";
import {
    KUBERAY_CHART,
    KUBERAY_CHART_REPO,
    KUBERAY_NAMESPACE,
    kubeRayOperatorValues,
} from "./operator-values";

export interface KubeRayOperatorArgs {
    /** Version of the `kuberay-operator` chart, pinned; the operator image follows it. */
    readonly chartVersion: string;
    /** Namespace of the operator. @default "kuberay-system" */
    readonly namespace?: string;
    /**
     * Namespaces whose RayClusters and RayJobs the operator reconciles; created here, before the
     * chart, which puts the operator's Role into each of them.
     */
    readonly watchNamespaces: readonly string[];
    /** Earlier URNs of a watched namespace's resource, by namespace, so moving it here is no replacement. @default none */
    readonly watchNamespaceAliases?: Readonly<Record<string, readonly pulumi.Input<string>[]>>;
    /** Create the chart's ServiceMonitor (needs the Prometheus Operator's CRDs). @default false */
    readonly serviceMonitor?: boolean;
    /** The cluster, whose Kubernetes provider every child uses (explicit: no ambient kubeconfig). */
    readonly cluster: ClusterHandle;
}

/**
 * The KubeRay operator: its own namespace, the namespaces it watches, and the `kuberay-operator`
 * Helm chart on the system nodes. The chart installs the `ray.io` CRDs, so Ray resources must depend on this component.
 *
 * Helm installs a chart's CRDs on first install only and never upgrades them: raising
 * `chartVersion` needs the new CRDs applied first (KubeRay's upgrade guide says the same).
 */
export class KubeRayOperator extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** The watched namespaces' names, resolved once each exists. */
    readonly watchNamespaces: pulumi.Output<string>[];

    constructor(name: string, args: KubeRayOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("rayops:ray:KubeRayOperator", name, {}, opts);
        const values = withResourceError(this, () =>
            kubeRayOperatorValues({
                watchNamespaces: args.watchNamespaces,
                serviceMonitor: args.serviceMonitor ?? false,
            }),
        );
        const k8sOpts = { parent: this, provider: args.cluster.k8sProvider };

        const namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: args.namespace ?? KUBERAY_NAMESPACE, labels: namespaceLabels() } },
            k8sOpts,
        );
        // The chart grants the operator a Role in each watched namespace (singleNamespaceInstall),
        // so they must exist before it installs.
        const watched = args.watchNamespaces.map(
            (ns) =>
                new k8s.core.v1.Namespace(
                    `${name}-watch-${ns}`,
                    { metadata: { name: ns, labels: namespaceLabels() } },
                    { ...k8sOpts, aliases: [...(args.watchNamespaceAliases?.[ns] ?? [])] },
                ),
        );
        new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: KUBERAY_CHART,
                chart: KUBERAY_CHART,
                version: args.chartVersion,
                repositoryOpts: { repo: KUBERAY_CHART_REPO },
                namespace: namespace.metadata.name,
                values,
            },
            { ...k8sOpts, dependsOn: watched },
        );

        this.namespace = namespace.metadata.name;
        this.watchNamespaces = watched.map((ns) => ns.metadata.name);
        this.registerOutputs({ namespace: this.namespace, watchNamespaces: this.watchNamespaces });
    }
}
