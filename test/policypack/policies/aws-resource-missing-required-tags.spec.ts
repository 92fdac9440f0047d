import assert from "node:assert/strict";
import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import {
    assertPasses,
    assertReported,
    awsProvider,
    change,
    kmsKey,
    REQUIRED_TAGS,
    resource,
    run,
    storageClass,
} from "../fixtures";

const POLICY = "aws-resource-missing-required-tags";

const { owner: _owner, ...withoutOwner } = REQUIRED_TAGS;

describe(POLICY, () => {
    it("passes a resource whose provider's default tags carry every required tag", () => {
        assertPasses(run(POLICY, [kmsKey()]));
    });

    it("reports a tag missing from both the resource and the provider, and says where to set it", () => {
        const result = run(POLICY, [awsProvider(withoutOwner), kmsKey()]);
        assertReported(
            result,
            "secrets-key",
            /missing the tags owner\. Set them in the AWS provider's defaultTags\.tags/,
        );
    });

    it("counts the resource's own tags", () => {
        const key = change(kmsKey(), "tags", { owner: "ml-team" });
        assertPasses(run(POLICY, [awsProvider(withoutOwner), key]));
    });

    it("treats an empty tag value as missing", () => {
        const key = change(kmsKey(), "tags", { owner: " " });
        assertReported(run(POLICY, [awsProvider(withoutOwner), key]), "secrets-key", /owner/);
    });

    it("reads provider default tags stored as a JSON string, as the engine passes provider inputs", () => {
        const provider = awsProvider();
        const stored = {
            ...provider,
            inputs: { ...provider.inputs, defaultTags: JSON.stringify({ tags: REQUIRED_TAGS }) },
        };
        assertPasses(run(POLICY, [stored, kmsKey()]));
    });

    it("reports every required tag on a resource without a provider", () => {
        const key = resource(
            "aws:kms/key:Key",
            "orphan-key",
            { enableKeyRotation: true },
            { provider: null },
        );
        const result = run(POLICY, [key]);
        assert.equal(result.findings.length, 1);
        assert.match(result.findings[0].message, /environment, repo, commit, managed-by, owner, cost-center/);
    });

    it("uses requiredTags from the pack config", () => {
        const result = run(POLICY, [kmsKey()], { config: { requiredTags: ["data-classification"] } });
        assertReported(result, "secrets-key", /missing the tags data-classification/);
    });

    // Spelt out rather than imported from the policy, so a type dropped there is a finding missed here.
    const TAGGABLE = [
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
    for (const type of TAGGABLE) {
        it(`reports ${type} without the owner tag`, () => {
            // GIVEN the type with tags of its own, none of them owner, under a provider without owner
            const r = resource(type, "tagged", { tags: { Name: "tagged" } });
            assertReported(run(POLICY, [awsProvider(withoutOwner), r]), "tagged", /missing the tags owner\./);
        });
    }

    it("does not apply to resources that take no tags", () => {
        const attachment = resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach", {
            role: "r",
            policyArn: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
        });
        assertPasses(run(POLICY, [awsProvider({}), attachment, storageClass()]));
    });

    it("does not report tags that are unknown during preview", () => {
        const key = change(kmsKey(), "tags", UNKNOWN_VALUE);
        assertPasses(run(POLICY, [awsProvider({}), key]));
    });
});
