/**
 * Karpenter fixtures built with the same pure functions the program uses (components/karpenter/manifest.ts),
 * captured the way the offline plan captures custom resources: the manifest as inputs.
 */
import type { CapturedResource } from "../../automation/plan/types";
import { nodeClassManifest, nodePoolManifest, type PoolSpecArgs } from "../../components/karpenter/manifest";
import { KARPENTER_NODECLASS_TYPE, KARPENTER_NODEPOOL_TYPE } from "../../policypack/lib/node-pools";
import { KEY_ARN, resource } from "./fixtures";

const DISRUPTION = { consolidationPolicy: "WhenEmpty", consolidateAfter: "1m" } as const;

function pool(name: string, args: Omit<PoolSpecArgs, keyof typeof DISRUPTION>): CapturedResource {
    return resource(KARPENTER_NODEPOOL_TYPE, name, nodePoolManifest(args.pool, { ...args, ...DISRUPTION }));
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
        KARPENTER_NODECLASS_TYPE,
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
