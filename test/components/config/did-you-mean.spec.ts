import { strict as assert } from "node:assert";
import { ConfigError, closestKey } from "../../../components/config/issues";
import { parseNetworkConfig } from "../../../components/config/network-program";
import { issueAt, issuesOf, networkRawOf, rawOf } from "./raw-config";

const POOL_KEYS = [
    "instanceTypes",
    "minSize",
    "maxSize",
    "desiredSize",
    "diskSizeGiB",
    "capacityType",
    "labels",
];

describe("unknown keys: the likely meant key (components/config/issues.ts)", () => {
    describe("closestKey", () => {
        for (const [typed, meant] of [
            ["maxsize", "maxSize"],
            ["MAXSIZE", "maxSize"],
            ["max_size", "maxSize"],
            ["max-size", "maxSize"],
            ["minSzie", "minSize"],
            ["maxSiz", "maxSize"],
            ["instanceType", "instanceTypes"],
            ["instnceTypes", "instanceTypes"],
            ["diskSizeGb", "diskSizeGiB"],
        ] as const) {
            it(`takes "${typed}" for "${meant}"`, () => {
                assert.equal(closestKey(typed, POOL_KEYS), meant);
            });
        }

        it("suggests nothing for a key that is not close to any", () => {
            assert.equal(closestKey("maxNodes", POOL_KEYS), undefined);
            assert.equal(closestKey("colour", ["region", "environment", "repo"]), undefined);
        });

        it("allows one edit in a short key and two only from 8 characters on", () => {
            // "cpus" is one edit from "cpu"; "mem" is three from "memory"
            assert.equal(closestKey("cpus", ["cpu", "memory"]), "cpu");
            assert.equal(closestKey("mem", ["cpu", "memory"]), undefined);
            // two edits: refused in a 7-letter key, taken in an 8-letter one
            assert.equal(closestKey("mnSiz", ["minSize"]), undefined);
            assert.equal(closestKey("maxRunrs", ["maxRunners"]), "maxRunners");
        });

        it("suggests nothing when two keys are equally close", () => {
            assert.equal(closestKey("maxSize", ["maxSizes", "maxSized"]), undefined);
        });

        it("takes the closer of two keys within reach, wherever it is listed", () => {
            // GIVEN "desiredSiz": one edit from desiredSize, two from desiredSizes, listed first
            // THEN the closer one is meant, and a tie between the two is not what refuses it
            assert.equal(closestKey("desiredSiz", ["desiredSizes", "desiredSize"]), "desiredSize");
            assert.equal(closestKey("desiredSiz", ["desiredSize", "desiredSizes"]), "desiredSize");
        });

        for (const [typed, meant] of [
            ["mmeory", "memory"],
            ["memroy", "memory"],
            ["memoyr", "memory"],
            ["rgeion", "region"],
        ] as const) {
            it(`counts the swap of two neighbouring letters in "${typed}" as one edit`, () => {
                assert.equal(closestKey(typed, ["memory", "region"]), meant);
            });
        }

        for (const typed of ["memray", "meamry", "meoary", "reomry", "gion", "theregion", "regionsxy"]) {
            it(`refuses "${typed}": one edit too many for its length`, () => {
                // Two edits in a key of 6 or less, three in a longer one: none of them a swap of neighbours
                assert.equal(closestKey(typed, ["memory", "region"]), undefined);
            });
        }

        it("allows a swap and one more edit only in a key of 8 characters or more", () => {
            assert.equal(closestKey("pcu", ["cpu", "memory"]), "cpu");
            assert.equal(closestKey("pca", ["cpu", "memory"]), undefined);
            assert.equal(closestKey("naemspaec", ["namespace"]), "namespace");
            assert.equal(closestKey("naemspaecx", ["namespace"]), undefined);
        });
    });

    describe("in a stack's issues", () => {
        it("names the meant key for a misspelt pool setting, beside what is allowed", () => {
            // GIVEN a cpu pool whose maxSize is spelt in lower case
            const raw = rawOf("dev");
            raw.nodePools.cpu.maxsize = raw.nodePools.cpu.maxSize;
            delete raw.nodePools.cpu.maxSize;
            // WHEN validated THEN the unknown key says which key it likely is
            const issue = issueAt(issuesOf(raw), "nodePools.cpu.maxsize");
            assert.match(
                issue.message,
                /^unknown key; did you mean "maxSize"\?; allowed here: instanceTypes, /,
            );
        });

        it("names the meant top-level key", () => {
            const raw = rawOf("dev");
            raw.nodepools = raw.nodePools;
            delete raw.nodePools;
            assert.match(issueAt(issuesOf(raw), "nodepools").message, /did you mean "nodePools"\?/);
        });

        it("names the meant key in a network stack too", () => {
            const raw = networkRawOf("dev");
            raw.ciRunner.timeoutMinute = 30;
            try {
                parseNetworkConfig(raw, { stack: "dev" });
                assert.fail("expected the network configuration to be rejected");
            } catch (err) {
                assert.ok(err instanceof ConfigError);
                const issue = err.issues.find((i) => i.key === "ciRunner.timeoutMinute");
                assert.match(issue?.message ?? "", /did you mean "timeoutMinutes"\?/);
            }
        });
    });
});
