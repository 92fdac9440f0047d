import type { ResourceValidationPolicy } from "@pulumi/policy";
import { wildcardGrants } from "../lib/iam-actions";
import { forTypes, nameOf } from "../lib/policy";
import { asArray, at, UNKNOWN } from "../lib/values";
import { IAM_ROLE_TYPE } from "./iam-role-configure-irsa-trust";

export const ROLE_POLICY_TYPE = "aws:iam/rolePolicy:RolePolicy";

/**
 * The program's roles (the CI runners' CodeBuild service role, the IRSA roles of the add-ons)
 * carry inline policies written for one job each: an Allow of `*`, of a whole service or of
 * `NotAction` there is a grant nobody reviewed action by action. Every role's inline policies are
 * checked, as `aws.iam.RolePolicy` resources and as a role's `inlinePolicies`, not only the
 * CodeBuild role's: a stack policy linking policies to roles would go blind during a preview,
 * where a new role's name is unknown. Key policies (the KMS keys' `kms:*` for the account root),
 * bucket and queue policies, and Deny statements are not grants to a role and are not concerned.
 */
export const iamRolePolicyDisallowWildcardActions: ResourceValidationPolicy = {
    name: "iam-rolepolicy-disallow-wildcard-actions",
    description:
        'IAM role inline policies allow no "*" or "<service>:*" action, and no Allow with NotAction.',
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: forTypes([ROLE_POLICY_TYPE, IAM_ROLE_TYPE], (props, args, report) => {
        const documents: { where: string; document: unknown }[] = [];
        if (args.type === ROLE_POLICY_TYPE) {
            documents.push({ where: "policy", document: props.policy });
        } else {
            const inline = asArray(props.inlinePolicies);
            if (inline === UNKNOWN) return;
            for (const [i, p] of (inline ?? []).entries()) {
                documents.push({ where: `inlinePolicies[${i}]`, document: at(p, "policy") });
            }
        }
        for (const { where, document } of documents) {
            const grants = wildcardGrants(document);
            if (grants === UNKNOWN || !grants || grants.length === 0) continue;
            report(
                `${nameOf(args)} allows ${grants.join(", ")} in ${where}. List the actions the role needs by name (see the Service Authorization Reference).`,
            );
        }
    }),
};
