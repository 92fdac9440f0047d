/**
 * The cost readers: one per kind of billable resource the program creates. Each reads the
 * resource's inputs (never the stack config, so engine previews price the same way) and returns
 * monthly lines; anything it cannot price goes to `ctx.unknown` and is not counted. Readers with
 * logic of their own (node groups, Karpenter pools, volume claims) live in sibling modules; this
 * one holds the flat-rate readers and the order the estimate lists them in.
 */
import { eksSupport } from "../../components/cluster/eks-versions";
import { asBool, at } from "../../policypack/lib/values";
import { karpenterNodePoolReader } from "./karpenter-reader";
import { nodeGroupReader } from "./node-group-reader";
import { type CostLine, type CostReader, fixedLine, regionPrices, unpricedLine, usdRate } from "./pricing";
import { volumeClaimReader } from "./volume-claim-reader";

/**
 * The EKS control plane. Under the offline plan `@pulumi/eks`'s cluster is one remote component;
 * in a real preview its `aws:eks/cluster:Cluster` child is visible too: count the child when
 * present so a cluster is never priced twice.
 */
const clusterReader: CostReader = {
    types: ["aws:eks/cluster:Cluster", "eks:index:Cluster"],
    lines(clusters, ctx) {
        const raw = clusters.filter((c) => c.type === "aws:eks/cluster:Cluster");
        const counted = raw.length > 0 ? raw : clusters;
        const lines: CostLine[] = [];
        if (counted.length > 0) {
            const extended = counted.filter((c) => {
                const version = c.inputs.version;
                return typeof version === "string" && eksSupport(version).status === "extended";
            }).length;
            const standard = counted.length - extended;
            const hourly =
                standard * ctx.prices.eksControlPlaneHour + extended * ctx.prices.eksExtendedSupportHour;
            const note =
                extended === 0
                    ? `standard support at ${usdRate(ctx.prices.eksControlPlaneHour, "h")} each (extended support: ${usdRate(ctx.prices.eksExtendedSupportHour, "h")})`
                    : `${extended} in extended support at ${usdRate(ctx.prices.eksExtendedSupportHour, "h")}${standard > 0 ? `, ${standard} in standard at ${usdRate(ctx.prices.eksControlPlaneHour, "h")}` : ""}: upgrade the cluster version to pay the standard rate`;
            lines.push(
                fixedLine(
                    "eks-control-plane",
                    `EKS control plane (${counted.length})`,
                    hourly * ctx.hoursPerMonth,
                    note,
                ),
            );
        }
        for (const c of clusters.filter((r) => r.type === "eks:index:Cluster")) {
            if (asBool(c.inputs.skipDefaultNodeGroup) !== true) {
                ctx.unknown(
                    `the default node group of ${c.name} (created inside @pulumi/eks, not visible offline)`,
                );
            }
        }
        return lines;
    },
};

const natGatewayReader: CostReader = {
    types: ["aws:ec2/natGateway:NatGateway"],
    lines(nats, ctx) {
        const hourly = regionPrices(ctx)?.natGatewayHour;
        const item = `NAT gateways (${nats.length})`;
        if (hourly === undefined) {
            ctx.unknown(`NAT gateway hours in ${ctx.region}`);
            return [unpricedLine("nat-gateways", item, `no ${ctx.region} price`)];
        }
        return [
            fixedLine(
                "nat-gateways",
                item,
                nats.length * hourly * ctx.hoursPerMonth,
                `at ${usdRate(hourly, "h")} each; data processing per GB not counted`,
            ),
        ];
    },
};

/** Elastic IPs are public IPv4 addresses, billed per hour whether attached or not. */
const elasticIpReader: CostReader = {
    types: ["aws:ec2/eip:Eip"],
    lines(eips, ctx) {
        const monthly = eips.length * ctx.prices.publicIpv4Hour * ctx.hoursPerMonth;
        return [
            fixedLine(
                "public-ipv4",
                `public IPv4 addresses (${eips.length})`,
                monthly,
                `at ${usdRate(ctx.prices.publicIpv4Hour, "h")} each`,
            ),
        ];
    },
};

const kmsKeyReader: CostReader = {
    types: ["aws:kms/key:Key"],
    lines(keys, ctx) {
        return [
            fixedLine(
                "kms-keys",
                `KMS keys (${keys.length})`,
                keys.length * ctx.prices.kmsKeyMonth,
                `at ${usdRate(ctx.prices.kmsKeyMonth, "month")} each; requests not counted`,
            ),
        ];
    },
};

/** S3 is billed by what is stored, which a plan cannot know: shown with its rate, not counted. */
const bucketReader: CostReader = {
    types: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    lines(buckets, ctx) {
        const perGb = regionPrices(ctx)?.s3StandardGbMonth;
        const rate = perGb === undefined ? "rate unknown" : usdRate(perGb, "GB-month");
        return [
            fixedLine(
                "s3-storage",
                `S3 buckets (${buckets.length})`,
                0,
                `usage-based, not counted: Standard storage ${rate}, plus requests`,
            ),
        ];
    },
};

/**
 * What the CI runners' estimate assumes: CodeBuild bills build minutes only, so the cost is the
 * jobs that reach the cluster times their length. The ceiling lets every one of those jobs run
 * to the project's timeout.
 */
export const CI_ASSUMPTIONS = { jobsPerMonth: 200, minutesPerJob: 12 } as const;

const codebuildReader: CostReader = {
    types: ["aws:codebuild/project:Project"],
    lines(projects, ctx) {
        return projects.map((p) => {
            const compute = String(at(p.inputs, "environment", "computeType") ?? "");
            const rate = ctx.prices.codebuildLinuxMinute[compute];
            const item = `CI runners (CodeBuild ${compute || "unknown compute"})`;
            if (rate === undefined) {
                ctx.unknown(`${item}: no price for ${compute || "its compute type"}`);
                return unpricedLine(`ci-runners:${p.name}`, item, `no price for ${compute}`);
            }
            const timeout = Number(at(p.inputs, "buildTimeout") ?? CI_ASSUMPTIONS.minutesPerJob);
            const { jobsPerMonth, minutesPerJob } = CI_ASSUMPTIONS;
            return {
                id: `ci-runners:${p.name}`,
                item,
                floor: 0,
                expected: jobsPerMonth * minutesPerJob * rate,
                ceiling: jobsPerMonth * timeout * rate,
                note: `usage-based, assumed ${jobsPerMonth} jobs/month of ${minutesPerJob} min (up to the ${timeout}-min timeout) × ${usdRate(rate, "min")}`,
            };
        });
    },
};

/** In the order the estimate lists them: capacity first, then fixed and usage-based costs. */
export const COST_READERS: readonly CostReader[] = [
    nodeGroupReader,
    karpenterNodePoolReader,
    clusterReader,
    natGatewayReader,
    elasticIpReader,
    kmsKeyReader,
    volumeClaimReader,
    bucketReader,
    codebuildReader,
];
