import * as assert from "node:assert/strict";
import { mockAccountZones } from "../../../automation/plan/mocks";
import { chooseZones, EKS_UNSUPPORTED_ZONE_IDS } from "../../../components/network/zones";
import { editKey, ofType, runStack } from "../../support/program";
import { networkIssuesOf, networkRawOf } from "../config/raw-config";

const SUBNET = "aws:ec2/subnet:Subnet";

/** One account's view of us-east-1: letters map to ids in no particular order. */
const ACCOUNT = {
    names: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e"],
    zoneIds: ["use1-az4", "use1-az3", "use1-az6", "use1-az1", "use1-az2"],
};

function offering(types: readonly string[], zones: readonly string[]) {
    const pairs = zones.flatMap((zone) => types.map((t) => ({ zone, t })));
    return { instanceTypes: pairs.map((p) => p.t), locations: pairs.map((p) => p.zone) };
}

describe("availability zones (components/network/zones.ts)", () => {
    describe("chooseZones", () => {
        it("skips the zone EKS cannot use (use1-az3), whatever its letter", () => {
            // GIVEN an account whose us-east-1b is use1-az3, and every type offered everywhere
            const chosen = chooseZones(ACCOUNT, offering(["m6i.large"], ACCOUNT.names), {
                region: "us-east-1",
                count: 3,
                instanceTypes: ["m6i.large"],
            });
            // THEN b is left out and the next usable zones fill in
            assert.deepEqual(
                chosen.map((z) => z.name),
                ["us-east-1a", "us-east-1c", "us-east-1d"],
            );
            assert.ok(!chosen.some((z) => EKS_UNSUPPORTED_ZONE_IDS.includes(z.id)));
        });

        it("skips a zone that does not offer every configured instance type", () => {
            const offers = {
                instanceTypes: [
                    ...offering(["m6i.large", "g5.xlarge"], ["us-east-1c", "us-east-1d"]).instanceTypes,
                    "m6i.large",
                ],
                locations: [
                    ...offering(["m6i.large", "g5.xlarge"], ["us-east-1c", "us-east-1d"]).locations,
                    "us-east-1a",
                ],
            };
            const chosen = chooseZones(ACCOUNT, offers, {
                region: "us-east-1",
                count: 2,
                instanceTypes: ["m6i.large", "g5.xlarge"],
            });
            assert.deepEqual(
                chosen.map((z) => z.name),
                ["us-east-1c", "us-east-1d"],
            );
        });

        it("refuses, naming each refused zone and why, when too few zones can take the stack", () => {
            const offers = offering(["m6i.large", "g5.xlarge"], ["us-east-1a"]);
            assert.throws(
                () =>
                    chooseZones(ACCOUNT, offers, {
                        region: "us-east-1",
                        count: 2,
                        instanceTypes: ["m6i.large", "g5.xlarge"],
                    }),
                (e: Error) =>
                    /^network\.azCount 2: only 1 zone\(s\) of us-east-1 can take this stack \(us-east-1a\)/.test(
                        e.message,
                    ) &&
                    e.message.includes("us-east-1b (use1-az3) EKS cannot use this zone") &&
                    e.message.includes("us-east-1c (use1-az6) does not offer m6i.large, g5.xlarge") &&
                    /pin network\.zoneIds/.test(e.message),
            );
        });

        it("uses pinned zone ids in their order, mapped to this account's letters", () => {
            const chosen = chooseZones(ACCOUNT, offering(["m6i.large"], ACCOUNT.names), {
                region: "us-east-1",
                count: 2,
                instanceTypes: ["m6i.large"],
                zoneIds: ["use1-az1", "use1-az4"],
            });
            assert.deepEqual(chosen, [
                { name: "us-east-1d", id: "use1-az1" },
                { name: "us-east-1a", id: "use1-az4" },
            ]);
        });

        it("refuses a pinned zone id the account lacks, EKS cannot use, or that lacks a type", () => {
            const want = { region: "us-east-1", count: 2, instanceTypes: ["m6i.large"] };
            const offers = offering(["m6i.large"], ["us-east-1a", "us-east-1b"]);
            assert.throws(
                () => chooseZones(ACCOUNT, offers, { ...want, zoneIds: ["use1-az4", "use1-az5"] }),
                /network\.zoneIds\[1\] "use1-az5": not an available zone of this account in us-east-1; available: use1-az4 \(us-east-1a\)/,
            );
            assert.throws(
                () => chooseZones(ACCOUNT, offers, { ...want, zoneIds: ["use1-az4", "use1-az3"] }),
                /network\.zoneIds\[1\] "use1-az3" \(us-east-1b\): EKS cannot use this zone/,
            );
            assert.throws(
                () => chooseZones(ACCOUNT, offers, { ...want, zoneIds: ["use1-az4", "use1-az6"] }),
                /network\.zoneIds\[1\] "use1-az6" \(us-east-1c\): does not offer m6i\.large/,
            );
        });
    });

    describe("network.zoneIds in the network stack file", () => {
        it("refuses ids that are not zone ids, repeated ids, and a count other than azCount", () => {
            const raw = networkRawOf("dev");
            raw.network.zoneIds = ["us-west-2a", "usw2-az1"];
            const [bad] = networkIssuesOf(raw);
            assert.equal(bad.key, "network.zoneIds.0");
            assert.match(bad.message, /a zone id such as "use1-az4"/);

            raw.network.zoneIds = ["usw2-az1", "usw2-az1"];
            assert.match(networkIssuesOf(raw)[0].message, /each zone id once/);

            raw.network.zoneIds = ["usw2-az1"];
            const [count] = networkIssuesOf(raw);
            assert.equal(count.key, "network.zoneIds");
            assert.match(count.message, /exactly network\.azCount \(2\) zone ids/);
        });
    });

    describe("the program", () => {
        it("puts prod's subnets in zones the mock account offers for every configured type", async () => {
            // GIVEN prod (us-east-1, three zones, g5/g6 GPU pool) and the mock account, whose last
            // zone lacks GPU types and whose zone ids are not in letter order
            const run = await runStack("prod");
            const account = mockAccountZones("us-east-1");
            const zones = [...new Set(ofType(run, SUBNET).map((s) => String(s.inputs.availabilityZone)))];
            // THEN three zones, none of them use1-az3 (us-east-1b here) nor the GPU-less last zone
            assert.equal(zones.length, 3);
            assert.deepEqual(zones, ["us-east-1a", "us-east-1c", "us-east-1d"]);
            for (const zone of zones) {
                const id = account.zoneIds[account.names.indexOf(zone)];
                assert.ok(id && !EKS_UNSUPPORTED_ZONE_IDS.includes(id), `${zone} (${id})`);
                assert.notEqual(zone, account.names.at(-1));
            }
        });

        it("uses network.zoneIds when the stack pins them", async () => {
            const account = mockAccountZones("us-west-2");
            const [first, second] = account.zoneIds.slice(1, 3);
            const run = await runStack("dev", undefined, undefined, (c) =>
                editKey(c, "network", (n) => {
                    n.zoneIds = [second, first];
                }),
            );
            const zones = ofType(run, SUBNET)
                .filter((s) => s.name.includes("private"))
                .map((s) => s.inputs.availabilityZone);
            assert.deepEqual(zones, [
                account.names[account.zoneIds.indexOf(second)],
                account.names[account.zoneIds.indexOf(first)],
            ]);
        });
    });
});
