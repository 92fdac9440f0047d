/**
 * What the offline plan captures of one resource registration, and what the policy evaluator
 * and the renderers consume. The same shape can be built from the engine's preview events.
 */
export interface CapturedResource {
    /** The Pulumi type token, e.g. `aws:eks/nodeGroup:NodeGroup` or `rayops:nodes:NodePool`. */
    readonly type: string;
    /** The logical name given to the constructor. */
    readonly name: string;
    /** The resource's URN (`urn:pulumi:<stack>::<project>::<type chain>::<name>`). */
    readonly urn: string;
    /** Inputs with every Output resolved to its (mocked) value; secrets are unwrapped. */
    readonly inputs: Record<string, unknown>;
    /** Resolved outputs (for mocked custom resources: the inputs plus the mock's outputs). */
    readonly outputs: Record<string, unknown>;
    /** URN of the parent resource, if any. */
    readonly parent?: string;
    /** URN of the explicit provider resource, if any. */
    readonly provider?: string;
    /** True for ComponentResources (no cloud object of their own). */
    readonly component: boolean;
    /** True for a resource the program reads rather than manages (a StackReference). */
    readonly read?: boolean;
    /** True for provider resources (`pulumi:providers:<pkg>`). */
    readonly isProvider: boolean;
    /** Resource options that change how the engine treats the resource. */
    readonly ignoreChanges?: readonly string[];
    readonly protect?: boolean;
    /** Property paths whose change replaces the resource (`*`: any change). */
    readonly replaceOnChanges?: readonly string[];
    readonly deleteBeforeReplace?: boolean;
    /** Names of inputs that were marked secret. */
    readonly secretInputs?: readonly string[];
    /** URNs the resource waits for: `dependsOn` and the resources its inputs came from. */
    readonly dependencies?: readonly string[];
    /** URNs the resource had before (its `aliases` given as URNs). */
    readonly aliases?: readonly string[];
}
