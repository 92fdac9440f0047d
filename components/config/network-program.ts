/**
 * The configuration of the network program (`network/`, project `rayops-network`): the stack's
 * identity, its VPC and its in-VPC CI runners. The stack files are `network/Pulumi.<stack>.yaml`,
 * with `rayops:` keys like the cluster program's. Validated as the cluster program's is: every
 * problem at once, each naming the key, the value and what is allowed.
 */
import { z } from "zod";
import {
    COMPUTE_TYPES,
    DEFAULT_COMPUTE_TYPE,
    DEFAULT_LOG_RETENTION_DAYS,
    DEFAULT_TIMEOUT_MINUTES,
    LOG_RETENTION_DAYS,
    TIMEOUT_MINUTES_RANGE,
} from "../ci-runner/settings";
import { REGION_AZ_COUNT } from "../network/zones";
import { ConfigError, type ConfigIssue, zodIssues } from "./issues";
import { networkSchema, stackIdentityShape } from "./schema";

/** The network program's project name (network/Pulumi.yaml). */
export const NETWORK_PROJECT = "rayops-network";

/** The network stack a cluster stack reads when `rayops:networkStack` is not set. */
export function defaultNetworkStack(stack: string): string {
    return `organization/${NETWORK_PROJECT}/${stack}`;
}

const ciRunnerSchema = z
    .strictObject({
        enabled: z.boolean().default(true).meta({
            description: "Create the in-VPC CodeBuild runners that deploy into the private cluster.",
        }),
        computeType: z
            .enum(COMPUTE_TYPES)
            .default(DEFAULT_COMPUTE_TYPE)
            .meta({ description: "CodeBuild compute type of each runner." }),
        /** The policy pack's bound is its `maxCodeBuildTimeoutMinutes` setting. */
        timeoutMinutes: z
            .int()
            .min(TIMEOUT_MINUTES_RANGE.min)
            .max(TIMEOUT_MINUTES_RANGE.max)
            .default(DEFAULT_TIMEOUT_MINUTES)
            .meta({
                description: "Longest a job may run on a runner, minutes; the policy pack bounds it too.",
            }),
        /** CloudWatch's "never expire" is not among them: the runners' logs always expire. */
        logRetentionDays: z
            .union(
                LOG_RETENTION_DAYS.map((d) => z.literal(d)) as [
                    z.ZodLiteral<number>,
                    ...z.ZodLiteral<number>[],
                ],
            )
            .default(DEFAULT_LOG_RETENTION_DAYS)
            .meta({
                description:
                    "Days the runners' CloudWatch logs are kept; one of CloudWatch's retention values.",
            }),
        /** The platform team approves a created one in the console (docs/ci-aws-oidc.md). */
        connectionArn: z
            .string()
            .regex(
                /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[\w-]+$/,
                {
                    message: "a CodeConnections connection ARN",
                },
            )
            .optional()
            .meta({
                description:
                    "An approved CodeConnections connection to GitHub; without it one is created, pending approval in the console.",
            }),
        /** An account's id: `gh api users/<login> --jq .id`. @default any actor */
        allowedActorIds: z
            .array(z.string().regex(/^\d{1,20}$/, { message: "a numeric GitHub account id" }))
            .min(1, {
                message:
                    "at least one account id (an empty list would let any actor start a runner; leave the key out for that)",
            })
            .optional()
            .meta({
                description:
                    "Numeric GitHub account ids whose queued jobs may start a runner; set it when the repository takes pull requests from forks.",
            }),
    })
    .prefault({});

export const networkProgramSchema = z.strictObject({
    ...stackIdentityShape,
    network: networkSchema,
    ciRunner: ciRunnerSchema,
});

export type NetworkProgramConfig = z.output<typeof networkProgramSchema> & { readonly stack: string };

/** Cross-field checks: the region is one rayops supports, and it has the zones asked for. */
export function checkNetwork(c: {
    readonly region: string;
    readonly network: Pick<NetworkProgramConfig["network"], "azCount" | "cidr">;
}): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const zones = REGION_AZ_COUNT[c.region];
    if (zones === undefined) {
        issues.push({
            key: "region",
            value: c.region,
            message: `unsupported region; allowed: ${Object.keys(REGION_AZ_COUNT).join(", ")}`,
        });
    } else if (c.network.azCount > zones) {
        issues.push({
            key: "network.azCount",
            value: c.network.azCount,
            message: `${c.region} offers ${zones} availability zone(s); allowed: 2..${Math.min(zones, 3)}`,
        });
    }
    const prefix = Number(c.network.cidr.split("/")[1]);
    if (prefix < 16 || prefix > 20) {
        issues.push({
            key: "network.cidr",
            value: c.network.cidr,
            message: "the VPC prefix must be /16 to /20 so each zone gets a private and a public subnet",
        });
    }
    return issues;
}

/** Validates the network program's raw `rayops:*` keys; throws ConfigError listing every problem. */
export function parseNetworkConfig(
    raw: Record<string, unknown>,
    ctx: { readonly stack: string },
): NetworkProgramConfig {
    const result = networkProgramSchema.safeParse(raw);
    if (!result.success) throw new ConfigError(zodIssues(networkProgramSchema, raw, result.error));
    const issues = checkNetwork(result.data);
    if (issues.length > 0) throw new ConfigError(issues);
    return { ...result.data, stack: ctx.stack };
}
