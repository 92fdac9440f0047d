/**
 * The hardening rules every workflow under .github/workflows/ must follow (docs/design.md, "Security
 * defaults"). Each rule is a pure function from a parsed workflow to the list of its violations;
 * the same functions check the real workflows and the fixtures that prove each rule bites.
 */

import type { WorkflowRule } from "./model";
import {
    awsRoleChosenByStack,
    idTokenOnlyWhereAwsIsReached,
    jobPermissionsExplicitAndMinimal,
    noPullRequestTarget,
    pullRequestSecretsOnlyForSameRepo,
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
];
