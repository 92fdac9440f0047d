/**
 * The rayops Pulumi program: stack config → components → outputs, nothing else.
 * `rayops plan` runs this same file offline under mocks; `pulumi up` runs it for real.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Addons } from "./components/addons/addons";
import { Cluster } from "./components/cluster/cluster";
import { parsePlatformConfig } from "./components/config/parse";
import { rawConfigFromPulumi } from "./components/config/raw";
import { defaultTags } from "./components/config/tags";
import { Karpenter } from "./components/karpenter/karpenter";
import { lookUpZones } from "./components/network/network";
import { networkString, networkStrings } from "./components/network/outputs";
import { NodePool } from "./components/nodes/node-pool";
import { nodeGroupsOf } from "./components/nodes/scheduling";
import { RAY_SERVICE_ACCOUNT } from "./components/ray/constants";
import { KubeRayOperator } from "./components/ray/kuberay-operator";
import { RayCluster } from "./components/ray/ray-cluster";
import { Runners } from "./components/runners/runners";
import { Storage } from "./components/storage/storage";

const config = parsePlatformConfig(rawConfigFromPulumi(pulumi.runtime.allConfig()), {
    stack: pulumi.getStack(),
    project: pulumi.getProject(),
});
const name = `${config.project}-${config.stack}`;
const tags = defaultTags(config, { GITHUB_SHA: process.env.GITHUB_SHA });
// What nodes are launched with leaves out `commit`: it changes with every merge, and in a launch
// template's tag specifications or an EC2NodeClass's tags it would replace every node each time.
const { commit: _commit, ...nodeTags } = tags;

// An explicit provider reads no `aws:` stack config: the account guard is passed on by hand.
const allowedAccountIds = new pulumi.Config("aws").getObject<string[]>("allowedAccountIds");
const awsProvider = new aws.Provider("aws", {
    region: config.region,
    allowedAccountIds,
    defaultTags: { tags },
});
const awsOnly = { providers: { aws: awsProvider } };

// The VPC and the in-VPC CI runners are the long-lived network program's (network/index.ts).
const network = new pulumi.StackReference(config.networkStack);
const networkOutput = <T>(key: string, read: (stack: string, key: string, value: unknown) => T) =>
    network.requireOutput(key).apply((value: unknown) => read(config.networkStack, key, value));
const vpcId = networkOutput("vpcId", networkString);
const subnetIds = (key: string) => networkOutput(key, networkStrings);
// The network chose its zones for the pools it was told of; this stack's pools must fit them too.
const zonesChecked = networkOutput("zoneIds", networkStrings).apply((ids) =>
    lookUpZones(
        {
            region: config.region,
            count: ids.length,
            instanceTypes: config.pools.flatMap((p) => p.instanceTypes),
            zoneIds: ids,
        },
        { provider: awsProvider },
    ),
);
// Nodes go into the private subnets only once that check has passed.
const privateSubnetIds = pulumi.all([subnetIds("privateSubnetIds"), zonesChecked]).apply(([ids]) => ids);
const runnerSecurityGroupId = config.cluster.ciRunnerAccess
    ? networkOutput("runnerSecurityGroupId", networkString)
    : undefined;

const cluster = new Cluster(
    name,
    {
        clusterName: name,
        version: config.cluster.version,
        vpcId,
        privateSubnetIds,
        publicSubnetIds: subnetIds("publicSubnetIds"),
        apiClientSecurityGroupId: runnerSecurityGroupId,
        publicAccessCidrs: config.cluster.publicAccessCidrs,
        adminRoleArn: config.cluster.adminRoleArn,
        region: config.region,
    },
    awsOnly,
);

// Under Karpenter only the system pool stays a managed node group; Karpenter launches the rest.
const karpenterMode = config.addons.nodeAutoscaler === "karpenter";
const managedPools = karpenterMode ? config.pools.filter((p) => p.name === "system") : config.pools;
// A GPU pool mixing models is one node group per model (nodeGroupsOf explains why).
const nodeGroups = (of: typeof managedPools, dependsOn: pulumi.Resource[]) =>
    of.flatMap((pool) =>
        nodeGroupsOf(pool).map(
            (group) =>
                new NodePool(
                    group.model ? `${name}-${pool.name}-${group.model}` : `${name}-${pool.name}`,
                    {
                        pool: pool.name,
                        model: group.model,
                        clusterName: name,
                        nodeRoleArn: cluster.nodeRoleArn,
                        kubernetesVersion: config.cluster.version,
                        subnetIds: privateSubnetIds,
                        instanceTypes: group.instanceTypes,
                        minSize: group.minSize,
                        maxSize: group.maxSize,
                        desiredSize: group.desiredSize,
                        diskSizeGiB: pool.diskSizeGiB,
                        capacityType: pool.capacityType,
                        encryptRootVolume: pool.encryptRootVolume,
                        labels: pool.labels,
                        volumeKmsKeyArn: cluster.dataKeyArn,
                        propagatedTags: nodeTags,
                        clusterAutoscalerTags: config.addons.nodeAutoscaler === "cluster-autoscaler",
                    },
                    { ...awsOnly, dependsOn },
                ),
        ),
    );
const systemPools = nodeGroups(
    managedPools.filter((p) => p.name === "system"),
    [cluster],
);

const storage = new Storage(
    name,
    {
        cluster: cluster.handle,
        rayNamespace: config.ray.namespace,
        rayServiceAccount: RAY_SERVICE_ACCOUNT,
        checkpointRetentionDays: config.storage.checkpointRetentionDays,
        forceDestroyBucket: config.storage.forceDestroyBucket,
    },
    // Only the system nodes, which run the EBS CSI controller, come before it.
    { ...awsOnly, dependsOn: systemPools },
);

// The workload pools come after Storage, so a destroy removes them (and the pods whose volumes
// the CSI driver deletes asynchronously) while the CSI controller and its role still exist.
const pools = [
    ...systemPools,
    ...nodeGroups(
        managedPools.filter((p) => p.name !== "system"),
        [cluster, storage],
    ),
];

const karpenter = karpenterMode
    ? new Karpenter(
          `${name}-karpenter`,
          {
              cluster: cluster.handle,
              region: config.region,
              chartVersion: config.addons.karpenter.chartVersion,
              pools: config.pools.filter((p) => p.name !== "system"),
              subnetIds: privateSubnetIds,
              consolidationPolicy: config.addons.karpenter.consolidationPolicy,
              consolidateAfter: config.addons.karpenter.consolidateAfter,
              replicas: Math.min(2, Math.max(1, config.nodePools.system.minSize)),
              nodeTags,
              createSpotServiceLinkedRole: config.addons.karpenter.createSpotServiceLinkedRole,
          },
          // After Storage, like the managed workload pools: its nodes go first on destroy.
          { ...awsOnly, dependsOn: [...pools, storage] },
      )
    : undefined;

const ca = config.addons.clusterAutoscaler;
new Addons(
    name,
    {
        cluster: cluster.handle,
        region: config.region,
        clusterAutoscaler: config.addons.nodeAutoscaler === "cluster-autoscaler",
        clusterAutoscalerChartVersion: ca.chartVersion,
        clusterAutoscalerImageTag: ca.imageTag,
        expander: ca.expander,
        scaleDownUnneededTime: ca.scaleDownUnneededTime,
        scaleDownDelayAfterAdd: ca.scaleDownDelayAfterAdd,
        balanceSimilarNodeGroups: ca.balanceSimilarNodeGroups,
        nvidiaDevicePluginChartVersion: config.addons.nvidiaDevicePlugin.chartVersion,
        metricsServer: config.addons.metricsServer.enabled,
    },
    { ...awsOnly, dependsOn: pools },
);

const ray = config.ray;
const rayClusterUrn = pulumi.createUrn(`${name}-ray`, "rayops:ray:RayCluster");
const rayOperator = new KubeRayOperator(
    `${name}-kuberay`,
    {
        chartVersion: ray.operatorChartVersion,
        watchNamespaces: [ray.namespace],
        // The Ray namespace was RayCluster's child before the operator created it.
        watchNamespaceAliases: {
            [ray.namespace]: [
                pulumi.createUrn(`${name}-ray-namespace`, "kubernetes:core/v1:Namespace", rayClusterUrn),
            ],
        },
        serviceMonitor: ray.prometheusOperator,
        cluster: cluster.handle,
    },
    { ...awsOnly, dependsOn: pools },
);
const rayCluster = new RayCluster(
    `${name}-ray`,
    {
        clusterName: "ray",
        namespace: ray.namespace,
        rayVersion: ray.version,
        image: ray.image,
        gpuImage: ray.gpuImage,
        headCpu: ray.head.cpu,
        headMemory: ray.head.memory,
        headStorageGiB: ray.head.storageGiB,
        idleTimeoutSeconds: ray.autoscaler.idleTimeoutSeconds,
        upscalingMode: ray.autoscaler.upscalingMode,
        autoscalerCpu: ray.autoscaler.cpu,
        autoscalerMemory: ray.autoscaler.memory,
        workerGroups: ray.workerGroups,
        serviceAccountRoleArn: storage.rayRoleArn,
        podMonitor: ray.prometheusOperator,
        operator: rayOperator,
        cluster: cluster.handle,
    },
    awsOnly,
);

const runnersConfig = config.runners;
const runners = runnersConfig.enabled
    ? new Runners(
          `${name}-runners`,
          {
              githubConfigUrl: runnersConfig.githubConfigUrl,
              scaleSetName: runnersConfig.scaleSetName,
              maxRunners: runnersConfig.maxRunners,
              chartVersion: runnersConfig.controllerChartVersion,
              cpu: runnersConfig.cpu,
              memory: runnersConfig.memory,
              workVolumeGiB: runnersConfig.workVolumeGiB,
              storageClassName: storage.storageClassName,
              prepareJobTimeoutSeconds: runnersConfig.prepareJobTimeoutSeconds,
              githubAppId: pulumi.secret(runnersConfig.githubApp.appId),
              githubAppInstallationId: pulumi.secret(runnersConfig.githubApp.installationId),
              githubAppPrivateKey: pulumi.secret(runnersConfig.githubApp.privateKey),
              cluster: cluster.handle,
          },
          { ...awsOnly, dependsOn: pools },
      )
    : undefined;

export const clusterName = cluster.clusterName;
export const clusterEndpoint = cluster.endpoint;
export const kubeconfig = cluster.kubeconfig;
export const oidcProviderArn = cluster.oidcProviderArn;
export const nodePoolNames = pools.map((p) => p.nodeGroupName);
export const karpenterNodePools = karpenter ? karpenter.nodePoolNames : [];
export const artifactsBucketName = storage.bucketName;
export const kmsKeyArn = cluster.dataKeyArn;
export const secretsKmsKeyArn = cluster.secretsKeyArn;
export const region = config.region;
export const rayNamespace = rayCluster.namespace;
export const rayClusterName = rayCluster.clusterName;
export const rayDashboardService = rayCluster.dashboardService;
export const rayAuthTokenSecret = rayCluster.authTokenSecret;
/** The runner scale set's name, for `runs-on:`; null while runners are disabled (undefined would warn). */
export const runnerScaleSetName = runners?.scaleSetName ?? null;
