/** Hand-built resources for the cost specs: the smallest shapes the readers read. */
import type { CostResource } from "../../../automation/cost/pricing";

const STACK = "urn:pulumi:test::rayops::pulumi:pulumi:Stack::rayops-test";

export function resource(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    parent?: string,
): CostResource {
    return { type, name, urn: `${STACK}$${type}::${name}`, inputs, outputs: {}, parent };
}

export interface NodeGroupShape {
    readonly pool: string;
    readonly instanceTypes?: readonly string[];
    readonly min: number;
    readonly desired?: number;
    readonly max: number;
    /** Root volume in GiB through a sibling launch template; none → EKS's default disk. */
    readonly volumeGiB?: number;
    readonly capacityType?: "ON_DEMAND" | "SPOT";
}

/** A managed node group, with its launch template beside it under one component when a volume is given. */
export function nodePool(shape: NodeGroupShape): CostResource[] {
    const parent = `${STACK}$rayops:nodes:NodePool::${shape.pool}`;
    const group = resource(
        "aws:eks/nodeGroup:NodeGroup",
        `${shape.pool}-ng`,
        {
            instanceTypes: shape.instanceTypes ?? ["m6i.large"],
            capacityType: shape.capacityType ?? "ON_DEMAND",
            labels: { "rayops.io/pool": shape.pool },
            scalingConfig: {
                minSize: shape.min,
                maxSize: shape.max,
                ...(shape.desired === undefined ? {} : { desiredSize: shape.desired }),
            },
            ...(shape.volumeGiB === undefined
                ? {}
                : { launchTemplate: { id: `lt-${shape.pool}`, version: "1" } }),
        },
        parent,
    );
    if (shape.volumeGiB === undefined) return [group];
    const template = resource(
        "aws:ec2/launchTemplate:LaunchTemplate",
        `${shape.pool}-lt`,
        {
            blockDeviceMappings: [
                { deviceName: "/dev/xvda", ebs: { volumeSize: shape.volumeGiB, volumeType: "gp3" } },
            ],
        },
        parent,
    );
    return [template, group];
}
