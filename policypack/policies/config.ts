/**
 * The policy pack's configuration: one typed shape with defaults, one JSON schema per key.
 *
 * CrossGuard configures each policy separately (`--policy-pack-config` maps policy name to its
 * settings), so each policy declares the keys it reads with `configSchemaFor`, and
 * `toPolicyPackConfig` spreads one pack-wide `PackConfig` over the policies that read each key.
 * `readConfig` gives a policy its settings with the defaults filled in and checked.
 */
import type { PolicyConfigSchema, PolicyPackConfig } from "@pulumi/policy";
import { INSTANCE_TYPES } from "../lib/instance-types";
import { REQUIRED_TAG_KEYS } from "../lib/tags";

export interface PackConfig {
    /** Upper bound on the sum of `maxSize` over all non-GPU node pools (system, cpu, runners, ...). */
    readonly maxCpuNodes: number;
    /** Upper bound on the sum of `maxSize` over GPU node pools; also sizes the Ray GPU quota. */
    readonly maxGpuNodes: number;
    /** Upper bound on `maxSize` of the `runners` pool (GitHub Actions runners). */
    readonly maxRunnerNodes: number;
    /** Instance types CPU pools may use. */
    readonly allowedCpuInstanceTypes: readonly string[];
    /** Instance types GPU pools may use. */
    readonly allowedGpuInstanceTypes: readonly string[];
    /** Tags every taggable AWS resource must carry (own tags merged with the provider's default tags). */
    readonly requiredTags: readonly string[];
    /** The widest IPv4 block (smallest prefix length) the public EKS endpoint may be opened to. */
    readonly minPublicCidrPrefixV4: number;
    /** The widest IPv6 block (smallest prefix length) the public EKS endpoint may be opened to. */
    readonly minPublicCidrPrefixV6: number;
    /** The longest `buildTimeout` (minutes) a CodeBuild project may set. */
    readonly maxCodeBuildTimeoutMinutes: number;
}

export type ConfigKey = keyof PackConfig;

/**
 * Types left out of the default allowlists: one node of these costs more per hour than a whole
 * dev stack per day (8 × A100/H100, 32 vCPU general purpose). A platform team that needs them
 * adds them to the pack's config on purpose.
 */
const NOT_BY_DEFAULT = new Set(["p4d.24xlarge", "p5.48xlarge", "m6i.8xlarge", "m7i.8xlarge"]);

const catalogTypes = (gpu: boolean): string[] =>
    Object.keys(INSTANCE_TYPES).filter((t) => INSTANCE_TYPES[t].gpus > 0 === gpu && !NOT_BY_DEFAULT.has(t));

/**
 * Defaults: the node limits size a team platform (cost control, not AWS quotas); the catalog's
 * types are allowed except the largest (above); the tags are what the cost report and the
 * owners' lookups group by.
 */
export const DEFAULT_CONFIG: PackConfig = Object.freeze({
    maxCpuNodes: 20,
    maxGpuNodes: 10,
    maxRunnerNodes: 10,
    allowedCpuInstanceTypes: Object.freeze(catalogTypes(false)),
    allowedGpuInstanceTypes: Object.freeze(catalogTypes(true)),
    requiredTags: Object.freeze([...REQUIRED_TAG_KEYS]),
    // A /16 (65,536 addresses) is about the largest range one organisation's offices or VPN
    // egress use; wider blocks belong to ISPs and clouds, where anyone can rent an address. A /48
    // is what one site is assigned in IPv6 (RFC 6177). See eks-cluster-disallow-public-endpoint-from-anywhere.
    minPublicCidrPrefixV4: 16,
    minPublicCidrPrefixV6: 48,
    // Two hours: twice the CI runner's default timeout, enough for a cluster update; a build that
    // runs longer is more likely stuck than busy, and bills by the minute while it waits.
    maxCodeBuildTimeoutMinutes: 120,
});

const count = (description: string, dflt: number) => ({
    type: "integer" as const,
    minimum: 0,
    default: dflt,
    description,
});
const strings = (description: string, dflt: readonly string[]) => ({
    type: "array" as const,
    items: { type: "string" as const, minLength: 1 },
    uniqueItems: true,
    default: [...dflt],
    description,
});

const prefixLength = (bits: number, description: string, dflt: number) => ({
    type: "integer" as const,
    minimum: 1,
    maximum: bits,
    default: dflt,
    description,
});

/**
 * CodeBuild accepts a `buildTimeout` from 5 to 2160 minutes (36 hours): hashicorp/terraform-provider-aws
 * internal/service/codebuild/project.go, `build_timeout` IntBetween(5, 2160), read 2026-12-01.
 */
const CODEBUILD_TIMEOUT = { min: 5, max: 2160 } as const;

const minutes = (description: string, dflt: number) => ({
    type: "integer" as const,
    minimum: CODEBUILD_TIMEOUT.min,
    maximum: CODEBUILD_TIMEOUT.max,
    default: dflt,
    description,
});

const PROPERTIES = {
    maxCpuNodes: count("Most nodes all non-GPU pools may scale to, together.", DEFAULT_CONFIG.maxCpuNodes),
    maxGpuNodes: count("Most nodes all GPU pools may scale to, together.", DEFAULT_CONFIG.maxGpuNodes),
    maxRunnerNodes: count("Most nodes the runners pool may scale to.", DEFAULT_CONFIG.maxRunnerNodes),
    allowedCpuInstanceTypes: strings(
        "Instance types CPU pools may use.",
        DEFAULT_CONFIG.allowedCpuInstanceTypes,
    ),
    allowedGpuInstanceTypes: strings(
        "Instance types GPU pools may use.",
        DEFAULT_CONFIG.allowedGpuInstanceTypes,
    ),
    requiredTags: strings("Tags every taggable AWS resource must carry.", DEFAULT_CONFIG.requiredTags),
    minPublicCidrPrefixV4: prefixLength(
        32,
        "Widest IPv4 block the public EKS endpoint may be opened to, as a prefix length (16 allows a /16, refuses a /15).",
        DEFAULT_CONFIG.minPublicCidrPrefixV4,
    ),
    minPublicCidrPrefixV6: prefixLength(
        128,
        "Widest IPv6 block the public EKS endpoint may be opened to, as a prefix length.",
        DEFAULT_CONFIG.minPublicCidrPrefixV6,
    ),
    maxCodeBuildTimeoutMinutes: minutes(
        "Longest build timeout, in minutes, a CodeBuild project may set (CodeBuild allows 5 to 2160).",
        DEFAULT_CONFIG.maxCodeBuildTimeoutMinutes,
    ),
} satisfies Record<ConfigKey, unknown>;

/** The `configSchema` of a policy that reads `keys`. */
export function configSchemaFor(...keys: ConfigKey[]): PolicyConfigSchema {
    return { properties: Object.fromEntries(keys.map((k) => [k, PROPERTIES[k]])) };
}

function checkCount(key: ConfigKey, value: unknown): number {
    if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
    throw new Error(`policy config "${key}" is ${JSON.stringify(value)}; expected an integer >= 0`);
}

function checkStrings(key: ConfigKey, value: unknown): readonly string[] {
    if (Array.isArray(value) && value.every((v) => typeof v === "string" && v !== "")) return value;
    throw new Error(
        `policy config "${key}" is ${JSON.stringify(value)}; expected a list of non-empty strings`,
    );
}

function checkPrefix(bits: number) {
    return (key: ConfigKey, value: unknown): number => {
        if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= bits) return value;
        throw new Error(
            `policy config "${key}" is ${JSON.stringify(value)}; expected an integer from 1 to ${bits}`,
        );
    };
}

function checkMinutes(key: ConfigKey, value: unknown): number {
    const { min, max } = CODEBUILD_TIMEOUT;
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
    throw new Error(
        `policy config "${key}" is ${JSON.stringify(value)}; expected an integer from ${min} to ${max} (minutes)`,
    );
}

const CHECKS: Record<ConfigKey, (key: ConfigKey, value: unknown) => unknown> = {
    maxCpuNodes: checkCount,
    maxGpuNodes: checkCount,
    maxRunnerNodes: checkCount,
    allowedCpuInstanceTypes: checkStrings,
    allowedGpuInstanceTypes: checkStrings,
    requiredTags: checkStrings,
    minPublicCidrPrefixV4: checkPrefix(32),
    minPublicCidrPrefixV6: checkPrefix(128),
    maxCodeBuildTimeoutMinutes: checkMinutes,
};

/**
 * Defaults filled in and each value checked. Unknown keys are refused (a typo would otherwise
 * silently leave a default in force); `enforcementLevel`, which CrossGuard keeps beside the
 * settings, is ignored.
 */
export function resolvePackConfig(partial: object = {}): PackConfig {
    const out: Record<string, unknown> = { ...DEFAULT_CONFIG };
    for (const [key, value] of Object.entries(partial)) {
        if (key === "enforcementLevel" || value === undefined) continue;
        if (!Object.hasOwn(CHECKS, key)) {
            throw new Error(
                `policy config has unknown key "${key}"; allowed keys: ${Object.keys(CHECKS).join(", ")}`,
            );
        }
        out[key] = CHECKS[key as ConfigKey](key as ConfigKey, value);
    }
    return out as unknown as PackConfig;
}

// getConfig returns the same object for every resource a policy sees (in the engine and in the
// offline evaluator), so resolving once per object keeps validation off the per-resource path.
const resolved = new WeakMap<object, PackConfig>();

/** The calling policy's settings with defaults; throws on a bad value, naming key and value. */
export function readConfig(args: { getConfig<T extends object>(): T }): PackConfig {
    const raw = args.getConfig<object>() ?? {};
    let config = resolved.get(raw);
    if (!config) {
        config = resolvePackConfig(raw);
        resolved.set(raw, config);
    }
    return config;
}

/**
 * A pack-wide config spread over the policies that read each key, in the shape of
 * `--policy-pack-config` and of `PolicyPack`'s initial config.
 */
export function toPolicyPackConfig(
    config: Partial<PackConfig>,
    policies: readonly { name: string; configSchema?: PolicyConfigSchema }[],
): PolicyPackConfig {
    const out: PolicyPackConfig = {};
    for (const p of policies) {
        const keys = Object.keys(p.configSchema?.properties ?? {}).filter(
            (k) => (config as Record<string, unknown>)[k] !== undefined,
        );
        if (keys.length === 0) continue;
        out[p.name] = Object.fromEntries(keys.map((k) => [k, (config as Record<string, unknown>)[k]]));
    }
    return out;
}
