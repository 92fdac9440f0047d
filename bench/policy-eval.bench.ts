/**
 * Policy evaluation throughput: N synthetic resources (the types the pack checks, plus types it
 * does not) through the whole rayops pack, stack policies included, in-process as the offline
 * plan runs it. Target (docs/design.md): at least 20,000 resource validations per second, linearly.
 * A "resource validation" is one resource taken through every policy of the pack.
 */
import { evaluatePolicies } from "../automation/plan/evaluate";
import type { CapturedResource } from "../automation/plan/types";

const TARGET = 20_000;
const PROVIDER_URN = "urn:pulumi:bench::rayops::pulumi:providers:aws::aws";
const TAGS = {
    environment: "bench",
    repo: "acme/rayops",
    commit: "0".repeat(40),
    "managed-by": "pulumi",
    owner: "platform",
    "cost-center": "ml",
};

function captured(type: string, name: string, inputs: Record<string, unknown>): CapturedResource {
    return {
        type,
        name,
        urn: `urn:pulumi:bench::rayops::${type}::${name}`,
        inputs,
        outputs: { ...inputs, id: `${name}-id` },
        provider: type.startsWith("aws:") ? PROVIDER_URN : undefined,
        component: false,
        isProvider: false,
    };
}

/** One of ten resource shapes, chosen by `i`; names are unique. */
function synthetic(i: number): CapturedResource {
    const n = `r${i}`;
    switch (i % 10) {
        case 0:
            return captured("aws:ec2/subnet:Subnet", n, {
                mapPublicIpOnLaunch: false,
                tags: { "kubernetes.io/role/internal-elb": "1" },
            });
        case 1:
            return captured("aws:ec2/launchTemplate:LaunchTemplate", n, {
                metadataOptions: {
                    httpEndpoint: "enabled",
                    httpTokens: "required",
                    httpPutResponseHopLimit: 1,
                },
                blockDeviceMappings: [
                    { deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeType: "gp3" } },
                ],
            });
        case 2:
            return captured("aws:eks/nodeGroup:NodeGroup", n, {
                instanceTypes: i % 20 === 2 ? ["g5.xlarge"] : ["m6i.xlarge"],
                scalingConfig: { minSize: 0, maxSize: 1, desiredSize: 0 },
                labels: { "rayops.io/pool": i % 20 === 2 ? "gpu" : "cpu" },
                taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }],
            });
        case 3:
            return captured("aws:iam/role:Role", n, {
                assumeRolePolicy: JSON.stringify({
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Federated: "arn:aws:iam::1:oidc-provider/oidc.example/id/X" },
                            Action: "sts:AssumeRoleWithWebIdentity",
                            Condition: {
                                StringEquals: {
                                    "oidc.example/id/X:sub": `system:serviceaccount:ns:sa${i}`,
                                    "oidc.example/id/X:aud": "sts.amazonaws.com",
                                },
                            },
                        },
                    ],
                }),
            });
        case 4:
            return captured("aws:kms/key:Key", n, { enableKeyRotation: true });
        case 5:
            return captured("aws:s3/bucket:Bucket", n, { bucket: n });
        case 6:
            return captured(
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                n,
                {
                    bucket: `r${i - 1}`,
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
                },
            );
        case 7:
            return captured("kubernetes:ray.io/v1:RayCluster", n, {
                spec: {
                    workerGroupSpecs: [
                        {
                            groupName: "cpu",
                            maxReplicas: 2,
                            template: {
                                spec: {
                                    nodeSelector: { "rayops.io/pool": "cpu" },
                                    containers: [
                                        { name: "w", resources: { limits: { cpu: "1", memory: "2Gi" } } },
                                    ],
                                },
                            },
                        },
                    ],
                },
            });
        case 8:
            return captured("aws:iam/rolePolicyAttachment:RolePolicyAttachment", n, {
                role: "r",
                policyArn: "p",
            });
        default:
            return captured("kubernetes:core/v1:ConfigMap", n, { data: { k: "v" } });
    }
}

export function syntheticResources(n: number): CapturedResource[] {
    const provider: CapturedResource = {
        type: "pulumi:providers:aws",
        name: "aws",
        urn: PROVIDER_URN,
        inputs: { region: "eu-west-1", defaultTags: { tags: TAGS } },
        outputs: {},
        component: false,
        isProvider: true,
    };
    return [provider, ...Array.from({ length: n - 1 }, (_, i) => synthetic(i))];
}

function secondsFor(resources: CapturedResource[]): number {
    const start = process.hrtime.bigint();
    evaluatePolicies(resources);
    return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Resource validations per second for `n` synthetic resources (best of `rounds`, after a warm-up). */
export async function policyEvalThroughput(n = 20_000, rounds = 3): Promise<number> {
    const resources = syntheticResources(n);
    secondsFor(syntheticResources(1_000)); // warm-up: JIT and the per-type policy index
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < rounds; r++) best = Math.min(best, secondsFor(resources));
    return n / best;
}

export async function bench() {
    const small = await policyEvalThroughput(5_000);
    const large = await policyEvalThroughput(50_000);
    const linear = large / small;
    return [
        {
            name: "policy evaluation (50,000 resources)",
            value: `${Math.round(large).toLocaleString("en-US")}/s`,
            target: `≥ ${TARGET.toLocaleString("en-US")}/s`,
            ok: large >= TARGET,
        },
        {
            name: "policy evaluation 50k/5k throughput ratio",
            value: linear.toFixed(2),
            target: "≥ 0.8 (linear)",
            ok: linear >= 0.8,
        },
    ];
}

if (require.main === module) {
    bench().then((results) => {
        for (const r of results)
            console.log(`${r.ok ? "PASS" : "MISS"}  ${r.name}: ${r.value} (target ${r.target})`);
    });
}
