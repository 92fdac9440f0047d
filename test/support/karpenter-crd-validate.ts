/**
 * Validates rendered NodePool (`karpenter.sh/v1`) and EC2NodeClass (`karpenter.k8s.aws/v1`)
 * objects as the API server would with the real Karpenter v1.12.1 CRDs (`../shared/karpenter-crds-v1.12.1`):
 *
 * 1. the CRD's defaults are filled in, as the API server does before validating;
 * 2. the openAPIV3Schema, unknown fields rejected (test/support/crd-validate.ts);
 * 3. the CEL rules (`x-kubernetes-validations`) of every field present, each by a hand-written
 *    TypeScript check registered under the CRD's own rule text (or, for a family of rules, a
 *    pattern of it), so the text is the citation and a changed rule has no check. A rule reached
 *    without a check is an error, so rendering a new field means writing its check. Transition
 *    rules (`oldSelf`) need the stored object and are not evaluated here.
 */
import * as path from "node:path";
import type { ValidateFunction } from "ajv";
import { errorLines, newCrdAjv, readCrdSchema, rejectUnknownFields, type Schema } from "./crd-validate";
import { REPO_ROOT } from "./program";

export const KARPENTER_CRD_DIR = path.join(REPO_ROOT, "..", "shared", "karpenter-crds-v1.12.1");

const CRDS = {
    NodePool: { apiVersion: "karpenter.sh/v1", file: "karpenter.sh_nodepools.yaml" },
    EC2NodeClass: { apiVersion: "karpenter.k8s.aws/v1", file: "karpenter.k8s.aws_ec2nodeclasses.yaml" },
} as const;
export type KarpenterKind = keyof typeof CRDS;

/** The `v1` openAPIV3Schema of a Karpenter CRD, read from the shared folder. */
export function karpenterCrdSchema(kind: KarpenterKind): Schema {
    return readCrdSchema(path.join(KARPENTER_CRD_DIR, CRDS[kind].file), "v1", "karpenter-crds-v1.12.1");
}

// biome-ignore lint/suspicious/noExplicitAny: CEL's `self` is whatever JSON the field holds
type Json = any;

/** A rule as the CRD states it, where it applies, and the value it applies to. */
export interface ReachedRule {
    readonly path: string;
    readonly rule: string;
    readonly message: string;
    readonly self: Json;
}

/** Every CEL rule whose field is present in `data`, walking the schema and the data together. */
export function reachedRules(schema: Schema, data: Json, at = ""): ReachedRule[] {
    if (data === undefined || data === null) return [];
    const here = (
        (schema["x-kubernetes-validations"] as { rule: string; message: string }[] | undefined) ?? []
    ).map((v) => ({ path: at || "/", rule: v.rule, message: v.message, self: data }));
    const below: ReachedRule[] = [];
    const properties = schema.properties as Record<string, Schema> | undefined;
    if (properties && typeof data === "object") {
        for (const [key, sub] of Object.entries(properties))
            below.push(...reachedRules(sub, data[key], `${at}/${key}`));
    }
    const items = schema.items as Schema | undefined;
    if (items && Array.isArray(data)) {
        data.forEach((item, i) => {
            below.push(...reachedRules(items, item, `${at}/${i}`));
        });
    }
    const values = schema.additionalProperties;
    if (values && typeof values === "object" && typeof data === "object") {
        for (const [key, value] of Object.entries(data))
            below.push(...reachedRules(values as Schema, value, `${at}/${key}`));
    }
    return [...here, ...below];
}

// --- CEL, as much as these rules use ------------------------------------------------------------

const has = (o: Json, field: string): boolean =>
    o !== null && typeof o === "object" && o[field] !== undefined;
/** CEL `s.find(re)`: the first match of `re` in `s`, or "" when there is none. */
const find = (s: string, re: string): string => new RegExp(re).exec(s)?.[0] ?? "";
/** CEL `int(s)`: an error (so the rule rejects) unless `s` is an integer. */
function int(s: string): number {
    if (!/^[+-]?\d+$/.test(s)) throw new Error(`int(${JSON.stringify(s)})`);
    return Number(s);
}
const keys = (map: Json): string[] => Object.keys(map ?? {});
/** The string items of a CEL list literal, `["a", "b"]` or `['a','b']`. */
const listLiteral = (text: string): string[] => [...text.matchAll(/["']([^"']*)["']/g)].map((m) => m[1]);
const OPERATORS_WITH_ONE_INTEGER = ["Gt", "Lt", "Gte", "Lte"];

/** A check of `self` against one rule; `m` holds a pattern's captures for a family of rules. */
type Check = (self: Json, m: RegExpMatchArray) => boolean;

/** Checks keyed by the exact rule text of the v1.12.1 CRDs. */
const EXACT: Readonly<Record<string, Check>> = {
    // NodePool spec
    "!has(self.replicas) || (!has(self.limits) || size(self.limits) == 0 || (size(self.limits) == 1 && 'nodes' in self.limits))":
        (s) =>
            !has(s, "replicas") ||
            !has(s, "limits") ||
            keys(s.limits).length === 0 ||
            (keys(s.limits).length === 1 && "nodes" in s.limits),
    "!has(self.replicas) || !has(self.weight)": (s) => !has(s, "replicas") || !has(s, "weight"),
    "self.all(x, has(x.schedule) == has(x.duration))": (s) =>
        s.every((x: Json) => has(x, "schedule") === has(x, "duration")),
    'self.all(x, x != "karpenter.sh/nodepool")': (s) => keys(s).every((x) => x !== "karpenter.sh/nodepool"),
    'self.all(x, x != "kubernetes.io/hostname")': (s) => keys(s).every((x) => x !== "kubernetes.io/hostname"),
    "self != ''": (s) => s !== "",
    'self != "karpenter.sh/nodepool"': (s) => s !== "karpenter.sh/nodepool",
    'self != "kubernetes.io/hostname"': (s) => s !== "kubernetes.io/hostname",
    "self.all(x, x.operator == 'In' ? x.values.size() != 0 : true)": (s) =>
        s.every((x: Json) => (x.operator === "In" ? (x.values ?? []).length !== 0 : true)),
    "self.all(x, (x.operator == 'Gt' || x.operator == 'Lt' || x.operator == 'Gte' || x.operator == 'Lte') ? (x.values.size() == 1 && int(x.values[0]) >= 0) : true)":
        (s) =>
            s.every((x: Json) =>
                OPERATORS_WITH_ONE_INTEGER.includes(x.operator)
                    ? (x.values ?? []).length === 1 && int(x.values[0]) >= 0
                    : true,
            ),
    "self.all(x, (x.operator == 'In' && has(x.minValues)) ? x.values.size() >= x.minValues : true)": (s) =>
        s.every((x: Json) =>
            x.operator === "In" && has(x, "minValues") ? (x.values ?? []).length >= x.minValues : true,
        ),
    // EC2NodeClass spec
    "(has(self.role) && !has(self.instanceProfile)) || (!has(self.role) && has(self.instanceProfile))": (s) =>
        has(s, "role") !== has(s, "instanceProfile"),
    "self.amiSelectorTerms.exists(x, has(x.alias)) ? true : has(self.amiFamily)": (s) =>
        s.amiSelectorTerms.some((x: Json) => has(x, "alias")) || has(s, "amiFamily"),
    "self.all(x, has(x.tags) || has(x.id) || has(x.name) || has(x.alias) || has(x.ssmParameter))": (s) =>
        s.every((x: Json) => ["tags", "id", "name", "alias", "ssmParameter"].some((f) => has(x, f))),
    "!self.exists(x, has(x.id) && (has(x.alias) || has(x.tags) || has(x.name) || has(x.owner)))": (s) =>
        !s.some((x: Json) => has(x, "id") && ["alias", "tags", "name", "owner"].some((f) => has(x, f))),
    "!self.exists(x, has(x.alias) && (has(x.id) || has(x.tags) || has(x.name) || has(x.owner)))": (s) =>
        !s.some((x: Json) => has(x, "alias") && ["id", "tags", "name", "owner"].some((f) => has(x, f))),
    "!(self.exists(x, has(x.alias)) && self.size() != 1)": (s) =>
        !(s.some((x: Json) => has(x, "alias")) && s.length !== 1),
    "self.matches('^[a-zA-Z0-9]+@.+$')": (s) => /^[a-zA-Z0-9]+@.+$/.test(s),
    "self.split('@')[0] in ['al2','al2023','bottlerocket','windows2019','windows2022','windows2025']": (s) =>
        ["al2", "al2023", "bottlerocket", "windows2019", "windows2022", "windows2025"].includes(
            s.split("@")[0],
        ),
    "self.split('@')[0] in ['windows2019','windows2022','windows2025'] ? self.split('@')[1] == 'latest' : true":
        (s) =>
            ["windows2019", "windows2022", "windows2025"].includes(s.split("@")[0])
                ? s.split("@")[1] === "latest"
                : true,
    "self.all(k, k != '' && self[k] != '')": (s) => keys(s).every((k) => k !== "" && s[k] !== ""),
    "self.filter(x, has(x.rootVolume)?x.rootVolume==true:false).size() <= 1": (s) =>
        s.filter((x: Json) => (has(x, "rootVolume") ? x.rootVolume === true : false)).length <= 1,
    "has(self.snapshotID) || has(self.volumeSize)": (s) => has(s, "snapshotID") || has(s, "volumeSize"),
    "!has(self.volumeInitializationRate) || (has(self.snapshotID) && self.snapshotID != '')": (s) =>
        !has(s, "volumeInitializationRate") || (has(s, "snapshotID") && s.snapshotID !== ""),
    "self.size() != 0": (s) => s.length !== 0,
    "self.all(x, has(x.tags) || has(x.id) || has(x.name))": (s) =>
        s.every((x: Json) => has(x, "tags") || has(x, "id") || has(x, "name")),
    "!self.all(x, has(x.id) && (has(x.tags) || has(x.name)))": (s) =>
        !s.every((x: Json) => has(x, "id") && (has(x, "tags") || has(x, "name"))),
    "!self.all(x, has(x.name) && (has(x.tags) || has(x.id)))": (s) =>
        !s.every((x: Json) => has(x, "name") && (has(x, "tags") || has(x, "id"))),
    "self.all(x, has(x.tags) || has(x.id))": (s) => s.every((x: Json) => has(x, "tags") || has(x, "id")),
    "!self.all(x, has(x.id) && has(x.tags))": (s) => !s.every((x: Json) => has(x, "id") && has(x, "tags")),
    "self.all(k, k != '')": (s) => keys(s).every((k) => k !== ""),
    "self.all(k, k !='eks:eks-cluster-name')": (s) => keys(s).every((k) => k !== "eks:eks-cluster-name"),
    "self.all(k, !k.startsWith('kubernetes.io/cluster') )": (s) =>
        keys(s).every((k) => !k.startsWith("kubernetes.io/cluster")),
    "self.all(k, k != 'karpenter.sh/nodepool')": (s) => keys(s).every((k) => k !== "karpenter.sh/nodepool"),
    "self.all(k, k !='karpenter.sh/nodeclaim')": (s) => keys(s).every((k) => k !== "karpenter.sh/nodeclaim"),
    "self.all(k, k !='karpenter.k8s.aws/ec2nodeclass')": (s) =>
        keys(s).every((k) => k !== "karpenter.k8s.aws/ec2nodeclass"),
};

/** Families of rules that differ only in a list or a name, matched by the shape of their text. */
const PATTERNS: readonly { readonly shape: RegExp; readonly check: Check }[] = [
    {
        // Restricted label domains of a labels map: `self.all(x, x in [<allowed>] || !x.find("^([^/]+)").endsWith("<domain>"))`
        shape: /^self\.all\(x, x in (\[[^\]]*\]) \|\| !x\.find\("\^\(\[\^\/\]\+\)"\)\.endsWith\("([^"]+)"\)\)$/,
        check: (s, m) =>
            keys(s).every((x) => listLiteral(m[1]).includes(x) || !find(x, "^([^/]+)").endsWith(m[2])),
    },
    {
        // The same for one requirement key: `self in [<allowed>] || !self.find("^([^/]+)").endsWith("<domain>")`
        shape: /^self in (\[[^\]]*\]) \|\| !self\.find\("\^\(\[\^\/\]\+\)"\)\.endsWith\("([^"]+)"\)$/,
        check: (s, m) => listLiteral(m[1]).includes(s) || !find(s, "^([^/]+)").endsWith(m[2]),
    },
    {
        // An alias of family F allows amiFamily only F's or Custom:
        // `!has(self.amiFamily) || (self.amiSelectorTerms.exists(x, has(x.alias) && x.alias.find('^[^@]+') == '<f>') ? (self.amiFamily == 'Custom' || self.amiFamily == '<F>') : true)`
        shape: /^!has\(self\.amiFamily\) \|\| \(self\.amiSelectorTerms\.exists\(x, has\(x\.alias\) && x\.alias\.find\('\^\[\^@\]\+'\) == '(\w+)'\) \? \(self\.amiFamily == 'Custom' \|\| self\.amiFamily == '(\w+)'\) : true\)$/,
        check: (s, m) =>
            !has(s, "amiFamily") ||
            (s.amiSelectorTerms.some((x: Json) => has(x, "alias") && find(x.alias, "^[^@]+") === m[1])
                ? s.amiFamily === "Custom" || s.amiFamily === m[2]
                : true),
    },
];

/** The check registered for a rule, if any. */
export function checkOf(rule: string): ((self: Json) => boolean) | undefined {
    const exact = EXACT[rule];
    if (exact) return (self) => exact(self, [] as unknown as RegExpMatchArray);
    for (const { shape, check } of PATTERNS) {
        const m = shape.exec(rule);
        if (m) return (self) => check(self, m);
    }
    return undefined;
}

/** Transition rules compare with the stored object; a create has none to compare with. */
export const isTransitionRule = (rule: string): boolean => /\boldSelf\b/.test(rule);

/** Every CEL rule of both CRDs (outside `status`), for the spec that each has a check or a reason. */
export function allRules(kind: KarpenterKind): { readonly path: string; readonly rule: string }[] {
    const out: { path: string; rule: string }[] = [];
    const walk = (schema: Schema, at: string) => {
        for (const v of (schema["x-kubernetes-validations"] as { rule: string }[] | undefined) ?? [])
            out.push({ path: at || "/", rule: v.rule });
        for (const [key, sub] of Object.entries((schema.properties as Record<string, Schema>) ?? {}))
            if (!(at === "" && key === "status")) walk(sub, `${at}/${key}`);
        if (schema.items) walk(schema.items as Schema, `${at}/*`);
        if (schema.additionalProperties && typeof schema.additionalProperties === "object")
            walk(schema.additionalProperties as Schema, `${at}/*`);
    };
    walk(karpenterCrdSchema(kind), "");
    return out;
}

const schemaValidators = new Map<KarpenterKind, ValidateFunction>();

function schemaValidator(kind: KarpenterKind): ValidateFunction {
    let fn = schemaValidators.get(kind);
    if (!fn) {
        fn = newCrdAjv({ useDefaults: true }).compile(
            rejectUnknownFields(karpenterCrdSchema(kind)) as Schema,
        );
        schemaValidators.set(kind, fn);
    }
    return fn;
}

/**
 * What the API server would reject of a Karpenter object on create, as "<path> <message>" lines:
 * schema errors first, then the CEL rules that fail (by their CRD message), then any rule reached
 * that has no check here ("no check for CEL rule ..."). Empty when the object is valid.
 */
export function validateKarpenterObject(object: Record<string, unknown>): string[] {
    const kind = Object.entries(CRDS).find(
        ([k, c]) => object.kind === k && object.apiVersion === c.apiVersion,
    )?.[0] as KarpenterKind | undefined;
    if (!kind) {
        return [
            `/ must be a karpenter.sh/v1 NodePool or a karpenter.k8s.aws/v1 EC2NodeClass, got ${String(object.apiVersion)} ${String(object.kind)}`,
        ];
    }
    // GIVEN a copy with the CRD's defaults filled in, as the API server validates
    const data = structuredClone(object);
    const validate = schemaValidator(kind);
    if (!validate(data)) return errorLines(validate.errors);
    const errors: string[] = [];
    for (const reached of reachedRules(karpenterCrdSchema(kind), data)) {
        if (isTransitionRule(reached.rule)) continue;
        const check = checkOf(reached.rule);
        if (!check) {
            errors.push(`${reached.path} no check for CEL rule ${reached.rule}`);
            continue;
        }
        let ok: boolean;
        try {
            ok = check(reached.self);
        } catch {
            ok = false; // CEL evaluation errors reject the object too
        }
        if (!ok) errors.push(`${reached.path} ${reached.message}`);
    }
    return errors;
}
