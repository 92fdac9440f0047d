/**
 * Validating a stack's raw `rayops:*` config: the schema first, then the cross-field checks, every
 * problem reported at once (issues.ts), each naming the key, the value and what is allowed.
 */
import { NODE_POOL_NAMES } from "../nodes/scheduling";
import { checkConsistency } from "./checks/consistency";
import { ConfigError, zodIssues } from "./issues";
import { defaultNetworkStack } from "./network-program";
import {
    type ParsedPlatformConfig,
    type PlatformConfig,
    platformConfigSchema,
    type RunnersConfig,
} from "./schema";

/**
 * Validates the `rayops:*` keys of a stack (namespace removed; structured values already parsed)
 * and returns the typed config. Throws `ConfigError` listing every problem.
 */
export function parsePlatformConfig(
    raw: Record<string, unknown>,
    ctx: { readonly stack: string; readonly project?: string },
): PlatformConfig {
    const result = platformConfigSchema.safeParse(raw);
    if (!result.success) {
        // Report the cross-field problems of the sections that did parse, too: all problems at once.
        const { sections, failed } = parsedSections(raw);
        // Only problems of keys whose section parsed: the others are reported by the schema already.
        const later = checkConsistency(sections, failed).filter(
            (issue) => !failed.has(issue.key.split(".")[0]),
        );
        throw new ConfigError([...zodIssues(platformConfigSchema, raw, result.error), ...later]);
    }
    const parsed = result.data;
    const issues = checkConsistency(parsed);
    if (issues.length > 0) throw new ConfigError(issues);
    const pools = NODE_POOL_NAMES.flatMap((name) => {
        const p = parsed.nodePools[name];
        if (!p || (name === "runners" && !(p as { enabled?: boolean }).enabled)) return [];
        return [{ name, ...p, desiredSize: p.desiredSize ?? p.minSize }];
    });
    const project = ctx.project ?? "rayops";
    const { githubAppId, githubAppInstallationId, githubAppPrivateKey, networkStack, ...rest } = parsed;
    const ca = parsed.addons.clusterAutoscaler;
    return {
        ...rest,
        stack: ctx.stack,
        project,
        networkStack: networkStack ?? defaultNetworkStack(ctx.stack),
        addons: {
            ...parsed.addons,
            clusterAutoscaler: { ...ca, imageTag: ca.imageTag ?? `v${parsed.cluster.version}.0` },
        },
        runners: resolveRunners(parsed, `${project}-${ctx.stack}`),
        pools,
    };
}

/** Each top-level section of `raw` that passes its own part of the schema, parsed, and the names of those that fail. */
function parsedSections(raw: Record<string, unknown>): {
    sections: Partial<ParsedPlatformConfig>;
    failed: ReadonlySet<string>;
} {
    const sections: Partial<ParsedPlatformConfig> = {};
    const failed = new Set<string>();
    for (const [key, section] of Object.entries(platformConfigSchema.shape)) {
        const parsed = section.safeParse(raw[key]);
        if (parsed.success) Object.assign(sections, { [key]: parsed.data });
        else failed.add(key);
    }
    return { sections, failed };
}

/**
 * The runners as the program reads them. checkRunners has refused an enabled scale set without a
 * URL or any of the App's three secrets, so each is there when `enabled` is.
 */
function resolveRunners(parsed: ParsedPlatformConfig, defaultScaleSetName: string): RunnersConfig {
    const { enabled, githubConfigUrl, scaleSetName, ...settings } = parsed.runners;
    const { githubAppId, githubAppInstallationId, githubAppPrivateKey } = parsed;
    if (!enabled) return { enabled: false };
    // Stryker disable all: unreachable (checkRunners refuses each case first); it only narrows the types
    if (
        githubConfigUrl === undefined ||
        githubAppId === undefined ||
        githubAppInstallationId === undefined ||
        githubAppPrivateKey === undefined
    ) {
        throw new Error("runners.enabled without its URL or App credentials passed checkRunners");
    }
    // Stryker restore all
    return {
        ...settings,
        enabled: true,
        githubConfigUrl,
        scaleSetName: scaleSetName ?? defaultScaleSetName,
        githubApp: {
            appId: githubAppId,
            installationId: githubAppInstallationId,
            privateKey: githubAppPrivateKey,
        },
    };
}
