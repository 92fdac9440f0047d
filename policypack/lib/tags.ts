/**
 * The tags an AWS resource ends up with: its own `tags` merged over its provider's
 * `defaultTags.tags` (the resource wins on a clash, as the AWS provider does).
 * https://www.pulumi.com/registry/packages/aws/api-docs/provider/#default_tags (read 2026-11-25)
 */
import { asRecord, isUnknown, UNKNOWN, type Unknown } from "./values";

/**
 * The tags the cost report and the owners' lookups group by: the pack requires them by default
 * and the program's provider sets them as default tags.
 */
export const REQUIRED_TAG_KEYS = [
    "environment",
    "repo",
    "commit",
    "managed-by",
    "owner",
    "cost-center",
] as const;

/** The subset of a `PolicyProviderResource` the merge reads. */
export interface ProviderLike {
    readonly props: Record<string, unknown>;
}

/**
 * Merged tags; `UNKNOWN` when the resource's tags or the provider's default tags are unknown.
 * A tag whose value alone is unknown is present (its key is known). The engine hands provider
 * inputs over as they are stored, where object-typed config such as `defaultTags` is a JSON
 * string; `asRecord` parses that.
 */
export function mergedTags(
    resourceTags: unknown,
    provider?: ProviderLike,
): Record<string, unknown> | Unknown {
    const own = asRecord(resourceTags);
    if (own === UNKNOWN) return UNKNOWN;
    const defaults = provider ? asRecord(provider.props.defaultTags) : undefined;
    if (defaults === UNKNOWN) return UNKNOWN;
    const defaultTags = defaults ? asRecord(defaults.tags) : undefined;
    if (defaultTags === UNKNOWN) return UNKNOWN;
    return { ...defaultTags, ...own };
}

/** Keys of `required` that are absent or empty in `tags` (unknown values count as present). */
export function missingTags(tags: Record<string, unknown>, required: readonly string[]): string[] {
    return required.filter((key) => {
        const value = tags[key];
        // Stryker disable next-line ConditionalExpression: equivalent, UNKNOWN and the sentinels are neither undefined, null nor blank text, so they count as present anyway
        if (isUnknown(value)) return false;
        return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
    });
}
