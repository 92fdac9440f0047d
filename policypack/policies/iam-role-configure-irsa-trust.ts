import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, nameOf } from "../lib/policy";
import { irsaTrustProblems } from "../lib/trust-policy";
import { UNKNOWN } from "../lib/values";

export const IAM_ROLE_TYPE = "aws:iam/role:Role";

/**
 * Roles assumed through the cluster's OIDC provider (IRSA) trust exactly one service account
 * and the STS audience, with StringEquals. Roles without a web-identity statement are not
 * concerned. The reasons are in lib/trust-policy.ts.
 */
export const iamRoleConfigureIrsaTrust: ResourceValidationPolicy = {
    name: "iam-role-configure-irsa-trust",
    description:
        "IRSA roles trust one service account: StringEquals on <issuer>:sub = system:serviceaccount:<ns>:<sa> and <issuer>:aud = sts.amazonaws.com.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: forTypes([IAM_ROLE_TYPE], (props, args, report) => {
        const problems = irsaTrustProblems(props.assumeRolePolicy);
        if (problems === UNKNOWN || !problems) return;
        for (const problem of problems) {
            report(
                `${nameOf(args)} ${problem}. In assumeRolePolicy, use Condition: { StringEquals: { "<issuer>:sub": "system:serviceaccount:<namespace>:<name>", "<issuer>:aud": "sts.amazonaws.com" } }.`,
            );
        }
    }),
};
