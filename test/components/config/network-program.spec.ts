import { strict as assert } from "node:assert";
import type { ConfigIssue } from "../../../components/config/issues";
import { parseNetworkConfig } from "../../../components/config/network-program";
import { STACKS } from "../../support/program";
import { networkIssuesOf, networkRawOf } from "./raw-config";

function issueAt(issues: readonly ConfigIssue[], key: string): ConfigIssue {
    const issue = issues.find((i) => i.key === key);
    assert.ok(issue, `no issue for ${key}; got ${issues.map((i) => i.key).join(", ")}`);
    return issue;
}

describe("network program config (components/config/network-program.ts)", () => {
    for (const stack of STACKS) {
        it(`accepts the committed network/Pulumi.${stack}.yaml`, () => {
            const config = parseNetworkConfig(networkRawOf(stack), { stack });
            assert.equal(config.ciRunner.enabled, true);
            assert.ok(config.network.instanceTypes.length > 0);
        });
    }

    it("rejects a CIDR that does not parse", () => {
        const raw = networkRawOf("dev");
        raw.network.cidr = "10.300.0.0/16";
        const issue = issueAt(networkIssuesOf(raw), "network.cidr");
        assert.equal(issue.value, "10.300.0.0/16");
        assert.match(issue.message, /IPv4 CIDR such as 10\.0\.0\.0\/16/);
    });

    for (const cidr of ["10.0.0.0/15", "10.0.0.0/21"]) {
        it(`rejects the VPC prefix of ${cidr} (only /16 to /20 are allowed)`, () => {
            const raw = networkRawOf("dev");
            raw.network.cidr = cidr;
            const issue = issueAt(networkIssuesOf(raw), "network.cidr");
            assert.equal(issue.value, cidr);
            assert.match(issue.message, /\/16 to \/20/);
        });
    }

    it("rejects more availability zones than the region has (us-west-1 with 3)", () => {
        const raw = networkRawOf("dev");
        raw.region = "us-west-1";
        raw.network.azCount = 3;
        const issue = issueAt(networkIssuesOf(raw), "network.azCount");
        assert.equal(issue.value, 3);
        assert.match(issue.message, /us-west-1 offers 2 availability zone\(s\); allowed: 2\.\.2/);
    });

    it("refuses a VPC CIDR with host bits set (network.cidr)", () => {
        const raw = networkRawOf("dev");
        raw.network.cidr = "10.20.0.1/16";
        assert.match(issueAt(networkIssuesOf(raw), "network.cidr").message, /no host bits set/);
    });

    it("refuses an unbounded runner timeout, a retention CloudWatch does not offer and an unknown key, all at once", () => {
        const raw = networkRawOf("dev");
        raw.ciRunner.timeoutMinutes = 10000;
        raw.ciRunner.logRetentionDays = 10;
        raw.ciRunner.colour = "blue";
        const keys = networkIssuesOf(raw).map((i) => i.key);
        assert.deepEqual(
            [...keys].sort(),
            ["ciRunner.colour", "ciRunner.logRetentionDays", "ciRunner.timeoutMinutes"].sort(),
        );
    });
});
