/**
 * Validates rendered objects against real CRDs with ajv: the generic part (reading a CRD's schema,
 * rejecting unknown fields, the Kubernetes keywords ajv lacks) is used by
 * test/support/karpenter-crd-validate.ts too. The Ray part validates rendered Ray objects against
 * the real KubeRay v1.7.0 CRDs (`../shared/kuberay-crds-v1.7.0`,
 * beside the clone, exactly as released) and pod templates against Kubernetes' own schema
 * (kubernetes-models). What the API server would check that this does not: the CEL rules in
 * `x-kubernetes-validations` (in these CRDs: immutability transitions and `managedBy`'s values).
 *
 * Stricter than the API server's default in one way, on purpose: a field the schema does not
 * declare is an error (as with `kubectl --validate=strict`), where the API server would drop it
 * silently — a misspelt `idleTimeoutSecond` must fail here, not vanish on the cluster.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv, { type AnySchemaObject, type ErrorObject, type ValidateFunction } from "ajv";
import { PodTemplateSpec } from "kubernetes-models/v1";
import { parse } from "yaml";
import { REPO_ROOT } from "./program";

export const CRD_DIR = path.join(REPO_ROOT, "..", "shared", "kuberay-crds-v1.7.0");
const CRD_FILES = { RayCluster: "ray.io_rayclusters.yaml", RayJob: "ray.io_rayjobs.yaml" } as const;
export type RayKind = keyof typeof CRD_FILES;

export type Schema = Record<string, unknown>;
/** A data check of a custom keyword; ajv reads its `errors` after a failure. */
type DataValidateFunction = ((data: unknown) => boolean) & { errors?: Partial<ErrorObject>[] };

/**
 * The openAPIV3Schema of one version of a CRD file; `folder` names the shared folder in the
 * error when the file is missing.
 */
export function readCrdSchema(file: string, version: string, folder: string): Schema {
    if (!existsSync(file)) {
        throw new Error(
            `the CRD ${path.basename(file)} is missing at ${file}: the tests expect the shared folder ` +
                `${folder} beside the repository clone (../shared/), as CI provides it`,
        );
    }
    const crd = parse(readFileSync(file, "utf8")) as {
        spec: { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] };
    };
    const found = crd.spec.versions.find((v) => v.name === version);
    if (!found) throw new Error(`${file} has no ${version} version`);
    return found.schema.openAPIV3Schema;
}

/** The `v1` openAPIV3Schema of a KubeRay CRD, read from the shared folder. */
export function crdSchema(kind: RayKind): Schema {
    return readCrdSchema(path.join(CRD_DIR, CRD_FILES[kind]), "v1", "kuberay-crds-v1.7.0");
}

/**
 * A copy of the schema where every object with declared `properties` rejects other fields,
 * unless it declares `additionalProperties` or `x-kubernetes-preserve-unknown-fields`.
 */
export function rejectUnknownFields(schema: unknown): unknown {
    if (Array.isArray(schema)) return schema.map(rejectUnknownFields);
    if (schema === null || typeof schema !== "object") return schema;
    const out: Schema = {};
    for (const [k, v] of Object.entries(schema)) {
        // `properties` maps field names to schemas: recurse into each schema, not the map itself.
        out[k] =
            k === "properties" && v && typeof v === "object"
                ? Object.fromEntries(Object.entries(v).map(([name, s]) => [name, rejectUnknownFields(s)]))
                : rejectUnknownFields(v);
    }
    if (
        out.properties &&
        out.additionalProperties === undefined &&
        !out["x-kubernetes-preserve-unknown-fields"]
    ) {
        out.additionalProperties = false;
    }
    return out;
}

const INT32 = 2 ** 31;

function listItemKey(item: unknown, keys: readonly string[]): string {
    return JSON.stringify(keys.map((k) => (item as Record<string, unknown> | null)?.[k] ?? null));
}

/**
 * An ajv for CRD schemas. `useDefaults` fills in the schema's defaults in the data validated, as
 * the API server does before it validates.
 */
export function newCrdAjv(options: { readonly useDefaults?: boolean } = {}): Ajv {
    // strict: false because the CRDs carry keywords ajv does not know; the ones that constrain
    // data are implemented below, the rest (`x-kubernetes-map-type`, `-list-map-keys` as data of
    // `-list-type`, `-validations`) are read as annotations.
    // Each schema is compiled once per run; optimising the generated code costs more than it saves.
    const ajv = new Ajv({
        strict: false,
        allErrors: true,
        useDefaults: options.useDefaults ?? false,
        code: { optimize: false },
    });
    ajv.addFormat("int32", {
        type: "number",
        validate: (n) => Number.isInteger(n) && n >= -INT32 && n < INT32,
    });
    ajv.addFormat("int64", { type: "number", validate: (n) => Number.isSafeInteger(n) });
    ajv.addFormat("date-time", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
    ajv.addKeyword({
        keyword: "x-kubernetes-int-or-string",
        schemaType: "boolean",
        compile: (flag: boolean) => {
            const fn: DataValidateFunction = (data: unknown) => {
                if (!flag || Number.isInteger(data) || typeof data === "string") return true;
                fn.errors = [
                    { keyword: "x-kubernetes-int-or-string", message: "must be an integer or a string" },
                ];
                return false;
            };
            return fn;
        },
    });
    // Lists typed `set` hold no duplicates; lists typed `map` hold no two items with the same keys
    // (e.g. two containers named alike, two env vars of one name).
    ajv.addKeyword({
        keyword: "x-kubernetes-list-type",
        type: "array",
        schemaType: "string",
        compile: (listType: string, parent: AnySchemaObject) => {
            const keys = (parent["x-kubernetes-list-map-keys"] as string[] | undefined) ?? [];
            const fn: DataValidateFunction = (data: unknown) => {
                if (listType === "atomic" || !Array.isArray(data)) return true;
                const seen = new Set<string>();
                for (const item of data) {
                    const key = listType === "map" ? listItemKey(item, keys) : JSON.stringify(item);
                    if (seen.has(key)) {
                        fn.errors = [
                            {
                                keyword: "x-kubernetes-list-type",
                                message: `must not repeat ${listType === "map" ? `the key (${keys.join(", ")}) ${key}` : `the item ${key}`}`,
                            },
                        ];
                        return false;
                    }
                    seen.add(key);
                }
                return true;
            };
            return fn;
        },
    });
    return ajv;
}

const compiled = new Map<RayKind, ValidateFunction>();

function validatorFor(kind: RayKind): ValidateFunction {
    let fn = compiled.get(kind);
    if (!fn) {
        fn = newCrdAjv().compile(rejectUnknownFields(crdSchema(kind)) as Schema);
        compiled.set(kind, fn);
    }
    return fn;
}

/** Schema errors of a `ray.io/v1` RayCluster or RayJob ("/spec/... message"); empty when valid. */
export function validateRayObject(object: Record<string, unknown>): string[] {
    const kind = object.kind;
    if (kind !== "RayCluster" && kind !== "RayJob")
        return [`/kind must be RayCluster or RayJob, got ${String(kind)}`];
    if (object.apiVersion !== "ray.io/v1")
        return [`/apiVersion must be ray.io/v1, got ${String(object.apiVersion)}`];
    const validate = validatorFor(kind);
    return validate(object) ? [] : errorLines(validate.errors);
}

/** ajv's errors as "/spec/... message (unknownField)" lines. */
export function errorLines(errors: ValidateFunction["errors"]): string[] {
    return (errors ?? []).map((e) => {
        const extra = e.params && "additionalProperty" in e.params ? ` (${e.params.additionalProperty})` : "";
        return `${e.instancePath || "/"} ${e.message}${extra}`;
    });
}

/** Kubernetes `PodTemplateSpec` errors of a pod template; empty when valid. */
export function validatePodTemplate(template: unknown): string[] {
    try {
        new PodTemplateSpec(template as ConstructorParameters<typeof PodTemplateSpec>[0]).validate();
        return [];
    } catch (err) {
        return [(err as Error).message];
    }
}

/** The pod templates of a RayCluster spec: the head's first, then one per worker group. */
export function podTemplatesOf(spec: Record<string, unknown>): { group: string; template: unknown }[] {
    const head = spec.headGroupSpec as { template: unknown };
    const workers = (spec.workerGroupSpecs as { groupName: string; template: unknown }[] | undefined) ?? [];
    return [
        { group: "head", template: head.template },
        ...workers.map((w) => ({ group: w.groupName, template: w.template })),
    ];
}
