/**
 * Who is cluster-admin. EKS makes the identity that creates a cluster an admin through an access
 * entry of its own (pulumi-eks 4.3 always sets `bootstrapClusterCreatorAdminPermissions`), so the
 * deploy role is cluster-admin without rayops asking. `cluster.adminRoleArn` names a second role,
 * the one people use; naming the deploy role there asks EKS for a second entry for the same
 * principal, which it refuses with ResourceInUseException after the cluster exists
 * (pulumi/pulumi-eks#2373). Pure, tested on its own.
 */

/** Account and role name of an IAM role ARN or an STS assumed-role ARN; undefined for anything else. */
export function roleOf(arn: string): { readonly account: string; readonly name: string } | undefined {
    const role = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/.exec(arn);
    if (role) return { account: role[1], name: role[2] };
    const assumed = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/[^/]+$/.exec(arn);
    if (assumed) return { account: assumed[1], name: assumed[2] };
    return undefined;
}

/**
 * Why `adminRoleArn` cannot get an access entry when `deployerArn` (the caller identity) deploys,
 * or undefined when it can. An assumed-role ARN carries no role path, so roles match by account
 * and name.
 */
export function adminEntryConflict(deployerArn: string, adminRoleArn: string): string | undefined {
    const deployer = roleOf(deployerArn);
    const admin = roleOf(adminRoleArn);
    if (!deployer || !admin) return undefined;
    if (deployer.account !== admin.account || deployer.name !== admin.name) return undefined;
    return (
        `cluster.adminRoleArn ${JSON.stringify(adminRoleArn)} is the identity deploying this stack ` +
        `(${deployerArn}). EKS already makes the cluster's creator a cluster admin, and a second access ` +
        "entry for the same role fails with ResourceInUseException. Set cluster.adminRoleArn to the role " +
        "your operators use, and deploy with a different role (the CI deploy role of docs/ci-aws-oidc.md)"
    );
}
