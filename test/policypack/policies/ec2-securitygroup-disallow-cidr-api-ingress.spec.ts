import assert from "node:assert/strict";
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { EKS_API_TAG } from "../../../policypack/lib/security-groups";
import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { ec2SecurityGroupDisallowCidrApiIngress } from "../../../policypack/policies/ec2-securitygroup-disallow-cidr-api-ingress";
import {
    API_SG_ID,
    apiIngressFromRunners,
    apiSecurityGroup,
    CLUSTER_SG_ID,
    codeBuildProject,
    RUNNER_SG_ID,
    runnerSecurityGroup,
    securityGroupRule,
} from "../ci-runner-fixtures";
import {
    assertPasses,
    assertReported,
    change,
    eksCluster,
    eksComponent,
    resource,
    run,
    urnOf,
} from "../fixtures";

const POLICY = "ec2-securitygroup-disallow-cidr-api-ingress";

/** The platform whose API the rules open: the cluster (its security group in the outputs) and the runners. */
const platform = () => [
    change(eksComponent(), "clusterSecurityGroupId", CLUSTER_SG_ID),
    runnerSecurityGroup(),
    apiSecurityGroup(),
];

/** A group of the stack that does not guard the API, opening 443 to the internet inline. */
const publicWebGroup = (id: string) =>
    resource(
        "aws:ec2/securityGroup:SecurityGroup",
        "web-sg",
        {
            vpcId: "vpc-id",
            description: "Public HTTPS of the web tier",
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
            egress: [],
            tags: {},
        },
        { outputs: { id } },
    );

/**
 * Runs the policy on hand-built stack resources, as @pulumi/policy passes them with the property
 * dependencies the engine records (the offline plan records none).
 */
/** What the policy reads of a stack resource, as @pulumi/policy passes it. */
interface StackResourceFixture {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Record<string, unknown>;
    readonly propertyDependencies?: Record<string, StackResourceFixture[]>;
}

function validate(resources: readonly StackResourceFixture[]): string[] {
    const messages: string[] = [];
    const args = {
        resources: resources as unknown as PolicyResource[],
        getConfig: () => ({}),
        notApplicable: () => {
            throw new Error("not applicable");
        },
    } as unknown as StackValidationArgs;
    ec2SecurityGroupDisallowCidrApiIngress.validateStack(args, (message) => {
        messages.push(message);
    });
    return messages;
}

const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/** An unmarked ingress rule from a CIDR whose group id is unknown during preview. */
const unmarkedRuleOnUnknownGroup = (propertyDependencies?: Record<string, StackResourceFixture[]>) => ({
    type: INGRESS_RULE,
    name: "api-from-office",
    urn: urnOf(INGRESS_RULE, "api-from-office"),
    props: {
        securityGroupId: UNKNOWN_VALUE,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "203.0.113.0/24",
    },
    ...(propertyDependencies ? { propertyDependencies } : {}),
});

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

    it("reports an unmarked rule whose unknown group id comes from a group tagged as the API's", () => {
        // GIVEN the API's tagged group, new (id unknown), and a rule whose securityGroupId is that group's output
        const group = {
            type: "aws:ec2/securityGroup:SecurityGroup",
            name: "eks-api-sg",
            urn: urnOf("aws:ec2/securityGroup:SecurityGroup", "eks-api-sg"),
            props: { id: UNKNOWN_VALUE, tags: { [EKS_API_TAG.key]: EKS_API_TAG.value }, ingress: [] },
        };
        const rule = unmarkedRuleOnUnknownGroup({ securityGroupId: [group] });
        // WHEN the policy runs
        const messages = validate([group, rule]);
        // THEN the rule is reported by the dependency
        assert.equal(messages.length, 1);
        assert.match(messages[0]!, /"api-from-office" opens the EKS API \(port 443\) to 203\.0\.113\.0\/24/);
    });

    it("passes an unmarked rule on an unknown group when its resource lists no property dependencies", () => {
        // GIVEN a rule on a group whose id is unknown, without the propertyDependencies field
        // WHEN the policy runs
        // THEN nothing is known against it, and nothing is reported
        assert.deepEqual(validate([unmarkedRuleOnUnknownGroup()]), []);
    });

    it("reports inline ingress of a tagged group whose id is still unknown (a new group during preview)", () => {
        // GIVEN the API's tagged group, new, with inline ingress from the internet
        const group = change(
            change(apiSecurityGroup(), "ingress", [
                { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
            ]),
            "id",
            UNKNOWN_VALUE,
        );
        // WHEN the policy runs
        // THEN the group is reported by its tag
        assertReported(run(POLICY, [group]), "eks-api-sg", /to 0\.0\.0\.0\/0/);
    });

    it("passes inline ingress from the internet on 443 of a declared group that does not guard the API", () => {
        // GIVEN the platform and an untagged web group of the stack, open on 443
        // WHEN the policy runs
        // THEN the web group is none of the API's concern
        assertPasses(run(POLICY, [...platform(), publicWebGroup("sg-0web00000000000000")]));
    });

    it("reports inline ingress of an untagged group the aws.eks.Cluster lists among its security groups", () => {
        // GIVEN an aws.eks.Cluster with an additional group, and that group declared untagged, open on 443
        const cluster = change(eksCluster(), "vpcConfig.securityGroupIds", ["sg-0extra0000000000000"]);
        // WHEN the policy runs
        // THEN the group is reported by its id
        assertReported(
            run(POLICY, [cluster, publicWebGroup("sg-0extra0000000000000")]),
            "web-sg",
            /to 0\.0\.0\.0\/0/,
        );
    });

    it("reports a rule on an additional security group of an aws.eks.Cluster", () => {
        // GIVEN an aws.eks.Cluster with an additional group, and a rule from a CIDR on that group
        const cluster = change(eksCluster(), "vpcConfig.securityGroupIds", ["sg-0extra0000000000000"]);
        const rule = securityGroupRule("api-from-vpn", {
            securityGroupId: "sg-0extra0000000000000",
            cidrBlocks: ["172.16.0.0/12"],
        });
        // WHEN the policy runs
        // THEN the rule is reported
        assertReported(run(POLICY, [cluster, rule]), "api-from-vpn", /to 172\.16\.0\.0\/12/);
    });

    it("passes while an aws.eks.Cluster's additional security groups are unknown", () => {
        // GIVEN an aws.eks.Cluster whose additional groups are unknown, and a rule from a CIDR on another group
        const cluster = change(eksCluster(), "vpcConfig.securityGroupIds", UNKNOWN_VALUE);
        const rule = securityGroupRule("lb-https", {
            securityGroupId: "sg-0loadbalancer0000",
            cidrBlocks: ["0.0.0.0/0"],
        });
        // WHEN the policy runs
        // THEN nothing is reported
        assertPasses(run(POLICY, [cluster, rule]));
    });

    it("still reads the cluster security group of an aws.eks.Cluster that carries the API tag itself", () => {
        // GIVEN an aws.eks.Cluster tagged rayops:purpose=eks-api, and a rule from a CIDR on its cluster group
        const cluster = change(
            change(eksCluster(), "vpcConfig.clusterSecurityGroupId", CLUSTER_SG_ID),
            "tags",
            { [EKS_API_TAG.key]: EKS_API_TAG.value },
        );
        const rule = securityGroupRule("api-from-vpn", {
            securityGroupId: CLUSTER_SG_ID,
            cidrBlocks: ["172.16.0.0/12"],
        });
        // WHEN the policy runs
        // THEN the rule is reported: the tag marks groups, not clusters
        assertReported(run(POLICY, [cluster, rule]), "api-from-vpn", /to 172\.16\.0\.0\/12/);
    });

    it("does not take the security groups of other resources with a vpcConfig for the API's", () => {
        // GIVEN the runners' CodeBuild project (its vpcConfig names the runners' group) and a rule from a CIDR on that group
        const rule = securityGroupRule("runner-https", {
            securityGroupId: RUNNER_SG_ID,
            cidrBlocks: ["10.0.0.0/16"],
        });
        // WHEN the policy runs
        // THEN nothing is reported: only clusters name the API's groups
        assertPasses(run(POLICY, [codeBuildProject(), runnerSecurityGroup(), rule]));
    });

    it("does not take an empty cluster security group id for a group", () => {
        // GIVEN a cluster whose security group id reads as "", and a group of the stack whose id reads as ""
        // WHEN the policy runs
        // THEN the group does not guard the API
        assertPasses(run(POLICY, [change(eksComponent(), "clusterSecurityGroupId", ""), publicWebGroup("")]));
    });

    it("names every address range of one rule in its finding", () => {
        // GIVEN a rule on the cluster's group from two CIDR blocks
        const rule = securityGroupRule("api-from-vpn", {
            securityGroupId: CLUSTER_SG_ID,
            cidrBlocks: ["10.0.0.0/8", "172.16.0.0/12"],
        });
        // WHEN the policy runs
        // THEN both blocks are listed
        assertReported(
            run(POLICY, [...platform(), rule]),
            "api-from-vpn",
            /to 10\.0\.0\.0\/8, 172\.16\.0\.0\/12\./,
        );
    });
});
