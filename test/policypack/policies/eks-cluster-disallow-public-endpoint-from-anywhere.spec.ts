import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, eksCluster, eksComponent, run } from "../fixtures";

const POLICY = "eks-cluster-disallow-public-endpoint-from-anywhere";

/** The aws.eks.Cluster made public, with `cidrs` as vpcConfig.publicAccessCidrs. */
function publicCluster(cidrs: readonly string[]) {
    const cluster = change(eksCluster(), "vpcConfig.endpointPublicAccess", true);
    return change(cluster, "vpcConfig.publicAccessCidrs", [...cidrs]);
}

describe(POLICY, () => {
    it("passes a public eks.Cluster limited to listed CIDRs and a private aws.eks.Cluster", () => {
        assertPasses(run(POLICY, [eksComponent(), eksCluster()]));
    });

    it("reports a public endpoint without CIDRs, which AWS opens to 0.0.0.0/0", () => {
        const cluster = change(eksComponent(), "publicAccessCidrs", undefined);
        assertReported(
            run(POLICY, [cluster]),
            "cluster",
            /0\.0\.0\.0\/0.*Set endpointPublicAccess to false, or list/,
        );
    });

    it("reports a public endpoint with an empty CIDR list, which AWS also opens to 0.0.0.0/0", () => {
        // GIVEN publicAccessCidrs: [] WHEN the cluster is created THEN AWS applies its default 0.0.0.0/0
        // https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html (read 2026-12-02)
        const cluster = change(eksComponent(), "publicAccessCidrs", []);
        assertReported(run(POLICY, [cluster]), "cluster", /to 0\.0\.0\.0\/0 \(public access without CIDRs\)/);
    });

    it("reports a public endpoint open to 0.0.0.0/0", () => {
        const cluster = change(eksComponent(), "publicAccessCidrs", ["0.0.0.0/0"]);
        assertReported(
            run(POLICY, [cluster]),
            "cluster",
            /0\.0\.0\.0\/0 \(0\.0\.0\.0\/0, 4,294,967,296 addresses\)/,
        );
    });

    // Each spelling below opened the endpoint to most of the internet past a string comparison.
    for (const [cidrs, why] of [
        [["0.0.0.0/1", "128.0.0.0/1"], /0\.0\.0\.0\/1 .*2,147,483,648 addresses.*128\.0\.0\.0\/1/],
        [["10.0.0.0/8"], /10\.0\.0\.0\/8 \(10\.0\.0\.0\/8, 16,777,216 addresses\) is wider than a \/16/],
        [[" 0.0.0.0/0 "], /0\.0\.0\.0\/0 \(0\.0\.0\.0\/0/],
        [["8.8.8.8/0"], /8\.8\.8\.8\/0 \(0\.0\.0\.0\/0/],
        [["::/0"], /::\/0 \(::\/0/],
        [["2000::/3"], /2000::\/3 \(2000::\/3, .* addresses\) is wider than a \/48/],
        [["0:0:0:0:0:0:0:0/0"], /\(::\/0,/],
        [["::ffff:0.0.0.0/96"], /reaches IPv4-mapped addresses as wide as a \/0/],
        [["::/80"], /reaches IPv4-mapped addresses as wide as a \/0/],
        [["::ffff:10.0.0.0/104"], /as wide as a \/8, wider than a \/16/],
        [["0.0.0.0/00"], /"0\.0\.0\.0\/00" is not a CIDR block/],
        [["010.0.0.0/24"], /"010\.0\.0\.0\/24" is not a CIDR block/],
        [["anywhere"], /"anywhere" is not a CIDR block/],
    ] as const) {
        it(`reports a public endpoint open to ${cidrs.join(", ")}`, () => {
            const cluster = change(eksComponent(), "publicAccessCidrs", [...cidrs]);
            assertReported(run(POLICY, [cluster]), "cluster", why);
        });
    }

    it("passes blocks up to the widest allowed: a /16 and a /48, and single addresses", () => {
        const cluster = change(eksComponent(), "publicAccessCidrs", [
            "198.51.0.0/16",
            "203.0.113.7/32",
            "2001:db8:abcd::/48",
            "2001:db8::1/128",
        ]);
        assertPasses(run(POLICY, [cluster]));
    });

    it("takes the widest allowed block from the pack's config", () => {
        const cluster = change(eksComponent(), "publicAccessCidrs", ["198.51.0.0/16"]);
        assertReported(
            run(POLICY, [cluster], { config: { minPublicCidrPrefixV4: 24 } }),
            "cluster",
            /is wider than a \/24.*IPv4 \/24/,
        );
        const wide = change(eksComponent(), "publicAccessCidrs", ["10.0.0.0/8"]);
        assertPasses(run(POLICY, [wide], { config: { minPublicCidrPrefixV4: 8 } }));
    });

    it("passes a public aws.eks.Cluster limited to listed CIDRs in vpcConfig", () => {
        assertPasses(run(POLICY, [publicCluster(["203.0.113.0/24", "2001:db8:abcd::/48"])]));
    });

    it("reports an aws.eks.Cluster with an empty vpcConfig.publicAccessCidrs", () => {
        assertReported(
            run(POLICY, [publicCluster([])]),
            "cluster-eksCluster",
            /to 0\.0\.0\.0\/0 \(public access without CIDRs\).*vpcConfig\.publicAccessCidrs/,
        );
    });

    it("reports an aws.eks.Cluster open to ::/0 beside a listed IPv4 block", () => {
        // GIVEN a dual-stack list whose IPv4 block is allowed WHEN its IPv6 entry is the whole internet
        const cluster = publicCluster(["203.0.113.0/24", "::/0"]);
        // THEN the IPv6 entry alone is reported, as wider than the IPv6 limit
        assertReported(
            run(POLICY, [cluster]),
            "cluster-eksCluster",
            /: ::\/0 \(::\/0, .* addresses\) is wider than a \/48\./,
        );
    });

    it("judges IPv6 blocks by minPublicCidrPrefixV6, not by the IPv4 limit", () => {
        // GIVEN a /32, narrower than the IPv4 limit /16 but wider than the IPv6 limit /48
        assertReported(
            run(POLICY, [publicCluster(["2001:db8::/32"])]),
            "cluster-eksCluster",
            /2001:db8::\/32 .* is wider than a \/48/,
        );
    });

    it("reports an aws.eks.Cluster whose public access is left to the AWS default", () => {
        // GIVEN vpcConfig.endpointPublicAccess unset: AWS enables it, from anywhere
        const cluster = change(eksCluster(), "vpcConfig.endpointPublicAccess", undefined);
        assertReported(run(POLICY, [cluster]), "cluster-eksCluster", /vpcConfig\.publicAccessCidrs/);
    });

    it('reads endpointPublicAccess given as the string "false"', () => {
        assertPasses(run(POLICY, [change(eksCluster(), "vpcConfig.endpointPublicAccess", "false")]));
    });

    it("does not report CIDRs that are unknown during preview", () => {
        assertPasses(run(POLICY, [change(eksComponent(), "publicAccessCidrs", UNKNOWN_VALUE)]));
    });

    it("does not report a public access flag that is unknown during preview", () => {
        // GIVEN an eks.Cluster without CIDRs whose endpointPublicAccess is unknown
        const cluster = change(
            change(eksComponent(), "endpointPublicAccess", UNKNOWN_VALUE),
            "publicAccessCidrs",
            [],
        );
        // WHEN the policy runs
        // THEN it waits for the deployment
        assertPasses(run(POLICY, [cluster]));
    });

    it("names the eks.Cluster's own field, publicAccessCidrs, in the fix", () => {
        // GIVEN an eks.Cluster (the component) public without CIDRs
        const cluster = change(eksComponent(), "publicAccessCidrs", []);
        // WHEN the policy runs
        // THEN the fix names the component's argument, not the aws.eks.Cluster's vpcConfig field
        assertReported(run(POLICY, [cluster]), "cluster", /allowed to reach it in publicAccessCidrs\.$/);
    });

    it("lists every problem of the CIDR list, separated by semicolons", () => {
        // GIVEN two blocks, each wider than a /16
        const cluster = change(eksComponent(), "publicAccessCidrs", ["0.0.0.0/1", "128.0.0.0/1"]);
        // WHEN the policy runs
        // THEN both are named in one finding
        assertReported(run(POLICY, [cluster]), "cluster", /wider than a \/16; 128\.0\.0\.0\/1 \(/);
    });

    it("reports an IPv6 block exactly at the IPv6 limit that reaches all of IPv4 through mapped addresses", () => {
        // GIVEN ::/48, a /48 (allowed for IPv6) that contains ::ffff:0:0/96, spelt with spaces
        // WHEN the policy runs
        // THEN it is reported for the IPv4 it reaches, named as trimmed
        assertReported(
            run(POLICY, [publicCluster([" ::/48 "])]),
            "cluster-eksCluster",
            /too widely: ::\/48 reaches IPv4-mapped addresses as wide as a \/0, wider than a \/16\./,
        );
    });

    it("passes IPv4-mapped blocks as narrow as the IPv4 limit or narrower", () => {
        // GIVEN ::ffff:10.1.0.0/112 (a mapped /16, at the limit) and ::ffff:203.0.113.0/120 (a mapped /24)
        // WHEN the policy runs
        // THEN neither is reported
        assertPasses(run(POLICY, [publicCluster(["::ffff:10.1.0.0/112", "::ffff:203.0.113.0/120"])]));
    });
});
