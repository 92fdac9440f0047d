import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { codeBuildTrustPolicy, runnerServicePolicy } from "./iam";
import { logGroupName, resolveRunnerSettings, runnerLabelPrefix } from "./settings";

export interface CiRunnerArgs {
    /**
     * The CodeBuild project's name (e.g. `rayops-dev`): workflow jobs ask for a runner with
     * `runs-on: codebuild-<projectName>-${{ github.run_id }}-${{ github.run_attempt }}`.
     * 1-255 of `[A-Za-z0-9_-]`; at most 32 characters when `connectionArn` is left out, since
     * the connection created then takes the same name.
     */
    readonly projectName: string;
    /** The VPC the builds run in. */
    readonly vpcId: pulumi.Input<string>;
    /** Private subnets (egress through NAT) the builds run in; at least one. */
    readonly subnetIds: pulumi.Input<string>[];
    /** The repository whose workflow jobs the runners take: `https://github.com/<owner>/<repo>`. */
    readonly githubRepositoryUrl: string;
    /** The region of the AWS provider the component is given; ARNs in the policies use it. */
    readonly region: string;
    /** CodeBuild compute type of each runner. @default "BUILD_GENERAL1_SMALL", the smallest container type */
    readonly computeType?: string;
    /**
     * The runner image, pinned to a tag (not `latest`) or a digest.
     * @default "aws/codebuild/amazonlinux-x86_64-standard:5.0" (Amazon Linux 2023 standard 5.0)
     */
    readonly image?: string;
    /** Minutes before CodeBuild stops a job's build, 5 to 2160. @default 60 */
    readonly timeoutMinutes?: number;
    /** Days the build logs are kept (a CloudWatch Logs retention period; never "forever"). @default 30 */
    readonly logRetentionDays?: number;
    /**
     * An existing CodeConnections (or CodeStar Connections) connection to GitHub.
     * @default a new GitHub connection named after the project. AWS creates it PENDING: someone
     * with access to the GitHub organisation completes it once in the console (Developer Tools >
     * Connections). CodeBuild registers the webhook in GitHub through the connection, so until
     * then `pulumi up` stops at the webhook; run it again once the connection is AVAILABLE.
     */
    readonly connectionArn?: pulumi.Input<string>;
    /**
     * GitHub account ids (numeric) whose queued jobs may start a runner. A runner sits inside the
     * VPC next to the cluster's API; a pull request from a fork runs the fork's own workflow file,
     * which can ask for this runner's label. Restricting the webhook to the people (and bots) that
     * deploy keeps such a job from starting at all. @default any actor of the repository
     */
    readonly allowedActorIds?: readonly string[];
}

/**
 * AWS CodeBuild-hosted GitHub Actions runners inside the VPC: one ephemeral runner per workflow
 * job, started by the project's webhook when GitHub queues a job that asks for it. Builds run in
 * the private subnets with a security group that accepts nothing and sends only HTTPS (GitHub,
 * AWS APIs, the cluster's private API endpoint), unprivileged, with a bounded timeout and logs
 * that expire. The service role has no deploy permissions: jobs assume the stack's deploy role
 * through GitHub OIDC.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/action-runner-overview.html (read 2026-12-01)
 */
/**
 * The webhook's one filter group: queued workflow jobs, and, when `actorIds` are given, only those
 * whose sender is one of them (ACTOR_ACCOUNT_ID matches the payload's `sender.id`).
 * https://docs.aws.amazon.com/codebuild/latest/userguide/github-webhook.html (read 2026-12-01)
 */
export function webhookFilters(actorIds: readonly string[]): { type: string; pattern: string }[] {
    const filters = [{ type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" }];
    if (actorIds.length > 0) filters.push({ type: "ACTOR_ACCOUNT_ID", pattern: `^(${actorIds.join("|")})$` });
    return filters;
}

export class CiRunner extends pulumi.ComponentResource {
    /** The runners' security group: allow it as a source where a job must reach something (the EKS API). */
    readonly securityGroupId: pulumi.Output<string>;
    readonly projectName: pulumi.Output<string>;
    /** `codebuild-<projectName>`, to which a job's `runs-on:` appends `-<run_id>-<run_attempt>`. */
    readonly runnerLabelPrefix: pulumi.Output<string>;
    readonly connectionArn: pulumi.Output<string>;
    /** The CodeBuild service role (not the role jobs deploy with). */
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: CiRunnerArgs, opts?: pulumi.ComponentResourceOptions) {
        // Refused before anything registers, naming the argument.
        const settings = resolveRunnerSettings(args);
        super("rayops:ci:CiRunner", name, {}, opts);
        // Children inherit the AWS provider passed in `opts.providers`; there is no ambient one.
        const parent = { parent: this };

        const identity = aws.getCallerIdentityOutput({}, parent);
        const partition = aws.getPartitionOutput({}, parent);
        const scope = pulumi.all([partition.partition, identity.accountId]).apply(([p, accountId]) => ({
            partition: p,
            region: settings.region,
            accountId,
        }));

        const logs = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { name: logGroupName(settings.projectName), retentionInDays: settings.logRetentionDays },
            parent,
        );

        const securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                vpcId: args.vpcId,
                description: `CodeBuild runners of ${settings.projectName}: no ingress, HTTPS egress only`,
                // Inline rules, for once (the provider prefers aws.vpc rule resources): with them the
                // group's rules are exactly these, and a rule added by hand shows as drift and is
                // revoked by the next update after a refresh. Security groups do not filter the VPC's
                // DNS resolver or Amazon Time Sync, so HTTPS is all a job needs (AWS VPC User Guide,
                // security-group-rules.html, as quoted at https://notes.udovyk.com/aws-security-group,
                // read 2026-12-01).
                ingress: [],
                egress: [
                    {
                        description: "HTTPS: GitHub, AWS APIs and the cluster's private API endpoint",
                        protocol: "tcp",
                        fromPort: 443,
                        toPort: 443,
                        cidrBlocks: ["0.0.0.0/0"],
                    },
                ],
                tags: { Name: `${settings.projectName}-runner` },
            },
            parent,
        );

        const connectionArn =
            args.connectionArn !== undefined
                ? pulumi.output(args.connectionArn)
                : new aws.codeconnections.Connection(
                      `${name}-github`,
                      { name: settings.projectName, providerType: "GitHub" },
                      parent,
                  ).arn;

        const role = new aws.iam.Role(
            `${name}-role`,
            {
                description: `CodeBuild service role of the ${settings.projectName} GitHub Actions runners`,
                assumeRolePolicy: scope.apply((s) =>
                    JSON.stringify(codeBuildTrustPolicy(s, settings.projectName)),
                ),
            },
            parent,
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-policy`,
            {
                role: role.name,
                policy: pulumi
                    .all([scope, pulumi.all(args.subnetIds), securityGroup.id, connectionArn])
                    .apply(([s, subnetIds, securityGroupId, connection]) =>
                        JSON.stringify(
                            runnerServicePolicy({
                                scope: s,
                                logGroupName: logGroupName(settings.projectName),
                                subnetIds,
                                securityGroupId,
                                connectionArn: connection,
                            }),
                        ),
                    ),
            },
            parent,
        );

        const project = new aws.codebuild.Project(
            `${name}-project`,
            {
                name: settings.projectName,
                description: `GitHub Actions runners for ${settings.githubRepositoryUrl}, inside the VPC`,
                serviceRole: role.arn,
                buildTimeout: settings.timeoutMinutes,
                // A runner project runs the job's steps; it has no buildspec and no artifacts.
                artifacts: { type: "NO_ARTIFACTS" },
                environment: {
                    type: "LINUX_CONTAINER",
                    computeType: settings.computeType,
                    image: settings.image,
                    imagePullCredentialsType: "CODEBUILD",
                    // No Docker daemon in the build: a job cannot escape its container to the host.
                    privilegedMode: false,
                },
                source: {
                    type: "GITHUB",
                    location: settings.githubRepositoryUrl,
                    auth: { type: "CODECONNECTIONS", resource: connectionArn },
                },
                vpcConfig: {
                    vpcId: args.vpcId,
                    subnets: args.subnetIds,
                    securityGroupIds: [securityGroup.id],
                },
                logsConfig: {
                    cloudwatchLogs: { status: "ENABLED", groupName: logs.name },
                    s3Logs: { status: "DISABLED" },
                },
            },
            // CodeBuild checks the role's EC2 permissions when a project in a VPC is created; the
            // policy must exist first (https://github.com/aws/aws-cdk/issues/2652, read 2026-12-01).
            { parent: this, dependsOn: [policy] },
        );

        new aws.codebuild.Webhook(
            `${name}-webhook`,
            {
                projectName: project.name,
                buildType: "BUILD",
                // One build per queued workflow job that asks for this project's label.
                // https://docs.aws.amazon.com/codebuild/latest/userguide/action-runner-questions.html (read 2026-12-01)
                filterGroups: [{ filters: webhookFilters(args.allowedActorIds ?? []) }],
            },
            parent,
        );

        this.securityGroupId = securityGroup.id;
        this.projectName = project.name;
        this.runnerLabelPrefix = project.name.apply(runnerLabelPrefix);
        this.connectionArn = connectionArn;
        this.roleArn = role.arn;
        this.registerOutputs({
            securityGroupId: this.securityGroupId,
            projectName: this.projectName,
            runnerLabelPrefix: this.runnerLabelPrefix,
            connectionArn: this.connectionArn,
            roleArn: this.roleArn,
        });
    }
}
