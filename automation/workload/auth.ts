/**
 * The Ray token for clusters started with RAY_AUTH_MODE=token (Ray ≥ 2.52). Their dashboard, and
 * so the Jobs API, answers 401 without `Authorization: Bearer <token>`. Sources in Ray's own order
 * (https://docs.ray.io/en/latest/ray-security/token-auth.html, read 2026-11-25): RAY_AUTH_TOKEN,
 * then the file named by RAY_AUTH_TOKEN_PATH, then ~/.ray/auth_token.
 */
import { readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CliError } from "../exit-codes";

export interface RayToken {
    readonly token: string;
    /** Where it came from, for error messages; never the token itself. */
    readonly source: string;
}

export const TOKEN_SOURCES_HELP = "RAY_AUTH_TOKEN, the file in RAY_AUTH_TOKEN_PATH, or ~/.ray/auth_token";

export function resolveRayToken(env: NodeJS.ProcessEnv, home: string = os.homedir()): RayToken | undefined {
    const fromEnv = env.RAY_AUTH_TOKEN?.trim();
    if (fromEnv) return { token: fromEnv, source: "RAY_AUTH_TOKEN" };
    if (env.RAY_AUTH_TOKEN_PATH) {
        // As in Ray: a named file that cannot be read is a misconfiguration, not a reason to fall back.
        const file = env.RAY_AUTH_TOKEN_PATH;
        let text: string;
        try {
            text = readFileSync(file, "utf8");
        } catch (err) {
            throw new CliError(`RAY_AUTH_TOKEN_PATH ${file}: cannot read it (${(err as Error).message})`);
        }
        const token = text.trim();
        if (!token) throw new CliError(`RAY_AUTH_TOKEN_PATH ${file}: the file is empty; allowed a Ray token`);
        return { token, source: `RAY_AUTH_TOKEN_PATH (${file})` };
    }
    const defaultFile = path.join(home, ".ray", "auth_token");
    try {
        const token = readFileSync(defaultFile, "utf8").trim();
        return token ? { token, source: "~/.ray/auth_token" } : undefined;
    } catch {
        return undefined;
    }
}
