/**
 * CiRunner built on its own under the offline harness's mocks (the mock account 123456789012):
 * what it asks AWS for, one behaviour per case.
 */
import { strict as assert } from "node:assert";
import type { CapturedResource } from "../../../automation/plan/types";
import { CiRunner, type CiRunnerArgs } from "../../../components/ci-runner/ci-runner";
import { buildAlone } from "../../support/one-component";

const ACCOUNT = "123456789012";
const REGION = "us-west-2";
const SUBNETS = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"];
const GIVEN_CONNECTION = `arn:aws:codeconnections:${REGION}:${ACCOUNT}:connection/0f0e0d0c-aaaa-bbbb-cccc-0123456789ab`;

const BASE: CiRunnerArgs = {
    projectName: "rayops-dev",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: SUBNETS,
    githubRepositoryUrl: "https://github.com/acme/rayops",
    region: REGION,
};

interface Built {
    readonly resources: CapturedResource[];
    readonly outputs: Record<string, unknown>;
}

async function build(extra: Partial<CiRunnerArgs> = {}): Promise<Built> {
    const outputs: Record<string, unknown> = {};
    const resources = await buildAlone(() => {
        const runner = new CiRunner("ci", { ...BASE, ...extra });
        for (const key of [
            "securityGroupId",
            "projectName",
            "runnerLabelPrefix",
            "connectionArn",
            "roleArn",
        ] as const) {
            runner[key].apply((v) => {
                outputs[key] = v;
            });
        }
    }, REGION);
    return { resources, outputs };
}

const only = (resources: CapturedResource[], type: string): CapturedResource => {
    const found = resources.filter((r) => r.type === type);
    assert.equal(found.length, 1, `expected one ${type}, found ${found.length}`);
    return found[0]!;
};
const inputsOf = (resources: CapturedResource[], type: string) =>
    // biome-ignore lint/suspicious/noExplicitAny: reading provider inputs by path, as the provider schema names them
    only(resources, type).inputs as Record<string, any>;

const SG = "aws:ec2/securityGroup:SecurityGroup";
const PROJECT = "aws:codebuild/project:Project";
const WEBHOOK = "aws:codebuild/webhook:Webhook";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const CONNECTION = "aws:codeconnections/connection:Connection";

interface Statement {
    Sid: string;
    Effect: string;
    Action: string[] | string;
    Resource: string[] | string;
    Condition?: Record<string, Record<string, unknown>>;
}
const statementsOf = (resources: CapturedResource[]): Statement[] =>
    JSON.parse(inputsOf(resources, ROLE_POLICY).policy).Statement;
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe("CiRunner built alone (components/ci-runner/ci-runner.ts)", () => {
    it("registers as rayops:ci:CiRunner and names every child after itself", async () => {
        const { resources } = await build();
        const component = only(resources, "rayops:ci:CiRunner");
        const children = resources.filter((r) => r.parent === component.urn);
        assert.ok(children.length >= 7);
        for (const child of children) assert.match(child.name, /^ci-/);
    });

    describe("security group", () => {
        it("accepts no inbound traffic at all", async () => {
            const sg = inputsOf((await build()).resources, SG);
            assert.deepEqual(sg.ingress, []);
        });

        it("sends only TCP 443, to anywhere (NAT for GitHub and AWS, the VPC for the EKS API)", async () => {
            const sg = inputsOf((await build()).resources, SG);
            assert.deepEqual(
                sg.egress.map((e: Record<string, unknown>) => [
                    e.protocol,
                    e.fromPort,
                    e.toPort,
                    e.cidrBlocks,
                ]),
                [["tcp", 443, 443, ["0.0.0.0/0"]]],
            );
        });

        it("is in the given VPC", async () => {
            assert.equal(inputsOf((await build()).resources, SG).vpcId, BASE.vpcId);
        });
    });

    describe("project", () => {
        it("runs builds in the given private subnets with the runner's security group", async () => {
            const { resources, outputs } = await build();
            const project = inputsOf(resources, PROJECT);
            const sgId = outputs.securityGroupId;
            assert.deepEqual(project.vpcConfig, {
                vpcId: BASE.vpcId,
                subnets: SUBNETS,
                securityGroupIds: [sgId],
            });
        });

        it("runs unprivileged: no Docker daemon in the build container", async () => {
            const project = inputsOf((await build()).resources, PROJECT);
            assert.equal(project.environment.privilegedMode, false);
        });

        it("stops a build after 60 minutes unless told otherwise", async () => {
            assert.equal(inputsOf((await build()).resources, PROJECT).buildTimeout, 60);
            const custom = await build({ timeoutMinutes: 20 });
            assert.equal(inputsOf(custom.resources, PROJECT).buildTimeout, 20);
        });

        it("refuses a timeout outside CodeBuild's 5 to 2160 minutes", async () => {
            await assert.rejects(
                build({ timeoutMinutes: 4000 }),
                /timeoutMinutes = 4000; allowed: an integer from 5 to 2160/,
            );
        });

        it("takes its name from projectName and the pinned Amazon Linux 2023 standard 5.0 image", async () => {
            const project = inputsOf((await build()).resources, PROJECT);
            assert.equal(project.name, "rayops-dev");
            assert.equal(project.environment.image, "aws/codebuild/amazonlinux-x86_64-standard:5.0");
            assert.equal(project.environment.computeType, "BUILD_GENERAL1_SMALL");
            assert.equal(project.environment.type, "LINUX_CONTAINER");
        });

        it("reads the repository through the connection (CODECONNECTIONS auth)", async () => {
            const { resources, outputs } = await build();
            const source = inputsOf(resources, PROJECT).source;
            assert.equal(source.type, "GITHUB");
            assert.equal(source.location, BASE.githubRepositoryUrl);
            assert.deepEqual(source.auth, { type: "CODECONNECTIONS", resource: outputs.connectionArn });
        });

        it("writes its logs to its own log group, kept 30 days unless told otherwise", async () => {
            const { resources } = await build();
            const logs = inputsOf(resources, LOG_GROUP);
            assert.deepEqual([logs.name, logs.retentionInDays], ["/aws/codebuild/rayops-dev", 30]);
            assert.equal(inputsOf(resources, PROJECT).logsConfig.cloudwatchLogs.groupName, logs.name);
            const week = await build({ logRetentionDays: 7 });
            assert.equal(inputsOf(week.resources, LOG_GROUP).retentionInDays, 7);
        });

        it("is created after the role's policy, which CodeBuild checks for a project in a VPC", async () => {
            const { resources } = await build();
            const policyUrn = only(resources, ROLE_POLICY).urn;
            assert.ok(only(resources, PROJECT).dependencies?.includes(policyUrn));
        });
    });

    it("starts a build only for queued workflow jobs (EVENT = WORKFLOW_JOB_QUEUED)", async () => {
        const webhook = inputsOf((await build()).resources, WEBHOOK);
        assert.equal(webhook.projectName, "rayops-dev");
        assert.deepEqual(webhook.filterGroups, [
            { filters: [{ type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" }] },
        ]);
    });

    it("starts a build only for the allowed actors' jobs when allowedActorIds is set (fork PRs stay out)", async () => {
        const webhook = inputsOf(
            (await build({ allowedActorIds: ["583231", "41898282"] })).resources,
            WEBHOOK,
        );
        assert.deepEqual(webhook.filterGroups, [
            {
                filters: [
                    { type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" },
                    { type: "ACTOR_ACCOUNT_ID", pattern: "^(583231|41898282)$" },
                ],
            },
        ]);
    });

    describe("connection", () => {
        it("creates a GitHub connection named after the project when none is given", async () => {
            const connection = inputsOf((await build()).resources, CONNECTION);
            assert.deepEqual([connection.name, connection.providerType], ["rayops-dev", "GitHub"]);
        });

        it("uses the given connection and creates none", async () => {
            const { resources, outputs } = await build({ connectionArn: GIVEN_CONNECTION });
            assert.equal(resources.filter((r) => r.type === CONNECTION).length, 0);
            assert.equal(outputs.connectionArn, GIVEN_CONNECTION);
            assert.equal(inputsOf(resources, PROJECT).source.auth.resource, GIVEN_CONNECTION);
        });
    });

    describe("service role", () => {
        it("is trusted by CodeBuild only for this account's project of that name", async () => {
            const trust = JSON.parse(inputsOf((await build()).resources, ROLE).assumeRolePolicy);
            assert.deepEqual(trust.Statement, [
                {
                    Sid: "CodeBuildForThisProject",
                    Effect: "Allow",
                    Principal: { Service: "codebuild.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": ACCOUNT },
                        ArnEquals: {
                            "aws:SourceArn": `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/rayops-dev`,
                        },
                    },
                },
            ]);
        });

        it("may do exactly the logging, VPC and connection actions a runner needs, and nothing to deploy with", async () => {
            const statements = statementsOf((await build()).resources);
            assert.deepEqual(
                statements.map((s) => [s.Sid, s.Effect, actionsOf(s)]),
                [
                    ["WriteOwnBuildLogs", "Allow", ["logs:CreateLogStream", "logs:PutLogEvents"]],
                    [
                        "DescribeVpcForBuilds",
                        "Allow",
                        [
                            "ec2:DescribeDhcpOptions",
                            "ec2:DescribeNetworkInterfaces",
                            "ec2:DescribeSecurityGroups",
                            "ec2:DescribeSubnets",
                            "ec2:DescribeVpcs",
                        ],
                    ],
                    ["CreateBuildNetworkInterfaces", "Allow", ["ec2:CreateNetworkInterface"]],
                    ["DeleteBuildNetworkInterfaces", "Allow", ["ec2:DeleteNetworkInterface"]],
                    ["LetCodeBuildAttachInterfaces", "Allow", ["ec2:CreateNetworkInterfacePermission"]],
                    [
                        "UseGitHubConnection",
                        "Allow",
                        ["codeconnections:GetConnectionToken", "codeconnections:GetConnection"],
                    ],
                ],
            );
        });

        it("grants no wildcard action", async () => {
            const actions = statementsOf((await build()).resources).flatMap(actionsOf);
            assert.deepEqual(
                actions.filter((a) => a.includes("*")),
                [],
            );
        });

        it('says Resource "*" only for the Describe* reads, which take no resource ARN', async () => {
            const star = statementsOf((await build()).resources).filter(
                (s) => s.Resource === "*" || (Array.isArray(s.Resource) && s.Resource.includes("*")),
            );
            assert.deepEqual(
                star.map((s) => s.Sid),
                ["DescribeVpcForBuilds"],
            );
            assert.ok(actionsOf(star[0]!).every((a) => a.startsWith("ec2:Describe")));
        });

        it("writes only to its own log group's streams", async () => {
            const logs = statementsOf((await build()).resources).find((s) => s.Sid === "WriteOwnBuildLogs")!;
            assert.deepEqual(logs.Resource, [
                `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/codebuild/rayops-dev:*`,
            ]);
        });

        it("lets only CodeBuild attach interfaces, and only in the runner's subnets", async () => {
            const permission = statementsOf((await build()).resources).find(
                (s) => s.Sid === "LetCodeBuildAttachInterfaces",
            )!;
            assert.deepEqual(permission.Resource, [`arn:aws:ec2:${REGION}:${ACCOUNT}:network-interface/*`]);
            assert.deepEqual(permission.Condition, {
                StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
                ArnEquals: {
                    "ec2:Subnet": SUBNETS.map((id) => `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${id}`),
                },
            });
        });

        it("creates interfaces only in the runner's subnets and with its security group", async () => {
            const { resources, outputs } = await build();
            const sgId = outputs.securityGroupId;
            const create = statementsOf(resources).find((s) => s.Sid === "CreateBuildNetworkInterfaces")!;
            assert.deepEqual(create.Resource, [
                `arn:aws:ec2:${REGION}:${ACCOUNT}:network-interface/*`,
                ...SUBNETS.map((id) => `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${id}`),
                `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${sgId}`,
            ]);
        });

        it("uses the connection it runs with, and nothing else of CodeConnections", async () => {
            const { resources, outputs } = await build();
            const use = statementsOf(resources).find((s) => s.Sid === "UseGitHubConnection")!;
            assert.deepEqual(use.Resource, [outputs.connectionArn]);
        });

        it("keeps the codestar-connections prefix for a connection created before the rename", async () => {
            const legacy = `arn:aws:codestar-connections:${REGION}:${ACCOUNT}:connection/0f0e0d0c-aaaa-bbbb-cccc-0123456789ab`;
            const use = statementsOf((await build({ connectionArn: legacy })).resources).find(
                (s) => s.Sid === "UseGitHubConnection",
            )!;
            assert.deepEqual(use.Action, [
                "codestar-connections:GetConnectionToken",
                "codestar-connections:GetConnection",
            ]);
        });
    });

    it("exports the security group, project, label prefix, connection and role", async () => {
        const { resources, outputs } = await build();
        assert.match(String(outputs.securityGroupId), /^sg-[0-9a-f]{17}$/);
        assert.deepEqual(outputs, {
            securityGroupId: outputs.securityGroupId,
            projectName: "rayops-dev",
            runnerLabelPrefix: "codebuild-rayops-dev",
            connectionArn: only(resources, CONNECTION).outputs.arn,
            roleArn: only(resources, ROLE).outputs.arn,
        });
    });
});
