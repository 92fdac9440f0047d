import assert from "node:assert/strict";
import {
    EKS_API_TAG,
    hasEksApiTag,
    INGRESS_RULE_TYPE,
    ingressOf,
    opensTcpPort,
    SECURITY_GROUP_RULE_TYPE,
    SECURITY_GROUP_TYPE,
} from "../../../policypack/lib/security-groups";
import { UNKNOWN, UNKNOWN_VALUE } from "../../../policypack/lib/values";

const tcp = (fromPort: unknown, toPort: unknown, protocol: unknown = "tcp") =>
    ingressOf({ type: INGRESS_RULE_TYPE, props: { ipProtocol: protocol, fromPort, toPort } });

describe("policypack/lib/security-groups", () => {
    it("marks the EKS API with the tag rayops:purpose=eks-api, also given as JSON", () => {
        assert.deepEqual(EKS_API_TAG, { key: "rayops:purpose", value: "eks-api" });
        assert.ok(hasEksApiTag({ "rayops:purpose": "eks-api" }));
        assert.ok(hasEksApiTag('{"rayops:purpose":"eks-api"}'));
        assert.ok(!hasEksApiTag({ "rayops:purpose": "ci-runner" }));
        assert.ok(!hasEksApiTag(UNKNOWN_VALUE));
    });

    it("reads the three shapes of ingress alike", () => {
        const rule = ingressOf({
            type: INGRESS_RULE_TYPE,
            props: {
                securityGroupId: "sg-1",
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrIpv4: "10.0.0.0/8",
            },
        });
        const old = ingressOf({
            type: SECURITY_GROUP_RULE_TYPE,
            props: {
                type: "ingress",
                securityGroupId: "sg-1",
                protocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrBlocks: ["10.0.0.0/8"],
            },
        });
        const inline = ingressOf({
            type: SECURITY_GROUP_TYPE,
            props: { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }] },
        });
        for (const found of [rule, old, inline]) {
            assert.ok(Array.isArray(found));
            assert.deepEqual(
                found.map((i) => [i.protocol, i.fromPort, i.toPort, i.addressSources]),
                [["tcp", 443, 443, ["10.0.0.0/8"]]],
            );
        }
        assert.deepEqual(
            ingressOf({
                type: SECURITY_GROUP_RULE_TYPE,
                props: { type: "egress", cidrBlocks: ["0.0.0.0/0"] },
            }),
            [],
        );
    });

    it("tells whether TCP 443 is open, undefined when the ports or protocol are unknown", () => {
        const opens = (i: ReturnType<typeof tcp>) => (i === UNKNOWN ? "unknown" : opensTcpPort(i[0]!, 443));
        assert.equal(opens(tcp(443, 443)), true);
        assert.equal(opens(tcp(0, 65535)), true);
        assert.equal(opens(tcp(undefined, undefined, "-1")), true);
        assert.equal(opens(tcp(443, 443, "6")), true);
        assert.equal(opens(tcp(22, 22)), false);
        assert.equal(opens(tcp(443, 443, "udp")), false);
        assert.equal(opens(tcp(UNKNOWN_VALUE, 443)), undefined);
        assert.equal(opens(tcp(443, 443, UNKNOWN_VALUE)), undefined);
    });

    it("tells that TCP 443 is open to protocol all, and undefined while the last port is unknown", () => {
        const opens = (i: ReturnType<typeof tcp>) => (i === UNKNOWN ? "unknown" : opensTcpPort(i[0]!, 443));
        // GIVEN a rule for protocol "all" without ports, and a TCP rule whose toPort is unknown
        // WHEN asked whether TCP 443 is open
        // THEN "all" opens it, like -1, and the unknown port leaves it undecided
        assert.equal(opens(tcp(undefined, undefined, "all")), true);
        assert.equal(opens(tcp(undefined, undefined, "ALL")), true);
        assert.equal(opens(tcp(443, UNKNOWN_VALUE)), undefined);
    });

    it("tells that a TCP rule without ports opens no port", () => {
        const opens = (i: ReturnType<typeof tcp>) => (i === UNKNOWN ? "unknown" : opensTcpPort(i[0]!, 443));
        // GIVEN TCP rules that lack both ports, or one of them
        // WHEN asked whether TCP 443 is open
        // THEN none opens it
        assert.equal(opens(tcp(undefined, undefined)), false);
        assert.equal(opens(tcp(443, undefined)), false);
        assert.equal(opens(tcp(undefined, 443)), false);
    });

    it("tells that a rule without a protocol opens no port", () => {
        // GIVEN an ingress rule over every port that names no protocol
        const found = ingressOf({ type: INGRESS_RULE_TYPE, props: { fromPort: 0, toPort: 65535 } });
        // WHEN asked whether TCP 443 is open
        // THEN it is not: AWS requires the protocol, and the pack does not guess one
        assert.ok(Array.isArray(found));
        assert.equal(opensTcpPort(found[0]!, 443), false);
    });

    it("drops blank address sources and keeps prefix lists, in all three shapes", () => {
        // GIVEN each shape with blank entries next to a CIDR block and a prefix list
        const rule = ingressOf({
            type: INGRESS_RULE_TYPE,
            props: { ipProtocol: "tcp", cidrIpv4: "10.0.0.0/8", cidrIpv6: " ", prefixListId: "pl-1" },
        });
        const emptyRule = ingressOf({ type: INGRESS_RULE_TYPE, props: { ipProtocol: "tcp", cidrIpv4: "" } });
        const old = ingressOf({
            type: SECURITY_GROUP_RULE_TYPE,
            props: {
                type: "ingress",
                cidrBlocks: ["", " ", "10.0.0.0/8"],
                ipv6CidrBlocks: 42,
                prefixListIds: ["pl-1"],
            },
        });
        const inline = ingressOf({
            type: SECURITY_GROUP_TYPE,
            props: {
                ingress: [{ protocol: "tcp", cidrBlocks: ["10.0.0.0/8", " "], prefixListIds: ["pl-1"] }],
            },
        });
        // WHEN their address sources are read
        // THEN only the CIDR block and the prefix list remain, and a malformed field is ignored
        for (const found of [rule, old, inline]) {
            assert.ok(Array.isArray(found));
            assert.deepEqual(
                found.map((i) => i.addressSources),
                [["10.0.0.0/8", "pl-1"]],
            );
        }
        assert.ok(Array.isArray(emptyRule));
        assert.deepEqual(emptyRule[0]!.addressSources, []);
    });

    it("is unknown when an address list holds an unknown entry", () => {
        // GIVEN an ingress rule whose CIDR list has an entry unknown during preview
        const found = ingressOf({
            type: SECURITY_GROUP_RULE_TYPE,
            props: { type: "ingress", protocol: "tcp", cidrBlocks: ["10.0.0.0/8", UNKNOWN_VALUE] },
        });
        // WHEN its address sources are read
        // THEN they are unknown, not the known part
        assert.ok(Array.isArray(found));
        assert.equal(found[0]!.addressSources, UNKNOWN);
    });

    it("is unknown for a rule whose type is unknown during preview", () => {
        // GIVEN a security group rule whose type is unknown
        // WHEN its ingress is read
        // THEN it is unknown, not "an egress rule"
        assert.equal(
            ingressOf({
                type: SECURITY_GROUP_RULE_TYPE,
                props: { type: UNKNOWN_VALUE, cidrBlocks: ["0.0.0.0/0"] },
            }),
            UNKNOWN,
        );
    });

    it("marks only an ingress rule that carries the EKS API tag", () => {
        // GIVEN a tagged ingress rule, and a group with an inline block
        const tagged = ingressOf({
            type: INGRESS_RULE_TYPE,
            props: { ipProtocol: "tcp", tags: { [EKS_API_TAG.key]: EKS_API_TAG.value } },
        });
        const inline = ingressOf({
            type: SECURITY_GROUP_TYPE,
            props: { ingress: [{ protocol: "tcp" }], tags: { [EKS_API_TAG.key]: EKS_API_TAG.value } },
        });
        // WHEN their ingress is read
        // THEN the rule is marked and the inline block is not (the group's tag is judged on the group)
        assert.ok(Array.isArray(tagged) && Array.isArray(inline));
        assert.deepEqual([tagged[0]!.marked, inline[0]!.marked], [true, false]);
    });

    it("reads no ingress from a group without ingress blocks, nor from other resource types", () => {
        // GIVEN a group without ingress blocks, and a subnet
        // WHEN their ingress is read
        // THEN there is none
        assert.deepEqual(ingressOf({ type: SECURITY_GROUP_TYPE, props: {} }), []);
        assert.deepEqual(ingressOf({ type: "aws:ec2/subnet:Subnet", props: { cidrBlock: "0.0.0.0/0" } }), []);
    });
});
