/**
 * Matching the standalone S3 configuration resources (`BucketServerSideEncryptionConfiguration`,
 * `BucketPublicAccessBlock`, ...) to their bucket in a stack policy, where props are outputs.
 * A config names its bucket by the bucket's name, which is also the bucket's id; under mocks the
 * id may differ from the name, so both are tried. The engine also records which resources a
 * config's `bucket` property came from (`propertyDependencies`), the most reliable link.
 */
import type { PolicyResource } from "@pulumi/policy";
import { isUnknown } from "./values";

export const BUCKET_TYPE = "aws:s3/bucket:Bucket";

export interface BucketIndex {
    /** The configs of the given types attached to `bucket`. */
    configsOf(bucket: PolicyResource): PolicyResource[];
    /** True when some config's `bucket` is unknown, so a bucket without a match may still get one. */
    readonly hasUnknownTargets: boolean;
}

export function indexConfigsByBucket(
    resources: readonly PolicyResource[],
    configTypes: readonly string[],
): BucketIndex {
    const types = new Set(configTypes);
    const byKey = new Map<string, PolicyResource[]>();
    const byBucketUrn = new Map<string, PolicyResource[]>();
    let hasUnknownTargets = false;
    const add = (map: Map<string, PolicyResource[]>, key: string, r: PolicyResource) => {
        const list = map.get(key);
        if (list) list.push(r);
        else map.set(key, [r]);
    };
    for (const r of resources) {
        if (!types.has(r.type)) continue;
        const target = r.props.bucket;
        if (isUnknown(target)) hasUnknownTargets = true;
        else if (typeof target === "string") add(byKey, target, r);
        // Stryker disable next-line ArrayDeclaration: a fallback element has no .type, so it is skipped like no element
        for (const dep of r.propertyDependencies?.bucket ?? []) {
            // Stryker disable next-line ConditionalExpression: a URN embeds its type, so a non-bucket URN never equals a bucket's
            if (dep.type === BUCKET_TYPE) add(byBucketUrn, dep.urn, r);
        }
    }
    return {
        hasUnknownTargets,
        configsOf(bucket) {
            const found = new Set<PolicyResource>(byBucketUrn.get(bucket.urn) ?? []);
            for (const key of [bucket.props.bucket, bucket.props.id]) {
                // Stryker disable next-line ConditionalExpression: byKey holds string keys only, so a non-string key finds nothing
                if (typeof key === "string") for (const r of byKey.get(key) ?? []) found.add(r);
            }
            return [...found];
        },
    };
}
