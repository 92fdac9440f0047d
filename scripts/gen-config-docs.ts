/**
 * Writes docs/configuration.md from the one config schema (`platformConfigSchema` in
 * components/config.ts) and the policy pack's config schemas, so the reference cannot drift from
 * the code: test/docs/configuration.spec.ts fails when the committed file differs from what this
 * script renders, and when a key has no description.
 *
 *   node --require tsx/cjs scripts/gen-config-docs.ts           # rewrite docs/configuration.md
 *   node --require tsx/cjs scripts/gen-config-docs.ts --check   # exit 1 if it is out of date
 *
 * Types, defaults, bounds, patterns and enums come from the schema itself (through zod's JSON
 * Schema export, a public API, rather than zod's internals). Zod keeps no JSDoc at run time, so
 * descriptions come from the schema's own `.describe()`/`.meta()` when a key has one, else from
 * DESCRIPTIONS below. Rules that span several keys (config-checks.ts, ray-checks.ts) are prose.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { platformConfigSchema } from "../components/config";
import { INSTANCE_TYPES } from "../components/instance-types";
import { REGION_AZ_COUNT } from "../components/regions";
import { DEFAULT_CONFIG } from "../policypack/policies/config";
import { policies } from "../policypack/policies/index";

const ROOT = path.join(__dirname, "..");
export const CONFIG_DOC = path.join(ROOT, "docs", "configuration.md");

/** A JSON Schema node as `z.toJSONSchema` writes it (the parts read here). */
interface JsonSchema {
    readonly type?: string;
    readonly description?: string;
    readonly default?: unknown;
    readonly enum?: readonly unknown[];
    readonly pattern?: string;
    readonly format?: string;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly minLength?: number;
    readonly minItems?: number;
    readonly uniqueItems?: boolean;
    readonly items?: JsonSchema;
    readonly properties?: Readonly<Record<string, JsonSchema>>;
    readonly required?: readonly string[];
    readonly additionalProperties?: JsonSchema | boolean;
    readonly propertyNames?: JsonSchema;
}

/**
 * Descriptions by dotted path. `*` matches any one segment (the node pools share one shape);
 * `<name>` is the segment of a map entry (worker group names). Cross-field rules are stated here
 * because the schema cannot carry them.
 */
export const DESCRIPTIONS: Readonly<Record<string, string>> = {
    region: "AWS region of the stack; set `aws:region` to the same value. The zones are taken from the start of the region's zone letters.",
    environment: "The `environment` tag on every AWS resource.",
    repo: "`owner/name` of the GitHub repository that drives the stack (the `repo` tag).",
    owner: "The `owner` tag. Optional here, but the policy pack's `aws-resource-missing-required-tags` requires it.",
    costCenter:
        "The `cost-center` tag. Optional here, but the policy pack's `aws-resource-missing-required-tags` requires it.",
    commit: "The `commit` tag when `GITHUB_SHA` is not set (it is in the workflows); else `unknown`.",
    protected: "Refuse `rayops destroy` on this stack unless `--allow-prod` is given.",
    "network.cidr":
        "VPC CIDR; the prefix must be /16 to /20 so each zone gets a private and a public subnet.",
    "network.azCount": "Availability zones to spread subnets over; at most what the region offers.",
    "network.natGateways":
        "`single`: one NAT gateway (cheap; losing its zone cuts egress for all). `perAz`: one per zone.",
    "cluster.version":
        'EKS Kubernetes minor version, pinned (quote it in YAML: `"1.33"`); 1.30 or later. Upgrade one minor at a time (docs/runbooks/upgrade-eks.md).',
    "cluster.publicAccessCidrs":
        "CIDRs allowed to reach the public API endpoint. Empty keeps the endpoint private-only; `0.0.0.0/0` is refused by `eks-cluster-disallow-public-endpoint-from-anywhere`.",
    "cluster.adminRoleArn": "IAM role granted cluster admin through an EKS access entry.",
    "nodePools.runners.enabled": "Create the `runners` pool (self-hosted GitHub Actions runners).",
    "nodePools.*.instanceTypes":
        "Instance types the pool may launch, all of one kind: GPU types in `gpu`, CPU-only types elsewhere.",
    "nodePools.*.minSize": "Fewest nodes; 0 lets the pool scale from zero. Must be ≤ `maxSize`.",
    "nodePools.*.maxSize":
        "Most nodes. The sums across pools are capped by the policy pack (`maxCpuNodes`, `maxGpuNodes`, `maxRunnerNodes`).",
    "nodePools.*.desiredSize":
        "Initial size, within [`minSize`, `maxSize`]; defaults to `minSize`. After creation the node autoscaler owns the live value and `up` never resets it.",
    "nodePools.*.diskSizeGiB": "Root volume size in GiB (encrypted gp3).",
    "nodePools.*.capacityType": "On-demand or Spot capacity.",
    "nodePools.*.encryptRootVolume":
        "Opt-out of root volume encryption. `false` is refused by `ec2-launchtemplate-enable-volume-encryption`.",
    "nodePools.*.labels": "Extra node labels; `rayops.io/pool` and the GPU labels are always set.",
    "storage.checkpointRetentionDays": "Days before non-current versions in the artifacts bucket expire.",
    "storage.forceDestroyBucket": "Let `destroy` delete a non-empty artifacts bucket.",
    "addons.nodeAutoscaler": "Which controller adds and removes nodes.",
    "addons.clusterAutoscaler.chartVersion": "Helm chart version of the cluster-autoscaler.",
    "addons.clusterAutoscaler.imageTag":
        "cluster-autoscaler image tag; defaults to `v<cluster.version>.0`. Its minor must equal the cluster's.",
    "addons.clusterAutoscaler.expander": "How the cluster-autoscaler picks a node group to grow.",
    "addons.clusterAutoscaler.scaleDownUnneededTime":
        "How long a node must be unneeded before it is removed. Must lie between `ray.autoscaler.idleTimeoutSeconds` and 4× it (docs/autoscaling-timing.md).",
    "addons.clusterAutoscaler.scaleDownDelayAfterAdd": "No scale-down for this long after a scale-up.",
    "addons.clusterAutoscaler.balanceSimilarNodeGroups":
        "Keep similar node groups (e.g. per zone) the same size.",
    "addons.karpenter.chartVersion":
        "Helm chart version of Karpenter (when `nodeAutoscaler` is `karpenter`).",
    "addons.karpenter.consolidationPolicy":
        "`WhenEmpty` removes a node only once Ray has released it; `WhenEmptyOrUnderutilized` also replaces busy nodes, evicting running Ray workers.",
    "addons.karpenter.consolidateAfter":
        "How long a node stays empty before Karpenter removes it (after Ray's own idle timeout).",
    "addons.nvidiaDevicePlugin.chartVersion":
        "Helm chart version of the NVIDIA device plugin (GPU nodes only).",
    "addons.metricsServer.enabled": "Install metrics-server (on the system pool).",
    "ray.namespace":
        "Namespace of the RayCluster and its `ray` service account (IRSA role for the artifacts bucket).",
    "ray.operatorChartVersion": "Helm chart version of the KubeRay operator.",
    "ray.version": "Ray version of the images; the workload's requirements pin the same.",
    "ray.image": "Image of the head and of workers without GPUs.",
    "ray.gpuImage": "Image of GPU workers.",
    "ray.head.cpu":
        "Head CPU (requests = limits). With the autoscaler sidecar it must fit one node of the cpu pool.",
    "ray.head.memory": "Head memory (requests = limits).",
    "ray.head.storageGiB": "Persistent volume for the head's logs and state, GiB.",
    "ray.autoscaler.idleTimeoutSeconds":
        "Seconds a worker must be idle before Ray removes its pod; at least 60 so bursts keep their workers (docs/autoscaling-timing.md).",
    "ray.autoscaler.upscalingMode": "How fast the Ray autoscaler requests workers for pending work.",
    "ray.autoscaler.cpu": "CPU of the autoscaler sidecar in the head pod.",
    "ray.autoscaler.memory":
        "Memory of the autoscaler sidecar (its 512Mi default is known to OOM on large clusters).",
    "ray.workerGroups": "Ray worker groups by name; each scales between its min and max replicas.",
    "ray.workerGroups.<name>.pool": "Node pool that hosts the group's pods: `gpu` exactly when `gpus` > 0.",
    "ray.workerGroups.<name>.minReplicas":
        "Fewest workers; 0 scales the group from zero. Must be ≤ `maxReplicas`.",
    "ray.workerGroups.<name>.maxReplicas":
        "Most workers; at this count the pods must fit in the pool's `maxSize` nodes.",
    "ray.workerGroups.<name>.cpu": "CPU per worker pod (requests = limits); must fit a node of the pool.",
    "ray.workerGroups.<name>.memory":
        "Memory per worker pod (requests = limits); must fit a node of the pool.",
    "ray.workerGroups.<name>.gpus": "NVIDIA GPUs per worker pod.",
    "ray.prometheusOperator": "Create a PodMonitor for the Ray pods (needs the Prometheus Operator's CRDs).",
    "runners.enabled":
        "Deploy self-hosted GitHub Actions runners (Actions Runner Controller); needs `nodePools.runners.enabled` and the three `githubApp*` secrets.",
    "runners.githubConfigUrl":
        "Where runners register: `https://github.com/<org>` or `https://github.com/<org>/<repo>`.",
    "runners.scaleSetName": "The label workflows put in `runs-on:`; defaults to `<project>-<stack>`.",
    "runners.maxRunners": "Most runners at once; at most `nodePools.runners.maxSize`.",
    "runners.controllerChartVersion": "Version of both ARC charts (controller and scale set must match).",
    "runners.cpu": "CPU of each runner pod (requests = limits).",
    "runners.memory": "Memory of each runner pod (requests = limits).",
    "runners.workVolumeGiB": "Encrypted gp3 work volume of each runner, GiB.",
    "runners.prepareJobTimeoutSeconds":
        "How long a job waits for its pod; covers a runners node starting from zero.",
    githubAppId:
        "App ID of the runners' GitHub App (a separate App from rayops'; docs/github-app/permissions.md). Secret config: `pulumi config set --secret`.",
    githubAppInstallationId: "Installation id of the runners' GitHub App. Secret config.",
    githubAppPrivateKey: "Private key (PEM) of the runners' GitHub App. Secret config; never logged.",
};

/** Allowed values that the schema checks with a function (refine, cross-field rules), from the same data. */
const ALLOWED_OVERRIDES: Readonly<Record<string, () => string>> = {
    region: () => codeList(Object.keys(REGION_AZ_COUNT)),
    "nodePools.*.instanceTypes": () =>
        `CPU pools: ${codeList(catalogTypes(false))}; gpu pool: ${codeList(catalogTypes(true))}`,
};

/** One documented key. */
export interface ConfigRow {
    readonly path: string;
    readonly type: string;
    readonly defaultText: string;
    readonly allowed: string;
    readonly description: string | undefined;
}

function catalogTypes(gpu: boolean): string[] {
    return Object.keys(INSTANCE_TYPES).filter((t) => INSTANCE_TYPES[t]!.gpus > 0 === gpu);
}

function codeList(values: readonly unknown[]): string {
    return values.map((v) => code(typeof v === "string" ? v : JSON.stringify(v))).join(", ");
}

/** A code span that survives a Markdown table cell. */
function code(text: string): string {
    return `\`${text.replace(/\|/g, "\\|")}\``;
}

function matches(pattern: string, pathText: string): boolean {
    const want = pattern.split(".");
    const got = pathText.split(".");
    return want.length === got.length && want.every((seg, i) => seg === "*" || seg === got[i]);
}

/** The DESCRIPTIONS (or ALLOWED_OVERRIDES) entry for a path: an exact key first, then a wildcard. */
function lookup<T>(table: Readonly<Record<string, T>>, pathText: string): T | undefined {
    if (Object.hasOwn(table, pathText)) return table[pathText];
    const key = Object.keys(table).find((k) => k.includes("*") && matches(k, pathText));
    return key === undefined ? undefined : table[key];
}

const SAFE_INT = Number.MAX_SAFE_INTEGER;

function isMap(s: JsonSchema): boolean {
    return s.type === "object" && !s.properties && typeof s.additionalProperties === "object";
}

function typeText(s: JsonSchema): string {
    if (s.type === "array") return `list of ${s.items ? typeText(s.items) : "any"}`;
    if (isMap(s)) {
        const value = s.additionalProperties as JsonSchema;
        return `map of ${value.properties ? "objects" : typeText(value)}`;
    }
    if (s.format === "cidrv4") return "IPv4 CIDR";
    return s.type ?? "any";
}

function allowedText(s: JsonSchema): string {
    const parts: string[] = [];
    if (s.type === "boolean") parts.push("`true`, `false`");
    if (s.format === "cidrv4") parts.push("such as `10.0.0.0/16`");
    if (s.enum) parts.push(codeList(s.enum));
    const min = s.minimum !== undefined && s.minimum > -SAFE_INT ? s.minimum : undefined;
    const max = s.maximum !== undefined && s.maximum < SAFE_INT ? s.maximum : undefined;
    if (min !== undefined && max !== undefined) parts.push(`${min} to ${max}`);
    else if (min !== undefined) parts.push(`≥ ${min}`);
    else if (max !== undefined) parts.push(`≤ ${max}`);
    // A CIDR's pattern is the format itself; showing it would only add noise.
    if (s.pattern && s.format !== "cidrv4") parts.push(`matches ${code(s.pattern)}`);
    if (s.minLength === 1) parts.push("non-empty");
    if (s.minItems !== undefined) parts.push(`at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}`);
    if (s.type === "array" && s.items) {
        const inner = allowedText(s.items);
        if (inner) parts.push(`each: ${inner}`);
    }
    if (isMap(s) && s.propertyNames?.pattern) parts.push(`names match ${code(s.propertyNames.pattern)}`);
    return parts.join("; ");
}

/** How a key's absence reads: its default, or why it has none. */
interface Presence {
    /** The nearest ancestor that is optional without a default ("" when none). */
    readonly optionalAncestor: string;
    /** A default inherited from an ancestor's default object, if the ancestor's default names this key. */
    readonly inherited: { readonly from: string; readonly value: unknown } | undefined;
}

function defaultText(s: JsonSchema, required: boolean, presence: Presence): string {
    if (s.default !== undefined) return code(JSON.stringify(s.default));
    if (presence.inherited) {
        return `${code(JSON.stringify(presence.inherited.value))} when ${code(presence.inherited.from)} is omitted; else required`;
    }
    if (!required) return "none (optional)";
    if (presence.optionalAncestor) return `required when ${code(presence.optionalAncestor)} is set`;
    return "required";
}

function childPresence(
    parent: Presence,
    parentPath: string,
    parentSchema: JsonSchema,
    parentRequired: boolean,
    key: string,
): Presence {
    let inherited = parent.inherited
        ? lookupDefault(parent.inherited.value, key, parent.inherited.from)
        : undefined;
    const d = parentSchema.default;
    if (d !== null && typeof d === "object" && key in d) {
        inherited = { from: parentPath, value: (d as Record<string, unknown>)[key] };
    }
    const optionalHere = !parentRequired && parentSchema.default === undefined;
    return {
        optionalAncestor: parent.optionalAncestor || (optionalHere ? parentPath : ""),
        inherited,
    };
}

function lookupDefault(value: unknown, key: string, from: string): Presence["inherited"] {
    if (value === null || typeof value !== "object" || !(key in value)) return undefined;
    return { from, value: (value as Record<string, unknown>)[key] };
}

function deepEqual(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Every documented key of the stack config, in schema order. Sibling objects of identical shape
 * (the system, cpu and gpu pools) are shown once as `parent.{a,b,c}.key`; a map of objects is
 * shown once as `parent.<name>.key`.
 */
export function configRows(schema: JsonSchema = stackJsonSchema()): ConfigRow[] {
    const rows: ConfigRow[] = [];
    const walk = (
        s: JsonSchema,
        pathText: string,
        required: boolean,
        presence: Presence,
        lookupPath: string,
    ) => {
        const isObject = s.type === "object" && s.properties !== undefined;
        if (isObject) {
            const requiredKeys = new Set(s.required ?? []);
            for (const group of groupIdentical(s.properties!)) {
                const key = group.length === 1 ? group[0]! : `{${group.join(",")}}`;
                const child = s.properties![group[0]!]!;
                const childPath = pathText ? `${pathText}.${key}` : key;
                const childLookup = lookupPath ? `${lookupPath}.${group[0]}` : group[0]!;
                walk(
                    child,
                    childPath,
                    requiredKeys.has(group[0]!),
                    childPresence(presence, pathText, s, required, group[0]!),
                    childLookup,
                );
            }
            return;
        }
        rows.push({
            path: pathText,
            type: typeText(s),
            defaultText: defaultText(s, required, presence),
            allowed: lookup(ALLOWED_OVERRIDES, lookupPath)?.() ?? allowedText(s),
            description: s.description ?? lookup(DESCRIPTIONS, lookupPath),
        });
        const value = isMap(s) ? (s.additionalProperties as JsonSchema) : undefined;
        if (value?.properties) {
            walk(
                value,
                `${pathText}.<name>`,
                true,
                { optionalAncestor: "", inherited: undefined },
                `${lookupPath}.<name>`,
            );
        }
    };
    walk(schema, "", true, { optionalAncestor: "", inherited: undefined }, "");
    return rows;
}

/** Keys whose schemas are identical objects, grouped (in first-seen order); others alone. */
function groupIdentical(properties: Readonly<Record<string, JsonSchema>>): string[][] {
    const groups: string[][] = [];
    for (const key of Object.keys(properties)) {
        const s = properties[key]!;
        const same =
            s.type === "object" && s.properties
                ? groups.find((g) => deepEqual(properties[g[0]!], s))
                : undefined;
        if (same) same.push(key);
        else groups.push([key]);
    }
    return groups;
}

export function stackJsonSchema(): JsonSchema {
    return z.toJSONSchema(platformConfigSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** The policy pack's settings: key → schema and the policies that read it. */
function packRows(): { key: string; schema: JsonSchema; readBy: string[] }[] {
    const byKey = new Map<string, { key: string; schema: JsonSchema; readBy: string[] }>();
    for (const p of policies) {
        const props = (p.configSchema?.properties ?? {}) as Record<string, JsonSchema>;
        for (const [key, schema] of Object.entries(props)) {
            const row = byKey.get(key) ?? { key, schema, readBy: [] };
            row.readBy.push(p.name);
            byKey.set(key, row);
        }
    }
    const order = Object.keys(DEFAULT_CONFIG);
    return [...byKey.values()].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
    const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
    return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The whole page, as committed. */
export function generateConfigDocs(): string {
    const rows = configRows();
    const sections = new Map<string, ConfigRow[]>();
    for (const row of rows) {
        const top = row.path.includes(".") ? row.path.split(".")[0]! : "";
        sections.set(top, [...(sections.get(top) ?? []), row]);
    }
    const out: string[] = [
        "# Configuration reference",
        "",
        "<!-- Generated by scripts/gen-config-docs.ts from components/config.ts and the policy pack. Do not edit:",
        "     run `node --require tsx/cjs scripts/gen-config-docs.ts`. test/docs/configuration.spec.ts checks it. -->",
        "",
        "A stack's settings live in `Pulumi.<stack>.yaml` under the `rayops:` namespace; the table paths",
        "below leave the namespace out (`network.cidr` is the `cidr` field of `rayops:network`). The",
        "program and the CLI validate them with one schema (`components/config.ts`) and report every",
        "problem at once, each naming the key, the value and what is allowed; `rayops plan` then exits",
        "with code 5. Try a change offline with `rayops plan --stack <name>`.",
        "",
        "Besides the per-key rules below, the configuration must be consistent as a whole",
        "(`components/config-checks.ts`, `components/ray-checks.ts`): `minSize` ≤ `maxSize` and",
        "`desiredSize` between them; GPU instance types only in the gpu pool; every worker pod fits a node",
        "of its pool and `maxReplicas` pods fit in `maxSize` nodes; the Ray head and its autoscaler",
        "sidecar fit a node of the cpu pool; the cluster-autoscaler's scale-down time lies between the Ray",
        "idle timeout and four times it.",
        "",
    ];
    for (const [top, sectionRows] of sections) {
        out.push(top ? `## \`rayops:${top}\`` : "## Top-level keys", "");
        out.push(
            table(
                ["Key", "Type", "Default", "Allowed", "Description"],
                sectionRows.map((r) => [
                    code(r.path),
                    r.type,
                    r.defaultText,
                    r.allowed || "any",
                    r.description ?? "**undocumented**",
                ]),
            ),
            "",
        );
    }
    out.push(
        "## Policy pack settings",
        "",
        "The policy pack (`policypack/`) reads these settings; `rayops plan --policy-config <file>` takes a",
        "JSON object of overrides, and a published pack takes them as CrossGuard policy config.",
        "",
        table(
            ["Key", "Type", "Default", "Read by", "Description"],
            packRows().map((r) => [
                code(r.key),
                typeText(r.schema),
                r.schema.type === "array"
                    ? codeList((r.schema.default as unknown[]) ?? [])
                    : code(JSON.stringify(r.schema.default)),
                r.readBy.map(code).join(", "),
                r.schema.description ?? "**undocumented**",
            ]),
        ),
        "",
    );
    return out.join("\n");
}

if (require.main === module) {
    const text = generateConfigDocs();
    if (process.argv.includes("--check")) {
        const current = fs.existsSync(CONFIG_DOC) ? fs.readFileSync(CONFIG_DOC, "utf8") : "";
        if (current !== text) {
            console.error(
                `${path.relative(ROOT, CONFIG_DOC)} is out of date: run node --require tsx/cjs scripts/gen-config-docs.ts`,
            );
            process.exitCode = 1;
        }
    } else {
        fs.writeFileSync(CONFIG_DOC, text);
        console.log(`wrote ${path.relative(ROOT, CONFIG_DOC)}`);
    }
}
