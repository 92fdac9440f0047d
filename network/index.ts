/**
 * The rayops network program (project `rayops-network`): one long-lived stack per environment
 * holding the VPC and the CodeBuild-hosted GitHub Actions runners inside it. It outlives the
 * cluster program's stack of the same name, which reads these outputs through a StackReference,
 * so a cluster can be destroyed and recreated, and deployed at all when its API is private.
 * `rayops plan` runs this file offline under mocks before the cluster program.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CiRunner } from "../components/ci-runner/ci-runner";
import { parseNetworkConfig } from "../components/config/network-program";
import { rawConfigFromPulumi } from "../components/config/raw";
import { defaultTags } from "../components/config/tags";
import { lookUpZones, Network } from "../components/network/network";

const config = parseNetworkConfig(rawConfigFromPulumi(pulumi.runtime.allConfig()), {
    stack: pulumi.getStack(),
});
/** The cluster program's resource names: `rayops-<stack>`; its cluster is named so too. */
const name = `rayops-${config.stack}`;
const tags = defaultTags(config, { GITHUB_SHA: process.env.GITHUB_SHA });

const awsProvider = new aws.Provider("aws", { region: config.region as aws.Region, defaultTags: { tags } });
const awsOnly = { providers: { aws: awsProvider } };

const zones = lookUpZones(
    {
        region: config.region,
        count: config.network.azCount,
        instanceTypes: config.network.instanceTypes,
        zoneIds: config.network.zoneIds,
    },
    { provider: awsProvider },
);
const network = new Network(
    name,
    {
        cidr: config.network.cidr,
        zoneCount: config.network.azCount,
        zones: zones.apply((chosen) => chosen.map((z) => z.name)),
        natGateways: config.network.natGateways,
        clusterName: name,
    },
    awsOnly,
);

const runner = config.ciRunner.enabled
    ? new CiRunner(
          `${name}-ci`,
          {
              projectName: name,
              vpcId: network.vpcId,
              subnetIds: network.privateSubnetIds,
              githubRepositoryUrl: `https://github.com/${config.repo}`,
              region: config.region,
              computeType: config.ciRunner.computeType,
              timeoutMinutes: config.ciRunner.timeoutMinutes,
              logRetentionDays: config.ciRunner.logRetentionDays,
              connectionArn: config.ciRunner.connectionArn,
              allowedActorIds: config.ciRunner.allowedActorIds,
          },
          awsOnly,
      )
    : undefined;

export const region = config.region;
export const vpcId = network.vpcId;
export const vpcCidr = config.network.cidr;
export const privateSubnetIds = network.privateSubnetIds;
export const publicSubnetIds = network.publicSubnetIds;
export const zoneNames = zones.apply((chosen) => chosen.map((z) => z.name));
export const zoneIds = zones.apply((chosen) => chosen.map((z) => z.id));
/** The runners' security group, which the cluster program lets reach the EKS API; null without runners. */
export const runnerSecurityGroupId = runner?.securityGroupId ?? null;
/** `runs-on: <this>-${{ github.run_id }}-${{ github.run_attempt }}`; null without runners. */
export const runnerLabelPrefix = runner?.runnerLabelPrefix ?? null;
