import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Managed policies of every EC2 node role. The CNI policy is deliberately absent: the vpc-cni
 * add-on gets it through IRSA, so pods cannot borrow the node's ENI permissions.
 */
export const NODE_POLICY_ARNS = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
] as const;

/**
 * An IAM role that EC2 instances assume to join an EKS cluster, with its managed-policy
 * attachments, all children of `parent`: the role is `${name}`, the attachments `${name}-<i>`,
 * numbered over `NODE_POLICY_ARNS` and then `extraPolicyArns`.
 *
 * @param extraPolicyArns managed policies this role needs beyond every node role's, attached after
 *   them so the common attachments keep their names. @default [] (what managed node groups get)
 */
export function createNodeRole(
    name: string,
    description: string,
    parent: pulumi.Resource,
    extraPolicyArns: readonly string[] = [],
): aws.iam.Role {
    const opts = { parent };
    const role = new aws.iam.Role(
        name,
        {
            description,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "ec2.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            }),
        },
        opts,
    );
    for (const [i, arn] of [...NODE_POLICY_ARNS, ...extraPolicyArns].entries()) {
        new aws.iam.RolePolicyAttachment(`${name}-${i}`, { role: role.name, policyArn: arn }, opts);
    }
    return role;
}
