import type { StackValidationPolicy } from "@pulumi/policy";
import { nameOf } from "../lib/policy";
import { BUCKET_TYPE, indexConfigsByBucket } from "../lib/s3";
import { asArray, asString, at, UNKNOWN } from "../lib/values";

export const SSE_CONFIG_TYPES = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
const KMS_ALGORITHMS = new Set(["aws:kms", "aws:kms:dsse"]);

/** True, false, or UNKNOWN: whether the rules of one encryption configuration default to KMS. */
function defaultsToKms(rules: unknown): boolean | typeof UNKNOWN {
    const list = asArray(rules);
    if (list === UNKNOWN) return UNKNOWN;
    // Stryker disable next-line ArrayDeclaration: a fallback element has no sseAlgorithm, so the answer is false either way
    for (const rule of list ?? []) {
        const algorithm = asString(at(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm"));
        if (algorithm === UNKNOWN) return UNKNOWN;
        if (typeof algorithm === "string" && KMS_ALGORITHMS.has(algorithm)) return true;
    }
    return false;
}

/**
 * Buckets encrypt new objects with KMS by default, so reading them needs kms:Decrypt on the key
 * as well as s3:GetObject (S3's own SSE-S3 default would not separate the two). The default is
 * set by a separate BucketServerSideEncryptionConfiguration (or the bucket's deprecated inline
 * block), so this is a stack policy that pairs each bucket with its configuration.
 */
export const s3BucketEnableKmsEncryption: StackValidationPolicy = {
    name: "s3-bucket-enable-kms-encryption",
    description: "Every S3 bucket has a server-side encryption configuration that defaults to aws:kms.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const index = indexConfigsByBucket(args.resources, SSE_CONFIG_TYPES);
        for (const bucket of args.resources) {
            if (bucket.type !== BUCKET_TYPE) continue;
            const configs = index.configsOf(bucket);
            const verdicts = configs.map((c) => defaultsToKms(c.props.rules));
            const inlineRule = at(bucket.props, "serverSideEncryptionConfiguration", "rule");
            // Stryker disable next-line ConditionalExpression: without an inline rule the pushed verdict is false, which decides nothing
            if (inlineRule !== undefined) {
                verdicts.push(inlineRule === UNKNOWN ? UNKNOWN : defaultsToKms([inlineRule]));
            }
            if (verdicts.includes(true) || verdicts.includes(UNKNOWN)) continue;
            if (configs.length === 0 && index.hasUnknownTargets) continue;
            report(
                `${nameOf(bucket)} has no default encryption with KMS. Add a BucketServerSideEncryptionConfiguration for it with rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: <KMS key ARN> } }].`,
                bucket.urn,
            );
        }
    },
};
