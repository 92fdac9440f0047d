/**
 * rayops's GitHub side: App authentication, a small REST client and the three things rayops writes
 * (a sticky PR comment per stack, report issues, policy check runs). Typical use:
 *
 *     const source = createAppTokenSource(readAppConfig(process.env));
 *     await upsertStickyComment(connectRepository(source, TASK_PERMISSIONS.prComment), { pullNumber, stack, summary, details });
 */
export {
    type AppTokenSource,
    type AppTokenSourceOptions,
    createAppTokenSource,
    GITHUB_API_VERSION,
    type InstallationPermissions,
    type InstallationToken,
    TASK_PERMISSIONS,
} from "./auth";
export {
    ANNOTATIONS_PER_REQUEST,
    type CheckAnnotation,
    type CheckRunInput,
    type CheckRunResult,
    createCheckRun,
} from "./checks";
export {
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
    DEFAULT_GITHUB_API_URL,
    GitHubConfigError,
    type ReadAppConfigOptions,
    readAppConfig,
} from "./config";
export { AUTH_FAILED_MESSAGE, GitHubApiError } from "./errors";
export { issueMarker, type UpsertIssueInput, type UpsertIssueResult, upsertIssue } from "./issue";
export { redact } from "./redact";
export { type RetryOptions, retryDelayMs } from "./retry";
