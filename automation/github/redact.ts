/**
 * Removes credentials from text before it reaches a log, an error message or a PR comment. Every
 * error and log path of `automation/github` goes through `redact`, so a leaked value has to slip
 * past all of these patterns at once.
 */

const REPLACEMENTS: ReadonlyArray<readonly [RegExp, string]> = [
    // A whole PEM block, multi-line or in the `\n`-escaped single-line form used in env files.
    [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g, "[REDACTED PEM]"],
    // A PEM block that was cut short (a truncated log line): drop the header and the base64 after it.
    [/-----BEGIN [A-Z0-9 ]+-----(?:\\[nr]|[\sA-Za-z0-9+/=])*/g, "[REDACTED PEM]"],
    // GitHub token formats: ghp_ (PAT), gho_ (OAuth), ghu_ (user-to-server), ghs_ (installation),
    // ghr_ (refresh), github_pat_ (fine-grained PAT).
    // Source: https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/ (2026-11-25)
    [/\bgh[pousr]_[A-Za-z0-9_]{10,}/g, "[REDACTED TOKEN]"],
    [/\bgithub_pat_[A-Za-z0-9_]{10,}/g, "[REDACTED TOKEN]"],
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
