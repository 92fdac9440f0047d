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
    instanceTypes: z
        .array(instanceType)
        .min(1)
        .refine(unique, { message: "each instance type once (a duplicate was listed)" })
        .meta({
            description:
                "Instance types the pool may launch, all of one kind: GPU types in `gpu`, CPU-only types elsewhere.",
        }),
    minSize: z
        .int()
        .min(0)
        .meta({ description: "Fewest nodes; 0 lets the pool scale from zero. Must be ≤ `maxSize`." }),
    maxSize: z.int().min(1).meta({
        description:
            "Most nodes. The sums across pools are capped by the policy pack (`maxCpuNodes`, `maxGpuNodes`, `maxRunnerNodes`).",
    }),
    desiredSize: z.int().min(0).optional().meta({
        description:
            "Initial size, within [`minSize`, `maxSize`]; defaults to `minSize`. After creation the node autoscaler owns the live value and `up` never resets it.",
    }),
    diskSizeGiB: z
        .int()
        .min(20)
        .max(16384)
        .default(100)
        .meta({ description: "Root volume size in GiB (encrypted gp3)." }),
    capacityType: z
        .enum(["ON_DEMAND", "SPOT"])
        .default("ON_DEMAND")
        .meta({ description: "On-demand or Spot capacity." }),
    /** The policy pack's config can allow `false`. */
    encryptRootVolume: z.boolean().default(true).meta({
        description:
            "Opt-out of root volume encryption. `false` is refused by `ec2-launchtemplate-enable-volume-encryption`.",
    }),
    labels: labels
        .default({})
        .meta({ description: "Extra node labels; `rayops.io/pool` and the GPU labels are always set." }),
};
const poolSchema = z.strictObject(poolShape);
const optionalPoolSchema = z.strictObject({
    enabled: z
        .boolean()
        .default(false)
        .meta({ description: "Create the `runners` pool (self-hosted GitHub Actions runners)." }),
    ...poolShape,
});

const workerGroupSchema = z.strictObject({
    pool: z
        .enum(["cpu", "gpu"])
        .meta({ description: "Node pool that hosts the group's pods: `gpu` exactly when `gpus` > 0." }),
    minReplicas: z
        .int()
        .min(0)
        .meta({ description: "Fewest workers; 0 scales the group from zero. Must be ≤ `maxReplicas`." }),
    maxReplicas: z.int().min(0).meta({
        description: "Most workers; at this count the pods must fit in the pool's `maxSize` nodes.",
    }),
    cpu: cpuQuantity.meta({
        description: "CPU per worker pod (requests = limits); must fit a node of the pool.",
    }),
    memory: memoryQuantity.meta({
        description: "Memory per worker pod (requests = limits); must fit a node of the pool.",
    }),
    gpus: z.int().min(0).default(0).meta({ description: "NVIDIA GPUs per worker pod." }),
});

/**
 * What every program of a stack carries: where it runs, and the values its default tags take
 * (components/config/tags.ts). The cluster program and the network program (network/) share it.
 */
export const stackIdentityShape = {
    region: z
        .string()
        .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: "an AWS region such as us-west-2" })
        .meta({
            description:
                "AWS region of the stack; set `aws:region` to the same value. The zones are chosen from what the account offers (`network.zoneIds` pins them).",
        }),
    environment: z
        .string()
        .regex(/^[a-z][a-z0-9-]{0,30}$/, { message: "lower-case letters, digits and -" })
        .meta({ description: "The `environment` tag on every AWS resource." }),
    repo: z
        .string()
        .max(256, { message: "at most 256 characters (an AWS tag value)" })
        .regex(/^[\w.-]+\/[\w.-]+$/, { message: "owner/name" })
        .meta({
            description: "`owner/name` of the GitHub repository that drives the stack (the `repo` tag).",
        }),
    owner: tagValue.optional().meta({
        description:
            "The `owner` tag. Optional here, but the policy pack's `aws-resource-missing-required-tags` requires it.",
    }),
    costCenter: tagValue.optional().meta({
        description:
            "The `cost-center` tag. Optional here, but the policy pack's `aws-resource-missing-required-tags` requires it.",
    }),
    commit: tagValue.optional().meta({
        description:
            "The `commit` tag when `GITHUB_SHA` is not set (it is in the workflows); else `unknown`.",
    }),
    protected: z
        .boolean()
        .default(false)
        .meta({ description: "Refuse `rayops destroy` on this stack unless `--allow-prod` is given." }),
};

/** The VPC the network program (network/) creates for a stack. */
export const networkSchema = z
    .strictObject({
        cidr: z
            .cidrv4({ message: "an IPv4 CIDR such as 10.0.0.0/16" })
            .refine((c) => !parseCidr(c)?.hostBitsSet, {
                message: "a network address with no host bits set, such as 10.0.0.0/16 (not 10.0.0.1/16)",
            })
            .meta({
                description:
                    "VPC CIDR; the prefix must be /16 to /20 so each zone gets a private and a public subnet.",
            }),
        /** The zones are chosen in components/network/zones.ts. */
        azCount: z.int().min(2).max(3).default(2).meta({
            description:
                "Availability zones to spread subnets over: the first the account offers that EKS supports and that offer every configured instance type; at most what the region offers.",
        }),
        /** @default chosen from the account's zones */
        zoneIds: z
            .array(z.string().regex(ZONE_ID, { message: 'a zone id such as "use1-az4"' }))
            .refine((ids) => new Set(ids).size === ids.length, { message: "each zone id once" })
            .optional()
            .meta({
                description:
                    "Physical zones to use, by zone id (`use1-az4`), exactly `network.azCount` of them; zone letters differ per account, ids do not.",
            }),
        natGateways: z.enum(["single", "perAz"]).default("single").meta({
            description:
                "`single`: one NAT gateway (cheap; losing its zone cuts egress for all). `perAz`: one per zone.",
        }),
        instanceTypes: z
            .array(z.string().refine(isKnownInstanceType, { message: "an instance type rayops knows" }))
            .default([])
            .meta({
                description:
                    "Instance types every chosen zone must offer: the cluster stack's pools (the cluster program checks its own again).",
            }),
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
    /** @default `defaultNetworkStack(stack)` in network-program.ts */
    networkStack: z
        .string()
        .regex(/^[\w.-]+\/[\w.-]+\/[\w.-]+$/, { message: "organization/project/stack" })
        .optional()
        .meta({
            description:
                "The network program's stack whose VPC and CI runners this stack uses, as a StackReference name.",
        }),
    cluster: z.strictObject({
        version: z
            .string()
            .regex(/^1\.\d{2}$/, { message: 'a Kubernetes minor version such as "1.33"' })
            .superRefine((version, ctx) => {
                const problem = /^1\.\d{2}$/.test(version) ? eksVersionError(version) : undefined;
                if (problem) ctx.addIssue({ code: "custom", message: problem });
            })
            .meta({
                description:
                    'EKS Kubernetes minor version, pinned (quote it in YAML: `"1.35"`); one EKS offers per the dated table in components/cluster/eks-versions.ts: a version past extended support is refused, one in extended support warns and is priced at $0.60/h. Upgrade one minor at a time (docs/runbooks/upgrade-eks.md).',
            }),
        /**
         * The runners reach it through the network stack's `runnerSecurityGroupId` output. Off only
         * for a network stack without runners.
         */
        ciRunnerAccess: z.boolean().default(true).meta({
            description:
                "Let the network stack's CodeBuild runners reach the API on 443; the deploy workflows run there.",
        }),
        publicAccessCidrs: z
            .array(z.cidrv4({ message: "an IPv4 CIDR such as 203.0.113.0/24" }))
            .default([])
            .meta({
                description:
                    "CIDRs allowed to reach the public API endpoint. Empty keeps the endpoint private-only; `0.0.0.0/0` is refused by `eks-cluster-disallow-public-endpoint-from-anywhere`.",
            }),
        adminRoleArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, {
                message: "an IAM role ARN",
            })
            .meta({ description: "IAM role granted cluster admin through an EKS access entry." }),
    }),
    nodePools: z.strictObject({
        system: poolSchema,
        cpu: poolSchema,
        gpu: poolSchema,
        runners: optionalPoolSchema.optional(),
    }),
    storage: z
        .strictObject({
            checkpointRetentionDays: z
                .int()
                .min(1)
                .max(3650)
                .default(30)
                .meta({ description: "Days before non-current versions in the artifacts bucket expire." }),
            forceDestroyBucket: z
                .boolean()
                .default(false)
                .meta({ description: "Let `destroy` delete a non-empty artifacts bucket." }),
        })
        .default({ checkpointRetentionDays: 30, forceDestroyBucket: false }),
    addons: z
        .strictObject({
            nodeAutoscaler: z
                .enum(["cluster-autoscaler", "karpenter"])
                .default("cluster-autoscaler")
                .meta({ description: "Which controller adds and removes nodes." }),
            clusterAutoscaler: z
                .strictObject({
                    /**
                     * Chart of kubernetes/autoscaler; 9.59.0 (tag cluster-autoscaler-chart-9.59.0,
                     * 2026-07-21, appVersion 1.35.0, read 2026-12-01) is the newest, and 9.54.0 the
                     * first whose ClusterRole lets the 1.35 autoscaler list the resource.k8s.io
                     * objects its always-on DRA support waits for at start.
                     */
                    chartVersion: z
                        .string()
                        .default("9.59.0")
                        .meta({ description: "Helm chart version of the cluster-autoscaler." }),
                    imageTag: z
                        .string()
                        .regex(/^v1\.\d{2}\.\d+$/, { message: 'a tag such as "v1.33.0"' })
                        .optional()
                        .meta({
                            description:
                                "cluster-autoscaler image tag; defaults to `v<cluster.version>.0`. Its minor must equal the cluster's.",
                        }),
                    /**
                     * `price` works on GCE, GKE and Equinix Metal only, and `priority` reads a
                     * priorities ConfigMap rayops does not write (cluster-autoscaler FAQ at
                     * cluster-autoscaler-1.35.0, read 2026-12-01); neither is offered.
                     */
                    expander: z
                        .enum(["least-waste", "random", "most-pods"])
                        .default("least-waste")
                        .meta({ description: "How the cluster-autoscaler picks a node group to grow." }),
                    scaleDownUnneededTime: duration.default("10m").meta({
                        description:
                            "How long a node must be unneeded before it is removed. Must lie between `ray.autoscaler.idleTimeoutSeconds` and 4× it (docs/autoscaling-timing.md).",
                    }),
                    scaleDownDelayAfterAdd: duration
                        .default("10m")
                        .meta({ description: "No scale-down for this long after a scale-up." }),
                    balanceSimilarNodeGroups: z
                        .boolean()
                        .default(true)
                        .meta({ description: "Keep similar node groups (e.g. per zone) the same size." }),
                })
                .prefault({}),
            karpenter: z
                .strictObject({
                    /** Chart of oci://public.ecr.aws/karpenter/karpenter; 1.12.1 released 2026-05-12
                     * (https://artifacthub.io/packages/helm/aws-karpenter/karpenter, read 2026-11-25). */
                    chartVersion: z.string().default("1.12.1").meta({
                        description:
                            "Helm chart version of Karpenter (when `nodeAutoscaler` is `karpenter`).",
                    }),
                    /** The default, because an evicted Ray worker loses its training step. */
                    consolidationPolicy: z
                        .enum(["WhenEmpty", "WhenEmptyOrUnderutilized"])
                        .default("WhenEmpty")
                        .meta({
                            description:
                                "`WhenEmpty` removes a node only once Ray has released it; `WhenEmptyOrUnderutilized` also replaces busy nodes, evicting running Ray workers.",
                        }),
                    /**
                     * Short: Ray already waited `ray.autoscaler.idleTimeoutSeconds` before freeing the
                     * node, so this only bridges the gap to the next burst; an idle node costs at most
                     * the sum of both.
                     */
                    consolidateAfter: duration.default("1m").meta({
                        description:
                            "How long a node stays empty before Karpenter removes it (after Ray's own idle timeout).",
                    }),
                    /** `false` where another stack or AWS made the role: IAM refuses a second one. */
                    createSpotServiceLinkedRole: z.boolean().default(true).meta({
                        description:
                            "Create the account's EC2 Spot service-linked role when a pool is SPOT; false where the account has it already.",
                    }),
                })
                .prefault({}),
            /** NVIDIA/k8s-device-plugin chart; v0.20.0 released 2026-08-19 (read 2026-12-01). */
            nvidiaDevicePlugin: z
                .strictObject({
                    chartVersion: z.string().default("0.20.0").meta({
                        description: "Helm chart version of the NVIDIA device plugin (GPU nodes only).",
                    }),
                })
                .prefault({}),
            metricsServer: z
                .strictObject({
                    enabled: z
                        .boolean()
                        .default(true)
                        .meta({ description: "Install metrics-server (on the system pool)." }),
                })
                .prefault({}),
        })
        .prefault({}),
    ray: z.strictObject({
        namespace: z
            .string()
            .max(63, { message: "at most 63 characters (a Kubernetes namespace)" })
            .regex(DNS_1123_LABEL, {
                message: 'a Kubernetes namespace: lower-case letters, digits and "-", e.g. "ray"',
            })
            .default("ray")
            .meta({
                description:
                    "Namespace of the RayCluster and its `ray` service account (IRSA role for the artifacts bucket).",
            }),
        operatorChartVersion: z
            .string()
            .default("1.7.0")
            .meta({ description: "Helm chart version of the KubeRay operator." }),
        version: z
            .string()
            .regex(/^2\.\d+\.\d+$/, { message: 'a Ray 2.x version such as "2.60.0"' })
            .meta({ description: "Ray version of the images; the workload's requirements pin the same." }),
        image: z.string().min(1).meta({ description: "Image of the head and of workers without GPUs." }),
        gpuImage: z.string().min(1).meta({ description: "Image of GPU workers." }),
        head: z.strictObject({
            cpu: cpuQuantity.meta({
                description:
                    "Head CPU (requests = limits). With the autoscaler sidecar it must fit one node of the cpu pool.",
            }),
            memory: memoryQuantity.meta({ description: "Head memory (requests = limits)." }),
            storageGiB: z.int().min(1).max(16384).default(50).meta({
                description:
                    "Most GiB of the head's node-local logs and state (an emptyDir on the node's root volume; less than the cpu pool's diskSizeGiB).",
            }),
        }),
        autoscaler: z
            .strictObject({
                idleTimeoutSeconds: z.int().min(10).max(86400).default(300).meta({
                    description:
                        "Seconds a worker must be idle before Ray removes its pod; at least 60 so bursts keep their workers (docs/autoscaling-timing.md).",
                }),
                upscalingMode: z
                    .enum(["Default", "Aggressive", "Conservative"])
                    .default("Default")
                    .meta({ description: "How fast the Ray autoscaler requests workers for pending work." }),
                cpu: cpuQuantity
                    .default("500m")
                    .meta({ description: "CPU of the autoscaler sidecar in the head pod." }),
                memory: memoryQuantity.default("1Gi").meta({
                    description:
                        "Memory of the autoscaler sidecar (its 512Mi default is known to OOM on large clusters).",
                }),
            })
            .prefault({}),
        workerGroups: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,40}$/), workerGroupSchema).meta({
            description: "Ray worker groups by name; each scales between its min and max replicas.",
        }),
        prometheusOperator: z.boolean().default(false).meta({
            description: "Create a PodMonitor for the Ray pods (needs the Prometheus Operator's CRDs).",
        }),
    }),
    /** Self-hosted GitHub Actions runners (Actions Runner Controller); see docs/runners.md. */
    runners: z
        .strictObject({
            enabled: z.boolean().default(false).meta({
                description:
                    "Deploy self-hosted GitHub Actions runners (Actions Runner Controller); needs `nodePools.runners.enabled` and the three `githubApp*` secrets.",
            }),
            githubConfigUrl: z
                .string()
                .regex(GITHUB_CONFIG_URL, {
                    message: "https://github.com/<org> or https://github.com/<org>/<repo>",
                })
                .optional()
                .meta({
                    description:
                        "Where runners register: `https://github.com/<org>` or `https://github.com/<org>/<repo>`.",
                }),
            scaleSetName: z
                .string()
                .regex(SCALE_SET_NAME, { message: "1-45 lower-case letters, digits and -" })
                .optional()
                .meta({
                    description: "The label workflows put in `runs-on:`; defaults to `<project>-<stack>`.",
                }),
            maxRunners: z
                .int()
                .min(1)
                .default(10)
                .meta({ description: "Most runners at once; at most `nodePools.runners.maxSize`." }),
            /**
             * ARC's charts, both pinned to this version: ARC supports only a controller and scale sets
             * of the same version. 0.14.2 is the current release (issue 9, 2026-11-25).
             */
            controllerChartVersion: z
                .string()
                .regex(/^\d+\.\d+\.\d+$/, { message: 'a chart version such as "0.14.2"' })
                .default("0.14.2")
                .meta({ description: "Version of both ARC charts (controller and scale set must match)." }),
            /** Requests = limits reserves the runner's share of its node for the job pod. */
            cpu: cpuQuantity
                .default("2")
                .meta({ description: "CPU of each runner pod (requests = limits)." }),
            memory: memoryQuantity
                .default("4Gi")
                .meta({ description: "Memory of each runner pod (requests = limits)." }),
            workVolumeGiB: z
                .int()
                .min(1)
                .max(16384)
                .default(20)
                .meta({ description: "Encrypted gp3 work volume of each runner, GiB." }),
            /** Above the runner's own default of 600, which a runners node cold-starting from zero can miss. */
            prepareJobTimeoutSeconds: z
                .int()
                .min(60)
                .max(3600)
                .default(DEFAULT_PREPARE_JOB_TIMEOUT_SECONDS)
                .meta({
                    description:
                        "How long a job waits for its pod; covers a runners node starting from zero.",
                }),
        })
        .prefault({}),
    githubAppId: z.string().min(1).optional().meta({
        description:
            "App ID of the runners' GitHub App (a separate App from rayops'; docs/github-app/permissions.md). Secret config: `pulumi config set --secret`.",
    }),
    githubAppInstallationId: z
        .string()
        .min(1)
        .optional()
        .meta({ description: "Installation id of the runners' GitHub App. Secret config." }),
    githubAppPrivateKey: z
        .string()
        .min(1)
        .optional()
        .meta({ description: "Private key (PEM) of the runners' GitHub App. Secret config; never logged." }),
});

export type PlatformConfigInput = z.input<typeof platformConfigSchema>;
type Parsed = z.output<typeof platformConfigSchema>;
export type NodePoolConfig = z.output<typeof poolSchema> & { readonly enabled?: boolean };
export type WorkerGroupConfig = z.output<typeof workerGroupSchema>;

type ParsedRunners = Parsed["runners"];
type ParsedClusterAutoscaler = Parsed["addons"]["clusterAutoscaler"];

/** Runners as the program reads them: off, or on with everything a scale set needs. */
export type RunnersConfig =
    | { readonly enabled: false }
    | (Omit<ParsedRunners, "enabled" | "githubConfigUrl" | "scaleSetName"> & {
          readonly enabled: true;
          readonly githubConfigUrl: string;
          /** `runners.scaleSetName`, else `<project>-<stack>`. */
          readonly scaleSetName: string;
          /** The three `githubApp*` secrets, still plain here: the program wraps them in `pulumi.secret`. */
          readonly githubApp: {
              readonly appId: string;
              readonly installationId: string;
              readonly privateKey: string;
          };
      });

/**
 * A validated stack configuration with every default applied and every union narrowed: what a
 * component would otherwise fill in (the network stack's name, the cluster-autoscaler's image tag,
 * the scale set's name) is filled in here, once.
 */
export type PlatformConfig = Omit<
    Parsed,
    "networkStack" | "addons" | "runners" | "githubAppId" | "githubAppInstallationId" | "githubAppPrivateKey"
> & {
    readonly stack: string;
    readonly project: string;
    /** `rayops:networkStack`, else `organization/rayops-network/<stack>`. */
    readonly networkStack: string;
    readonly addons: Omit<Parsed["addons"], "clusterAutoscaler"> & {
        readonly clusterAutoscaler: Omit<ParsedClusterAutoscaler, "imageTag"> & {
            /** `addons.clusterAutoscaler.imageTag`, else `v<cluster.version>.0`. */
            readonly imageTag: string;
        };
    };
    readonly runners: RunnersConfig;
    /** The node pools the stack creates (runners only when enabled), with desired sizes resolved. */
    readonly pools: ReadonlyArray<{ readonly name: NodePoolName } & NodePoolConfig & { desiredSize: number }>;
};

export type { Parsed as ParsedPlatformConfig };
