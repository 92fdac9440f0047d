/**
 * The EC2 instance types rayops knows: their capacity, and whether they carry NVIDIA GPUs.
 * One catalog serves config validation (does a pod fit a pool?), the policy pack (which types
 * are GPU types) and the cost estimate (prices live in automation/cost, keyed by the same names).
 *
 * It lives inside policypack/ because `pulumi policy publish` runs `npm pack` in the pack's folder:
 * a file outside it would be missing from the published pack. The program imports it from here.
 *
 * Source: AWS EC2 instance type specifications, https://aws.amazon.com/ec2/instance-types/
 * (read 2026-11-25). `memoryGiB` is the nominal instance memory; a node's allocatable memory is
 * lower (kubelet and system reservations), which `allocatable()` accounts for.
 */
import { GIB } from "./quantity";
export interface InstanceType {
    readonly vcpu: number;
    readonly memoryGiB: number;
    /** NVIDIA GPUs on the instance; 0 for CPU-only types. */
    readonly gpus: number;
    /** The GPU model, for the `k8s.amazonaws.com/accelerator` label. */
    readonly gpuModel?: string;
}

const cpu = (vcpu: number, memoryGiB: number): InstanceType => ({ vcpu, memoryGiB, gpus: 0 });
const gpu = (vcpu: number, memoryGiB: number, gpus: number, gpuModel: string): InstanceType => ({
    vcpu,
    memoryGiB,
    gpus,
    gpuModel,
});

export const INSTANCE_TYPES: Readonly<Record<string, InstanceType>> = {
    "t3.medium": cpu(2, 4),
    "t3.large": cpu(2, 8),
    "t3.xlarge": cpu(4, 16),
    "m6i.large": cpu(2, 8),
    "m6i.xlarge": cpu(4, 16),
    "m6i.2xlarge": cpu(8, 32),
    "m6i.4xlarge": cpu(16, 64),
    "m6i.8xlarge": cpu(32, 128),
    "m7i.large": cpu(2, 8),
    "m7i.xlarge": cpu(4, 16),
    "m7i.2xlarge": cpu(8, 32),
    "m7i.4xlarge": cpu(16, 64),
    "m7i.8xlarge": cpu(32, 128),
    "c6i.xlarge": cpu(4, 8),
    "c6i.2xlarge": cpu(8, 16),
    "c6i.4xlarge": cpu(16, 32),
    "c7i.xlarge": cpu(4, 8),
    "c7i.2xlarge": cpu(8, 16),
    "c7i.4xlarge": cpu(16, 32),
    "r6i.xlarge": cpu(4, 32),
    "r6i.2xlarge": cpu(8, 64),
    "r6i.4xlarge": cpu(16, 128),
    "g5.xlarge": gpu(4, 16, 1, "nvidia-a10g"),
    "g5.2xlarge": gpu(8, 32, 1, "nvidia-a10g"),
    "g5.4xlarge": gpu(16, 64, 1, "nvidia-a10g"),
    "g5.8xlarge": gpu(32, 128, 1, "nvidia-a10g"),
    "g5.12xlarge": gpu(48, 192, 4, "nvidia-a10g"),
    "g6.xlarge": gpu(4, 16, 1, "nvidia-l4"),
    "g6.2xlarge": gpu(8, 32, 1, "nvidia-l4"),
    "g6.4xlarge": gpu(16, 64, 1, "nvidia-l4"),
    "g6.12xlarge": gpu(48, 192, 4, "nvidia-l4"),
    "g6e.xlarge": gpu(4, 32, 1, "nvidia-l40s"),
    "g6e.2xlarge": gpu(8, 64, 1, "nvidia-l40s"),
    "p4d.24xlarge": gpu(96, 1152, 8, "nvidia-a100"),
    "p5.48xlarge": gpu(192, 2048, 8, "nvidia-h100"),
};

export function isKnownInstanceType(name: string): boolean {
    return Object.hasOwn(INSTANCE_TYPES, name);
}

export function isGpuInstanceType(name: string): boolean {
    return (INSTANCE_TYPES[name]?.gpus ?? 0) > 0;
}

/**
 * What pods can request on one node of this type. EKS reserves CPU and memory for the kubelet
 * and the OS; the figures here are a conservative approximation of the EKS AMI's reservations
 * (about 0.1 vCPU, and 255 MiB plus 11 MiB per pod with ~29 pods on small types, rounded up to
 * 8% of memory plus 0.5 GiB for daemonsets such as kube-proxy, vpc-cni and the device plugin).
 */
export function allocatable(name: string): { cpu: number; memoryGiB: number; gpus: number } {
    const t = INSTANCE_TYPES[name];
    if (!t) throw new Error(`unknown instance type "${name}"`);
    return {
        cpu: t.vcpu - 0.1 - 0.25,
        memoryGiB: t.memoryGiB * 0.92 - 0.5,
        gpus: t.gpus,
    };
}

/** How many pods of this shape fit on one node of the type (allocatable capacity, not nominal). */
export function podsPerNode(
    instanceType: string,
    pod: { readonly cpu: number; readonly memoryBytes: number; readonly gpus: number },
): number {
    const node = allocatable(instanceType);
    const fits = [
        pod.cpu > 0 ? Math.floor(node.cpu / pod.cpu) : Number.POSITIVE_INFINITY,
        pod.memoryBytes > 0 ? Math.floor((node.memoryGiB * GIB) / pod.memoryBytes) : Number.POSITIVE_INFINITY,
        pod.gpus > 0 ? Math.floor(node.gpus / pod.gpus) : Number.POSITIVE_INFINITY,
    ];
    const n = Math.min(...fits);
    // A pod that asks for nothing is bounded by the kubelet's pod limit (110 by default).
    return Number.isFinite(n) ? n : 110;
}
