/**
 * IAM Roles for Service Accounts. A role is assumable only through the cluster's OIDC provider,
 * only by one named Kubernetes service account, and only with the `sts.amazonaws.com` audience:
 * without the `:sub` condition every pod in the cluster could take the role, and without `:aud`
 * a token minted for another audience would do.
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The issuer host and path as IAM condition keys use it: no `https://` scheme. */
export function issuerHostPath(issuerUrl: string): string {
    return issuerUrl.replace(/^https:\/\//, "");
}

/** The trust policy document of an IRSA role (pure; tested on its own). */
export function irsaTrustPolicy(args: {
    readonly oidcProviderArn: string;
    readonly oidcIssuerUrl: string;
    readonly namespace: string;
    readonly serviceAccount: string;
}): object {
    const issuer = issuerHostPath(args.oidcIssuerUrl);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: args.oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuer}:sub`]: `system:serviceaccount:${args.namespace}:${args.serviceAccount}`,
                        [`${issuer}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    };
}

export interface IrsaRoleArgs {
    readonly oidcProviderArn: pulumi.Input<string>;
    readonly oidcIssuerUrl: pulumi.Input<string>;
    readonly namespace: string;
    readonly serviceAccount: string;
    /** Inline policy document (JSON-serialisable), least privilege. */
    readonly policy?: pulumi.Input<object>;
    /** AWS managed policy ARNs to attach, when AWS maintains the right policy. */
    readonly managedPolicyArns?: readonly string[];
}

/** An IRSA role and the ARN its consumers should use. */
export interface IrsaRole {
    readonly role: aws.iam.Role;
    /**
     * The role's ARN, resolved only after every policy of the role is attached: a Helm release or
     * add-on that takes this ARN waits for its permissions, so its pods never start with a role
     * that can do nothing yet.
     */
    readonly arn: pulumi.Output<string>;
}

/** Creates the role (and its policies) as children of `parent`. */
export function irsaRole(name: string, args: IrsaRoleArgs, parent: pulumi.Resource): IrsaRole {
    const role = new aws.iam.Role(
        name,
        {
            description: `IRSA role of ${args.namespace}/${args.serviceAccount}`,
            assumeRolePolicy: pulumi
                .all([args.oidcProviderArn, args.oidcIssuerUrl])
                .apply(([oidcProviderArn, oidcIssuerUrl]) =>
                    JSON.stringify(
                        irsaTrustPolicy({
                            oidcProviderArn,
                            oidcIssuerUrl,
                            namespace: args.namespace,
                            serviceAccount: args.serviceAccount,
                        }),
                    ),
                ),
        },
        { parent },
    );
    const granted: pulumi.Output<string>[] = [];
    if (args.policy) {
        const inline = new aws.iam.RolePolicy(
            name,
            { role: role.name, policy: pulumi.output(args.policy).apply((p) => JSON.stringify(p)) },
            { parent },
        );
        granted.push(inline.id);
    }
    for (const [i, policyArn] of (args.managedPolicyArns ?? []).entries()) {
        const attachment = new aws.iam.RolePolicyAttachment(
            `${name}-${i}`,
            { role: role.name, policyArn },
            { parent },
        );
        granted.push(attachment.id);
    }
    // pulumi.all carries the attachments as dependencies of whatever consumes the ARN.
    return { role, arn: pulumi.all([role.arn, ...granted]).apply(([arn]) => arn) };
}
