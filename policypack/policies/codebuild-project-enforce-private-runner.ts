import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, nameOf } from "../lib/policy";
import { asBool, asNumber, asStringArray, at, UNKNOWN } from "../lib/values";
import { configSchemaFor, readConfig } from "./config";

export const CODEBUILD_PROJECT_TYPE = "aws:codebuild/project:Project";

/** CodeBuild's `buildTimeout` when a project leaves it out (minutes). */
const AWS_DEFAULT_TIMEOUT = 60;

/**
 * A CodeBuild project runs code from a repository, with a service role and, for the CI runners,
 * next to the cluster's private API. So it runs in the VPC (private subnets and a security group of
 * its own, rather than on CodeBuild's shared network, where nothing of the VPC can limit it;
 * https://docs.aws.amazon.com/codebuild/latest/userguide/enabling-vpc-access-in-projects.html,
 * read 2026-12-01), without privileged mode (a privileged build container may run a Docker daemon
 * and take the host's device and kernel privileges with it), and with a bounded timeout (a stuck
 * job bills by the minute, for up to 36 hours).
 * An unknown value passes: only the deployment will know it.
 */
export const codeBuildProjectEnforcePrivateRunner: ResourceValidationPolicy = {
    name: "codebuild-project-enforce-private-runner",
    description:
        "CodeBuild projects run in the VPC (a subnet and a security group), unprivileged, with buildTimeout at most maxCodeBuildTimeoutMinutes.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: configSchemaFor("maxCodeBuildTimeoutMinutes"),
    validateResource: forTypes([CODEBUILD_PROJECT_TYPE], (props, args, report) => {
        const subnets = asStringArray(at(props, "vpcConfig", "subnets"));
        const groups = asStringArray(at(props, "vpcConfig", "securityGroupIds"));
        const missing = [
            subnets !== UNKNOWN && (subnets ?? []).length === 0 ? "vpcConfig.subnets" : undefined,
            groups !== UNKNOWN && (groups ?? []).length === 0 ? "vpcConfig.securityGroupIds" : undefined,
        ].filter((m) => m !== undefined);
        if (missing.length > 0) {
            report(
                `${nameOf(args)} does not run in the VPC (no ${missing.join(", no ")}). Set vpcConfig with the VPC's private subnets and a security group of the project's own.`,
            );
        }

        if (asBool(at(props, "environment", "privilegedMode")) === true) {
            report(
                `${nameOf(args)} runs its builds privileged (environment.privilegedMode = true). Set privilegedMode to false; build images without a Docker daemon in the build.`,
            );
        }

        const timeout = asNumber(props.buildTimeout);
        if (timeout === UNKNOWN) return;
        const limit = readConfig(args).maxCodeBuildTimeoutMinutes;
        const effective = timeout ?? AWS_DEFAULT_TIMEOUT;
        if (effective > limit) {
            report(
                `${nameOf(args)} lets a build run ${effective} minutes${timeout === undefined ? " (CodeBuild's default)" : ""}, above the limit maxCodeBuildTimeoutMinutes = ${limit}. Lower buildTimeout, or raise "maxCodeBuildTimeoutMinutes" in the policy pack config.`,
            );
        }
    }),
};
