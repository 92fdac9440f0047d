/**
 * Properties of the subnet arithmetic (components/network/layout.ts) over generated VPC CIDRs:
 * every subnet lies inside the VPC, none overlaps another, each is aligned to its size, and the
 * sizes are the eighth and sixty-fourth the layout promises.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { subnetLayout, subnetOf } from "../../../components/network/layout";

interface Block {
    readonly base: number;
    readonly size: number;
}

function block(cidr: string): Block {
    const [ip, len] = cidr.split("/");
    const base = ip!.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    return { base, size: 2 ** (32 - Number(len)) };
}

const inside = (inner: Block, outer: Block) =>
    inner.base >= outer.base && inner.base + inner.size <= outer.base + outer.size;
const overlap = (a: Block, b: Block) => a.base < b.base + b.size && b.base < a.base + a.size;

/** A VPC CIDR as AWS accepts them (/16 to /22 here, so public /28s still fit), any host bits set. */
const vpcCidr = fc
    .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 16, max: 22 }))
    .map(([n, len]) => `${[24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".")}/${len}`);
const zones = fc
    .integer({ min: 1, max: 3 })
    .map((n) => ["a", "b", "c"].slice(0, n).map((z) => `us-west-2${z}`));

describe("subnet layout properties", () => {
    it("puts every subnet inside the VPC, none overlapping another", () => {
        fc.assert(
            fc.property(vpcCidr, zones, (cidr, zs) => {
                const vpc = block(subnetOf(cidr, 0, 0));
                const subnets = subnetLayout(cidr, zs)
                    .flatMap((p) => [p.privateCidr, p.publicCidr])
                    .map(block);
                for (const s of subnets) assert.ok(inside(s, vpc));
                subnets.forEach((a, i) => {
                    for (const b of subnets.slice(i + 1)) assert.ok(!overlap(a, b));
                });
            }),
        );
    });

    it("makes private subnets an eighth of the VPC and public ones a sixty-fourth", () => {
        fc.assert(
            fc.property(vpcCidr, zones, (cidr, zs) => {
                const vpc = block(subnetOf(cidr, 0, 0));
                for (const p of subnetLayout(cidr, zs)) {
                    assert.equal(block(p.privateCidr).size * 8, vpc.size);
                    assert.equal(block(p.publicCidr).size * 64, vpc.size);
                }
            }),
        );
    });

    it("aligns each block to its own size", () => {
        fc.assert(
            fc.property(vpcCidr, fc.integer({ min: 0, max: 6 }), (cidr, bits) => {
                const len = Number(cidr.split("/")[1]);
                fc.pre(len + bits <= 28);
                for (let i = 0; i < 2 ** bits; i++) {
                    const b = block(subnetOf(cidr, bits, i));
                    assert.equal(b.base % b.size, 0);
                }
            }),
        );
    });

    it("refuses a split below AWS's smallest subnet, /28, naming the prefix", () => {
        fc.assert(
            fc.property(fc.integer({ min: 16, max: 28 }), fc.integer({ min: 1, max: 12 }), (len, bits) => {
                fc.pre(len + bits > 28);
                assert.throws(
                    () => subnetOf(`10.0.0.0/${len}`, bits, 0),
                    new RegExp(`into /${len + bits} subnets`),
                );
            }),
        );
    });
});
