import { strict as assert } from "node:assert";
import {
    DEFAULT_COMPUTE_TYPE,
    DEFAULT_LOG_RETENTION_DAYS,
    DEFAULT_TIMEOUT_MINUTES,
    TIMEOUT_MINUTES_RANGE,
} from "../../../components/ci-runner/settings";
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

    it("refuses a region rayops does not support, listing the supported ones", () => {
        // GIVEN a region of the right shape that rayops has no zone data for
        const raw = networkRawOf("dev");
        raw.region = "xx-mars-1";
        // THEN the supported regions are listed, comma-separated
        const issue = issueAt(networkIssuesOf(raw), "region");
        assert.equal(issue.value, "xx-mars-1");
        assert.match(
            issue.message,
            /^unsupported region; allowed: us-east-1, us-east-2, us-west-1, us-west-2, /,
        );
    });

    it("refuses an instance type rayops does not know in network.instanceTypes", () => {
        const raw = networkRawOf("dev");
        raw.network.instanceTypes = ["m6i.2xlarge", "m99.huge"];
        const issue = issueAt(networkIssuesOf(raw), "network.instanceTypes.1");
        assert.deepEqual([issue.value, issue.message], ["m99.huge", "an instance type rayops knows"]);
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

    for (const cidr of ["10.20.0.0/16", "10.20.0.0/20"]) {
        it(`accepts the VPC prefix of ${cidr}, a bound of /16 to /20`, () => {
            const raw = networkRawOf("dev");
            raw.network.cidr = cidr;
            assert.equal(parseNetworkConfig(raw, { stack: "dev" }).network.cidr, cidr);
        });
    }

    it("accepts as many availability zones as the region has (us-west-1 with 2)", () => {
        const raw = networkRawOf("dev");
        raw.region = "us-west-1";
        raw.network.azCount = 2;
        assert.equal(parseNetworkConfig(raw, { stack: "dev" }).network.azCount, 2);
    });

    for (const azCount of [2, 3]) {
        it(`accepts network.azCount = ${azCount}`, () => {
            const raw = networkRawOf("dev");
            raw.network.azCount = azCount;
            assert.equal(parseNetworkConfig(raw, { stack: "dev" }).network.azCount, azCount);
        });
    }

    for (const [azCount, allowed] of [
        [1, /Too small: expected number to be >=2/],
        [4, /Too big: expected number to be <=3/],
    ] as const) {
        it(`refuses network.azCount = ${azCount}, saying what is allowed`, () => {
            const raw = networkRawOf("dev");
            raw.network.azCount = azCount;
            const issue = issueAt(networkIssuesOf(raw), "network.azCount");
            assert.equal(issue.value, azCount);
            assert.match(issue.message, allowed);
        });
    }

    describe("network.zoneIds", () => {
        it("accepts one zone id per zone", () => {
            const raw = networkRawOf("dev");
            raw.network.zoneIds = ["usw2-az1", "usw2-az2"];
            assert.deepEqual(parseNetworkConfig(raw, { stack: "dev" }).network.zoneIds, [
                "usw2-az1",
                "usw2-az2",
            ]);
        });

        it("refuses fewer zone ids than network.azCount", () => {
            const raw = networkRawOf("dev");
            raw.network.zoneIds = ["usw2-az1"];
            const issue = issueAt(networkIssuesOf(raw), "network.zoneIds");
            assert.deepEqual(issue.value, ["usw2-az1"]);
            assert.match(issue.message, /exactly network\.azCount \(2\) zone ids/);
        });

        it("refuses a zone id listed twice", () => {
            const raw = networkRawOf("dev");
            raw.network.zoneIds = ["usw2-az1", "usw2-az1"];
            assert.match(issueAt(networkIssuesOf(raw), "network.zoneIds").message, /each zone id once/);
        });
    });

    describe("defaults", () => {
        it("gives a stack without a network section a /16 VPC over two zones with one NAT gateway", () => {
            const raw = networkRawOf("dev");
            delete raw.network;
            assert.deepEqual(parseNetworkConfig(raw, { stack: "dev" }).network, {
                cidr: "10.0.0.0/16",
                azCount: 2,
                natGateways: "single",
                instanceTypes: [],
            });
        });

        it("gives a network section that sets only its CIDR the same defaults", () => {
            const raw = networkRawOf("dev");
            raw.network = { cidr: "10.20.0.0/16" };
            assert.deepEqual(parseNetworkConfig(raw, { stack: "dev" }).network, {
                cidr: "10.20.0.0/16",
                azCount: 2,
                natGateways: "single",
                instanceTypes: [],
            });
        });

        it("creates the CI runners, with the settings' defaults, when ciRunner is left out", () => {
            const raw = networkRawOf("dev");
            delete raw.ciRunner;
            assert.deepEqual(parseNetworkConfig(raw, { stack: "dev" }).ciRunner, {
                enabled: true,
                computeType: DEFAULT_COMPUTE_TYPE,
                timeoutMinutes: DEFAULT_TIMEOUT_MINUTES,
                logRetentionDays: DEFAULT_LOG_RETENTION_DAYS,
            });
        });
    });

    describe("ciRunner bounds and formats", () => {
        for (const minutes of [TIMEOUT_MINUTES_RANGE.min, TIMEOUT_MINUTES_RANGE.max]) {
            it(`accepts ciRunner.timeoutMinutes = ${minutes}, a bound`, () => {
                const raw = networkRawOf("dev");
                raw.ciRunner.timeoutMinutes = minutes;
                assert.equal(parseNetworkConfig(raw, { stack: "dev" }).ciRunner.timeoutMinutes, minutes);
            });
        }

        for (const [minutes, allowed] of [
            [TIMEOUT_MINUTES_RANGE.min - 1, new RegExp(`>=${TIMEOUT_MINUTES_RANGE.min}$`)],
            [TIMEOUT_MINUTES_RANGE.max + 1, new RegExp(`<=${TIMEOUT_MINUTES_RANGE.max}$`)],
        ] as const) {
            it(`refuses ciRunner.timeoutMinutes = ${minutes}, one past a bound`, () => {
                const raw = networkRawOf("dev");
                raw.ciRunner.timeoutMinutes = minutes;
                assert.match(issueAt(networkIssuesOf(raw), "ciRunner.timeoutMinutes").message, allowed);
            });
        }

        const CONNECTION = "arn:aws:codeconnections:us-west-2:123456789012:connection/0a1b2c3d-4e5f";
        it("accepts a CodeConnections connection ARN", () => {
            const raw = networkRawOf("dev");
            raw.ciRunner.connectionArn = CONNECTION;
            assert.equal(parseNetworkConfig(raw, { stack: "dev" }).ciRunner.connectionArn, CONNECTION);
        });

        for (const arn of [`x${CONNECTION}`, ` ${CONNECTION}`, `${CONNECTION}/extra`, `${CONNECTION} `]) {
            it(`refuses the connection ARN ${JSON.stringify(arn)}, naming the key and what is allowed`, () => {
                const raw = networkRawOf("dev");
                raw.ciRunner.connectionArn = arn;
                const issue = issueAt(networkIssuesOf(raw), "ciRunner.connectionArn");
                assert.equal(issue.value, arn);
                assert.match(issue.message, /a CodeConnections connection ARN/);
            });
        }

        it("accepts a connection ARN of another partition (aws-cn, aws-us-gov) and the older service name", () => {
            for (const arn of [
                "arn:aws-cn:codeconnections:cn-north-1:123456789012:connection/0a1b2c3d",
                "arn:aws-us-gov:codestar-connections:us-gov-west-1:123456789012:connection/0a1b2c3d",
            ]) {
                const raw = networkRawOf("dev");
                raw.ciRunner.connectionArn = arn;
                assert.equal(parseNetworkConfig(raw, { stack: "dev" }).ciRunner.connectionArn, arn);
            }
        });

        it("accepts numeric GitHub account ids of up to 20 digits", () => {
            const raw = networkRawOf("dev");
            raw.ciRunner.allowedActorIds = ["1", "9".repeat(20)];
            assert.deepEqual(parseNetworkConfig(raw, { stack: "dev" }).ciRunner.allowedActorIds, [
                "1",
                "9".repeat(20),
            ]);
        });

        it("refuses an empty allowedActorIds, which would let any GitHub actor start a runner", () => {
            // GIVEN a stack that lists no actor: the webhook then gets no ACTOR_ACCOUNT_ID filter
            // (components/ci-runner/ci-runner.ts webhookFilters), the same as leaving the key out
            const raw = networkRawOf("dev");
            raw.ciRunner.allowedActorIds = [];
            // WHEN validated
            const issue = issueAt(networkIssuesOf(raw), "ciRunner.allowedActorIds");
            // THEN it is refused: leaving the key out is the one way to allow any actor
            assert.deepEqual(issue.value, []);
            assert.match(issue.message, /at least one/);
        });

        for (const id of ["x12345", " 12345", "12345x", "12345 ", "9".repeat(21)]) {
            it(`refuses the account id ${JSON.stringify(id)}, naming the key and what is allowed`, () => {
                const raw = networkRawOf("dev");
                raw.ciRunner.allowedActorIds = [id];
                const issue = issueAt(networkIssuesOf(raw), "ciRunner.allowedActorIds.0");
                assert.equal(issue.value, id);
                assert.match(issue.message, /a numeric GitHub account id/);
            });
        }
    });
});
