/**
 * The CiRunner's IAM documents (pure; ci-runner.ts wires them): the service role's trust policy
 * and its one inline policy. The role can write its own logs, put build containers into the given
 * subnets and read the GitHub connection's tokens; nothing else. Deploying is the workflow job's
 * business: it assumes the stack's deploy role through GitHub OIDC, as on GitHub-hosted runners.
 */

export const CODEBUILD_SERVICE = "codebuild.amazonaws.com";

/** Where ARNs are built: the partition, region and account the runner lives in. */
export interface ArnScope {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
}

/** `arn:<partition>:codebuild:<region>:<account>:project/<name>`. */
export function projectArn(scope: ArnScope, projectName: string): string {
    return `arn:${scope.partition}:codebuild:${scope.region}:${scope.accountId}:project/${projectName}`;
}

/**
 * The log group's ARN with the trailing `:*`, the form IAM policies use for every log action but a
 * few group-level ones; it also covers the group's streams (`…:log-group:<name>:log-stream:<stream>`).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/iam-access-control-overview-cwl.html
 * (read 2026-12-01)
 */
export function logGroupStreamsArn(scope: ArnScope, logGroupName: string): string {
    return `arn:${scope.partition}:logs:${scope.region}:${scope.accountId}:log-group:${logGroupName}:*`;
}

export function subnetArn(scope: ArnScope, subnetId: string): string {
    return `arn:${scope.partition}:ec2:${scope.region}:${scope.accountId}:subnet/${subnetId}`;
}

export function securityGroupArn(scope: ArnScope, securityGroupId: string): string {
    return `arn:${scope.partition}:ec2:${scope.region}:${scope.accountId}:security-group/${securityGroupId}`;
}

/** Every network interface of the account in the region; new ones have no id to name yet. */
function networkInterfacesArn(scope: ArnScope): string {
    return `arn:${scope.partition}:ec2:${scope.region}:${scope.accountId}:network-interface/*`;
}

/**
 * Only CodeBuild, and only on behalf of this account's project of that name, may assume the role:
 * without the source conditions any CodeBuild project that is handed the role (by anyone allowed
 * to pass it) would act as it. https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 * (read 2026-12-01)
 */
export function codeBuildTrustPolicy(scope: ArnScope, projectName: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CodeBuildForThisProject",
                Effect: "Allow",
                Principal: { Service: CODEBUILD_SERVICE },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": scope.accountId },
                    ArnEquals: { "aws:SourceArn": projectArn(scope, projectName) },
                },
            },
        ],
    };
}

/**
 * What CodeBuild calls on the connection to fetch GitHub tokens: GetConnectionToken and
 * GetConnection on the connection's ARN
 * (https://docs.aws.amazon.com/codebuild/latest/userguide/connections-github-app.html, read
 * 2026-12-01). CodeStar Connections was renamed CodeConnections; the action prefix in a policy
 * must match the prefix of the resource's ARN, so a connection created before the rename keeps
 * `codestar-connections:` (https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html,
 * read 2026-12-01).
 */
export function connectionActions(connectionArn: string): string[] {
    const service = /^arn:[^:]+:codestar-connections:/.test(connectionArn)
        ? "codestar-connections"
        : "codeconnections";
    return [`${service}:GetConnectionToken`, `${service}:GetConnection`];
}

/**
 * The EC2 reads CodeBuild makes to place a build in the VPC. Describe* actions take no
 * resource-level permissions, so they are the one place the policy says `Resource: "*"`.
 */
export const VPC_DESCRIBE_ACTIONS = [
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
    "ec2:DescribeVpcs",
] as const;

export interface RunnerPolicyArgs {
    readonly scope: ArnScope;
    readonly logGroupName: string;
    /** The private subnets the builds run in. */
    readonly subnetIds: readonly string[];
    /** The runner's security group. */
    readonly securityGroupId: string;
    readonly connectionArn: string;
}

/**
 * The service role's inline policy. The VPC statements follow AWS's documented policy for a
 * project in a VPC
 * (https://docs.aws.amazon.com/codebuild/latest/userguide/auth-and-access-control-iam-identity-based-access-control.html#customer-managed-policies-example-create-vpc-network-interface,
 * read 2026-12-01), narrowed where EC2 allows it: AWS's example grants Create/DeleteNetworkInterface
 * on `*`; here creating an interface needs these subnets and this security group, and deleting
 * is limited to the account's interfaces in this region.
 */
export function runnerServicePolicy(a: RunnerPolicyArgs): object {
    const subnets = a.subnetIds.map((id) => subnetArn(a.scope, id));
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "WriteOwnBuildLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: [logGroupStreamsArn(a.scope, a.logGroupName)],
            },
            {
                Sid: "DescribeVpcForBuilds",
                Effect: "Allow",
                Action: [...VPC_DESCRIBE_ACTIONS],
                // Describe* take no resource-level permissions: "*" is the only Resource they accept.
                Resource: "*",
            },
            {
                Sid: "CreateBuildNetworkInterfaces",
                Effect: "Allow",
                Action: ["ec2:CreateNetworkInterface"],
                Resource: [
                    networkInterfacesArn(a.scope),
                    ...subnets,
                    securityGroupArn(a.scope, a.securityGroupId),
                ],
            },
            {
                Sid: "DeleteBuildNetworkInterfaces",
                Effect: "Allow",
                Action: ["ec2:DeleteNetworkInterface"],
                Resource: [networkInterfacesArn(a.scope)],
            },
            {
                // CodeBuild attaches the interface it created on the role's behalf; only CodeBuild
                // may be authorised, and only for interfaces in the runner's subnets.
                Sid: "LetCodeBuildAttachInterfaces",
                Effect: "Allow",
                Action: ["ec2:CreateNetworkInterfacePermission"],
                Resource: [networkInterfacesArn(a.scope)],
                Condition: {
                    StringEquals: { "ec2:AuthorizedService": CODEBUILD_SERVICE },
                    ArnEquals: { "ec2:Subnet": subnets },
                },
            },
            {
                Sid: "UseGitHubConnection",
                Effect: "Allow",
                Action: connectionActions(a.connectionArn),
                Resource: [a.connectionArn],
            },
        ],
    };
}
