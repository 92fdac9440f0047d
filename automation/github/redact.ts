/**
 * Removes credentials from text before it reaches a log, an error message or a PR comment. Every
 * error and log path of `automation/github` goes through `redact`, so a leaked value has to slip
 * past all of these patterns at once.
 */

/**
 * GitHub's token prefixes and what each token is.
 * Source: https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/ (2026-11-25)
 */
export const GITHUB_TOKEN_KINDS = {
    ghp_: "a personal access token (classic)",
    gho_: "an OAuth app token",
    ghu_: "a user-to-server token",
    ghs_: "an installation token",
    ghr_: "a refresh token",
    github_pat_: "a fine-grained personal access token",
} as const;

/** What kind of GitHub token `value` starts like, or undefined for none. Never quotes the value. */
export function githubTokenKind(
    value: string,
): (typeof GITHUB_TOKEN_KINDS)[keyof typeof GITHUB_TOKEN_KINDS] | undefined {
    const prefix = Object.keys(GITHUB_TOKEN_KINDS).find((p) => value.startsWith(p));
    return prefix === undefined ? undefined : GITHUB_TOKEN_KINDS[prefix as keyof typeof GITHUB_TOKEN_KINDS];
}

// A token may sit right after a digit or an underscore (`RAYOPS_GITHUB_TOKEN_ghs_…`) or a
// percent-escape (`token%3Dghs_…` in a URL-encoded body), where `\b` finds no word boundary; only a
// letter right before the prefix (`highs_…`) means it is part of an ordinary word.
const TOKEN_START = "(?:(?<![A-Za-z])|(?<=%[0-9A-Fa-f]{2}))";

const REPLACEMENTS: ReadonlyArray<readonly [RegExp, string]> = [
    // A whole PEM block, multi-line or in the `\n`-escaped single-line form used in env files.
    [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g, "[REDACTED PEM]"],
    // A PEM block that was cut short (a truncated log line): drop the header and the base64 after it.
    [/-----BEGIN [A-Z0-9 ]+-----(?:\\[nr]|[\sA-Za-z0-9+/=])*/g, "[REDACTED PEM]"],
    // Every prefix of GITHUB_TOKEN_KINDS.
    [new RegExp(`${TOKEN_START}gh[pousr]_[A-Za-z0-9_]{10,}`, "g"), "[REDACTED TOKEN]"],
    [new RegExp(`${TOKEN_START}github_pat_[A-Za-z0-9_]{10,}`, "g"), "[REDACTED TOKEN]"],
    // A JWT: base64url header that starts with `{"` (eyJ), payload and an optional signature.
    [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.?[A-Za-z0-9_-]*/g, "[REDACTED JWT]"],
    // Whatever credential follows an authorization scheme, whatever its format.
    [/\b(authorization["']?\s*[:=]\s*["']?(?:bearer|token|basic)\s+)[^\s"',}]+/gi, "$1[REDACTED]"],
];

/** Returns `text` with PEM blocks, GitHub tokens, JWTs and authorization credentials replaced. */
export function redact(text: string): string {
    let out = text;
    for (const [pattern, replacement] of REPLACEMENTS) out = out.replace(pattern, replacement);
    return out;
}
