import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import { mockId } from "../../../automation/plan/mocks";
import type { CapturedResource } from "../../../automation/plan/types";
import { subnetLayout, subnetOf } from "../../../components/network/layout";
import { Network } from "../../../components/network/network";
import { buildAlone } from "../../support/one-component";
import { ofType, runStack } from "../../support/program";

function toRange(cidr: string): [number, number] {
    const [ip, len] = cidr.split("/");
    const start = ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
    return [start, start + 2 ** (32 - Number(len)) - 1];
}

function overlaps(a: string, b: string): boolean {
    const [a0, a1] = toRange(a);
    const [b0, b1] = toRange(b);
    return a0 <= b1 && b0 <= a1;
}

function inside(inner: string, outer: string): boolean {
    const [i0, i1] = toRange(inner);
    const [o0, o1] = toRange(outer);
    return i0 >= o0 && i1 <= o1;
}

const SUBNET = "aws:ec2/subnet:Subnet";
const NAT = "aws:ec2/natGateway:NatGateway";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";

const isPrivate = (r: CapturedResource) => /-private-\d+$/.test(r.name);
const isPublic = (r: CapturedResource) => /-public-\d+$/.test(r.name);

/** The zone of the subnet a private route table is associated with. */
function zoneOfRouteTable(run: OfflineProgramRun, table: CapturedResource): string {
    const association = ofType(run, ASSOCIATION).find(
        (a) => a.inputs.routeTableId === mockId(ROUTE_TABLE, table.name),
    );
    assert.ok(association, `no association for ${table.name}`);
    const subnet = ofType(run, SUBNET).find((s) => mockId(SUBNET, s.name) === association.inputs.subnetId);
    assert.ok(subnet, `no subnet for ${association.name}`);
    return String(subnet.inputs.availabilityZone);
}

/** The zone of the public subnet a NAT gateway sits in. */
function zoneOfNat(run: OfflineProgramRun, natId: unknown): string {
    const nat = ofType(run, NAT).find((n) => mockId(NAT, n.name) === natId);
    assert.ok(nat, `no NAT gateway with id ${natId}`);
    const subnet = ofType(run, SUBNET).find((s) => mockId(SUBNET, s.name) === nat.inputs.subnetId);
    assert.ok(subnet, `no subnet for ${nat.name}`);
    assert.ok(isPublic(subnet), `NAT gateway ${nat.name} is not in a public subnet`);
    return String(subnet.inputs.availabilityZone);
}

describe("Network (components/network/network.ts)", () => {
    describe("subnetOf", () => {
        it("cuts a /16 into eighths of /19", () => {
            assert.equal(subnetOf("10.20.0.0/16", 3, 0), "10.20.0.0/19");
            assert.equal(subnetOf("10.20.0.0/16", 3, 7), "10.20.224.0/19");
        });

        it("aligns a CIDR given with host bits to its network address", () => {
            assert.equal(subnetOf("10.20.5.7/16", 1, 1), "10.20.128.0/17");
        });

        it("refuses a split smaller than AWS's smallest subnet (/28)", () => {
            assert.throws(() => subnetOf("10.0.0.0/24", 5, 0), /cannot be split into \/29 subnets.*\/28/);
        });

        it("refuses an index outside the split", () => {
            assert.throws(() => subnetOf("10.0.0.0/16", 3, 8), /subnet index 8 outside 0\.\.7/);
            assert.throws(() => subnetOf("10.0.0.0/16", 3, -1), /subnet index -1 outside 0\.\.7/);
        });
    });

    describe("subnetLayout", () => {
        for (const vpc of ["10.20.0.0/16", "172.16.0.0/20"]) {
            it(`gives each of 3 zones a private and a public subnet inside ${vpc}, none overlapping`, () => {
                // GIVEN a VPC at each end of the allowed prefixes
                // WHEN it is laid out over three zones
                const plan = subnetLayout(vpc, ["z-a", "z-b", "z-c"]);
                const cidrs = plan.flatMap((p) => [p.privateCidr, p.publicCidr]);
                // THEN all six subnets lie inside the VPC and no two overlap
                for (const c of cidrs) assert.ok(inside(c, vpc), `${c} is outside ${vpc}`);
                for (const [i, a] of cidrs.entries()) {
                    for (const b of cidrs.slice(i + 1)) assert.ok(!overlaps(a, b), `${a} overlaps ${b}`);
                }
            });
        }

        it("makes private subnets larger than public ones (every pod takes a VPC address)", () => {
            const [first] = subnetLayout("10.20.0.0/16", ["a", "b"]);
            assert.equal(first.privateCidr, "10.20.0.0/19");
            assert.equal(first.publicCidr, "10.20.224.0/22");
        });

        it("refuses more zones than the layout has room for", () => {
            assert.throws(
                () => subnetLayout("10.0.0.0/16", ["a", "b", "c", "d", "e", "f", "g", "h"]),
                /at most 7/,
            );
        });

        it("reaches the engine as a ResourceError on the Network, which names it", async () => {
            const zones = ["a", "b", "c", "d", "e", "f", "g", "h"].map((z) => `us-west-2${z}`);
            await assert.rejects(
                buildAlone(
                    () =>
                        new Network("net", {
                            cidr: "10.0.0.0/16",
                            zoneCount: zones.length,
                            zones,
                            natGateways: "single",
                            clusterName: "rayops-spec",
                        }),
                ),
                (e: unknown) =>
                    pulumi.ResourceError.isInstance(e) &&
                    e.resource instanceof Network &&
                    /at most 7/.test(e.message),
            );
        });
    });

    describe("the dev stack", () => {
        let run: OfflineProgramRun;
        before(async () => {
            run = await runStack("dev");
        });

        it("spans two zones with a private and a public subnet each", () => {
            const subnets = ofType(run, SUBNET);
            assert.equal(subnets.filter(isPrivate).length, 2);
            assert.equal(subnets.filter(isPublic).length, 2);
            assert.deepEqual(
                new Set(subnets.map((s) => s.inputs.availabilityZone)),
                new Set(["us-west-2a", "us-west-2b"]),
            );
        });

        it("has a single NAT gateway", () => {
            assert.equal(ofType(run, NAT).length, 1);
        });

        it("routes every private subnet's internet traffic through that single NAT gateway", () => {
            const natId = mockId(NAT, ofType(run, NAT)[0].name);
            const privateTables = ofType(run, ROUTE_TABLE).filter(isPrivate);
            assert.equal(privateTables.length, 2);
            for (const table of privateTables) {
                assert.deepEqual(table.inputs.routes, [{ cidrBlock: "0.0.0.0/0", natGatewayId: natId }]);
            }
        });
    });

    describe("the prod stack", () => {
        let run: OfflineProgramRun;
        before(async () => {
            run = await runStack("prod");
        });

        it("spans three zones, skipping the mock account's us-east-1b (use1-az3, where EKS cannot go)", () => {
            const zones = new Set(ofType(run, SUBNET).map((s) => s.inputs.availabilityZone));
            assert.deepEqual(zones, new Set(["us-east-1a", "us-east-1c", "us-east-1d"]));
        });

        it("has one NAT gateway per zone, each in a different zone's public subnet", () => {
            const nats = ofType(run, NAT);
            assert.equal(nats.length, 3);
            const zones = new Set(nats.map((n) => zoneOfNat(run, mockId(NAT, n.name))));
            assert.equal(zones.size, 3);
        });

        it("routes each private subnet's internet traffic to the NAT gateway in its own zone", () => {
            // GIVEN the private route tables
            const privateTables = ofType(run, ROUTE_TABLE).filter(isPrivate);
            assert.equal(privateTables.length, 3);
            for (const table of privateTables) {
                // WHEN the default route is followed to its NAT gateway
                const routes = table.inputs.routes as { cidrBlock: string; natGatewayId: string }[];
                assert.equal(routes.length, 1);
                assert.equal(routes[0].cidrBlock, "0.0.0.0/0");
                // THEN the NAT gateway is in the zone of the subnet the table serves
                assert.equal(zoneOfNat(run, routes[0].natGatewayId), zoneOfRouteTable(run, table));
            }
        });
    });

    describe("subnet tags and addressing (dev and prod)", () => {
        for (const stack of ["dev", "prod"] as const) {
            it(`${stack}: private subnets carry kubernetes.io/role/internal-elb and the cluster tag`, async () => {
                const run = await runStack(stack);
                for (const s of ofType(run, SUBNET).filter(isPrivate)) {
                    const tags = s.inputs.tags as Record<string, string>;
                    assert.equal(tags["kubernetes.io/role/internal-elb"], "1", s.name);
                    assert.equal(tags[`kubernetes.io/cluster/rayops-${stack}`], "shared", s.name);
                    assert.equal(tags["kubernetes.io/role/elb"], undefined, s.name);
                }
            });

            it(`${stack}: public subnets carry kubernetes.io/role/elb and the cluster tag`, async () => {
                const run = await runStack(stack);
                for (const s of ofType(run, SUBNET).filter(isPublic)) {
                    const tags = s.inputs.tags as Record<string, string>;
                    assert.equal(tags["kubernetes.io/role/elb"], "1", s.name);
                    assert.equal(tags[`kubernetes.io/cluster/rayops-${stack}`], "shared", s.name);
                    assert.equal(tags["kubernetes.io/role/internal-elb"], undefined, s.name);
                }
            });

            it(`${stack}: no subnet maps public IPs on launch`, async () => {
                const run = await runStack(stack);
                const subnets = ofType(run, SUBNET);
                assert.ok(subnets.length > 0);
                for (const s of subnets) assert.equal(s.inputs.mapPublicIpOnLaunch, false, s.name);
            });

            it(`${stack}: lays the subnets out as subnetLayout plans them for the configured CIDR`, async () => {
                const run = await runStack(stack);
                const vpc = ofType(run, "aws:ec2/vpc:Vpc")[0];
                const zones = ofType(run, SUBNET)
                    .filter(isPrivate)
                    .map((s) => String(s.inputs.availabilityZone));
                const plan = subnetLayout(String(vpc.inputs.cidrBlock), zones);
                const cidrs = new Set(ofType(run, SUBNET).map((s) => s.inputs.cidrBlock));
                assert.deepEqual(cidrs, new Set(plan.flatMap((p) => [p.privateCidr, p.publicCidr])));
            });
        }
    });
});
