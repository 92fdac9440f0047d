/**
 * Fixtures of the CI runners (components/ci-runner) and of the EKS API's security groups, captured
 * the way the offline plan captures them. The runner's role policy is built with the component's
 * own pure builder, so its specs show that what the component writes passes the pack.
 */
import type { CapturedResource } from "../../automation/plan/types";
import { runnerServicePolicy } from "../../components/ci-runner/iam";
import { EKS_API_TAG } from "../../policypack/lib/security-groups";
import { ACCOUNT, resource } from "./fixtures";

export const REGION = "eu-west-1";
export const SUBNETS = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"];
export const RUNNER_SG_ID = "sg-0a1b2c3d4e5f60718";
export const CLUSTER_SG_ID = "sg-0c1a5e7000000eks0";
export const API_SG_ID = "sg-0a9100000000api00";
export const CONNECTION_ARN = `arn:aws:codeconnections:${REGION}:${ACCOUNT}:connection/0f0e0d0c-aaaa-bbbb-cccc-0123456789ab`;

/** The runner project as CiRunner registers it: in the VPC, unprivileged, 60-minute timeout. */
export function codeBuildProject(name = "ci-project"): CapturedResource {
    return resource("aws:codebuild/project:Project", name, {
        name: "rayops-dev",
        serviceRole: `arn:aws:iam::${ACCOUNT}:role/ci-role`,
        buildTimeout: 60,
        artifacts: { type: "NO_ARTIFACTS" },
        environment: {
            type: "LINUX_CONTAINER",
            computeType: "BUILD_GENERAL1_SMALL",
            image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
            imagePullCredentialsType: "CODEBUILD",
            privilegedMode: false,
        },
        source: {
            type: "GITHUB",
            location: "https://github.com/acme/rayops",
            auth: { type: "CODECONNECTIONS", resource: CONNECTION_ARN },
        },
        vpcConfig: { vpcId: "vpc-id", subnets: [...SUBNETS], securityGroupIds: [RUNNER_SG_ID] },
        tags: {},
    });
}

/** The runner's service role policy, exactly as the component builds it. */
export function runnerRolePolicy(name = "ci-policy"): CapturedResource {
    const policy = runnerServicePolicy({
        scope: { partition: "aws", region: REGION, accountId: ACCOUNT },
        logGroupName: "/aws/codebuild/rayops-dev",
        subnetIds: SUBNETS,
        securityGroupId: RUNNER_SG_ID,
        connectionArn: CONNECTION_ARN,
    });
    return resource("aws:iam/rolePolicy:RolePolicy", name, {
        role: "ci-role",
        policy: JSON.stringify(policy),
    });
}

/** A role policy with the given statements. */
export function rolePolicy(name: string, statements: readonly object[]): CapturedResource {
    return resource("aws:iam/rolePolicy:RolePolicy", name, {
        role: `${name}-role`,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
    });
}

/** The runner's group: nothing in, HTTPS out. */
export function runnerSecurityGroup(name = "ci-sg"): CapturedResource {
    return resource(
        "aws:ec2/securityGroup:SecurityGroup",
        name,
        {
            vpcId: "vpc-id",
            description: "CodeBuild runners of rayops-dev: no ingress, HTTPS egress only",
            ingress: [],
            egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
            tags: { Name: "rayops-dev-runner" },
        },
        { outputs: { id: RUNNER_SG_ID } },
    );
}

/** A group of the stack marked as guarding the EKS API, with no rules of its own. */
export function apiSecurityGroup(name = "eks-api-sg"): CapturedResource {
    return resource(
        "aws:ec2/securityGroup:SecurityGroup",
        name,
        {
            vpcId: "vpc-id",
            description: "Extra security group of the EKS control plane",
            ingress: [],
            egress: [],
            tags: { [EKS_API_TAG.key]: EKS_API_TAG.value },
        },
        { outputs: { id: API_SG_ID } },
    );
}

/**
 * The rule the network program adds: the runners may reach the API on the cluster's security
 * group, by group reference, marked with the EKS API tag.
 */
export function apiIngressFromRunners(name = "eks-api-from-ci"): CapturedResource {
    return resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name, {
        securityGroupId: CLUSTER_SG_ID,
        referencedSecurityGroupId: RUNNER_SG_ID,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "EKS API from the CI runners",
        tags: { [EKS_API_TAG.key]: EKS_API_TAG.value },
    });
}

/** An old-style rule resource. */
export function securityGroupRule(name: string, inputs: Record<string, unknown>): CapturedResource {
    return resource("aws:ec2/securityGroupRule:SecurityGroupRule", name, {
        type: "ingress",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        ...inputs,
    });
}
