import type { StackValidationPolicy } from "@pulumi/policy";
import { nameOf } from "../lib/policy";
import { BUCKET_TYPE, indexConfigsByBucket } from "../lib/s3";
import { asBool, asString, at, UNKNOWN } from "../lib/values";

export const VERSIONING_TYPES = [
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketVersioningV2:BucketVersioningV2",
];

/** Versioning turns an overwrite or a delete (by a job or by an attacker) into a recoverable event. */
export const s3BucketEnableVersioning: StackValidationPolicy = {
    name: "s3-bucket-enable-versioning",
    description: "Every S3 bucket has versioning enabled.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateStack: (args, report) => {
        const index = indexConfigsByBucket(args.resources, VERSIONING_TYPES);
        for (const bucket of args.resources) {
            if (bucket.type !== BUCKET_TYPE) continue;
            const inline = asBool(at(bucket.props, "versioning", "enabled"));
            if (inline === true || inline === UNKNOWN) continue;
            const configs = index.configsOf(bucket);
            if (configs.length === 0 && index.hasUnknownTargets) continue;
            const enabled = configs.some((c) => {
                const status = asString(at(c.props, "versioningConfiguration", "status"));
                return status === "Enabled" || status === UNKNOWN;
            });
            if (enabled) continue;
            report(
                `${nameOf(bucket)} does not keep object versions. Add a BucketVersioning for it with versioningConfiguration: { status: "Enabled" }.`,
                bucket.urn,
            );
        }
    },
};
