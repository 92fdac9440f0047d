/** IAM and bucket policy documents of the Storage component (pure, tested on their own). */

/**
 * What a principal that creates or attaches EBS volumes encrypted with a customer-managed key
 * must be allowed on that key (besides grants).
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html
 */
export const EBS_VOLUME_KEY_ACTIONS = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:DescribeKey",
] as const;

/** Denies every request to the bucket that does not use TLS. */
export function artifactsBucketPolicy(bucketArn: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

/** What the Ray pods may do: read and write objects of one bucket, with its KMS key. */
export function bucketAccessPolicy(bucketArn: string, keyArn: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "ListArtifacts", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucketArn] },
            {
                Sid: "ReadWriteArtifacts",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
                Resource: [`${bucketArn}/*`],
            },
            {
                Sid: "UseArtifactsKey",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: [keyArn],
            },
        ],
    };
}

/**
 * The EBS CSI driver's managed policy covers volumes but not customer-managed keys: creating an
 * encrypted volume with the data key needs grants on that key.
 * https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html
 */
export function ebsCsiKmsPolicy(keyArn: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "GrantsForAttachedVolumes",
                Effect: "Allow",
                Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                Resource: [keyArn],
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
            {
                Sid: "EncryptVolumes",
                Effect: "Allow",
                Action: [...EBS_VOLUME_KEY_ACTIONS],
                Resource: [keyArn],
            },
        ],
    };
}
