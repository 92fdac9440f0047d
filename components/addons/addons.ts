import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../cluster/cluster";
import { irsaRole } from "../iam/irsa";
import {
    CHART_REPOS,
    CLUSTER_AUTOSCALER_SA,
    clusterAutoscalerPolicy,
    clusterAutoscalerValues,
    METRICS_SERVER_CHART_VERSION,
    metricsServerValues,
    nvidiaDevicePluginValues,
    SYSTEM_PLACEMENT,
} from "./values";

export interface AddonsArgs {
    /** The cluster: its name, IRSA trust and Kubernetes provider. */
    readonly cluster: ClusterHandle;
    readonly region: string;
    /** Install the cluster-autoscaler (off when another node autoscaler is chosen). @default true */
    readonly clusterAutoscaler?: boolean;
    readonly clusterAutoscalerChartVersion: string;
    /** Its minor version must match the cluster's Kubernetes minor. */
    readonly clusterAutoscalerImageTag: string;
    readonly expander: string;
    readonly scaleDownUnneededTime: string;
    readonly scaleDownDelayAfterAdd: string;
    readonly balanceSimilarNodeGroups: boolean;
    readonly nvidiaDevicePluginChartVersion: string;
    /** @default true */
    readonly metricsServer?: boolean;
}

/**
 * Cluster add-ons: CoreDNS (EKS add-on, on system nodes), the cluster-autoscaler with a
 * least-privilege IRSA role, metrics-server, and the NVIDIA device plugin on GPU nodes only.
 */
export class Addons extends pulumi.ComponentResource {
    constructor(name: string, args: AddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("rayops:addons:Addons", name, {}, opts);
        const { cluster } = args;
        const k8sOpts = { parent: this, provider: cluster.k8sProvider };

        new aws.eks.Addon(
            `${name}-coredns`,
            {
                clusterName: cluster.clusterName,
                addonName: "coredns",
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "PRESERVE",
                configurationValues: JSON.stringify(SYSTEM_PLACEMENT),
            },
            { parent: this },
        );

        if (args.clusterAutoscaler ?? true) {
            const role = irsaRole(
                `${name}-cluster-autoscaler`,
                {
                    oidcProviderArn: cluster.oidcProviderArn,
                    oidcIssuerUrl: cluster.oidcIssuerUrl,
                    namespace: "kube-system",
                    serviceAccount: CLUSTER_AUTOSCALER_SA,
                    policy: clusterAutoscalerPolicy(cluster.clusterName),
                },
                this,
            );
            new k8s.helm.v3.Release(
                `${name}-cluster-autoscaler`,
                {
                    name: "cluster-autoscaler",
                    chart: "cluster-autoscaler",
                    version: args.clusterAutoscalerChartVersion,
                    repositoryOpts: { repo: CHART_REPOS.clusterAutoscaler },
                    namespace: "kube-system",
                    values: role.arn.apply((roleArn) =>
                        clusterAutoscalerValues({
                            clusterName: cluster.clusterName,
                            region: args.region,
                            roleArn,
                            imageTag: args.clusterAutoscalerImageTag,
                            expander: args.expander,
                            scaleDownUnneededTime: args.scaleDownUnneededTime,
                            scaleDownDelayAfterAdd: args.scaleDownDelayAfterAdd,
                            balanceSimilarNodeGroups: args.balanceSimilarNodeGroups,
                        }),
                    ),
                },
                k8sOpts,
            );
        }

        if (args.metricsServer ?? true) {
            new k8s.helm.v3.Release(
                `${name}-metrics-server`,
                {
                    name: "metrics-server",
                    chart: "metrics-server",
                    version: METRICS_SERVER_CHART_VERSION,
                    repositoryOpts: { repo: CHART_REPOS.metricsServer },
                    namespace: "kube-system",
                    values: metricsServerValues(),
                },
                k8sOpts,
            );
        }

        new k8s.helm.v3.Release(
            `${name}-nvidia-device-plugin`,
            {
                name: "nvidia-device-plugin",
                chart: "nvidia-device-plugin",
                version: args.nvidiaDevicePluginChartVersion,
                repositoryOpts: { repo: CHART_REPOS.nvidiaDevicePlugin },
                namespace: "kube-system",
                values: nvidiaDevicePluginValues(),
            },
            k8sOpts,
        );

        this.registerOutputs({});
    }
}
