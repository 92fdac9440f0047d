import assert from "node:assert/strict";
import { EKS_API_TAG } from "../../../policypack/lib/security-groups";
import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import {
    API_SG_ID,
    apiIngressFromRunners,
    apiSecurityGroup,
    CLUSTER_SG_ID,
    RUNNER_SG_ID,
    runnerSecurityGroup,
    securityGroupRule,
} from "../ci-runner-fixtures";
import { assertPasses, assertReported, change, eksCluster, eksComponent, resource, run } from "../fixtures";

const POLICY = "ec2-securitygroup-disallow-cidr-api-ingress";

/** The platform whose API the rules open: the cluster (its security group in the outputs) and the runners. */
const platform = () => [
    change(eksComponent(), "clusterSecurityGroupId", CLUSTER_SG_ID),
    runnerSecurityGroup(),
    apiSecurityGroup(),
];

/** The runners' rule opened to a CIDR instead of their group. */
const fromCidr = (cidr = "10.0.0.0/16") =>
    change(change(apiIngressFromRunners(), "referencedSecurityGroupId", undefined), "cidrIpv4", cidr);

describe(POLICY, () => {
    it("passes the runners' group reaching the cluster's API by group reference", () => {
        assertPasses(run(POLICY, [...platform(), apiIngressFromRunners()]));
    });

    it("reports a marked rule that opens the API to a CIDR", () => {
        assertReported(
            run(POLICY, [...platform(), fromCidr()]),
            "eks-api-from-ci",
            /opens the EKS API \(port 443\) to 10\.0\.0\.0\/16\. Allow the clients' security group instead/,
        );
    });

    it("reports a marked rule on a group whose id is still unknown (a new cluster during preview)", () => {
        const rule = change(fromCidr(), "securityGroupId", UNKNOWN_VALUE);
        assertReported(run(POLICY, [rule]), "eks-api-from-ci", /to 10\.0\.0\.0\/16/);
    });

    it("reports an unmarked rule on the cluster security group that EKS created (eks.Cluster outputs)", () => {
        const rule = change(fromCidr("0.0.0.0/0"), "tags", {});
        assertReported(run(POLICY, [...platform(), rule]), "eks-api-from-ci", /to 0\.0\.0\.0\/0/);
    });

    it("reports an IPv6 range and a prefix list as address ranges", () => {
        const v6 = change(
            change(apiIngressFromRunners(), "referencedSecurityGroupId", undefined),
            "cidrIpv6",
            "::/0",
        );
        assertReported(run(POLICY, [...platform(), v6]), "eks-api-from-ci", /to ::\/0/);
        const list = change(
            change(apiIngressFromRunners(), "referencedSecurityGroupId", undefined),
            "prefixListId",
            "pl-0123456789abcdef0",
        );
        assertReported(run(POLICY, [...platform(), list]), "eks-api-from-ci", /to pl-0123456789abcdef0/);
    });

    it("reports an aws.ec2.SecurityGroupRule on an aws.eks.Cluster's security group", () => {
        const cluster = change(eksCluster(), "vpcConfig.clusterSecurityGroupId", CLUSTER_SG_ID);
        const rule = securityGroupRule("api-from-vpn", {
            securityGroupId: CLUSTER_SG_ID,
            cidrBlocks: ["172.16.0.0/12"],
        });
        assertReported(run(POLICY, [cluster, rule]), "api-from-vpn", /to 172\.16\.0\.0\/12/);
    });

    it("reports a rule on a group of the stack tagged as the API's", () => {
        const rule = securityGroupRule("api-from-office", {
            securityGroupId: API_SG_ID,
            cidrBlocks: ["203.0.113.0/24"],
        });
        assertReported(run(POLICY, [...platform(), rule]), "api-from-office", /to 203\.0\.113\.0\/24/);
    });

    it(`reports inline ingress of a group tagged ${EKS_API_TAG.key}=${EKS_API_TAG.value}`, () => {
        const group = change(apiSecurityGroup(), "ingress", [
            { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
        ]);
        assertReported(run(POLICY, [group]), "eks-api-sg", /to 0\.0\.0\.0\/0/);
    });

    it("reports all-traffic rules (protocol -1) and port ranges that include 443", () => {
        const all = change(change(fromCidr(), "ipProtocol", "-1"), "fromPort", undefined);
        assertReported(
            run(POLICY, [...platform(), change(all, "toPort", undefined)]),
            "eks-api-from-ci",
            /to 10\./,
        );
        const range = change(change(fromCidr(), "fromPort", 0), "toPort", 65535);
        assertReported(run(POLICY, [...platform(), range]), "eks-api-from-ci", /to 10\./);
        const numbered = change(fromCidr(), "ipProtocol", "6");
        assertReported(run(POLICY, [...platform(), numbered]), "eks-api-from-ci", /to 10\./);
    });

    it("passes a CIDR on another port or protocol of the API's group", () => {
        const rule = change(change(fromCidr(), "fromPort", 10250), "toPort", 10250);
        assertPasses(run(POLICY, [...platform(), rule]));
        const udp = change(fromCidr(), "ipProtocol", "udp");
        assertPasses(run(POLICY, [...platform(), udp]));
    });

    it("passes a CIDR on 443 of a group that does not guard the API (a load balancer's)", () => {
        const lb = securityGroupRule("lb-https", {
            securityGroupId: "sg-0loadbalancer0000",
            cidrBlocks: ["0.0.0.0/0"],
        });
        assertPasses(run(POLICY, [...platform(), lb]));
    });

    it("passes egress rules, and the runners' own egress to 0.0.0.0/0 on 443", () => {
        const egress = securityGroupRule("api-egress", {
            type: "egress",
            securityGroupId: CLUSTER_SG_ID,
            cidrBlocks: ["0.0.0.0/0"],
        });
        assertPasses(run(POLICY, [...platform(), egress]));
    });

    it("passes a self-reference and a group reference on the old rule type", () => {
        const self = securityGroupRule("api-self", { securityGroupId: CLUSTER_SG_ID, self: true });
        const peer = securityGroupRule("api-from-ci-old", {
            securityGroupId: CLUSTER_SG_ID,
            sourceSecurityGroupId: RUNNER_SG_ID,
        });
        assertPasses(run(POLICY, [...platform(), self, peer]));
    });

    it("does not report what is unknown during preview: sources, ports, the rule type, an unmarked rule's group", () => {
        assertPasses(run(POLICY, [...platform(), change(fromCidr(), "cidrIpv4", UNKNOWN_VALUE)]));
        assertPasses(run(POLICY, [...platform(), change(fromCidr(), "fromPort", UNKNOWN_VALUE)]));
        const unmarked = change(change(fromCidr(), "tags", {}), "securityGroupId", UNKNOWN_VALUE);
        assertPasses(run(POLICY, [...platform(), unmarked]));
        const oldRule = securityGroupRule("api-from-vpn", {
            type: UNKNOWN_VALUE,
            securityGroupId: CLUSTER_SG_ID,
            cidrBlocks: ["172.16.0.0/12"],
        });
        assertPasses(run(POLICY, [...platform(), oldRule]));
        assertPasses(run(POLICY, [change(apiSecurityGroup(), "ingress", UNKNOWN_VALUE)]));
    });

    it("reports each offending block of a group separately", () => {
        const group = change(apiSecurityGroup(), "ingress", [
            { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] },
            { protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [RUNNER_SG_ID] },
            { protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] },
        ]);
        const result = run(POLICY, [group]);
        assert.deepEqual(
            result.findings.map((f) => /to (\S+)\./.exec(f.message)?.[1]),
            ["10.0.0.0/8", "::/0"],
        );
        assert.ok(result.findings.every((f) => f.resource?.name === "eks-api-sg"));
    });

    it("ignores resources of other types carrying the tag", () => {
        const tagged = resource("aws:ec2/vpc:Vpc", "vpc", { tags: { [EKS_API_TAG.key]: EKS_API_TAG.value } });
        assertPasses(run(POLICY, [tagged]));
    });
});
