/**
 * Validating a stack's raw `rayops:*` config: the schema first, then the cross-field checks, every
 * problem reported at once (issues.ts), each naming the key, the value and what is allowed.
 */
import type { z } from "zod";
import { NODE_POOL_NAMES } from "../nodes/scheduling";
import { checkConsistency } from "./checks/consistency";
import { ConfigError, zodIssues } from "./issues";
import { type ParsedPlatformConfig, type PlatformConfig, platformConfigSchema } from "./schema";

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
        const sections: Record<string, unknown> = {};
        for (const [key, section] of Object.entries(platformConfigSchema.shape)) {
            const parsed = (section as z.ZodType).safeParse(raw[key]);
            if (parsed.success) sections[key] = parsed.data;
        }
        // Only problems of keys whose section parsed: the others are reported by the schema already.
        const later = checkConsistency(sections as ParsedPlatformConfig, { partial: true }).filter(
            (issue) => issue.key.split(".")[0] in sections,
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
    return { ...parsed, stack: ctx.stack, project: ctx.project ?? "rayops", pools };
}
