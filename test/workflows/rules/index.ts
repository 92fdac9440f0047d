/**
 * The hardening rules every workflow under .github/workflows/ must follow (docs/design.md, "Security
 * defaults"). Each rule is a pure function from a parsed workflow to the list of its violations;
 * the same functions check the real workflows and the fixtures that prove each rule bites.
 */

import { pullRequestChecksAlwaysReport } from "./checks";
import type { WorkflowRule } from "./model";
import {
    appKeyOnlyInTokenStep,
    awsRoleChosenByStack,
    idTokenOnlyWhereAwsIsReached,
    jobPermissionsExplicitAndMinimal,
    noPullRequestTarget,
    pullRequestSecretsOnlyForSameRepo,
    secretsOnlyInEnvironments,
    secretsScopedToSteps,
    topLevelPermissionsMinimal,
} from "./permissions";
import { runnerPerProgram } from "./runners";
import {
    concurrencyPerStack,
    deploysBehindEnvironment,
    stateBackupBeforeDestroy,
    timeoutOnEveryJob,
} from "./stacks";
import {
    actionsPinnedToVerifiedSha,
    checkoutWithoutPersistedCredentials,
    installWithoutScripts,
    nodeFromNvmrc,
    noExpressionsInRun,
    rayopsWithoutRegistryFallback,
} from "./steps";

export type { WorkflowRule } from "./model";

export const WORKFLOW_RULES: readonly WorkflowRule[] = [
    actionsPinnedToVerifiedSha,
    topLevelPermissionsMinimal,
    jobPermissionsExplicitAndMinimal,
    idTokenOnlyWhereAwsIsReached,
    awsRoleChosenByStack,
    noPullRequestTarget,
    noExpressionsInRun,
    timeoutOnEveryJob,
    checkoutWithoutPersistedCredentials,
    concurrencyPerStack,
    runnerPerProgram,
    deploysBehindEnvironment,
    stateBackupBeforeDestroy,
    pullRequestSecretsOnlyForSameRepo,
    secretsScopedToSteps,
    rayopsWithoutRegistryFallback,
    secretsOnlyInEnvironments,
    appKeyOnlyInTokenStep,
    installWithoutScripts,
    nodeFromNvmrc,
    pullRequestChecksAlwaysReport,
];
