/**
 * Captured-resource fixtures shaped like the program's registrations (see the resource contracts
 * in the policy files), and a helper that runs them through the real in-process evaluator.
 * Each builder returns a fresh, compliant resource; `change` derives a copy with one field changed.
 */
import assert from "node:assert/strict";
import {
    type EvaluateOptions,
    type EvaluationResult,
    evaluatePolicies,
    type Finding,
} from "../../automation/plan/evaluate";
import type { CapturedResource } from "../../automation/plan/types";
import { DEFAULT_CONFIG } from "../../policypack/policies/config";
import { policies } from "../../policypack/policies/index";

const STACK = "dev";
const PROJECT = "rayops";
export const ACCOUNT = "123456789012";
export const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
export const OIDC_PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;
export const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

export const REQUIRED_TAGS: Record<string, string> = {
    environment: "dev",
    repo: "acme/rayops",
    commit: "0123456789abcdef0123456789abcdef01234567",
    "managed-by": "pulumi",
    owner: "platform",
    "cost-center": "ml-1234",
};

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

interface Extra {
    readonly outputs?: Record<string, unknown>;
    readonly provider?: string | null;
    readonly parent?: string;
    readonly component?: boolean;
}

export const PROVIDER_URN = urnOf("pulumi:providers:aws", "aws");

/** The explicit AWS provider every AWS resource uses, with the required tags as default tags. */
export function awsProvider(defaultTags: Record<string, string> = REQUIRED_TAGS): CapturedResource {
    return {
        type: "pulumi:providers:aws",
        name: "aws",
        urn: PROVIDER_URN,
        inputs: { region: "eu-west-1", defaultTags: { tags: defaultTags } },
        outputs: { region: "eu-west-1", defaultTags: { tags: defaultTags } },
        component: false,
        isProvider: true,
    };
}

/** A custom resource whose outputs are its inputs plus an id, as the mocks produce. */
export function resource(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    extra: Extra = {},
): CapturedResource {
    const isAws = type.startsWith("aws:");
    const provider =
        extra.provider === null ? undefined : (extra.provider ?? (isAws ? PROVIDER_URN : undefined));
    return {
        type,
        name,
        urn: urnOf(type, name),
        inputs,
        outputs: { ...structuredClone(inputs), id: `${name}-id`, ...extra.outputs },
        component: extra.component ?? false,
        isProvider: false,
        ...(provider ? { provider } : {}),
        ...(extra.parent ? { parent: extra.parent } : {}),
    };
}

/**
 * A copy of `r` with the value at `path` ("a.b.0.c") set in inputs and outputs alike;
 * `undefined` removes the key.
 */
export function change(r: CapturedResource, path: string, value: unknown): CapturedResource {
    const set = (obj: Record<string, unknown>) => {
        const copy = structuredClone(obj);
        const keys = path.split(".");
        let cur: Record<string, unknown> = copy;
        for (const key of keys.slice(0, -1)) {
            if (cur[key] === undefined || cur[key] === null) cur[key] = /^\d+$/.test(key) ? [] : {};
            cur = cur[key] as Record<string, unknown>;
        }
        const last = keys[keys.length - 1];
        if (value === undefined) delete cur[last];
        else cur[last] = value;
        return copy;
    };
    return { ...r, inputs: set(r.inputs), outputs: set(r.outputs) };
}

// ---- compliant baselines -------------------------------------------------------------------

export function eksComponent(name = "cluster"): CapturedResource {
    return resource(
        "eks:index:Cluster",
        name,
        {
            endpointPrivateAccess: true,
            endpointPublicAccess: true,
            publicAccessCidrs: ["203.0.113.0/24"],
            enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
            encryptionConfigKeyArn: KEY_ARN,
            skipDefaultNodeGroup: true,
            authenticationMode: "API",
            createOidcProvider: true,
            version: "1.33",
            tags: { Name: name },
        },
        { component: true },
    );
}

export function eksCluster(name = "cluster-eksCluster"): CapturedResource {
    return resource("aws:eks/cluster:Cluster", name, {
        roleArn: `arn:aws:iam::${ACCOUNT}:role/cluster`,
        vpcConfig: {
            subnetIds: ["subnet-a", "subnet-b"],
            endpointPrivateAccess: true,
            endpointPublicAccess: false,
        },
        enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY_ARN } },
        tags: {},
    });
}

export function launchTemplate(name = "gpu-lt"): CapturedResource {
    return resource("aws:ec2/launchTemplate:LaunchTemplate", name, {
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [
            {
                deviceName: "/dev/xvda",
                ebs: { encrypted: "true", volumeType: "gp3", kmsKeyId: KEY_ARN, volumeSize: 100 },
            },
        ],
        networkInterfaces: [{ associatePublicIpAddress: "false" }],
        tagSpecifications: [{ resourceType: "instance", tags: REQUIRED_TAGS }],
    });
}

export interface PoolShape {
    readonly pool: string;
    readonly instanceTypes: string[];
    readonly maxSize: number;
    readonly gpu?: boolean;
}

export function nodeGroup({ pool, instanceTypes, maxSize, gpu = false }: PoolShape): CapturedResource {
    return resource("aws:eks/nodeGroup:NodeGroup", `${pool}-nodes`, {
        clusterName: "cluster-eksCluster",
        instanceTypes,
        amiType: gpu ? "AL2023_x86_64_NVIDIA" : "AL2023_x86_64_STANDARD",
        scalingConfig: { minSize: 0, maxSize, desiredSize: 0 },
        labels: gpu
            ? { "rayops.io/pool": pool, "nvidia.com/gpu.present": "true" }
            : { "rayops.io/pool": pool },
        taints: gpu ? [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }] : [],
        launchTemplate: { id: `${pool}-lt-id`, version: "1" },
        tags: {},
    });
}

export const gpuPool = (maxSize = 4, instanceTypes = ["g5.xlarge"]) =>
    nodeGroup({ pool: "gpu", instanceTypes, maxSize, gpu: true });
export const cpuPool = (maxSize = 6, instanceTypes = ["m6i.2xlarge"]) =>
    nodeGroup({ pool: "cpu", instanceTypes, maxSize });
export const systemPool = (maxSize = 3) =>
    nodeGroup({ pool: "system", instanceTypes: ["m6i.large"], maxSize });
export const runnersPool = (maxSize = 4) =>
    nodeGroup({ pool: "runners", instanceTypes: ["c6i.2xlarge"], maxSize });

/**
 * The CPU pool given one GPU signal each, the other two left as a CPU pool's, and no taint. Any
 * one of them puts GPU workloads on a node group (isGpuNodeGroup), while `gpuPool` sets all three,
 * so only these show that a policy notices each signal alone.
 */
export function singleGpuSignalPools(maxSize = 6): Record<string, CapturedResource> {
    const pool = cpuPool(maxSize);
    return {
        "a GPU instance type": change(pool, "instanceTypes", ["g5.xlarge"]),
        "an NVIDIA AMI": change(pool, "amiType", "AL2023_x86_64_NVIDIA"),
        "the nvidia.com/gpu.present label": change(pool, "labels", {
            "rayops.io/pool": "cpu",
            "nvidia.com/gpu.present": "true",
        }),
    };
}

export function privateSubnet(name = "private-a"): CapturedResource {
    return resource("aws:ec2/subnet:Subnet", name, {
        vpcId: "vpc-id",
        cidrBlock: "10.0.128.0/19",
        mapPublicIpOnLaunch: false,
        tags: { "kubernetes.io/role/internal-elb": "1" },
    });
}

export function publicSubnet(name = "public-a"): CapturedResource {
    return resource("aws:ec2/subnet:Subnet", name, {
        vpcId: "vpc-id",
        cidrBlock: "10.0.0.0/20",
        mapPublicIpOnLaunch: true,
        tags: { "kubernetes.io/role/elb": "1" },
    });
}

export function kmsKey(name = "secrets-key"): CapturedResource {
    return resource("aws:kms/key:Key", name, { enableKeyRotation: true, deletionWindowInDays: 30 });
}

/** A bucket and the four resources that make it compliant, linked by the bucket's name. */
export function bucketSet(name = "artifacts"): CapturedResource[] {
    const bucketName = `rayops-dev-${name}`;
    return [
        resource(
            "aws:s3/bucket:Bucket",
            name,
            { bucket: bucketName, tags: {} },
            { outputs: { id: bucketName } },
        ),
        resource(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            `${name}-sse`,
            {
                bucket: bucketName,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: "aws:kms",
                            kmsMasterKeyId: KEY_ARN,
                        },
                        bucketKeyEnabled: true,
                    },
                ],
            },
        ),
        resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${name}-pab`, {
            bucket: bucketName,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }),
        resource("aws:s3/bucketVersioning:BucketVersioning", `${name}-versioning`, {
            bucket: bucketName,
            versioningConfiguration: { status: "Enabled" },
        }),
        resource("aws:s3/bucketPolicy:BucketPolicy", `${name}-policy`, {
            bucket: bucketName,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            }),
        }),
    ];
}

export function irsaTrust(subject = "system:serviceaccount:kube-system:cluster-autoscaler") {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: OIDC_PROVIDER_ARN },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: { [`${ISSUER}:sub`]: subject, [`${ISSUER}:aud`]: "sts.amazonaws.com" },
                },
            },
        ],
    };
}

export function irsaRole(name = "cluster-autoscaler-role"): CapturedResource {
    return resource("aws:iam/role:Role", name, { assumeRolePolicy: JSON.stringify(irsaTrust()), tags: {} });
}

export function storageClass(name = "gp3-encrypted"): CapturedResource {
    return resource("kubernetes:storage.k8s.io/v1:StorageClass", name, {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name: "gp3" },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true" },
        volumeBindingMode: "WaitForFirstConsumer",
    });
}

function rayContainer(limits: Record<string, string>) {
    return {
        name: "ray-worker",
        image: "rayproject/ray:2.49.0-py312",
        resources: { limits, requests: limits },
    };
}

/** A RayCluster with a CPU group on the `cpu` pool and a GPU group on the `gpu` pool. */
export function rayCluster(name = "ray"): CapturedResource {
    return resource("kubernetes:ray.io/v1:RayCluster", name, {
        apiVersion: "ray.io/v1",
        kind: "RayCluster",
        metadata: { name: "rayops", namespace: "ray" },
        spec: {
            rayVersion: "2.49.0",
            enableInTreeAutoscaling: true,
            headGroupSpec: {
                rayStartParams: {},
                template: { spec: { containers: [rayContainer({ cpu: "2", memory: "8Gi" })] } },
            },
            workerGroupSpecs: [
                {
                    groupName: "cpu",
                    replicas: 0,
                    minReplicas: 0,
                    maxReplicas: 10,
                    rayStartParams: {},
                    template: {
                        spec: {
                            nodeSelector: { "rayops.io/pool": "cpu" },
                            containers: [rayContainer({ cpu: "3", memory: "12Gi" })],
                        },
                    },
                },
                {
                    groupName: "gpu",
                    replicas: 0,
                    minReplicas: 0,
                    maxReplicas: 4,
                    rayStartParams: {},
                    template: {
                        spec: {
                            nodeSelector: { "rayops.io/pool": "gpu" },
                            tolerations: [
                                { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
                            ],
                            containers: [rayContainer({ cpu: "3", memory: "12Gi", "nvidia.com/gpu": "1" })],
                        },
                    },
                },
            ],
        },
    });
}

/** Everything above together: the compliant platform every policy must pass. */
export function compliantPlatform(): CapturedResource[] {
    return [
        awsProvider(),
        eksComponent(),
        eksCluster(),
        launchTemplate(),
        systemPool(),
        cpuPool(),
        gpuPool(),
        runnersPool(),
        privateSubnet(),
        publicSubnet(),
        kmsKey(),
        ...bucketSet(),
        irsaRole(),
        storageClass(),
        rayCluster(),
    ];
}

// ---- running and asserting -----------------------------------------------------------------

export function policyNamed(name: string) {
    const policy = policies.find((p) => p.name === name);
    if (!policy) throw new Error(`no policy named "${name}" in the pack`);
    return policy;
}

/** Runs one policy of the pack over the resources (with the AWS provider added) via evaluatePolicies. */
export function run(
    policy: string,
    resources: readonly CapturedResource[],
    opts: Omit<EvaluateOptions, "policies"> = {},
): EvaluationResult {
    const all = resources.some((r) => r.isProvider) ? resources : [awsProvider(), ...resources];
    return evaluatePolicies(all, { ...opts, policies: [policyNamed(policy)] });
}

export function assertPasses(result: EvaluationResult): void {
    assert.deepEqual(
        result.findings.map((f) => f.message),
        [],
    );
}

/**
 * Exactly one finding, against `resourceName` (or, for stack-level findings, naming it), whose
 * message names the resource and says how to fix it (`fix`).
 */
export function assertReported(result: EvaluationResult, resourceName: string, fix: RegExp): Finding {
    assert.equal(
        result.findings.length,
        1,
        `expected one finding, got ${JSON.stringify(result.findings, null, 2)}`,
    );
    const [finding] = result.findings;
    if (finding.resource) assert.equal(finding.resource.name, resourceName);
    assert.ok(
        finding.message.includes(`"${resourceName}"`),
        `message does not name "${resourceName}": ${finding.message}`,
    );
    assert.match(finding.message, fix);
    return finding;
}

export { DEFAULT_CONFIG };
