/**
 * Reading IAM role trust policies to check IRSA (IAM roles for service accounts).
 *
 * Why the conditions matter: any pod in the cluster can obtain a token from the cluster's OIDC
 * issuer. Only a `StringEquals` on `<issuer>:sub` pins the role to one service account, and on
 * `<issuer>:aud` to tokens minted for STS; `StringLike` or wildcards reopen the role to others.
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html (read 2026-11-25)
 */
import { asRecord, isUnknown, UNKNOWN, type Unknown } from "./values";

const WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";
const SERVICE_ACCOUNT_SUBJECT =
    /^system:serviceaccount:[a-z0-9]([-a-z0-9.]*[a-z0-9])?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
export const STS_AUDIENCE = "sts.amazonaws.com";

type Statement = Record<string, unknown>;

function toList(value: unknown): unknown[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
}

/** Statements of a policy document given as a JSON string or an object; `UNKNOWN` if unknown. */
export function statementsOf(document: unknown): Statement[] | undefined | Unknown {
    const doc = asRecord(document);
    if (doc === UNKNOWN || doc === undefined) return doc;
    if (isUnknown(doc.Statement)) return UNKNOWN;
    const out: Statement[] = [];
    for (const s of toList(doc.Statement)) {
        const rec = asRecord(s);
        if (rec === UNKNOWN) return UNKNOWN;
        if (rec) out.push(rec);
    }
    return out;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether an `Action` entry grants `action`: IAM compares action names case-insensitively and
 * expands `*` (any characters) and `?` (one character) in them, so `sts:assumerolewithwebidentity`
 * and `sts:AssumeRole*` grant sts:AssumeRoleWithWebIdentity as its exact spelling does.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html (read 2026-12-02)
 */
function grantsAction(entry: unknown, action: string): boolean {
    if (typeof entry !== "string") return false;
    const pattern = entry
        .trim()
        .split("*")
        .map((part) => part.split("?").map(escapeRegExp).join("."))
        .join(".*");
    return new RegExp(`^${pattern}$`, "i").test(action);
}

function isWebIdentityStatement(s: Statement): boolean {
    if (s.Effect !== undefined && s.Effect !== "Allow") return false;
    return toList(s.Action).some((a) => grantsAction(a, WEB_IDENTITY_ACTION));
}

/** The OIDC issuer host/path from a federated principal ARN `arn:aws:iam::<acct>:oidc-provider/<issuer>`. */
function issuerOf(principalArn: unknown): string | undefined | Unknown {
    if (isUnknown(principalArn)) return UNKNOWN;
    if (typeof principalArn !== "string") return undefined;
    const i = principalArn.indexOf(":oidc-provider/");
    return i >= 0 ? principalArn.slice(i + ":oidc-provider/".length) : undefined;
}

/** Conditions under one operator whose key ends in `:<suffix>`, each with its values as a list. */
function conditionValues(
    conditions: Record<string, unknown>,
    operator: string,
    suffix: string,
): { key: string; values: unknown[] }[] {
    const block = asRecord(conditions[operator]);
    if (!block || block === UNKNOWN) return [];
    return Object.keys(block)
        .filter((k) => k.endsWith(`:${suffix}`))
        .map((key) => ({ key, values: toList(block[key]) }));
}

/**
 * Problems with the web-identity statements of a trust policy, each phrased to follow the role's
 * name: `undefined` when the role has none (IRSA does not apply), `UNKNOWN` when the document
 * cannot be known yet.
 */
export function irsaTrustProblems(document: unknown): string[] | undefined | Unknown {
    const statements = statementsOf(document);
    if (statements === UNKNOWN) return UNKNOWN;
    if (!statements) return undefined;
    const webIdentity = statements.filter(isWebIdentityStatement);
    if (webIdentity.length === 0) return undefined;

    const problems: string[] = [];
    for (const [index, s] of webIdentity.entries()) {
        const where = webIdentity.length > 1 ? ` (web-identity statement ${index + 1})` : "";
        const principal = asRecord(s.Principal);
        if (principal === UNKNOWN) continue;
        const federated = principal ? toList(principal.Federated) : [];
        if (federated.length === 0) {
            problems.push(
                `trusts ${WEB_IDENTITY_ACTION} without a Federated OIDC provider principal${where}`,
            );
            continue;
        }
        const issuers = federated.map(issuerOf);
        const conditions = asRecord(s.Condition);
        if (conditions === UNKNOWN) continue;
        if (!conditions) {
            problems.push(`has no Condition, so every service account of the cluster may assume it${where}`);
            continue;
        }
        for (const operator of Object.keys(conditions)) {
            if (operator === "StringEquals") continue;
            const loose = [
                ...conditionValues(conditions, operator, "sub"),
                ...conditionValues(conditions, operator, "aud"),
            ];
            for (const { key } of loose) {
                problems.push(`matches "${key}" with ${operator}; only StringEquals pins it${where}`);
            }
        }
        const subs = conditionValues(conditions, "StringEquals", "sub");
        const auds = conditionValues(conditions, "StringEquals", "aud");
        if (subs.length === 0) {
            problems.push(
                `has no StringEquals condition on "<issuer>:sub" = "system:serviceaccount:<namespace>:<name>"${where}`,
            );
        }
        if (auds.length === 0) {
            problems.push(`has no StringEquals condition on "<issuer>:aud" = "${STS_AUDIENCE}"${where}`);
        }
        const knownIssuers = issuers.filter((i): i is string => typeof i === "string");
        for (const { key, values } of [...subs, ...auds]) {
            const keyIssuer = key.slice(0, key.lastIndexOf(":"));
            if (knownIssuers.length > 0 && !knownIssuers.includes(keyIssuer)) {
                problems.push(
                    `conditions on "${key}", which is not the trusted issuer "${knownIssuers[0]}"${where}`,
                );
            }
            if (values.length === 0) problems.push(`has an empty value list for "${key}"${where}`);
        }
        for (const { key, values } of subs) {
            for (const v of values) {
                if (isUnknown(v)) continue;
                if (typeof v !== "string" || !SERVICE_ACCOUNT_SUBJECT.test(v)) {
                    problems.push(
                        `allows "${key}" = ${JSON.stringify(v)}; expected exactly "system:serviceaccount:<namespace>:<name>" without wildcards${where}`,
                    );
                }
            }
        }
        for (const { key, values } of auds) {
            for (const v of values) {
                if (isUnknown(v)) continue;
                if (v !== STS_AUDIENCE) {
                    problems.push(
                        `allows "${key}" = ${JSON.stringify(v)}; expected "${STS_AUDIENCE}"${where}`,
                    );
                }
            }
        }
    }
    return problems;
}
