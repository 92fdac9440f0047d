/**
 * rayops's GitHub side: App authentication, a small REST client and the three things rayops writes
 * (a sticky PR comment per stack, report issues, policy check runs). Typical use:
 *
 *     const source = createAppTokenSource(readAppConfig(process.env));
 *     await upsertStickyComment(connectRepository(source, TASK_PERMISSIONS.prComment), { pullNumber, stack, summary, details });
 *
 * `readAppConfig` reads token mode (RAYOPS_GITHUB_TOKEN, RAYOPS_GITHUB_APP_SLUG: a workflow's
 * minted token) or key mode (GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID, GITHUB_APP_PRIVATE_KEY[_PATH]:
 * local runs); see docs/github-app/auth-flow.md.
 */
export {
    type AppTokenSource,
    type AppTokenSourceOptions,
    createAppTokenSource,
    GITHUB_API_VERSION,
    type InstallationPermissions,
    type InstallationToken,
    type MintedToken,
    TASK_PERMISSIONS,
    type WorkflowToken,
} from "./auth";
export {
    ANNOTATIONS_PER_REQUEST,
    type CheckAnnotation,
    type CheckRunInput,
    type CheckRunResult,
    createCheckRun,
} from "./checks";
export {
    type Created,
    connectRepository,
    createGitHubClient,
    type GitHubClient,
    type GitHubClientOptions,
    type GitHubResponse,
    nextPageUrl,
    type RepoClient,
} from "./client";
export {
    fitComment,
    GITHUB_COMMENT_LIMIT,
    renderStickyComment,
    type StickyCommentInput,
    type StickyCommentResult,
    stickyMarker,
    stripAnsi,
    upsertStickyComment,
} from "./comment";
export {
    type AppConfig,
    type AuthMode,
    DEFAULT_GITHUB_API_URL,
    GitHubConfigError,
    KEY_MODE_VARIABLES,
    type KeyModeConfig,
    type ReadAppConfigOptions,
    readAppConfig,
    TOKEN_MODE_VARIABLES,
    type TokenModeConfig,
} from "./config";
export { AUTH_FAILED_MESSAGE, GitHubApiError, TOKEN_REJECTED_MESSAGE } from "./errors";
export { APP_SLUG_PATTERN, authoredByApp, botLogin } from "./identity";
export { issueMarker, type UpsertIssueInput, type UpsertIssueResult, upsertIssue } from "./issue";
export { COMMIT_PULLS, type MergedPullRequest, mergedPullRequestOf } from "./pulls";
export { redact } from "./redact";
export { type RetryOptions, type RetryTarget, retryDelayMs } from "./retry";
