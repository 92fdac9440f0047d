import type { StackValidationPolicy } from "@pulumi/policy";
import { nameOf } from "../lib/policy";
import { BUCKET_TYPE, indexConfigsByBucket } from "../lib/s3";
import { statementsOf } from "../lib/trust-policy";
import { at, isUnknown, UNKNOWN } from "../lib/values";

export const BUCKET_POLICY_TYPE = "aws:s3/bucketPolicy:BucketPolicy";

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** `*`, `arn:<partition>:s3:::<bucket>/*` or `arn:<partition>:s3:::<bucket>*`: every object of a bucket. */
const ALL_OBJECTS = /^(?:\*|arn:[a-z-]+:s3:::[^/*]+(?:\/\*|\*))$/;

// Stryker disable next-line ArrayDeclaration: a non-object Condition or Bool leaves aws:SecureTransport unread, so the statement fails either way
const keysOf = (v: unknown): string[] => (v !== null && typeof v === "object" ? Object.keys(v) : []);

/**
 * A statement that denies every S3 action on every object to everyone when the request is not
 * over TLS. A Deny reaches only the resources it names, and its conditions must all hold (AND),
 * so one on the bucket alone, or with a further condition, leaves plain HTTP open.
 */
function deniesPlainHttp(statement: Record<string, unknown>): boolean {
    if (statement.Effect !== "Deny") return false;
    const principal = statement.Principal;
    const everyone = principal === "*" || list(at(principal, "AWS")).includes("*");
    const allActions = list(statement.Action).some((a) => a === "s3:*" || a === "*");
    const allObjects = list(statement.Resource).some(
        (r) => isUnknown(r) || (typeof r === "string" && ALL_OBJECTS.test(r.trim())),
    );
    const condition = at(statement, "Condition");
    const onlyTls = keysOf(condition).length === 1 && keysOf(at(condition, "Bool")).length === 1;
    const secure = list(at(statement, "Condition", "Bool", "aws:SecureTransport"));
    return (
        everyone && allActions && allObjects && onlyTls && secure.some((v) => v === false || v === "false")
    );
}

/**
 * S3 accepts plain HTTP unless a bucket policy denies it; the deny on aws:SecureTransport=false
 * is AWS's own recommendation.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html (read 2026-11-25)
 */
export const s3BucketEnforceTlsOnly: StackValidationPolicy = {
    name: "s3-bucket-enforce-tls-only",
    description: "Every S3 bucket has a bucket policy that denies requests not made over TLS.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateStack: (args, report) => {
        const index = indexConfigsByBucket(args.resources, [BUCKET_POLICY_TYPE]);
        for (const bucket of args.resources) {
            if (bucket.type !== BUCKET_TYPE) continue;
            const policies = index.configsOf(bucket);
            if (policies.length === 0 && index.hasUnknownTargets) continue;
            const enforced = policies.some((p) => {
                const statements = statementsOf(p.props.policy);
                // Stryker disable next-line ArrayDeclaration: a fallback element is no statement (no Effect), so it denies nothing either way
                return statements === UNKNOWN || (statements ?? []).some(deniesPlainHttp);
            });
            if (enforced) continue;
            report(
                `${nameOf(bucket)} accepts requests over plain HTTP. Add a BucketPolicy for it with a statement { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [<bucket ARN>, <bucket ARN>/*], Condition: { Bool: { "aws:SecureTransport": "false" } } }.`,
                bucket.urn,
            );
        }
    },
};
