import { strict as assert } from "node:assert";
import { DEFAULT_PRICES } from "../../../automation/cost/prices";
import { readStackFile } from "../../../automation/plan/stack-file";
import {
    EKS_VERSIONS,
    eksSupport,
    eksVersionError,
    eksVersionWarning,
    offeredVersions,
} from "../../../components/cluster/eks-versions";
import { ConfigError } from "../../../components/config/issues";
import { parsePlatformConfig } from "../../../components/config/parse";
import { rawConfigFromPulumi } from "../../../components/config/raw";
import { REPO_ROOT } from "../../support/program";

const DAY = new Date("2026-12-01T12:00:00Z");

describe("EKS versions (components/cluster/eks-versions.ts, endoflife.date read 2026-12-01)", () => {
    it("keeps 14 months of standard support and 12 of extended for every row", () => {
        for (const [version, row] of Object.entries(EKS_VERSIONS)) {
            const months = (a: string, b: string) =>
                (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 +
                Number(b.slice(5, 7)) -
                Number(a.slice(5, 7));
            assert.ok([13, 14].includes(months(row.released, row.endOfStandardSupport)), version);
            assert.equal(months(row.endOfStandardSupport, row.endOfExtendedSupport), 12, version);
        }
    });

    it("says where each version stands on a day", () => {
        assert.deepEqual(eksSupport("1.35", DAY), { status: "standard", until: "2027-03-27" });
        assert.deepEqual(eksSupport("1.33", DAY), {
            status: "extended",
            since: "2026-07-29",
            until: "2027-07-29",
        });
        assert.deepEqual(eksSupport("1.34", new Date("2026-12-02T00:00:00Z")).status, "extended");
        assert.deepEqual(eksSupport("1.31", DAY), { status: "ended", since: "2026-11-26" });
        assert.equal(eksSupport("1.36", DAY).status, "newer-than-table");
        assert.equal(eksSupport("1.99", DAY).status, "not-offered");
        assert.equal(eksSupport("1.20", DAY).status, "ended");
        assert.deepEqual(offeredVersions(DAY), ["1.32", "1.33", "1.34", "1.35"]);
    });

    it("refuses a version EKS does not offer or no longer supports, naming what it offers", () => {
        assert.match(
            eksVersionError("1.99", DAY)!,
            /not a Kubernetes version EKS offers: EKS offers 1\.32, 1\.33, 1\.34, 1\.35/,
        );
        assert.match(eksVersionError("1.31", DAY)!, /EKS support for 1\.31 ended 2026-11-26/);
        assert.equal(eksVersionError("1.33", DAY), undefined);
        assert.equal(eksVersionError("1.36", DAY), undefined);
    });

    it("warns about extended support and its price, and about a version newer than the table", () => {
        assert.match(
            eksVersionWarning("1.33", DAY)!,
            /extended support since 2026-07-29.*\$0\.60\/h instead of \$0\.10\/h; upgrade to 1\.34 or 1\.35/,
        );
        assert.match(eksVersionWarning("1.36", DAY)!, /newer than rayops's table/);
        assert.equal(eksVersionWarning("1.35", DAY), undefined);
        assert.equal(DEFAULT_PRICES.eksExtendedSupportHour, 0.6);
    });

    it('refuses "1.99" in a stack file with exit-5 config error naming the key', () => {
        const raw = rawConfigFromPulumi(readStackFile(REPO_ROOT, "dev").config);
        (raw.cluster as { version: string }).version = "1.99";
        assert.throws(
            () => parsePlatformConfig(raw, { stack: "dev" }),
            (err: unknown) =>
                err instanceof ConfigError &&
                err.issues.some(
                    (i) =>
                        i.key === "cluster.version" && /not a Kubernetes version EKS offers/.test(i.message),
                ),
        );
    });
});
