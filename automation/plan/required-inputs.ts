/**
 * A mocked output that the mocks do not provide resolves silently to `undefined`. The offline
 * plan must not render such a resource as if it were fine, so every input that the provider
 * requires is checked after the run and a gap fails the plan loudly.
 */
import type { CapturedResource } from "./types";

/** Required inputs (from each provider's schema) of the types whose values flow from outputs. */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
    "aws:autoscaling/tag:Tag": ["autoscalingGroupName", "tag"],
    "aws:ec2/subnet:Subnet": ["vpcId"],
    "aws:ec2/routeTable:RouteTable": ["vpcId"],
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ["routeTableId", "subnetId"],
    "aws:ec2/natGateway:NatGateway": ["allocationId", "subnetId"],
    "aws:ec2/internetGateway:InternetGateway": ["vpcId"],
    "aws:eks/nodeGroup:NodeGroup": [
        "clusterName",
        "nodeRoleArn",
        "subnetIds",
        "scalingConfig",
        "launchTemplate",
    ],
    "aws:eks/addon:Addon": ["clusterName", "addonName"],
    "aws:iam/role:Role": ["assumeRolePolicy"],
    "aws:iam/rolePolicy:RolePolicy": ["role", "policy"],
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["role", "policyArn"],
    "aws:kms/alias:Alias": ["targetKeyId"],
    "aws:s3/bucketPolicy:BucketPolicy": ["bucket", "policy"],
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ["bucket"],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": [
        "bucket",
        "rules",
    ],
    "aws:s3/bucketVersioning:BucketVersioning": ["bucket"],
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": ["bucket"],
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": ["bucket"],
    "eks:index:Cluster": ["vpcId", "encryptionConfigKeyArn"],
    "pulumi:providers:kubernetes": ["kubeconfig"],
};

function isMissing(v: unknown): boolean {
    return v === undefined || v === null || v === "" || (Array.isArray(v) && v.some(isMissing));
}

export class MissingMockOutputError extends Error {
    constructor(readonly gaps: readonly string[]) {
        super(
            `the offline plan resolved required inputs to nothing (a mock output is missing; add it in automation/plan/mocks.ts):\n` +
                gaps.map((g) => `  - ${g}`).join("\n"),
        );
        this.name = "MissingMockOutputError";
    }
}

export function checkRequiredInputs(resources: readonly CapturedResource[]): void {
    const gaps: string[] = [];
    for (const r of resources) {
        for (const key of REQUIRED[r.type] ?? []) {
            if (isMissing(r.inputs[key])) gaps.push(`${r.type} "${r.name}": ${key}`);
        }
    }
    if (gaps.length > 0) throw new MissingMockOutputError(gaps);
}
