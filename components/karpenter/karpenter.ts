/**
 * Karpenter as the stack's node autoscaler (`addons.nodeAutoscaler: karpenter`): the controller
 * on the managed system nodes, its interruption queue, a node role of its own and one
 * EC2NodeClass + NodePool per pool. The specs themselves are pure functions in components/karpenter/manifest.ts.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterHandle } from "../cluster/cluster";
import { irsaRole } from "../iam/irsa";
import { createNodeRole } from "../iam/node-role";
import type { NodePoolName } from "../nodes/scheduling";
import {
    createsSpotServiceLinkedRole,
    INTERRUPTION_EVENTS,
    interruptionQueuePolicy,
    KARPENTER_NODE_EXTRA_POLICY_ARNS,
    karpenterControllerPolicy,
    SPOT_SERVICE,
} from "./iam";
import {
    KARPENTER_CHART,
    KARPENTER_NAMESPACE,
    KARPENTER_SA,
    karpenterValues,
    NODECLASS_API,
    nodeClassManifest,
    nodePoolManifest,
} from "./manifest";

export interface KarpenterPool {
    readonly name: NodePoolName;
    readonly instanceTypes: readonly string[];
    readonly maxSize: number;
    readonly diskSizeGiB: number;
    readonly capacityType: "ON_DEMAND" | "SPOT";
    readonly encryptRootVolume: boolean;
    readonly labels?: Readonly<Record<string, string>>;
}

export interface KarpenterArgs {
    /**
     * The cluster: its name, IRSA trust, Kubernetes provider and data key, which encrypts the
     * root volumes of the nodes Karpenter launches.
     */
    readonly cluster: ClusterHandle;
    readonly region: string;
    /** Helm chart version of oci://public.ecr.aws/karpenter/karpenter. */
    readonly chartVersion: string;
    /** The pools Karpenter provisions (not `system`, which stays a managed node group). */
    readonly pools: readonly KarpenterPool[];
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly consolidationPolicy: "WhenEmpty" | "WhenEmptyOrUnderutilized";
    readonly consolidateAfter: string;
    /** Controller replicas; the chart places one per node. @default 2 */
    readonly replicas?: number;
    /** Tags Karpenter puts on the instances and volumes it launches. @default {} */
    readonly nodeTags?: Readonly<Record<string, string>>;
    /**
     * Whether this stack creates the account's EC2 Spot service-linked role (AWSServiceRoleForEC2Spot)
     * when some pool is `SPOT`; EC2 refuses Karpenter's Spot launches without it. An account has one:
     * pass `false` where it already exists (another stack made it, or Spot was used from the
     * console), since creating it again fails with "has been taken". The role outlives the stack.
     * @default true
     */
    readonly createSpotServiceLinkedRole?: boolean;
}

export class Karpenter extends pulumi.ComponentResource {
    readonly queueName: pulumi.Output<string>;
    readonly nodeRoleArn: pulumi.Output<string>;
    readonly nodePoolNames: pulumi.Output<string>[];

    constructor(name: string, args: KarpenterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("rayops:karpenter:Karpenter", name, {}, opts);
        const { cluster } = args;
        const awsOpts = { parent: this };

        const queue = new aws.sqs.Queue(
            `${name}-interruption`,
            // Interruption notices are useless after the two-minute Spot warning; keep them 5 min.
            {
                name: `${cluster.clusterName}-karpenter`,
                messageRetentionSeconds: 300,
                sqsManagedSseEnabled: true,
            },
            awsOpts,
        );
        new aws.sqs.QueuePolicy(
            `${name}-interruption`,
            {
                queueUrl: queue.url,
                policy: queue.arn.apply((arn) => JSON.stringify(interruptionQueuePolicy(arn))),
            },
            awsOpts,
        );
        for (const [event, pattern] of Object.entries(INTERRUPTION_EVENTS)) {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-${event}`,
                {
                    description: `Karpenter interruption handling of ${cluster.clusterName}`,
                    eventPattern: JSON.stringify(pattern),
                },
                awsOpts,
            );
            new aws.cloudwatch.EventTarget(`${name}-${event}`, { rule: rule.name, arn: queue.arn }, awsOpts);
        }

        // A role of its own rather than the managed node groups' role: EKS already made an
        // EC2_LINUX access entry for that one, and a second entry for the same principal fails.
        const nodeRole = createNodeRole(
            `${name}-node`,
            `Node role of the instances Karpenter launches for ${cluster.clusterName}`,
            this,
            KARPENTER_NODE_EXTRA_POLICY_ARNS,
        );
        const profile = new aws.iam.InstanceProfile(`${name}-node`, { role: nodeRole.name }, awsOpts);
        new aws.eks.AccessEntry(
            `${name}-node`,
            { clusterName: cluster.clusterName, principalArn: nodeRole.arn, type: "EC2_LINUX" },
            awsOpts,
        );

        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const role = irsaRole(
            `${name}-controller`,
            {
                oidcProviderArn: cluster.oidcProviderArn,
                oidcIssuerUrl: cluster.oidcIssuerUrl,
                namespace: KARPENTER_NAMESPACE,
                serviceAccount: KARPENTER_SA,
                policy: pulumi
                    .all([accountId, queue.arn, nodeRole.arn, cluster.dataKeyArn])
                    .apply(([id, queueArn, nodeRoleArn, dataKeyArn]) =>
                        karpenterControllerPolicy({
                            clusterName: cluster.clusterName,
                            region: args.region,
                            accountId: id,
                            queueArn,
                            nodeRoleArn,
                            dataKeyArn,
                        }),
                    ),
            },
            this,
        );

        // Account-wide and shared with anything else that runs Spot in the account, so destroying
        // this stack leaves it in place (AWS also refuses to delete it while Spot capacity uses it).
        const spotRole = createsSpotServiceLinkedRole(args.pools, args.createSpotServiceLinkedRole ?? true)
            ? [
                  new aws.iam.ServiceLinkedRole(
                      `${name}-spot`,
                      { awsServiceName: SPOT_SERVICE },
                      { parent: this, retainOnDelete: true },
                  ),
              ]
            : [];

        const k8sOpts = { parent: this, provider: cluster.k8sProvider };
        const controller = new k8s.helm.v3.Release(
            `${name}-controller`,
            {
                name: "karpenter",
                chart: KARPENTER_CHART,
                version: args.chartVersion,
                namespace: KARPENTER_NAMESPACE,
                values: pulumi.all([role.arn, queue.name]).apply(([roleArn, queueName]) =>
                    karpenterValues({
                        clusterName: cluster.clusterName,
                        queueName,
                        roleArn,
                        replicas: args.replicas ?? 2,
                    }),
                ),
            },
            k8sOpts,
        );

        // The CRDs come with the chart, so the objects wait for the release.
        const crdOpts = { ...k8sOpts, dependsOn: [controller] };
        this.nodePoolNames = args.pools.map((pool) => {
            const nodeClass = new k8s.apiextensions.CustomResource(
                `${name}-${pool.name}-nodeclass`,
                {
                    apiVersion: NODECLASS_API,
                    kind: "EC2NodeClass",
                    metadata: { name: pool.name },
                    spec: pulumi.all([profile.name, pulumi.output(args.subnetIds), cluster.dataKeyArn]).apply(
                        ([instanceProfile, subnetIds, kmsKeyArn]) =>
                            nodeClassManifest(pool.name, {
                                instanceProfile,
                                clusterName: cluster.clusterName,
                                subnetIds,
                                diskSizeGiB: pool.diskSizeGiB,
                                encrypt: pool.encryptRootVolume,
                                kmsKeyArn,
                                tags: args.nodeTags ?? {},
                            }).spec,
                    ),
                },
                crdOpts,
            );
            const nodePool = new k8s.apiextensions.CustomResource(
                `${name}-${pool.name}-nodepool`,
                nodePoolManifest(pool.name, {
                    pool: pool.name,
                    instanceTypes: pool.instanceTypes,
                    maxSize: pool.maxSize,
                    capacityType: pool.capacityType,
                    labels: pool.labels,
                    consolidationPolicy: args.consolidationPolicy,
                    consolidateAfter: args.consolidateAfter,
                }) as k8s.apiextensions.CustomResourceArgs,
                // No launch before the Spot service-linked role exists.
                { ...crdOpts, dependsOn: [controller, nodeClass, ...spotRole] },
            );
            return nodePool.metadata.name;
        });

        this.queueName = queue.name;
        this.nodeRoleArn = nodeRole.arn;
        this.registerOutputs({
            queueName: this.queueName,
            nodeRoleArn: this.nodeRoleArn,
            nodePoolNames: this.nodePoolNames,
        });
    }
}
