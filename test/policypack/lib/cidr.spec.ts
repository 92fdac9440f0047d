import { strict as assert } from "node:assert";
import fc from "fast-check";
import { addressCount, mappedIPv4Prefix, parseCidr } from "../../../policypack/lib/cidr";

describe("parseCidr", () => {
    it("reads IPv4 blocks, canonical spelling and host bits", () => {
        assert.deepEqual(parseCidr("10.1.2.3/8"), {
            family: 4,
            prefix: 8,
            network: 0x0a000000n,
            hostBitsSet: true,
            canonical: "10.0.0.0/8",
        });
        assert.equal(parseCidr(" 203.0.113.0/24 ")?.hostBitsSet, false);
        assert.equal(addressCount(parseCidr("0.0.0.0/0")!), 2n ** 32n);
    });

    it("reads IPv6 with :: compression and an IPv4 tail, and writes RFC 5952 form", () => {
        assert.equal(parseCidr("2001:0db8:0000:0000:0000:0000:0000:0001/128")?.canonical, "2001:db8::1/128");
        assert.equal(parseCidr("::/0")?.canonical, "::/0");
        assert.equal(parseCidr("::ffff:192.0.2.1/128")?.canonical, "::ffff:c000:201/128");
        assert.equal(parseCidr("2001:db8::/32")?.prefix, 32);
        assert.equal(addressCount(parseCidr("2001:db8::/64")!), 2n ** 64n);
    });

    it("says how much of IPv4 an IPv6 block reaches through IPv4-mapped addresses", () => {
        assert.equal(mappedIPv4Prefix(parseCidr("::ffff:0.0.0.0/96")!), 0);
        assert.equal(mappedIPv4Prefix(parseCidr("::/64")!), 0);
        assert.equal(mappedIPv4Prefix(parseCidr("::ffff:203.0.113.0/120")!), 24);
        assert.equal(mappedIPv4Prefix(parseCidr("2001:db8::/32")!), undefined);
        assert.equal(mappedIPv4Prefix(parseCidr("10.0.0.0/8")!), undefined);
    });

    it("refuses what is not a CIDR", () => {
        for (const text of [
            "",
            "10.0.0.0",
            "10.0.0.0/33",
            "10.0.0.0/-1",
            "10.0.0.0/8/8",
            "256.0.0.0/8",
            "10.0.0/8",
            "010.0.0.0/8",
            "10.0.0.0/08",
            "::1::/64",
            "1:2:3:4:5:6:7:8:9/64",
            "1:2:3:4:5:6:7/64",
            "12345::/16",
            "2001:db8::/129",
            "fe80::1%eth0/64",
        ]) {
            assert.equal(parseCidr(text), undefined, text);
        }
    });

    it("round-trips: the canonical form of any block parses to the same block", () => {
        fc.assert(
            fc.property(
                fc.oneof(
                    fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })),
                    fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })),
                ),
                ([address, prefix]) => {
                    const cidr = parseCidr(`${address}/${prefix}`);
                    assert.ok(cidr, `${address}/${prefix}`);
                    const again = parseCidr(cidr.canonical);
                    assert.equal(again?.network, cidr.network);
                    assert.equal(again?.prefix, prefix);
                    assert.equal(again?.hostBitsSet, false);
                },
            ),
            { numRuns: 500 },
        );
    });
});
