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
});
