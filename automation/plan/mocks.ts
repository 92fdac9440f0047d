/**
 * Realistic mock outputs for every resource type the program reads outputs from, so the
 * offline plan resolves ids, ARNs and names the way a real deployment would. The cloud cannot
 * be reached here; this is the only stand-in, and it is used by the plan and the tests alike.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { REGION_AZ_COUNT } from "../../components/network/zones";
import { INSTANCE_TYPES, isGpuInstanceType } from "../../policypack/lib/instance-types";

export const MOCK_ACCOUNT_ID = "123456789012";

function hex(seed: string, length: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

type Outputs = Record<string, unknown>;
type OutputFn = (name: string, inputs: Record<string, unknown>, region: string) => Outputs;

const arn = (service: string, region: string, resource: string) =>
    `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}:${resource}`;

/** Outputs by type token; inputs are always echoed back too. */
const OUTPUTS: Record<string, OutputFn> = {
    "eks:index:Cluster": (name, inputs, region) => {
        const clusterName = String(inputs.name ?? name);
        const oidcId = hex(name, 32).toUpperCase();
        const issuer = `https://oidc.eks.${region}.amazonaws.com/id/${oidcId}`;
        const endpoint = `https://${oidcId}.gr7.${region}.eks.amazonaws.com`;
        return {
            kubeconfigJson: JSON.stringify({
                apiVersion: "v1",
                kind: "Config",
                clusters: [
                    {
                        name: clusterName,
                        cluster: { server: endpoint, "certificate-authority-data": "LS0t" },
                    },
                ],
                contexts: [{ name: "aws", context: { cluster: clusterName, user: "aws" } }],
                "current-context": "aws",
                users: [{ name: "aws", user: { exec: { command: "aws", args: ["eks", "get-token"] } } }],
            }),
            oidcProviderArn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${issuer.replace("https://", "")}`,
            oidcProviderUrl: issuer,
            oidcIssuer: issuer.replace("https://", ""),
            clusterSecurityGroupId: `sg-${hex(`${name}-csg`, 17)}`,
            core: { endpoint, cluster: { name: clusterName } },
        };
    },
    "aws:eks/nodeGroup:NodeGroup": (name, inputs, region) => ({
        arn: arn("eks", region, `nodegroup/${inputs.clusterName}/${inputs.nodeGroupName}/${hex(name, 8)}`),
        status: "ACTIVE",
        resources: [{ autoscalingGroups: [{ name: `eks-${inputs.nodeGroupName}-${hex(name, 8)}` }] }],
    }),
    "aws:ec2/launchTemplate:LaunchTemplate": (name, _inputs, region) => ({
        arn: arn("ec2", region, `launch-template/lt-${hex(name, 17)}`),
        latestVersion: 1,
        defaultVersion: 1,
    }),
    "aws:kms/key:Key": (name, _inputs, region) => {
        const keyId = `${hex(name, 8)}-${hex(name, 4)}-4${hex(name, 3)}-8${hex(name, 3)}-${hex(name, 12)}`;
        return { keyId, arn: arn("kms", region, `key/${keyId}`) };
    },
    "aws:iam/role:Role": (name, inputs) => {
        const roleName = String(inputs.name ?? `${name}-${hex(name, 7)}`);
        return {
            name: roleName,
            arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${roleName}`,
            uniqueId: `AROA${hex(name, 17)}`,
        };
    },
    "aws:sqs/queue:Queue": (name, inputs, region) => {
        const queueName = String(inputs.name ?? `${name}-${hex(name, 7)}`);
        return {
            name: queueName,
            arn: arn("sqs", region, queueName),
            url: `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT_ID}/${queueName}`,
        };
    },
    "aws:iam/instanceProfile:InstanceProfile": (name, inputs) => {
        const profileName = String(inputs.name ?? `${name}-${hex(name, 7)}`);
        return {
            name: profileName,
            arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:instance-profile/${profileName}`,
            uniqueId: `AIPA${hex(name, 17)}`,
        };
    },
    "aws:cloudwatch/eventRule:EventRule": (name, inputs, region) => {
        const ruleName = String(inputs.name ?? `${name}-${hex(name, 7)}`);
        return { name: ruleName, arn: arn("events", region, `rule/${ruleName}`) };
    },
    "aws:codeconnections/connection:Connection": (name, _inputs, region) => ({
        arn: `arn:aws:codeconnections:${region}:${MOCK_ACCOUNT_ID}:connection/${hex(name, 8)}-${hex(name, 4)}-4${hex(name, 3)}-8${hex(name, 3)}-${hex(name, 12)}`,
        // Created connections wait for a person to approve them in the console.
        connectionStatus: "PENDING",
    }),
    "aws:cloudwatch/logGroup:LogGroup": (name, inputs, region) => {
        const group = String(inputs.name ?? `${name}-${hex(name, 7)}`);
        return { name: group, arn: arn("logs", region, `log-group:${group}`) };
    },
    "aws:codebuild/project:Project": (name, inputs, region) => {
        const project = String(inputs.name ?? `${name}-${hex(name, 7)}`);
        return { name: project, arn: arn("codebuild", region, `project/${project}`) };
    },
    "aws:s3/bucket:Bucket": (name, inputs) => {
        const bucket = String(inputs.bucket ?? `${name}-${hex(name, 7)}`);
        return {
            bucket,
            idFromName: bucket,
            arn: `arn:aws:s3:::${bucket}`,
            bucketRegionalDomainName: `${bucket}.s3.amazonaws.com`,
        };
    },
};

/** Prefixes of AWS ids by resource type, for realistic `id`s. */
const ID_PREFIX: Record<string, string> = {
    "aws:ec2/vpc:Vpc": "vpc-",
    "aws:ec2/subnet:Subnet": "subnet-",
    "aws:ec2/internetGateway:InternetGateway": "igw-",
    "aws:ec2/natGateway:NatGateway": "nat-",
    "aws:ec2/eip:Eip": "eipalloc-",
    "aws:ec2/routeTable:RouteTable": "rtb-",
    "aws:ec2/launchTemplate:LaunchTemplate": "lt-",
    "aws:ec2/securityGroup:SecurityGroup": "sg-",
};

export function mockId(type: string, name: string): string {
    const prefix = ID_PREFIX[type];
    return prefix ? `${prefix}${hex(`${type}/${name}`, 17)}` : `${name}-${hex(`${type}/${name}`, 8)}`;
}

/** `us-east-1` → `use1`, `ap-southeast-2` → `apse2`: the prefix of the region's zone ids. */
export function zoneIdPrefix(region: string): string {
    const [area, direction, n] = region.split("-");
    const letters = direction
        .replace("central", "c")
        .replace("north", "n")
        .replace("south", "s")
        .replace("east", "e")
        .replace("west", "w");
    return `${area}${letters}${n}`;
}

/**
 * Zone-id order of the mock account for the committed stacks' regions: as in a real account,
 * letters do not follow ids, and us-east-1b is use1-az3, where EKS places no control plane.
 */
const ZONE_ORDER: Readonly<Record<string, readonly number[]>> = {
    "us-east-1": [4, 3, 6, 1, 2, 5],
    "us-west-2": [2, 1, 3, 4],
};

/** The mock account's zones: letters in order, zone ids in an order of their own. */
export function mockAccountZones(region: string): { names: string[]; zoneIds: string[] } {
    const count = REGION_AZ_COUNT[region] ?? 3;
    const ids =
        ZONE_ORDER[region] ??
        Array.from({ length: count }, (_, i) => i + 1).sort((x, y) =>
            hex(`${region}/${x}`, 8).localeCompare(hex(`${region}/${y}`, 8)),
        );
    return {
        names: ids.map((_, i) => `${region}${String.fromCharCode(97 + i)}`),
        zoneIds: ids.map((n) => `${zoneIdPrefix(region)}-az${n}`),
    };
}

/**
 * Instance type offerings of the mock account: every known type in every zone, except GPU types
 * in the last zone of regions with four or more (large regions' newest zones often lack them).
 */
export function mockOfferings(region: string, requested: readonly string[] | undefined) {
    const { names } = mockAccountZones(region);
    const types = (requested ?? Object.keys(INSTANCE_TYPES)).filter((t) => t in INSTANCE_TYPES);
    const pairs = names.flatMap((zone, i) =>
        types
            .filter((t) => !(names.length >= 4 && i === names.length - 1 && isGpuInstanceType(t)))
            .map((t) => ({ zone, t })),
    );
    return {
        instanceTypes: pairs.map((p) => p.t),
        locations: pairs.map((p) => p.zone),
        locationTypes: pairs.map(() => "availability-zone"),
        id: region,
    };
}

/** Options of the mocks beyond the region. */
export interface MockOptions {
    /** The identity the program deploys as. @default an IAM user of the mock account */
    readonly callerArn?: string;
    /**
     * Answer as a new stack's preview does: ids and every value the cloud computes (ARNs,
     * endpoints, the OIDC issuer) are unknown; only inputs and invoke results are known.
     * @default false
     */
    readonly preview?: boolean;
    /**
     * Outputs of the stacks a program reads through a StackReference, by the reference's name
     * (`organization/rayops-network/dev`): the offline plan runs the network program first.
     * @default none: a StackReference fails, naming the stack
     */
    readonly stackOutputs?: Readonly<Record<string, Record<string, unknown>>>;
}

/** A StackReference's state: the referenced stack's outputs, as the engine reads them. */
function stackReference(name: string, opts: MockOptions): { id: string; state: Record<string, unknown> } {
    const outputs = opts.stackOutputs?.[name];
    if (!outputs) {
        const known = Object.keys(opts.stackOutputs ?? {});
        throw new Error(
            `the offline plan has no stack ${JSON.stringify(name)} to reference` +
                (known.length > 0 ? `; it planned ${known.join(", ")}` : "") +
                " (set rayops:networkStack to the network program's stack, organization/rayops-network/<stack>)",
        );
    }
    return { id: name, state: { name, outputs, secretOutputNames: [] } };
}

/** Function results the program (and the providers' SDKs) may ask for. */
function callResult(
    token: string,
    inputs: Record<string, unknown>,
    region: string,
    opts: MockOptions,
): Record<string, unknown> {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                accountId: MOCK_ACCOUNT_ID,
                arn: opts.callerArn ?? `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/rayops-offline`,
                userId: "AIDAOFFLINE",
                id: MOCK_ACCOUNT_ID,
            };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { ...mockAccountZones(region), groupNames: [region], id: region };
        case "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings": {
            const filters = (inputs.filters ?? []) as { name: string; values: string[] }[];
            return mockOfferings(region, filters.find((f) => f.name === "instance-type")?.values);
        }
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
        case "aws:index/getRegion:getRegion":
            return { name: region, region, id: region };
        default:
            throw new Error(
                `the offline plan has no mock for the function ${token}; add one to automation/plan/mocks.ts`,
            );
    }
}

/** Pulumi's marker of a value unknown during preview (`@pulumi/pulumi` runtime/rpc.ts `unknownValue`). */
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The mocks for `pulumi.runtime.setMocks`; `region` makes ARNs and endpoints match the stack. */
export function platformMocks(region: string, opts: MockOptions = {}): pulumi.runtime.Mocks {
    return {
        newResource(args) {
            // The referenced stack exists before this one: its outputs are known, even in a preview.
            if (args.type === "pulumi:pulumi:StackReference") {
                return stackReference(String(args.inputs.name ?? args.name), opts);
            }
            if (opts.preview) {
                // A new stack's preview: the id is empty (unknown) and so is every computed output.
                const computed = OUTPUTS[args.type]?.(args.name, args.inputs, region) ?? {};
                delete computed.idFromName;
                const unknown = Object.fromEntries(
                    Object.keys(computed)
                        .filter((k) => !(k in args.inputs))
                        .map((k) => [k, UNKNOWN_VALUE]),
                );
                const arnUnknown = args.type.startsWith("aws:") && !("arn" in args.inputs);
                return {
                    id: "",
                    state: { ...args.inputs, ...unknown, ...(arnUnknown ? { arn: UNKNOWN_VALUE } : {}) },
                };
            }
            const extra = OUTPUTS[args.type]?.(args.name, args.inputs, region) ?? {};
            // Some AWS resources use their name as id (an S3 bucket's id is its name); others get
            // a prefixed hex id like the real ones.
            const id =
                args.id ||
                (typeof extra.idFromName === "string" ? extra.idFromName : mockId(args.type, args.name));
            delete extra.idFromName;
            const state: Record<string, unknown> = { ...args.inputs, ...extra };
            if (args.type.startsWith("aws:") && state.arn === undefined) {
                state.arn = arn(args.type.split(":")[1].split("/")[0], region, `${args.name}/${id}`);
            }
            return { id, state };
        },
        call(args) {
            return callResult(args.token, args.inputs, region, opts);
        },
    };
}
