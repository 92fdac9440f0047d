/**
 * The one schema of a rayops stack's configuration and the types it yields. `Pulumi.<stack>.yaml`
 * is read once (raw.ts), validated against this schema and the cross-field checks (parse.ts), and
 * the typed `PlatformConfig` is passed down to every component and to the CLI.
 */
import { z } from "zod";
import { parseCidr } from "../../policypack/lib/cidr";
import { isKnownInstanceType } from "../../policypack/lib/instance-types";
import { eksVersionError } from "../cluster/eks-versions";
import { ZONE_ID } from "../network/zones";
import type { NodePoolName } from "../nodes/scheduling";
import { DEFAULT_PREPARE_JOB_TIMEOUT_SECONDS, GITHUB_CONFIG_URL, SCALE_SET_NAME } from "../runners/values";
import { parseCpu, parseMemoryGiB } from "./quantity";

/** Kubernetes quantity strings as Ray and the kubelet accept them: "500m", "4", "16Gi"; never zero. */
const cpuQuantity = z
    .string()
    .regex(/^\d+(\.\d+)?m?$/, { message: 'a CPU quantity such as "500m" or "4"' })
    .refine((q) => parseCpu(q) > 0, { message: 'more than 0 CPU, such as "500m" or "4"' });
const memoryQuantity = z
    .string()
    .regex(/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/, { message: 'a memory quantity such as "512Mi" or "16Gi"' })
    .refine((q) => parseMemoryGiB(q) > 0, { message: 'more than 0 memory, such as "512Mi" or "16Gi"' });
/** Go durations as the cluster-autoscaler and Karpenter read them; at least one part, never empty. */
const duration = z
    .string()
    .regex(/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/, { message: 'a duration such as "10m" or "1h30m" (not empty)' });

// AWS tags: keys up to 128 characters, values up to 256 (AWS Tagging Best Practices, "Tag naming
// limits and requirements", read 2026-12-01). Stack values become tag values.
const tagValue = z.string().min(1).max(256, { message: "at most 256 characters (an AWS tag value)" });

// Kubernetes label syntax (k8s.io/apimachinery validation: IsQualifiedName, IsValidLabelValue).
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A DNS-1123 label: what a Kubernetes namespace name must be. */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isLabelKey(key: string): boolean {
    const slash = key.lastIndexOf("/");
    const prefix = slash < 0 ? undefined : key.slice(0, slash);
    const name = slash < 0 ? key : key.slice(slash + 1);
    if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) return false;
    return prefix === undefined || (prefix.length <= 253 && DNS_1123_SUBDOMAIN.test(prefix));
}

export function isLabelValue(value: string): boolean {
    return value === "" || (value.length <= 63 && LABEL_NAME.test(value));
}

/**
 * At most 20 extra labels per pool: each becomes a cluster-autoscaler node-template tag on the
 * pool's Auto Scaling group, which holds at most 50 tags (Amazon EC2 Auto Scaling quotas, read
 * 2026-12-01), beside rayops's own label, taint and resource tags.
 */
export const MAX_POOL_LABELS = 20;
const labels = z
    .record(
        z.string().refine(isLabelKey, {
            message:
                'a Kubernetes label key: [prefix/]name, the name up to 63 of A-Z a-z 0-9 - _ . (e.g. "team" or "acme.com/team")',
        }),
        z.string().refine(isLabelValue, {
            message:
                "a Kubernetes label value: up to 63 of A-Z a-z 0-9 - _ ., starting and ending alphanumeric",
        }),
    )
    .refine((l) => Object.keys(l).length <= MAX_POOL_LABELS, {
        message: `at most ${MAX_POOL_LABELS} labels (each becomes a tag on the pool's Auto Scaling group, which holds 50)`,
    });

const unique = <T>(items: readonly T[]) => new Set(items).size === items.length;

const instanceType = z.string().refine(isKnownInstanceType, {
    message: "an instance type from the catalog in policypack/lib/instance-types.ts",
});

const poolShape = {
    /** Instance types the pool may launch; all must be of one kind (CPU-only or GPU). */
    instanceTypes: z
        .array(instanceType)
        .min(1)
        .refine(unique, { message: "each instance type once (a duplicate was listed)" }),
    minSize: z.int().min(0),
    maxSize: z.int().min(1),
    /** @default minSize — the cluster-autoscaler owns the live value after creation. */
    desiredSize: z.int().min(0).optional(),
    /** Root volume size in GiB. @default 100 */
    diskSizeGiB: z.int().min(20).max(16384).default(100),
    /** @default ON_DEMAND */
    capacityType: z.enum(["ON_DEMAND", "SPOT"]).default("ON_DEMAND"),
    /** Opt-out of root volume encryption; the policy pack rejects `false` unless its config allows it. @default true */
    encryptRootVolume: z.boolean().default(true),
    /** Extra node labels. */
    labels: labels.default({}),
};
const poolSchema = z.strictObject(poolShape);
const optionalPoolSchema = z.strictObject({ enabled: z.boolean().default(false), ...poolShape });

const workerGroupSchema = z.strictObject({
    /** The node pool that hosts this group's pods. */
    pool: z.enum(["cpu", "gpu"]),
    minReplicas: z.int().min(0),
    maxReplicas: z.int().min(0),
    cpu: cpuQuantity,
    memory: memoryQuantity,
    /** NVIDIA GPUs per worker pod. @default 0 */
    gpus: z.int().min(0).default(0),
});

/**
 * What every program of a stack carries: where it runs, and the values its default tags take
 * (components/config/tags.ts). The cluster program and the network program (network/) share it.
 */
export const stackIdentityShape = {
    /** AWS region of the stack (also `aws:region`). */
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: "an AWS region such as us-west-2" }),
    environment: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, { message: "lower-case letters, digits and -" }),
    /** `owner/name` of the GitHub repository that drives the stack (the `repo` tag). */
    repo: z
        .string()
        .max(256, { message: "at most 256 characters (an AWS tag value)" })
        .regex(/^[\w.-]+\/[\w.-]+$/, { message: "owner/name" }),
    /** The `owner` tag; the policy pack requires it. */
    owner: tagValue.optional(),
    /** The `cost-center` tag; the policy pack requires it. */
    costCenter: tagValue.optional(),
    /** The `commit` tag when `GITHUB_SHA` is not set. @default "unknown" */
    commit: tagValue.optional(),
    /** Protects the stack from `rayops destroy` without `--allow-prod`. @default false */
    protected: z.boolean().default(false),
};

/** The VPC the network program (network/) creates for a stack. */
export const networkSchema = z
    .strictObject({
        cidr: z
            .cidrv4({ message: "an IPv4 CIDR such as 10.0.0.0/16" })
            .refine((c) => !parseCidr(c)?.hostBitsSet, {
                message: "a network address with no host bits set, such as 10.0.0.0/16 (not 10.0.0.1/16)",
            }),
        /**
         * 2 or 3 zones: the first the account offers that EKS supports and that offer every
         * configured instance type (components/network/zones.ts).
         */
        azCount: z.int().min(2).max(3).default(2),
        /**
         * Physical zones to use, by zone id (`use1-az4`), exactly `azCount` of them. Zone letters
         * differ per account; ids do not. @default chosen from the account's zones
         */
        zoneIds: z
            .array(z.string().regex(ZONE_ID, { message: 'a zone id such as "use1-az4"' }))
            .refine((ids) => new Set(ids).size === ids.length, { message: "each zone id once" })
            .optional(),
        /** `single` NAT gateway (cheap, one AZ's failure cuts egress) or one per AZ. @default single */
        natGateways: z.enum(["single", "perAz"]).default("single"),
        /**
         * Instance types every chosen zone must offer: the cluster stack's pools. The cluster
         * program checks its own pools against the network's zones again. @default []
         */
        instanceTypes: z
            .array(z.string().refine(isKnownInstanceType, { message: "an instance type rayops knows" }))
            .default([]),
    })
    .superRefine((n, ctx) => {
        if (n.zoneIds && n.zoneIds.length !== n.azCount) {
            ctx.addIssue({
                code: "custom",
                path: ["zoneIds"],
                message: `exactly network.azCount (${n.azCount}) zone ids, one per zone the subnets span`,
            });
        }
    })
    .default({ cidr: "10.0.0.0/16", azCount: 2, natGateways: "single", instanceTypes: [] });

export const platformConfigSchema = z.strictObject({
    ...stackIdentityShape,
    /**
     * The network program's stack whose VPC this stack's cluster goes into (a StackReference).
     * @default "organization/rayops-network/<stack>"
     */
    networkStack: z
        .string()
        .regex(/^[\w.-]+\/[\w.-]+\/[\w.-]+$/, { message: "organization/project/stack" })
        .optional(),
    cluster: z.strictObject({
        /** EKS Kubernetes version, pinned: "1.33". */
        version: z
            .string()
            .regex(/^1\.\d{2}$/, { message: 'a Kubernetes minor version such as "1.33"' })
            .superRefine((version, ctx) => {
                const problem = /^1\.\d{2}$/.test(version) ? eksVersionError(version) : undefined;
                if (problem) ctx.addIssue({ code: "custom", message: problem });
            }),
        /**
         * Let the network stack's CodeBuild runners reach the API on 443 (its `runnerSecurityGroupId`
         * output); the deploy workflows run there. Off only for a network stack without runners.
         * @default true
         */
        ciRunnerAccess: z.boolean().default(true),
        /** CIDRs allowed to reach the public API endpoint; empty keeps the endpoint private-only. @default [] */
        publicAccessCidrs: z.array(z.cidrv4({ message: "an IPv4 CIDR such as 203.0.113.0/24" })).default([]),
        /** IAM role ARN granted cluster admin through an EKS access entry. */
        adminRoleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, {
            message: "an IAM role ARN",
        }),
    }),
    nodePools: z.strictObject({
        system: poolSchema,
        cpu: poolSchema,
        gpu: poolSchema,
        runners: optionalPoolSchema.optional(),
    }),
    storage: z
        .strictObject({
            /** Days before non-current checkpoint versions in the artifacts bucket expire. @default 30 */
            checkpointRetentionDays: z.int().min(1).max(3650).default(30),
            /** Lets `destroy` delete a non-empty bucket. @default false */
            forceDestroyBucket: z.boolean().default(false),
        })
        .default({ checkpointRetentionDays: 30, forceDestroyBucket: false }),
    addons: z
        .strictObject({
            /** @default cluster-autoscaler */
            nodeAutoscaler: z.enum(["cluster-autoscaler", "karpenter"]).default("cluster-autoscaler"),
            clusterAutoscaler: z
                .strictObject({
                    /**
                     * Chart of kubernetes/autoscaler; 9.59.0 (tag cluster-autoscaler-chart-9.59.0,
                     * 2026-07-21, appVersion 1.35.0, read 2026-12-01) is the newest, and 9.54.0 the
                     * first whose ClusterRole lets the 1.35 autoscaler list the resource.k8s.io
                     * objects its always-on DRA support waits for at start.
                     */
                    chartVersion: z.string().default("9.59.0"),
                    /** @default "v<cluster version>.0": its minor must match the cluster's. */
                    imageTag: z
                        .string()
                        .regex(/^v1\.\d{2}\.\d+$/, { message: 'a tag such as "v1.33.0"' })
                        .optional(),
                    /**
                     * `price` works on GCE, GKE and Equinix Metal only, and `priority` reads a
                     * priorities ConfigMap rayops does not write (cluster-autoscaler FAQ at
                     * cluster-autoscaler-1.35.0, read 2026-12-01); neither is offered. @default least-waste
                     */
                    expander: z.enum(["least-waste", "random", "most-pods"]).default("least-waste"),
                    scaleDownUnneededTime: duration.default("10m"),
                    scaleDownDelayAfterAdd: duration.default("10m"),
                    balanceSimilarNodeGroups: z.boolean().default(true),
                })
                .prefault({}),
            karpenter: z
                .strictObject({
                    /** Chart of oci://public.ecr.aws/karpenter/karpenter; 1.12.1 released 2026-05-12
                     * (https://artifacthub.io/packages/helm/aws-karpenter/karpenter, read 2026-11-25). */
                    chartVersion: z.string().default("1.12.1"),
                    /**
                     * `WhenEmptyOrUnderutilized` also replaces busy nodes, evicting running Ray workers
                     * (a lost training step); `WhenEmpty` removes a node only once Ray has let it go.
                     * @default WhenEmpty
                     */
                    consolidationPolicy: z
                        .enum(["WhenEmpty", "WhenEmptyOrUnderutilized"])
                        .default("WhenEmpty"),
                    /**
                     * How long a node stays empty before Karpenter removes it. Ray already waited
                     * `ray.autoscaler.idleTimeoutSeconds` before freeing it, so this only bridges the
                     * gap to the next burst: an idle node costs at most the sum of both. @default "1m"
                     */
                    consolidateAfter: duration.default("1m"),
                    /**
                     * Create the account's EC2 Spot service-linked role when a pool is SPOT. Set
                     * false where the account has it already (another stack made it, or AWS
                     * did): IAM refuses a second one. @default true
                     */
                    createSpotServiceLinkedRole: z.boolean().default(true),
                })
                .prefault({}),
            /** NVIDIA/k8s-device-plugin chart; v0.20.0 released 2026-08-19 (read 2026-12-01). */
            nvidiaDevicePlugin: z.strictObject({ chartVersion: z.string().default("0.20.0") }).prefault({}),
            metricsServer: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
        })
        .prefault({}),
    ray: z.strictObject({
        namespace: z
            .string()
            .max(63, { message: "at most 63 characters (a Kubernetes namespace)" })
            .regex(DNS_1123_LABEL, {
                message: 'a Kubernetes namespace: lower-case letters, digits and "-", e.g. "ray"',
            })
            .default("ray"),
        operatorChartVersion: z.string().default("1.7.0"),
        /** Ray version of the images; the workload's requirements pin the same. */
        version: z.string().regex(/^2\.\d+\.\d+$/, { message: 'a Ray 2.x version such as "2.60.0"' }),
        image: z.string().min(1),
        gpuImage: z.string().min(1),
        head: z.strictObject({
            cpu: cpuQuantity,
            memory: memoryQuantity,
            /** Persistent volume for logs and state, GiB. @default 50 */
            storageGiB: z.int().min(1).max(16384).default(50),
        }),
        autoscaler: z
            .strictObject({
                /** Seconds a worker must be idle before Ray removes it. @default 300 */
                idleTimeoutSeconds: z.int().min(10).max(86400).default(300),
                upscalingMode: z.enum(["Default", "Aggressive", "Conservative"]).default("Default"),
                cpu: cpuQuantity.default("500m"),
                /** The autoscaler's 512Mi default is known to OOM on large clusters. @default "1Gi" */
                memory: memoryQuantity.default("1Gi"),
            })
            .prefault({}),
        workerGroups: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,40}$/), workerGroupSchema),
        /** Create ServiceMonitor/PodMonitor objects (needs the Prometheus Operator's CRDs). @default false */
        prometheusOperator: z.boolean().default(false),
    }),
    /** Self-hosted GitHub Actions runners (Actions Runner Controller); see docs/runners.md. */
    runners: z
        .strictObject({
            /** Needs `nodePools.runners.enabled` and the three `githubApp*` secrets. @default false */
            enabled: z.boolean().default(false),
            /** Where runners register: `https://github.com/<org>` or `https://github.com/<org>/<repo>`. */
            githubConfigUrl: z
                .string()
                .regex(GITHUB_CONFIG_URL, {
                    message: "https://github.com/<org> or https://github.com/<org>/<repo>",
                })
                .optional(),
            /** The name workflows put in `runs-on:`. @default "<project>-<stack>" */
            scaleSetName: z
                .string()
                .regex(SCALE_SET_NAME, { message: "1-45 lower-case letters, digits and -" })
                .optional(),
            /** Most runners at once; at most `nodePools.runners.maxSize`. @default 10 */
            maxRunners: z.int().min(1).default(10),
            /**
             * ARC's charts, both pinned to this version: ARC supports only a controller and scale sets
             * of the same version. 0.14.2 is the current release (issue 9, 2026-11-25).
             */
            controllerChartVersion: z
                .string()
                .regex(/^\d+\.\d+\.\d+$/, { message: 'a chart version such as "0.14.2"' })
                .default("0.14.2"),
            /** Request and limit of each runner; reserves its node's share for the job pod. @default "2" */
            cpu: cpuQuantity.default("2"),
            /** @default "4Gi" */
            memory: memoryQuantity.default("4Gi"),
            /** Encrypted gp3 work volume of each runner, GiB. @default 20 */
            workVolumeGiB: z.int().min(1).max(16384).default(20),
            /** Covers a runners node cold-starting from zero (the runner's default is 600). @default 900 */
            prepareJobTimeoutSeconds: z.int().min(60).max(3600).default(DEFAULT_PREPARE_JOB_TIMEOUT_SECONDS),
        })
        .prefault({}),
    /** The runners' GitHub App, secret config (`pulumi config set --secret`); required with runners. */
    githubAppId: z.string().min(1).optional(),
    githubAppInstallationId: z.string().min(1).optional(),
    githubAppPrivateKey: z.string().min(1).optional(),
});

export type PlatformConfigInput = z.input<typeof platformConfigSchema>;
type Parsed = z.output<typeof platformConfigSchema>;
export type NodePoolConfig = z.output<typeof poolSchema> & { readonly enabled?: boolean };
export type WorkerGroupConfig = z.output<typeof workerGroupSchema>;

/** A validated, defaulted stack configuration. */
export type PlatformConfig = Parsed & {
    readonly stack: string;
    readonly project: string;
    /** The node pools the stack creates (runners only when enabled), with desired sizes resolved. */
    readonly pools: ReadonlyArray<{ readonly name: NodePoolName } & NodePoolConfig & { desiredSize: number }>;
};

export type { Parsed as ParsedPlatformConfig };
