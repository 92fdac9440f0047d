/**
 * Where a policy finding is fixed, in the author's language: the stack config key that controls
 * the checked setting, or, for settings no config key reaches (the program always sets them), the
 * component whose code does. The pack speaks the provider's language (`ebs: {…}`,
 * `endpointPublicAccess`); this table translates. test/automation/render/policy-fixes.spec.ts
 * keeps it complete: every policy of the pack has an entry, and every key is one the schema has.
 */

/** A fix in a stack file: the key (`<pool>`, `<name>` stand for the finding's pool or group). */
export interface ConfigFix {
    readonly program: "cluster" | "network";
    /** Config key as in `Pulumi.<stack>.yaml`, e.g. `rayops:nodePools.<pool>.encryptRootVolume`. */
    readonly key: string;
    /** What to do with it, one clause. */
    readonly action: string;
}

/** A setting the program always makes: only a code change breaks it. */
interface CodeFix {
    /** The components that set it, repository-relative. */
    readonly sources: readonly string[];
}

export type PolicyFix = ConfigFix | CodeFix;

const cluster = (key: string, action: string): ConfigFix => ({ program: "cluster", key, action });
const network = (key: string, action: string): ConfigFix => ({ program: "network", key, action });

export const POLICY_FIXES: Readonly<Record<string, PolicyFix>> = {
    "aws-resource-missing-required-tags": cluster(
        "rayops:owner",
        "set `rayops:owner` and `rayops:costCenter` (and the network stack's, for its resources)",
    ),
    "codebuild-project-enforce-private-runner": network(
        "rayops:ciRunner.timeoutMinutes",
        "keep it within the pack's `maxCodeBuildTimeoutMinutes`; the runner's VPC placement and privileges are the program's",
    ),
    "ec2-launchtemplate-disallow-public-ip": { sources: ["components/nodes/node-pool.ts"] },
    "ec2-launchtemplate-enable-volume-encryption": cluster(
        "rayops:nodePools.<pool>.encryptRootVolume",
        "remove `encryptRootVolume: false`",
    ),
    "ec2-launchtemplate-enforce-imdsv2": { sources: ["components/nodes/node-pool.ts"] },
    "ec2-securitygroup-disallow-cidr-api-ingress": cluster(
        "rayops:cluster.publicAccessCidrs",
        "reach the API from the in-VPC runners (`rayops:cluster.ciRunnerAccess`) instead of a CIDR",
    ),
    "ec2-subnet-disallow-public-ip-on-private-subnets": { sources: ["components/network/network.ts"] },
    "eks-cluster-disallow-public-endpoint-from-anywhere": cluster(
        "rayops:cluster.publicAccessCidrs",
        "list only your own CIDRs, never `0.0.0.0/0` or `::/0`; an empty list keeps the endpoint private",
    ),
    "eks-cluster-enable-control-plane-logging": { sources: ["components/cluster/cluster.ts"] },
    "eks-cluster-enable-secrets-encryption": { sources: ["components/cluster/cluster.ts"] },
    "eks-nodegroup-enforce-instance-type-allowlist": cluster(
        "rayops:nodePools.<pool>.instanceTypes",
        "choose types from the pack's allowlist (`allowedCpuInstanceTypes`, `allowedGpuInstanceTypes`)",
    ),
    "eks-nodegroup-missing-gpu-taint": { sources: ["components/nodes/scheduling.ts"] },
    "iam-role-configure-irsa-trust": { sources: ["components/iam/irsa.ts"] },
    "iam-rolepolicy-disallow-wildcard-actions": {
        sources: [
            "components/iam/irsa.ts",
            "components/storage/iam.ts",
            "components/karpenter/iam.ts",
            "components/ci-runner/iam.ts",
        ],
    },
    "karpenter-ec2nodeclass-enable-volume-encryption": cluster(
        "rayops:nodePools.<pool>.encryptRootVolume",
        "remove `encryptRootVolume: false`",
    ),
    "karpenter-ec2nodeclass-enforce-imdsv2": { sources: ["components/karpenter/manifest.ts"] },
    "karpenter-nodepool-enforce-instance-type-allowlist": cluster(
        "rayops:nodePools.<pool>.instanceTypes",
        "choose types from the pack's allowlist (`allowedCpuInstanceTypes`, `allowedGpuInstanceTypes`)",
    ),
    "karpenter-nodepool-missing-gpu-limit": cluster(
        "rayops:nodePools.gpu.maxSize",
        "set the GPU pool's `maxSize`, which becomes the NodePool's GPU limit",
    ),
    "karpenter-nodepool-missing-gpu-taint": { sources: ["components/karpenter/manifest.ts"] },
    "kms-key-enable-rotation": {
        sources: ["components/cluster/cluster.ts", "components/storage/storage.ts"],
    },
    "kubernetes-storageclass-enable-ebs-encryption": {
        sources: ["components/storage/storage.ts", "components/runners/runners.ts"],
    },
    "ray-raycluster-configure-replicas-within-pool": cluster(
        "rayops:ray.workerGroups.<name>.maxReplicas",
        "lower `maxReplicas`, or raise the pool's `rayops:nodePools.<pool>.maxSize`",
    ),
    "ray-raycluster-enforce-gpu-quota": cluster(
        "rayops:ray.workerGroups.<name>.maxReplicas",
        "lower `maxReplicas` or `gpus`, within the pack's `maxGpuNodes` × GPUs per node",
    ),
    "ray-raycluster-missing-resource-limits": cluster(
        "rayops:ray.workerGroups.<name>.cpu",
        "set the group's `cpu` and `memory`",
    ),
    "s3-bucket-disallow-public-access": { sources: ["components/storage/storage.ts"] },
    "s3-bucket-enable-kms-encryption": { sources: ["components/storage/storage.ts"] },
    "s3-bucket-enable-versioning": { sources: ["components/storage/storage.ts"] },
    "s3-bucket-enforce-tls-only": { sources: ["components/storage/storage.ts"] },
    "stack-enforce-node-limits": cluster(
        "rayops:nodePools.<pool>.maxSize",
        "lower the pools' `maxSize` so their sums stay within `maxCpuNodes`, `maxGpuNodes` and `maxRunnerNodes`",
    ),
};

/** The stack file of a report's stack: the network program's for `organization/rayops-network/<stack>`. */
export function stackFileOf(stack: string): string {
    const network = /^(?:[^/]+\/)?rayops-network\/([^/]+)$/.exec(stack);
    return network ? `network/Pulumi.${network[1]}.yaml` : `Pulumi.${stack.split("/").pop()}.yaml`;
}

/** The stack file a config fix goes into. */
export function fixFile(fix: ConfigFix, stack: string): string {
    const short = stack.split("/").pop()!;
    return fix.program === "network" ? `network/Pulumi.${short}.yaml` : `Pulumi.${short}.yaml`;
}

/** One sentence: where to fix a finding of `policy` on `stack`, or undefined for a policy not in the table. */
export function fixHint(policy: string, stack: string): string | undefined {
    const fix = POLICY_FIXES[policy];
    if (fix === undefined) return undefined;
    if ("sources" in fix) {
        return `No stack config sets this: the program does (${fix.sources.join(", ")}), so a change to that code caused it.`;
    }
    return `Fix in ${fixFile(fix, stack)}: ${fix.key}: ${fix.action}.`;
}

/** The documentation of `policy`, as a repository-relative link (docs/policies.md, generated). */
export function policyDocLink(policy: string): string {
    return `docs/policies.md#${policy}`;
}

const KEY_LINE = /^(\s*)(\S+?):(?:\s|$)/;

/**
 * The 1-based line of `key` in a stack file's text, or of its deepest ancestor written there
 * (1 when none is): `rayops:nodePools.<pool>.maxSize` finds `maxSize` under the pool whose name
 * is a dash-separated part of `resourceName` (`rayops-prod-gpu` → `gpu`), else stops at
 * `rayops:nodePools`. Read line by line from indentation, so it needs no YAML parser.
 */
export function keyLine(text: string, key: string, resourceName = ""): number {
    const lines = text.split(/\r?\n/);
    let line = 1;
    let from = 0;
    let parentIndent = -1;
    // The first segment keeps its namespace (`rayops:nodePools`); placeholders (`<pool>`) stay whole.
    // Stack files hold their keys under `config:`.
    for (const segment of ["config", ...key.split(".")]) {
        let found = -1;
        let indent = -1;
        for (let i = from; i < lines.length; i++) {
            const text = lines[i]!;
            if (text.trim() === "" || text.trim().startsWith("#")) continue;
            const m = KEY_LINE.exec(text);
            const own = text.length - text.trimStart().length;
            if (parentIndent >= 0 && own <= parentIndent) break;
            if (!m) continue;
            // Only the block's direct children: the first key sets the depth.
            if (indent === -1) indent = own;
            if (own !== indent) continue;
            const name = m[2]!.replace(/^["']|["']$/g, "");
            const wanted = segment.startsWith("<")
                ? new RegExp(`(^|-)${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(-|$)`).test(resourceName)
                : name === segment;
            if (wanted) {
                found = i;
                break;
            }
        }
        if (found < 0) return line;
        line = found + 1;
        from = found + 1;
        parentIndent = indent;
    }
    return line;
}
