/**
 * The CiRunner's plain settings: defaults, the formats AWS accepts and the names derived from the
 * project name. Pure, so each rule is tested without Pulumi; the component only wires resources.
 */

/**
 * The Amazon Linux 2023 standard image, version 5.0: what CodeBuild resolves a runner's
 * `image:linux-5.0` to, in the images table of its hosted runners
 * (https://docs.amazonaws.cn/en_us/codebuild/latest/userguide/sample-gitlab-runners-gitlab-ci.images.html,
 * the table the GitHub Actions runner pages share; read 2026-12-01). Pinned to a major version:
 * CodeBuild patches it in place, a new major is a reviewed change.
 */
export const DEFAULT_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0";

/** The smallest container type: a job that needs more asks for it in its label (`instance-size:`). */
export const DEFAULT_COMPUTE_TYPE = "BUILD_GENERAL1_SMALL";

/**
 * Container compute types of a LINUX_CONTAINER project, as @pulumi/aws 7.48.0 documents
 * `ProjectEnvironment.computeType` (types/input.d.ts, read 2026-12-01). The Lambda types are left
 * out: they have no build timeout and run no Docker.
 */
export const COMPUTE_TYPES = [
    "BUILD_GENERAL1_SMALL",
    "BUILD_GENERAL1_MEDIUM",
    "BUILD_GENERAL1_LARGE",
    "BUILD_GENERAL1_XLARGE",
    "BUILD_GENERAL1_2XLARGE",
] as const;

/** CodeBuild's own default, and as long as a deploy job may reasonably take. */
export const DEFAULT_TIMEOUT_MINUTES = 60;

/**
 * What CodeBuild accepts for `buildTimeout`: hashicorp/terraform-provider-aws
 * internal/service/codebuild/project.go, `build_timeout` (IntBetween(5, 2160)), read 2026-12-01.
 * The policy pack's `maxCodeBuildTimeoutMinutes` (default 120) narrows it further.
 */
export const TIMEOUT_MINUTES_RANGE = { min: 5, max: 2160 } as const;

export const DEFAULT_LOG_RETENTION_DAYS = 30;

/**
 * The retention periods CloudWatch Logs accepts, as @pulumi/aws 7.48.0 documents
 * `LogGroupArgs.retentionInDays` (cloudwatch/logGroup.d.ts, read 2026-12-01), without 0 ("never
 * expire"): build logs can print secrets by mistake, so they always expire.
 */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * CodeBuild project names: a letter or digit, then letters, digits, `-` and `_`, at most 255
 * characters (terraform-provider-aws internal/service/codebuild/project.go, `ValidProjectName`,
 * read 2026-12-01).
 */
export const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/;

/**
 * A CodeConnections connection's name is 1 to 32 characters (terraform-provider-aws
 * internal/service/codeconnections/connection.go, `name` LengthBetween(1, 32), read 2026-12-01).
 * The component names the connection it creates after the project.
 */
export const MAX_CONNECTION_NAME = 32;

/** `https://github.com/<owner>/<repo>`: what the project's GITHUB source and webhook point at. */
export const REPOSITORY_URL =
    /^https:\/\/github\.com\/[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/** An AWS region name such as `us-west-2` or `us-gov-west-1`. */
export const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/**
 * A pinned image: `<repository>:<tag>` with a tag other than `latest`, or `<repository>@sha256:<digest>`,
 * so a runner is the same image on every job and a change of image is a reviewed commit.
 */
const PINNED_IMAGE =
    /^[^\s:@]+(?::\d+)?(?:\/[^\s:@]+)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/;

/** The settings that are plain values, as the component's args carry them. */
export interface RunnerSettingsInput {
    readonly projectName: string;
    readonly githubRepositoryUrl: string;
    readonly region: string;
    readonly subnetIds: readonly unknown[];
    readonly computeType?: string;
    readonly image?: string;
    readonly timeoutMinutes?: number;
    readonly logRetentionDays?: number;
    /** Only whether one is given matters here: without one, the component creates a connection. */
    readonly connectionArn?: unknown;
}

export interface RunnerSettings {
    readonly projectName: string;
    readonly githubRepositoryUrl: string;
    readonly region: string;
    readonly computeType: string;
    readonly image: string;
    readonly timeoutMinutes: number;
    readonly logRetentionDays: number;
}

/** The label prefix a workflow job puts in `runs-on:`, followed by `-<run_id>-<run_attempt>`. */
export function runnerLabelPrefix(projectName: string): string {
    return `codebuild-${projectName}`;
}

/** Where CodeBuild writes a project's logs unless told otherwise; the component creates it. */
export function logGroupName(projectName: string): string {
    return `/aws/codebuild/${projectName}`;
}

/** Defaults filled in; throws naming the argument, its value and what is allowed. */
export function resolveRunnerSettings(input: RunnerSettingsInput): RunnerSettings {
    const fail = (key: string, value: unknown, allowed: string): never => {
        throw new Error(`CiRunner: ${key} = ${JSON.stringify(value)}; allowed: ${allowed}`);
    };
    const s: RunnerSettings = {
        projectName: input.projectName,
        githubRepositoryUrl: input.githubRepositoryUrl,
        region: input.region,
        computeType: input.computeType ?? DEFAULT_COMPUTE_TYPE,
        image: input.image ?? DEFAULT_IMAGE,
        timeoutMinutes: input.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES,
        logRetentionDays: input.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
    };
    if (typeof s.projectName !== "string" || !PROJECT_NAME.test(s.projectName)) {
        fail("projectName", s.projectName, "1-255 of [A-Za-z0-9_-], starting with a letter or digit");
    }
    if (input.connectionArn === undefined && s.projectName.length > MAX_CONNECTION_NAME) {
        fail(
            "projectName",
            s.projectName,
            `at most ${MAX_CONNECTION_NAME} characters when no connectionArn is given (the GitHub connection is named after the project)`,
        );
    }
    if (typeof s.githubRepositoryUrl !== "string" || !REPOSITORY_URL.test(s.githubRepositoryUrl)) {
        fail("githubRepositoryUrl", s.githubRepositoryUrl, "https://github.com/<owner>/<repo>");
    }
    if (typeof s.region !== "string" || !REGION.test(s.region)) {
        fail("region", s.region, "an AWS region name such as us-west-2");
    }
    if (input.subnetIds.length === 0) {
        fail("subnetIds", [], "one or more private subnet ids");
    }
    if (!(COMPUTE_TYPES as readonly string[]).includes(s.computeType)) {
        fail("computeType", s.computeType, COMPUTE_TYPES.join(", "));
    }
    if (!PINNED_IMAGE.test(s.image) || s.image.endsWith(":latest")) {
        fail(
            "image",
            s.image,
            `an image pinned to a tag other than latest or to a digest, e.g. ${DEFAULT_IMAGE}`,
        );
    }
    const { min, max } = TIMEOUT_MINUTES_RANGE;
    if (!Number.isInteger(s.timeoutMinutes) || s.timeoutMinutes < min || s.timeoutMinutes > max) {
        fail("timeoutMinutes", s.timeoutMinutes, `an integer from ${min} to ${max}`);
    }
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(s.logRetentionDays)) {
        fail("logRetentionDays", s.logRetentionDays, LOG_RETENTION_DAYS.join(", "));
    }
    return s;
}
