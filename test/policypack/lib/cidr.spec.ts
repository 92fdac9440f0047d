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

    it("reaches no IPv4 through an IPv4 block, even the whole IPv4 internet", () => {
        // GIVEN IPv4 blocks, one of them 0.0.0.0/0 (network 0, like ::/0)
        // WHEN asked what they reach through IPv4-mapped IPv6 addresses
        // THEN the answer is undefined: mapping is an IPv6 notion
        assert.equal(mappedIPv4Prefix(parseCidr("0.0.0.0/0")!), undefined);
        assert.equal(mappedIPv4Prefix(parseCidr("0.0.0.0/32")!), undefined);
    });

    it("reaches no IPv4 through a block longer than /96 outside ::ffff:0:0/96", () => {
        // GIVEN /120 and /128 blocks in documentation space and next to the mapped range
        // WHEN asked what they reach through IPv4-mapped addresses
        // THEN the answer is undefined
        assert.equal(mappedIPv4Prefix(parseCidr("2001:db8::/128")!), undefined);
        assert.equal(mappedIPv4Prefix(parseCidr("::fffe:0:0/120")!), undefined);
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

    it("accepts a :: that stands for exactly one zero group, and refuses one that stands for none", () => {
        // GIVEN seven explicit groups around "::", and eight
        // WHEN each is parsed
        // THEN "::" may replace one group (RFC 4291 section 2.2) but not zero groups
        assert.equal(parseCidr("1:2:3::5:6:7:8/128")?.canonical, "1:2:3:0:5:6:7:8/128");
        assert.equal(parseCidr("1:2:3:4::5:6:7:8/128"), undefined);
        assert.equal(parseCidr("::1:2:3:4:5:6:7:8/128"), undefined);
    });

    it("refuses an IPv6 address whose IPv4 tail is not a dotted quad", () => {
        // GIVEN IPv4-mapped addresses with an out-of-range or short tail
        // WHEN each is parsed
        // THEN neither is a CIDR
        assert.equal(parseCidr("::ffff:256.0.0.1/128"), undefined);
        assert.equal(parseCidr("::ffff:10.0.1/128"), undefined);
    });

    it("writes the first longest run of two or more zero groups as ::, and a lone zero group as 0", () => {
        // GIVEN addresses whose zero runs differ in length and position
        // WHEN their canonical form is written
        // THEN it follows RFC 5952 section 4.2: only runs of two or more, the longest, the first on a tie
        const canonical = (text: string) => parseCidr(`${text}/128`)?.canonical;
        assert.equal(canonical("1:0:1:1:1:1:1:1"), "1:0:1:1:1:1:1:1/128");
        assert.equal(canonical("1:0:0:1:1:1:1:1"), "1::1:1:1:1:1/128");
        assert.equal(canonical("1:0:0:1:0:0:1:1"), "1::1:0:0:1:1/128");
        assert.equal(canonical("1:0:0:1:0:0:0:1"), "1:0:0:1::1/128");
        assert.equal(canonical("0:0:0:1:0:0:1:1"), "::1:0:0:1:1/128");
        assert.equal(canonical("1:1:1:1:1:1:0:0"), "1:1:1:1:1:1::/128");
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
