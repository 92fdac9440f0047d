/**
 * How each policy is prepared before the evaluation loop runs: its enforcement level, its
 * settings as `getConfig()` returns them, and the resource types each validation applies to.
 * The precedence rules are described in evaluate.ts's file comment.
 */
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyPackConfig,
    ResourceValidation,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import { APPLIES_TO } from "../../policypack/lib/policy";
import type { PackConfig } from "../../policypack/policies/config";

export type Policy = ResourceValidationPolicy | StackValidationPolicy;

/** The options of the evaluation that decide a policy's level and settings (evaluate.ts extends them). */
export interface PolicyLevelOptions {
    /** Per-policy settings as in `--policy-pack-config`: a level, or `{ enforcementLevel?, ...settings }`. */
    readonly policyConfig?: PolicyPackConfig;
    /** The level of policies that set none. @default "mandatory", as policypack/index.ts sets */
    readonly enforcementLevel?: EnforcementLevel;
}

export interface Prepared {
    readonly policy: Policy;
    readonly level: "mandatory" | "advisory";
    readonly getConfig: <T extends object>() => T;
}

export interface PreparedValidation {
    readonly prepared: Prepared;
    readonly validate: ResourceValidation;
    /** Types the validation applies to; undefined: it decides itself, so it sees every resource. */
    readonly types?: ReadonlySet<string>;
}

export function levelOf(policy: Policy, opts: PolicyLevelOptions): EnforcementLevel {
    const override = opts.policyConfig?.[policy.name];
    const fromConfig = typeof override === "string" ? override : override?.enforcementLevel;
    return fromConfig || policy.enforcementLevel || opts.enforcementLevel || "mandatory";
}

export function settingsOf(policy: Policy, config: Partial<PackConfig>, opts: PolicyLevelOptions): object {
    const schema: PolicyConfigSchema | undefined = policy.configSchema;
    const out: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema?.properties ?? {})) {
        if (typeof property === "object" && property.default !== undefined) out[key] = property.default;
        const value = (config as Record<string, unknown>)[key];
        if (value !== undefined) out[key] = value;
    }
    const override = opts.policyConfig?.[policy.name];
    if (override && typeof override === "object") {
        for (const [key, value] of Object.entries(override)) {
            if (key !== "enforcementLevel") out[key] = value;
        }
    }
    return Object.freeze(out);
}

export function typesOf(validate: ResourceValidation): ReadonlySet<string> | undefined {
    const tagged = validate as ResourceValidation & {
        [APPLIES_TO]?: ReadonlySet<string>;
        __pulumiType?: string;
    };
    if (tagged[APPLIES_TO]) return tagged[APPLIES_TO];
    return typeof tagged.__pulumiType === "string" && tagged.__pulumiType !== ""
        ? new Set([tagged.__pulumiType])
        : undefined;
}
