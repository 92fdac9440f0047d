import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, nameOf } from "../lib/policy";
import { mergedTags, missingTags } from "../lib/tags";
import { UNKNOWN } from "../lib/values";
import { configSchemaFor, readConfig } from "./config";

/**
 * The AWS resource types rayops creates that accept tags. Listed rather than guessed: many AWS
 * resources (route table associations, policy attachments, bucket sub-resources) take no tags,
 * and the provider silently drops default tags there. Add a type here when the program starts
 * creating it.
 */
export const TAGGABLE_TYPES: readonly string[] = [
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:codebuild/project:Project",
    "aws:codeconnections/connection:Connection",
    "aws:ec2/eip:Eip",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/launchTemplate:LaunchTemplate",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/vpc:Vpc",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:ecr/repository:Repository",
    "aws:eks/accessEntry:AccessEntry",
    "aws:eks/addon:Addon",
    "aws:eks/cluster:Cluster",
    "aws:eks/nodeGroup:NodeGroup",
    "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    "aws:iam/policy:Policy",
    "aws:iam/role:Role",
    "aws:kms/key:Key",
    "aws:s3/bucket:Bucket",
    "aws:sqs/queue:Queue",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
];

/**
 * Every taggable AWS resource carries the organisation's tags, from its own `tags` or from its
 * provider's `defaultTags`: the cost report groups by them and owners are found by them.
 */
export const awsResourceMissingRequiredTags: ResourceValidationPolicy = {
    name: "aws-resource-missing-required-tags",
    description:
        "Taggable AWS resources carry every required tag (own tags merged with the provider's default tags).",
    enforcementLevel: "mandatory",
    severity: "low",
    configSchema: configSchemaFor("requiredTags"),
    validateResource: forTypes(TAGGABLE_TYPES, (props, args, report) => {
        const tags = mergedTags(props.tags, args.provider);
        if (tags === UNKNOWN) return;
        const missing = missingTags(tags, readConfig(args).requiredTags);
        if (missing.length === 0) return;
        report(
            `${nameOf(args)} is missing the tags ${missing.join(", ")}. Set them in the AWS provider's defaultTags.tags, or in the resource's tags.`,
        );
    }),
};
