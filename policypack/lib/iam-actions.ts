/**
 * Reading the actions an IAM policy document allows, to find wildcard grants.
 *
 * A wildcard grant is an Allow of `*` or of a whole service (`s3:*`), or an Allow with `NotAction`
 * (everything except a list). Narrower patterns such as `kms:ReEncrypt*` are not wildcards here:
 * they name one operation family, and AWS documents them for the keys of encrypted EBS volumes
 * (components/storage/iam.ts, `EBS_VOLUME_KEY_ACTIONS`, has the source).
 */
import { statementsOf } from "./trust-policy";
import { isUnknown, UNKNOWN, type Unknown } from "./values";

/** `*`, or `<service>:*` (IAM action names are case-insensitive). */
export function isWildcardAction(action: string): boolean {
    const a = action.trim();
    return a === "*" || /^[A-Za-z0-9-]+:\*$/.test(a);
}

function toList(value: unknown): unknown[] {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,ArrayDeclaration: equivalent, the one caller skips entries that are not strings, so [undefined], [null] and [] grant alike
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
}

/**
 * The wildcard grants of a policy document (JSON string or object), each phrased to follow "allows":
 * `undefined` for a document that is not a policy, `UNKNOWN` when the document is unknown yet.
 * An unknown statement or action is skipped: only the deployment will know it.
 */
export function wildcardGrants(document: unknown): string[] | undefined | Unknown {
    const statements = statementsOf(document);
    if (statements === UNKNOWN) return UNKNOWN;
    if (!statements) return undefined;
    const grants: string[] = [];
    for (const [index, s] of statements.entries()) {
        if (isUnknown(s.Effect) || s.Effect === "Deny") continue;
        const where = s.Sid && typeof s.Sid === "string" ? `statement "${s.Sid}"` : `statement ${index + 1}`;
        for (const action of toList(s.Action)) {
            if (typeof action === "string" && !isUnknown(action) && isWildcardAction(action)) {
                grants.push(`"${action.trim()}" (${where})`);
            }
        }
        if (s.NotAction !== undefined && !isUnknown(s.NotAction)) {
            grants.push(`every action but NotAction ${JSON.stringify(s.NotAction)} (${where})`);
        }
    }
    return grants;
}
