/**
 * Cross-field checks of the `runners` config: what an enabled scale set needs (a URL, the App's
 * credentials, the runners node pool) and that its runners fit that pool. Pure; returns every
 * problem found. Values of the App's credentials are never echoed, not even malformed ones.
 */

import { allocatable } from "../../../policypack/lib/instance-types";
import {
    ENTERPRISE_CONFIG_URL,
    GITHUB_APP_ID,
    GITHUB_APP_INSTALLATION_ID,
    PEM_PRIVATE_KEY,
    UNDECRYPTED_SECRET,
} from "../../runners/values";
import type { ConfigIssue } from "../issues";
import { parseCpu, parseMemoryGiB } from "../quantity";
import type { ParsedPlatformConfig } from "../schema";

/** The sections the runners checks read. */
type RunnersView = Pick<
    ParsedPlatformConfig,
    "runners" | "nodePools" | "githubAppId" | "githubAppInstallationId" | "githubAppPrivateKey"
>;

/** What an issue about a credential shows instead of its value. */
export const REDACTED = "[redacted]";

const CREDENTIALS = [
    { key: "githubAppId", format: GITHUB_APP_ID, allowed: "the App's numeric id or its client id (Iv…)" },
    {
        key: "githubAppInstallationId",
        format: GITHUB_APP_INSTALLATION_ID,
        allowed: "a numeric installation id",
    },
    {
        key: "githubAppPrivateKey",
        format: PEM_PRIVATE_KEY,
        allowed: "the App's PEM private key (the .pem file GitHub downloads)",
    },
] as const;

function checkCredentials(c: RunnersView, issues: ConfigIssue[]): void {
    for (const { key, format, allowed } of CREDENTIALS) {
        const value = c[key];
        const set = `pulumi config set --secret rayops:${key} …`;
        if (value === undefined) {
            issues.push({
                key,
                value: undefined,
                message: `required when runners.enabled is true: ${allowed}; set it with \`${set}\``,
            });
        } else if (!UNDECRYPTED_SECRET.test(value) && !format.test(value)) {
            issues.push({ key, value: REDACTED, message: `not ${allowed}` });
        }
    }
}

function checkPool(c: RunnersView, issues: ConfigIssue[]): void {
    const r = c.runners;
    const pool = c.nodePools.runners;
    if (!pool?.enabled) {
        issues.push({
            key: "nodePools.runners.enabled",
            value: pool?.enabled,
            message: "must be true while runners.enabled is true: runner pods run only on the runners pool",
        });
        return;
    }
    if (r.maxRunners > pool.maxSize) {
        issues.push({
            key: "runners.maxRunners",
            value: r.maxRunners,
            message: `must be ≤ nodePools.runners.maxSize (${pool.maxSize})`,
        });
    }
    const cpu = parseCpu(r.cpu);
    const mem = parseMemoryGiB(r.memory);
    const fits = pool.instanceTypes.some((t) => {
        const a = allocatable(t);
        return a.cpu >= cpu && a.memoryGiB >= mem;
    });
    if (!fits) {
        issues.push({
            key: "runners",
            value: { cpu: r.cpu, memory: r.memory },
            message:
                `a runner pod fits no instance type of nodePools.runners (${pool.instanceTypes.join(", ")}); ` +
                "lower runners.cpu or runners.memory, or add a larger type",
        });
    }
}

export function checkRunners(c: RunnersView): ConfigIssue[] {
    if (!c.runners.enabled) return [];
    const issues: ConfigIssue[] = [];
    const url = c.runners.githubConfigUrl;
    if (url === undefined) {
        issues.push({
            key: "runners.githubConfigUrl",
            value: undefined,
            message:
                "required when runners.enabled is true: https://github.com/<org> or https://github.com/<org>/<repo>",
        });
    } else if (ENTERPRISE_CONFIG_URL.test(url)) {
        issues.push({
            key: "runners.githubConfigUrl",
            value: url,
            message:
                "enterprise-scope runners need a personal access token, which rayops does not use; " +
                "allowed: https://github.com/<org> or https://github.com/<org>/<repo>",
        });
    }
    checkCredentials(c, issues);
    checkPool(c, issues);
    return issues;
}
