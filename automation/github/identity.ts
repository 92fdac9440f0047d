/**
 * Who wrote a comment, an issue or a check run: rayops edits only what its own App wrote, because a
 * hidden marker alone can be typed by anyone who may comment.
 */

/**
 * A GitHub App's slug: its name lowercased, with spaces and special characters replaced by `-`;
 * names are at most 34 characters. Source: docs.github.com, "Registering a GitHub App"
 * (https://docs.github.com/apps/creating-github-apps/registering-a-github-app/registering-a-github-app, checked 2026-12-02).
 */
export const APP_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,33}$/;

/** The login of the App's bot user, the author of everything the App writes with an installation token. */
export function botLogin(slug: string): string {
    return `${slug}[bot]`;
}

/** The author fields GitHub puts on issue comments and issues. */
export interface Authored {
    readonly user?: { readonly login?: string; readonly type?: string } | null;
    readonly performed_via_github_app?: { readonly slug?: string } | null;
}

/**
 * True when `item` was written by the App `slug` itself. The author must be the App's bot user:
 * `[` and `]` cannot occur in a person's login, so `<slug>[bot]` with `type: "Bot"` is the App
 * and nobody else. `performed_via_github_app`, where GitHub fills it in, must name the same App;
 * it alone is not enough, because it is also set when a person acts through the App with a
 * user-to-server token, and then `user` is that person.
 *
 * Fields: the `issue-comment` and `issue` schemas of GitHub's REST API (`user`: simple-user with
 * `login` and `type`; `performed_via_github_app`: a nullable integration with `slug`). Source:
 * https://docs.github.com/rest/issues/comments and https://docs.github.com/rest/issues/issues,
 * as compiled in @octokit/openapi-types 29.0.1 (OpenAPI description 23.0.1), checked 2026-12-02.
 */
export function authoredByApp(item: Authored, slug: string): boolean {
    const user = item.user;
    if (user?.type !== "Bot" || user.login !== botLogin(slug)) return false;
    const via = item.performed_via_github_app;
    return via === undefined || via === null || via.slug === slug;
}
