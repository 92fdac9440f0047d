/** The Ray dashboard address a command talks to: `--address`, or the stack's port-forward. */
import { CliError, ExitCode } from "../exit-codes";

const ALLOWED = "allowed an http:// or https:// URL of the Ray dashboard, e.g. http://127.0.0.1:8265";

/**
 * Checks `--address` and returns it without a trailing slash, so paths can be appended. A path is
 * kept (a dashboard behind a reverse proxy lives under one); credentials, queries and fragments
 * are refused because they would be sent with, or silently dropped from, every request.
 */
export function parseDashboardAddress(text: string): string {
    let url: URL;
    try {
        url = new URL(text);
    } catch {
        throw new CliError(`--address ${JSON.stringify(text)} is not a URL; ${ALLOWED}`, ExitCode.error);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new CliError(`--address ${text}: scheme ${url.protocol} is not supported; ${ALLOWED}`);
    }
    if (url.username || url.password) {
        throw new CliError(
            `--address ${url.protocol}//…@${url.host}: credentials in the URL are not allowed; ` +
                "set RAY_AUTH_TOKEN for a cluster with token authentication",
        );
    }
    if (url.search || url.hash) {
        throw new CliError(`--address ${text}: a query or fragment is not allowed; ${ALLOWED}`);
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
