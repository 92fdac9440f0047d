import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withResourceError } from "../cluster/resource-error";
import { subnetLayout } from "./layout";
import { type ChosenZone, chooseZones, type ZoneRequest } from "./zones";

/**
 * Asks the account which zones the stack can use: the data sources behind `chooseZones`. Invokes,
 * not resources, so a preview answers them too and a new stack's plan shows its real zones.
 */
export function lookUpZones(
    request: ZoneRequest,
    opts: pulumi.InvokeOutputOptions,
): pulumi.Output<ChosenZone[]> {
    const account = aws.getAvailabilityZonesOutput(
        {
            state: "available",
            // Local Zones and Wavelength Zones are opt-in and cannot host EKS control-plane subnets.
            filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
        },
        opts,
    );
    const offerings = aws.ec2.getInstanceTypeOfferingsOutput(
        {
            locationType: "availability-zone",
            filters: [{ name: "instance-type", values: [...new Set(request.instanceTypes)] }],
        },
        opts,
    );
    return pulumi
        .all([account, offerings])
        .apply(([a, o]) =>
            chooseZones(
                { names: a.names, zoneIds: a.zoneIds },
                { instanceTypes: o.instanceTypes, locations: o.locations },
                request,
            ),
        );
}

export interface NetworkArgs {
    /** The VPC's IPv4 CIDR, /16 to /20. */
    readonly cidr: string;
    /** How many zones the subnets span, 2 or 3: known before the zones themselves are. */
    readonly zoneCount: number;
    /** The zones' names, in order (`chooseZones`'s answer); `zoneCount` of them. */
    readonly zones: pulumi.Input<readonly string[]>;
    /** `single`: one NAT gateway in the first zone (cheap); `perAz`: one per zone (zone-failure tolerant). */
    readonly natGateways: "single" | "perAz";
    /** The EKS cluster's name, for the `kubernetes.io/cluster/<name>` subnet tags. */
    readonly clusterName: string;
}

/**
 * A VPC with private subnets for nodes (egress through NAT) and public subnets for internet-facing
 * load balancers only. Nodes never get public addresses.
 */
export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly privateSubnetIds: pulumi.Output<string>[];
    readonly publicSubnetIds: pulumi.Output<string>[];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("rayops:network:Network", name, {}, opts);
        const parent = { parent: this };
        const zoneNames = pulumi.output(args.zones);
        const plan = withResourceError(this, () =>
            subnetLayout(
                args.cidr,
                Array.from({ length: args.zoneCount }, (_, i) => zoneNames.apply((zones) => zones[i])),
            ),
        );
        const clusterTag = { [`kubernetes.io/cluster/${args.clusterName}`]: "shared" };

        const vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.cidr,
                enableDnsHostnames: true,
                enableDnsSupport: true,
                tags: { Name: `${name}-vpc` },
            },
            parent,
        );
        const igw = new aws.ec2.InternetGateway(
            `${name}-igw`,
            { vpcId: vpc.id, tags: { Name: `${name}-igw` } },
            parent,
        );
        const publicRt = new aws.ec2.RouteTable(
            `${name}-public`,
            {
                vpcId: vpc.id,
                routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
                tags: { Name: `${name}-public` },
            },
            parent,
        );

        const publicSubnets = plan.map((p, i) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-public-${i}`,
                {
                    vpcId: vpc.id,
                    cidrBlock: p.publicCidr,
                    availabilityZone: p.zone,
                    // Load balancers get their own addresses; nothing here should get one by default.
                    mapPublicIpOnLaunch: false,
                    tags: {
                        Name: pulumi.interpolate`${name}-public-${p.zone}`,
                        "kubernetes.io/role/elb": "1",
                        ...clusterTag,
                    },
                },
                parent,
            );
            new aws.ec2.RouteTableAssociation(
                `${name}-public-${i}`,
                { subnetId: subnet.id, routeTableId: publicRt.id },
                parent,
            );
            return subnet;
        });

        const natCount = args.natGateways === "perAz" ? plan.length : 1;
        const nats = Array.from({ length: natCount }, (_, i) => {
            const eip = new aws.ec2.Eip(
                `${name}-nat-${i}`,
                { domain: "vpc", tags: { Name: `${name}-nat-${i}` } },
                parent,
            );
            return new aws.ec2.NatGateway(
                `${name}-nat-${i}`,
                { allocationId: eip.id, subnetId: publicSubnets[i].id, tags: { Name: `${name}-nat-${i}` } },
                { parent: this, dependsOn: [igw] },
            );
        });

        const privateSubnets = plan.map((p, i) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-private-${i}`,
                {
                    vpcId: vpc.id,
                    cidrBlock: p.privateCidr,
                    availabilityZone: p.zone,
                    mapPublicIpOnLaunch: false,
                    tags: {
                        Name: pulumi.interpolate`${name}-private-${p.zone}`,
                        "kubernetes.io/role/internal-elb": "1",
                        ...clusterTag,
                    },
                },
                parent,
            );
            const rt = new aws.ec2.RouteTable(
                `${name}-private-${i}`,
                {
                    vpcId: vpc.id,
                    routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nats[Math.min(i, natCount - 1)].id }],
                    tags: { Name: pulumi.interpolate`${name}-private-${p.zone}` },
                },
                parent,
            );
            new aws.ec2.RouteTableAssociation(
                `${name}-private-${i}`,
                { subnetId: subnet.id, routeTableId: rt.id },
                parent,
            );
            return subnet;
        });

        this.vpcId = vpc.id;
        this.privateSubnetIds = privateSubnets.map((s) => s.id);
        this.publicSubnetIds = publicSubnets.map((s) => s.id);
        this.registerOutputs({
            vpcId: this.vpcId,
            privateSubnetIds: this.privateSubnetIds,
            publicSubnetIds: this.publicSubnetIds,
        });
    }
}
