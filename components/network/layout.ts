/**
 * Pure IPv4 arithmetic for the VPC layout. Private subnets are large (the VPC CNI gives every
 * pod a VPC address); public subnets only hold load balancers and NAT gateways.
 */

function toInt(ip: string): number {
    return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function toIp(n: number): string {
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** Splits `cidr` into 2^bits equal blocks and returns block `index`. */
export function subnetOf(cidr: string, bits: number, index: number): string {
    const [ip, len] = cidr.split("/");
    const prefix = Number(len) + bits;
    if (prefix > 28)
        throw new Error(`${cidr} cannot be split into /${prefix} subnets (AWS's smallest is /28)`);
    if (index < 0 || index >= 2 ** bits) throw new Error(`subnet index ${index} outside 0..${2 ** bits - 1}`);
    const size = 2 ** (32 - prefix);
    const base = toInt(ip) - (toInt(ip) % 2 ** (32 - Number(len)));
    return `${toIp(base + index * size)}/${prefix}`;
}

export interface SubnetPlan<Z = string> {
    readonly zone: Z;
    readonly privateCidr: string;
    readonly publicCidr: string;
}

/**
 * One private and one public subnet per zone. The VPC is cut into eighths: zone i's private
 * subnet is eighth i (a /19 of a /16); the last eighth is cut again into eighths for the public
 * subnets (a /22 each of a /16).
 */
export function subnetLayout<Z>(vpcCidr: string, zones: readonly Z[]): SubnetPlan<Z>[] {
    if (zones.length > 7) throw new Error("at most 7 zones fit this layout");
    return zones.map((zone, i) => ({
        zone,
        privateCidr: subnetOf(vpcCidr, 3, i),
        publicCidr: subnetOf(subnetOf(vpcCidr, 3, 7), 3, i),
    }));
}
