/**
 * Runs the policy pack's own policy objects in-process over captured resources, the way the
 * Pulumi engine's analyzer would, without an engine, a gRPC server or a CLI.
 *
 * What it mirrors (pulumi/pulumi `pkg/resource/deploy/step_generator.go` and @pulumi/policy 1.21
 * `server.js`, read 2026-11-25):
 * - Resource policies see every registration, custom or component, providers included; each
 *   policy picks its types. They get the resource's inputs and, as `provider`, the inputs of the
 *   resource's provider.
 * - Stack policies see all resources once, with their outputs, parents linked.
 * - Enforcement level: the per-policy config's level, else the policy's, else the pack's;
 *   "disabled" skips the policy and "remediate" reports as "mandatory".
 * - `getConfig()` returns the policy's own settings: schema defaults, then the pack-wide config
 *   for the keys the policy declares, then per-policy overrides.
 *
 * What it does not: remediations (the pack has none) and asynchronous policies (rejected with an
 * error, so the offline plan stays a single synchronous pass). A policy that throws aborts the
 * evaluation with the policy and resource named, as it would fail a `pulumi preview`.
 */
import type {
    PolicyProviderResource,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { type PackConfig, resolvePackConfig } from "../../policypack/policies/config";
import { policies as packPolicies } from "../../policypack/policies/index";
import { NotApplicable, optionsOf, ResourceArgs, StackResource, throwNotApplicable } from "./evaluate-args";
import {
    levelOf,
    type Policy,
    type PolicyLevelOptions,
    type Prepared,
    type PreparedValidation,
    settingsOf,
    typesOf,
} from "./evaluate-prepare";
import type { CapturedResource } from "./types";

export type FindingLevel = "mandatory" | "advisory" | "disabled";

export interface Finding {
    readonly policy: string;
    readonly enforcementLevel: FindingLevel;
    /** The resource at fault; absent when a stack policy blames the stack as a whole. */
    readonly resource?: { readonly type: string; readonly name: string; readonly urn: string };
    readonly message: string;
}

export interface EvaluationCounts {
    /** Resources handed in. */
    readonly resources: number;
    /** Policies that ran (not disabled). */
    readonly policies: number;
    /** Resource-policy calls made: (resource, validation) pairs whose type matched. */
    readonly resourceValidations: number;
    /** Stack-policy calls made. */
    readonly stackValidations: number;
    readonly mandatory: number;
    readonly advisory: number;
    /** Calls that ended in `notApplicable()`. */
    readonly notApplicable: number;
    readonly disabledPolicies: readonly string[];
}

export interface EvaluationResult {
    readonly findings: Finding[];
    readonly counts: EvaluationCounts;
}

/** Besides these, `policyConfig` and `enforcementLevel` (PolicyLevelOptions, evaluate-prepare.ts). */
export interface EvaluateOptions extends PolicyLevelOptions {
    /** Pack-wide settings (node limits, allowlists, tags); checked, defaults fill the rest. */
    readonly config?: Partial<PackConfig>;
    /** @default the rayops pack's policies */
    readonly policies?: readonly Policy[];
    /** @default no tags */
    readonly stackTags?: ReadonlyMap<string, string>;
}

/** `urn:pulumi:<stack>::<project>::<parent$type>::<name>` → type and name, for stack findings. */
function partsOfUrn(urn: string): { type: string; name: string } {
    const segments = urn.split("::");
    const chain = segments[2] ?? "";
    return { type: chain.slice(chain.lastIndexOf("$") + 1), name: segments.slice(3).join("::") };
}

function failure(policy: Policy, where: string, error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(`policy "${policy.name}" failed on ${where}: ${message}`, { cause: error });
}

function rejectAsync(result: unknown, policy: Policy): void {
    if (result && typeof (result as { then?: unknown }).then === "function") {
        throw new Error(
            `policy "${policy.name}" returned a Promise; evaluatePolicies runs policies synchronously (make the validation synchronous)`,
        );
    }
}

/** Runs `opts.policies` (default: the rayops pack) over `resources`; see the file comment. */
export function evaluatePolicies(
    resources: readonly CapturedResource[],
    opts: EvaluateOptions = {},
): EvaluationResult {
    const config = opts.config ?? {};
    resolvePackConfig(config); // refuse a bad value up front, naming the key, before any policy runs
    const stackTags = opts.stackTags ?? new Map<string, string>();

    const findings: Finding[] = [];
    const disabledPolicies: string[] = [];
    const resourceValidations: PreparedValidation[] = [];
    const stackPolicies: Prepared[] = [];
    let activePolicies = 0;
    for (const policy of opts.policies ?? packPolicies) {
        const level = levelOf(policy, opts);
        if (level === "disabled") {
            disabledPolicies.push(policy.name);
            continue;
        }
        activePolicies++;
        const settings = settingsOf(policy, config, opts);
        const prepared: Prepared = {
            policy,
            level: level === "advisory" ? "advisory" : "mandatory",
            getConfig: <T extends object>() => settings as T,
        };
        if ("validateStack" in policy && typeof policy.validateStack === "function") {
            stackPolicies.push(prepared);
        } else if ("validateResource" in policy && policy.validateResource) {
            const list = Array.isArray(policy.validateResource)
                ? policy.validateResource
                : [policy.validateResource];
            for (const validate of list)
                resourceValidations.push({ prepared, validate, types: typesOf(validate) });
        }
    }

    // Validations per type, in pack order; computed once per type seen.
    const byType = new Map<string, PreparedValidation[]>();
    const validationsFor = (type: string): PreparedValidation[] => {
        let list = byType.get(type);
        if (!list) {
            list = resourceValidations.filter((v) => v.types === undefined || v.types.has(type));
            byType.set(type, list);
        }
        return list;
    };

    const byUrn = new Map<string, CapturedResource>();
    for (const r of resources) byUrn.set(r.urn, r);
    const providers = new Map<string, PolicyProviderResource | undefined>();
    // A provider reference is `<provider urn>::<provider id>`; the harness may store either form.
    const providerOf = (ref: string | undefined): PolicyProviderResource | undefined => {
        if (!ref) return undefined;
        if (providers.has(ref)) return providers.get(ref);
        const captured = byUrn.get(ref) ?? byUrn.get(ref.slice(0, ref.lastIndexOf("::")));
        const provider = captured
            ? { type: captured.type, props: captured.inputs, urn: captured.urn, name: captured.name }
            : undefined;
        providers.set(ref, provider);
        return provider;
    };

    let mandatory = 0;
    let advisory = 0;
    let notApplicable = 0;
    let resourceCalls = 0;
    const push = (prepared: Prepared, message: string, resource?: Finding["resource"]) => {
        if (prepared.level === "mandatory") mandatory++;
        else advisory++;
        findings.push({ policy: prepared.policy.name, enforcementLevel: prepared.level, resource, message });
    };

    let current: CapturedResource = resources[0];
    let currentPrepared: Prepared | undefined;
    const reportResource: ReportViolation = (message: string) => {
        if (!currentPrepared) return;
        push(currentPrepared, message, { type: current.type, name: current.name, urn: current.urn });
    };

    for (const r of resources) {
        const validations = validationsFor(r.type);
        if (validations.length === 0) continue;
        current = r;
        const args = new ResourceArgs(r.type, r.inputs, r.urn, r.name, optionsOf(r), stackTags);
        const provider = providerOf(r.provider);
        if (provider) args.provider = provider;
        for (const v of validations) {
            currentPrepared = v.prepared;
            args.getConfig = v.prepared.getConfig;
            resourceCalls++;
            try {
                rejectAsync(
                    v.validate(args as unknown as ResourceValidationArgs, reportResource),
                    v.prepared.policy,
                );
            } catch (e) {
                if (e instanceof NotApplicable) notApplicable++;
                else throw failure(v.prepared.policy, r.urn, e);
            }
        }
    }
    currentPrepared = undefined;

    if (stackPolicies.length > 0) {
        const stackResources = new Map<string, StackResource>();
        for (const r of resources) {
            const sr = new StackResource(r.type, r.outputs, r.urn, r.name, optionsOf(r));
            const provider = providerOf(r.provider);
            if (provider) sr.provider = provider;
            stackResources.set(r.urn, sr);
        }
        for (const r of resources) {
            const parent = r.parent ? stackResources.get(r.parent) : undefined;
            if (parent)
                (stackResources.get(r.urn) as StackResource).parent = parent as unknown as PolicyResource;
        }
        const list = [...stackResources.values()] as unknown as PolicyResource[];
        for (const prepared of stackPolicies) {
            const report: ReportViolation = (message: string, urn?: string) => {
                if (!urn) return push(prepared, message);
                const r = byUrn.get(urn);
                push(
                    prepared,
                    message,
                    r ? { type: r.type, name: r.name, urn } : { ...partsOfUrn(urn), urn },
                );
            };
            const args: StackValidationArgs = {
                resources: list,
                stackTags,
                getConfig: prepared.getConfig,
                notApplicable: throwNotApplicable,
            };
            try {
                rejectAsync(
                    (prepared.policy as StackValidationPolicy).validateStack(args, report),
                    prepared.policy,
                );
            } catch (e) {
                if (e instanceof NotApplicable) notApplicable++;
                else throw failure(prepared.policy, "the stack", e);
            }
        }
    }

    return {
        findings,
        counts: {
            resources: resources.length,
            policies: activePolicies,
            resourceValidations: resourceCalls,
            stackValidations: stackPolicies.length,
            mandatory,
            advisory,
            notApplicable,
            disabledPolicies,
        },
    };
}
