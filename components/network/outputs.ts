/**
 * The network stack's outputs as the cluster program reads them (a StackReference hands back
 * untyped values). A network stack of another shape, or one not yet brought up to date, fails
 * here with the output's name and what was expected, not later inside a resource's inputs.
 */

function outputError(stack: string, key: string, value: unknown, expected: string): Error {
    return new Error(
        `network stack ${stack}: output ${key} = ${JSON.stringify(value) ?? "undefined"}; expected ${expected} (run \`rayops up\` for the network program first)`,
    );
}

/** A non-empty string output, such as the VPC id. */
export function networkString(stack: string, key: string, value: unknown): string {
    if (typeof value !== "string" || value === "") throw outputError(stack, key, value, "a non-empty string");
    return value;
}

/** A non-empty list of non-empty strings, such as subnet or zone ids. */
export function networkStrings(stack: string, key: string, value: unknown): string[] {
    if (
        !Array.isArray(value) ||
        value.length === 0 ||
        !value.every((v) => typeof v === "string" && v !== "")
    ) {
        throw outputError(stack, key, value, "a non-empty list of ids");
    }
    return [...value];
}
