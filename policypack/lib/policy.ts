/**
 * Small helpers shared by the policies: scoping a validation to type tokens without importing the
 * provider SDKs (the pack depends on @pulumi/policy only, so it loads fast and installs small),
 * and naming resources in messages.
 */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";

/**
 * Where a validation built by `forTypes` records the type tokens it applies to. The offline
 * evaluator indexes policies by it, so a resource only meets the policies that concern it.
 */
export const APPLIES_TO: unique symbol = Symbol.for("rayops.policy.appliesTo");

export type TypedValidation = ResourceValidation & { [APPLIES_TO]?: ReadonlySet<string> };

/**
 * A validation that runs only for resources whose type is one of `types`. For one type it also
 * sets `__pulumiType`, the marker `@pulumi/policy`'s own `validateResourceOfType` sets, which
 * lets the engine skip the call for other types.
 */
export function forTypes(
    types: readonly string[],
    validate: (props: Record<string, unknown>, args: ResourceValidationArgs, report: ReportViolation) => void,
): TypedValidation {
    const set: ReadonlySet<string> = new Set(types);
    const fn: TypedValidation = (args, report) => {
        if (!set.has(args.type)) return;
        validate(args.props, args, report);
    };
    fn[APPLIES_TO] = set;
    if (types.length === 1) (fn as unknown as { __pulumiType: string }).__pulumiType = types[0];
    return fn;
}

/** The type's last segment, for messages: `aws:eks/nodeGroup:NodeGroup` → `NodeGroup`. */
export function shortType(type: string): string {
    const i = type.lastIndexOf(":");
    // Stryker disable next-line ConditionalExpression: equivalent, without a colon i is -1 and slice(0) is the whole type
    return i >= 0 ? type.slice(i + 1) : type;
}

/** `NodeGroup "gpu"`: how messages name a resource. */
export function nameOf(resource: { readonly type: string; readonly name: string }): string {
    return `${shortType(resource.type)} "${resource.name}"`;
}
