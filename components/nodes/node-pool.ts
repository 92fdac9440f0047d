import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { NodePoolName } from "./scheduling";
import { amiType, gpusPerNode, nodeTemplateTags, POOL_TAINTS, poolLabels } from "./scheduling";

export interface NodePoolArgs {
    /** Which pool this is; decides taints, labels and AMI. */
    readonly pool: NodePoolName;
    /**
     * The GPU model this group holds when its pool has one group per model (`nodeGroupsOf`);
     * it names the group `<cluster>-<pool>-<model>`. @default the whole pool, `<cluster>-<pool>`
     */
    readonly model?: string;
    readonly clusterName: pulumi.Input<string>;
    readonly nodeRoleArn: pulumi.Input<string>;
    /**
     * Kubernetes minor version of the nodes, pinned to the cluster's so an EKS upgrade moves the
     * node groups in the same pull request instead of leaving them on the old minor.
     */
    readonly kubernetesVersion: string;
    /** Private subnets only: nodes never get public addresses. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly instanceTypes: readonly string[];
    readonly minSize: number;
    readonly maxSize: number;
    /** Initial size; afterwards the cluster-autoscaler owns it (changes are ignored). */
    readonly desiredSize: number;
    /** Root volume size in GiB. */
    readonly diskSizeGiB: number;
    /** @default "ON_DEMAND" */
    readonly capacityType?: "ON_DEMAND" | "SPOT";
    /** KMS key for the root volume. */
    readonly volumeKmsKeyArn: pulumi.Input<string>;
    /**
     * Opt-out of root volume encryption. The policy pack rejects `false` as mandatory.
     * @default true
     */
    readonly encryptRootVolume?: boolean;
    /** Extra node labels. @default {} */
    readonly labels?: Readonly<Record<string, string>>;
    /**
     * Tags copied onto instances, volumes and network interfaces. Provider default tags do not
     * reach them: EC2 launches them from the launch template's tag specifications.
     */
    readonly propagatedTags: Readonly<Record<string, string>>;
    /**
     * Tag the pool's Auto Scaling group with the cluster-autoscaler's node-template tags.
     * @default true
     */
    readonly clusterAutoscalerTags?: boolean;
}

/**
 * An EKS managed node group on its own launch template: encrypted gp3 root volume, IMDSv2 only
 * with a hop limit of 1 (pods cannot reach the node's credentials; they use IRSA), labels and
 * taints per pool, and the tags that let the cluster-autoscaler scale it up from zero.
 */
export class NodePool extends pulumi.ComponentResource {
    readonly nodeGroupName: pulumi.Output<string>;
    readonly asgName: pulumi.Output<string>;

    constructor(name: string, args: NodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
        super("rayops:nodes:NodePool", name, {}, opts);
        const parent = { parent: this };
        const labels = poolLabels(args.pool, args.instanceTypes, args.labels);
        const taints = POOL_TAINTS[args.pool];
        const tags = { ...args.propagatedTags, "rayops:pool": args.pool };

        const launchTemplate = new aws.ec2.LaunchTemplate(
            `${name}-lt`,
            {
                description: `Nodes of the ${args.pool} pool`,
                updateDefaultVersion: true,
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: {
                            volumeType: "gp3",
                            volumeSize: args.diskSizeGiB,
                            encrypted: String(args.encryptRootVolume ?? true),
                            kmsKeyId: (args.encryptRootVolume ?? true) ? args.volumeKmsKeyArn : undefined,
                            deleteOnTermination: "true",
                        },
                    },
                ],
                metadataOptions: {
                    httpEndpoint: "enabled",
                    httpTokens: "required",
                    httpPutResponseHopLimit: 1,
                    instanceMetadataTags: "disabled",
                },
                tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
                    resourceType,
                    tags,
                })),
            },
            parent,
        );

        const nodeGroup = new aws.eks.NodeGroup(
            `${name}-ng`,
            {
                clusterName: args.clusterName,
                nodeGroupName: args.model
                    ? pulumi.interpolate`${args.clusterName}-${args.pool}-${args.model}`
                    : pulumi.interpolate`${args.clusterName}-${args.pool}`,
                nodeRoleArn: args.nodeRoleArn,
                subnetIds: args.subnetIds,
                instanceTypes: [...args.instanceTypes],
                amiType: amiType(args.pool),
                version: args.kubernetesVersion,
                capacityType: args.capacityType ?? "ON_DEMAND",
                scalingConfig: {
                    minSize: args.minSize,
                    maxSize: args.maxSize,
                    desiredSize: args.desiredSize,
                },
                updateConfig: { maxUnavailable: 1 },
                labels,
                taints: taints.map((t) => ({ ...t })),
                launchTemplate: {
                    id: launchTemplate.id,
                    version: launchTemplate.latestVersion.apply(String),
                },
                tags: { "rayops:pool": args.pool },
            },
            // The cluster-autoscaler changes the desired size at run time; a later `up` must not reset it.
            { parent: this, ignoreChanges: ["scalingConfig.desiredSize"] },
        );

        this.nodeGroupName = nodeGroup.nodeGroupName;
        this.asgName = nodeGroup.resources.apply((r) => r[0]?.autoscalingGroups?.[0]?.name ?? "");

        // Managed node groups do not copy their labels, taints or tags to the Auto Scaling group
        // they create, so the node-template tags must be put on that group directly.
        // https://docs.aws.amazon.com/eks/latest/userguide/autoscaling.html
        if (args.clusterAutoscalerTags ?? true) {
            const templateTags = nodeTemplateTags(labels, taints, gpusPerNode(args.instanceTypes));
            for (const [key, value] of Object.entries(templateTags)) {
                // Named after the tag key, so adding a label never renames (and replaces) the others.
                const slug = key
                    .replace("k8s.io/cluster-autoscaler/node-template/", "")
                    .replace(/[^a-zA-Z0-9]+/g, "-");
                new aws.autoscaling.Tag(
                    `${name}-asg-${slug}`,
                    { autoscalingGroupName: this.asgName, tag: { key, value, propagateAtLaunch: false } },
                    parent,
                );
            }
        }

        this.registerOutputs({ nodeGroupName: this.nodeGroupName, asgName: this.asgName });
    }
}
