/**
 * Realistic mock outputs for every resource type the program reads outputs from, so the
 * offline plan resolves ids, ARNs and names the way a real deployment would. The cloud cannot
 * be reached here; this is the only stand-in, and it is used by the plan and the tests alike.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

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

/** Function results the program (and the providers' SDKs) may ask for. */
function callResult(token: string, region: string): Record<string, unknown> {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                accountId: MOCK_ACCOUNT_ID,
                arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/rayops-offline`,
                userId: "AIDAOFFLINE",
                id: MOCK_ACCOUNT_ID,
            };
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

/** The mocks for `pulumi.runtime.setMocks`; `region` makes ARNs and endpoints match the stack. */
export function platformMocks(region: string): pulumi.runtime.Mocks {
    return {
        newResource(args) {
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
            return callResult(args.token, region);
        },
    };
}
