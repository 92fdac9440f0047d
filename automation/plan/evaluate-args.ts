/**
 * The argument objects a policy receives, built the way @pulumi/policy 1.21 `server.js` builds
 * them (read 2026-11-25): a resource's identity, inputs and options, the `isType`/`asType` tests
 * and `notApplicable()`. Kept apart from the evaluation loop in evaluate.ts, which only wires
 * them to the policies.
 */
import type { PolicyProviderResource, PolicyResource, PolicyResourceOptions } from "@pulumi/policy";
import type { CapturedResource } from "./types";

/** Thrown by `notApplicable()`; not an Error, so throwing it captures no stack. */
export class NotApplicable {
    constructor(readonly reason?: string) {}
}

export function throwNotApplicable(reason?: string): never {
    throw new NotApplicable(reason);
}

type ResourceClass = {
    new (...rest: never[]): unknown;
    __pulumiType?: string;
    isInstance?: (o: unknown) => boolean;
};

/** Same test as @pulumi/policy: the class's `__pulumiType`, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: ResourceClass): boolean {
    if (typeof resourceClass.__pulumiType === "string" && resourceClass.__pulumiType !== "") {
        return resourceClass.__pulumiType === type;
    }
    return (
        typeof resourceClass.isInstance === "function" &&
        resourceClass.isInstance({ __pulumiType: type }) === true
    );
}

const NO_TIMEOUTS = Object.freeze({ createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 });

export function optionsOf(r: CapturedResource): PolicyResourceOptions {
    return {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: NO_TIMEOUTS,
        additionalSecretOutputs: [],
        ...(r.parent ? { parent: r.parent } : {}),
    };
}

/** What a policy sees of any resource: its identity, inputs and options, and the type tests. */
abstract class TypedResource {
    constructor(
        readonly type: string,
        readonly props: Record<string, unknown>,
        readonly urn: string,
        readonly name: string,
        readonly opts: PolicyResourceOptions,
    ) {}
    isType(resourceClass: ResourceClass): boolean {
        return isTypeOf(this.type, resourceClass);
    }
    asType(resourceClass: ResourceClass): unknown {
        return isTypeOf(this.type, resourceClass) ? this.props : undefined;
    }
}

// One args object per resource, shared by the policies that check it (only getConfig differs,
// and it is set before each call); prototype methods avoid closures per resource.
export class ResourceArgs extends TypedResource {
    getConfig: <T extends object>() => T = () => ({}) as never;
    provider?: PolicyProviderResource;
    constructor(
        type: string,
        props: Record<string, unknown>,
        urn: string,
        name: string,
        opts: PolicyResourceOptions,
        readonly stackTags: ReadonlyMap<string, string>,
    ) {
        super(type, props, urn, name, opts);
    }
    notApplicable(reason?: string): never {
        return throwNotApplicable(reason);
    }
}

export class StackResource extends TypedResource {
    parent?: PolicyResource;
    provider?: PolicyProviderResource;
    readonly dependencies: PolicyResource[] = [];
    readonly propertyDependencies: Record<string, PolicyResource[]> = {};
}
