import * as pulumi from "@pulumi/pulumi";

/**
 * Runs a component's pure builder (`resolveXArgs`, a manifest, chart values) and rethrows the plain
 * Error it throws on bad arguments as a `pulumi.ResourceError` on the component, so the engine
 * reports the message against that resource instead of as an unhandled exception of the program.
 * Builders throw plain Errors because they import no Pulumi SDK (docs/design.md, "Rules of the layout").
 */
export function withResourceError<T>(component: pulumi.Resource, build: () => T): T {
    try {
        return build();
    } catch (e) {
        if (!(e instanceof Error) || pulumi.ResourceError.isInstance(e)) throw e;
        throw new pulumi.ResourceError(e.message, component);
    }
}
