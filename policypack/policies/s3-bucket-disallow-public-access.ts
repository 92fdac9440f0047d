import type { StackValidationPolicy } from "@pulumi/policy";
import { nameOf } from "../lib/policy";
import { BUCKET_TYPE, indexConfigsByBucket } from "../lib/s3";
import { asBool, asString, UNKNOWN } from "../lib/values";

export const PUBLIC_ACCESS_BLOCK_TYPE = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const SETTINGS = [
    "blockPublicAcls",
    "blockPublicPolicy",
    "ignorePublicAcls",
    "restrictPublicBuckets",
] as const;
const PUBLIC_ACLS = new Set(["public-read", "public-read-write", "authenticated-read"]);

/**
 * Each bucket has its own public access block with all four settings on: no ACL or bucket
 * policy, present or future, can then make its objects public. The account-level block is not
 * visible to the program, so the bucket-level one is required.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html (read 2026-11-25)
 */
export const s3BucketDisallowPublicAccess: StackValidationPolicy = {
    name: "s3-bucket-disallow-public-access",
    description: "Every S3 bucket has a public access block with all four settings true, and no public ACL.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateStack: (args, report) => {
        const index = indexConfigsByBucket(args.resources, [PUBLIC_ACCESS_BLOCK_TYPE]);
        const fix = `Add a BucketPublicAccessBlock for it with ${SETTINGS.map((s) => `${s}: true`).join(", ")}.`;
        for (const bucket of args.resources) {
            if (bucket.type !== BUCKET_TYPE) continue;
            const acl = asString(bucket.props.acl);
            if (typeof acl === "string" && PUBLIC_ACLS.has(acl)) {
                report(
                    `${nameOf(bucket)} has the public ACL "${acl}". Remove acl (buckets default to private).`,
                    bucket.urn,
                );
            }
            const blocks = index.configsOf(bucket);
            if (blocks.length === 0) {
                if (!index.hasUnknownTargets)
                    report(`${nameOf(bucket)} has no public access block. ${fix}`, bucket.urn);
                continue;
            }
            const complete = blocks.some((b) =>
                SETTINGS.every((s) => {
                    const v = asBool(b.props[s]);
                    return v === true || v === UNKNOWN;
                }),
            );
            if (complete) continue;
            const off = SETTINGS.filter((s) => blocks.every((b) => asBool(b.props[s]) !== true));
            report(
                `${nameOf(bucket)} has a public access block with ${off.join(", ")} not true. ${fix}`,
                bucket.urn,
            );
        }
    },
};
