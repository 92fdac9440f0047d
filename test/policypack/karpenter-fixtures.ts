/**
 * Karpenter fixtures built with the same pure functions the program uses (components/karpenter/manifest.ts),
 * captured the way the offline plan captures custom resources: the manifest as inputs.
 */
import type { CapturedResource } from "../../automation/plan/types";
import { nodeClassManifest, nodePoolManifest, type PoolSpecArgs } from "../../components/karpenter/manifest";
import { change, KEY_ARN, resource } from "./fixtures";

// Spelt out rather than imported from the pack, so a wrong token in the pack cannot pass here.
const NODEPOOL_TYPE = "kubernetes:karpenter.sh/v1:NodePool";
const NODECLASS_TYPE = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";

const DISRUPTION = { consolidationPolicy: "WhenEmpty", consolidateAfter: "1m" } as const;

function pool(name: string, args: Omit<PoolSpecArgs, keyof typeof DISRUPTION>): CapturedResource {
    return resource(NODEPOOL_TYPE, name, nodePoolManifest(args.pool, { ...args, ...DISRUPTION }));
}

/** GPU NodePool: 2 × g5.xlarge (1 GPU, 4 vCPU) → limits nvidia.com/gpu 2, cpu 8. */
export function karpenterGpuPool(name = "gpu-nodepool"): CapturedResource {
    return pool(name, { pool: "gpu", instanceTypes: ["g5.xlarge"], maxSize: 2, capacityType: "ON_DEMAND" });
}

/** CPU NodePool: 4 × m6i.2xlarge (8 vCPU) → limit cpu 32. */
export function karpenterCpuPool(name = "cpu-nodepool"): CapturedResource {
    return pool(name, { pool: "cpu", instanceTypes: ["m6i.2xlarge"], maxSize: 4, capacityType: "SPOT" });
}

export function karpenterNodeClass(name = "gpu-nodeclass"): CapturedResource {
    return resource(
        NODECLASS_TYPE,
        name,
        nodeClassManifest("gpu", {
            instanceProfile: "karpenter-node",
            clusterName: "rayops-dev",
            subnetIds: ["subnet-a", "subnet-b"],
            diskSizeGiB: 100,
            encrypt: true,
            kmsKeyArn: KEY_ARN,
            tags: {},
        }),
    );
}

/**
 * The CPU NodePool given one GPU signal each, everything else left as a CPU pool's (no GPU taint,
 * no nvidia.com/gpu limit). Either signal alone makes a GPU pool (isGpuKarpenterNodePool), so a
 * policy that only noticed both together would let the other through.
 */
export function karpenterSingleGpuSignalPools(): Record<string, CapturedResource> {
    const pool = karpenterCpuPool();
    const spec = pool.inputs.spec as { template: { metadata: { labels: Record<string, string> } } };
    return {
        "a GPU instance-type requirement": change(pool, "spec.template.spec.requirements", [
            { key: "node.kubernetes.io/instance-type", operator: "In", values: ["g5.xlarge"] },
        ]),
        "a GPU instance-family requirement": change(pool, "spec.template.spec.requirements", [
            { key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["g5"] },
        ]),
        "the nvidia.com/gpu.present label": change(pool, "spec.template.metadata.labels", {
            ...spec.template.metadata.labels,
            "nvidia.com/gpu.present": "true",
        }),
    };
}
