/**
 * The daily spend report: the Cost Explorer request, the sums per window, the issue body, and
 * posting it. AWS and GitHub cannot be reached from tests: Cost Explorer is moto_server on
 * loopback, GitHub the loopback fake that verifies the App's JWT.
 */
import assert from "node:assert/strict";
import {
    costAndUsageRequest,
    fetchSpend,
    publishSpendReport,
    renderSpendMarkdown,
    type SpendSummary,
    spendWindows,
} from "../../../automation/cost/report";
import { createAppTokenSource, TASK_PERMISSIONS } from "../../../automation/github/auth";
import { connectRepository } from "../../../automation/github/client";
import { type GitHubFixture, startGitHubFixture } from "../../support/github-server";
import { type MotoServer, startMoto, withDummyCredentials } from "./moto";

const AS_OF = new Date("2026-11-25T06:47:00Z");
const EC2 = "Amazon Elastic Compute Cloud - Compute";
const EKS = "Amazon Elastic Container Service for Kubernetes";

const group = (tag: string, service: string, amount: string) => ({
    Keys: [`environment$${tag}`, service],
    Metrics: { UnblendedCost: { Amount: amount, Unit: "USD" } },
});
const day = (start: string, groups: unknown[], estimated = false) => ({
    TimePeriod: { Start: start, End: start },
    Total: {},
    Groups: groups,
    Estimated: estimated,
});

describe("spend report: the Cost Explorer request", () => {
    it("compares the last seven full UTC days with the seven before, leaving out today", () => {
        assert.deepEqual(spendWindows(AS_OF), {
            current: { start: "2026-11-18", end: "2026-11-25" },
            previous: { start: "2026-11-11", end: "2026-11-18" },
        });
    });

    it("asks for daily unblended cost grouped by the environment tag and by service", () => {
        assert.deepEqual(costAndUsageRequest(spendWindows(AS_OF)), {
            TimePeriod: { Start: "2026-11-11", End: "2026-11-25" },
            Granularity: "DAILY",
            Metrics: ["UnblendedCost"],
            GroupBy: [
                { Type: "TAG", Key: "environment" },
                { Type: "DIMENSION", Key: "SERVICE" },
            ],
        });
        assert.equal(costAndUsageRequest(spendWindows(AS_OF), "p2").NextPageToken, "p2");
    });
});

describe("spend report against moto_server standing in for AWS Cost Explorer", () => {
    let moto: MotoServer;
    let restore: () => void;
    before(async () => {
        restore = withDummyCredentials();
        moto = await startMoto();
    });
    after(async () => {
        await moto?.stop();
        restore?.();
    });
    beforeEach(() => moto.reset());

    it("sums the environment's spend per service in each window, and untagged spend apart", async () => {
        // GIVEN daily costs of dev, prod and untagged resources over both windows
        await moto.queueCostAndUsage([
            {
                ResultsByTime: [
                    day("2026-11-12", [
                        group("dev", EC2, "10"),
                        group("prod", EC2, "99"),
                        group("", EKS, "1"),
                    ]),
                    day("2026-11-17", [group("dev", EKS, "2.4")]),
                    day("2026-11-18", [group("dev", EC2, "12.5"), group("dev", EKS, "2.4")]),
                    day("2026-11-24", [group("dev", EC2, "7.5"), group("", EC2, "3")], true),
                ],
            },
        ]);
        // WHEN dev's report is fetched
        const s = await fetchSpend({ environment: "dev", asOf: AS_OF, endpoint: moto.url });
        // THEN only dev's tagged spend counts, per window, largest service first
        assert.deepEqual(s.services, [
            { service: EC2, current: 20, previous: 10 },
            { service: EKS, current: 2.4, previous: 2.4 },
        ]);
        assert.deepEqual(s.total, { current: 22.4, previous: 12.4 });
        assert.deepEqual(s.untagged, { current: 3, previous: 1 });
        assert.equal(s.estimated, true);
    });

    it("follows Cost Explorer's result pages", async () => {
        await moto.queueCostAndUsage([
            { ResultsByTime: [day("2026-11-19", [group("dev", EC2, "5")])], NextPageToken: "page-2" },
            { ResultsByTime: [day("2026-11-20", [group("dev", EC2, "6")])] },
        ]);
        const s = await fetchSpend({ environment: "dev", asOf: AS_OF, endpoint: moto.url });
        assert.deepEqual(s.total, { current: 11, previous: 0 });
    });
});

const SUMMARY: SpendSummary = {
    environment: "dev",
    windows: spendWindows(AS_OF),
    services: [
        { service: EC2, current: 140, previous: 100 },
        { service: "Amazon Simple Storage Service", current: 1.5, previous: 0 },
    ],
    total: { current: 141.5, previous: 100 },
    untagged: { current: 4, previous: 0 },
    estimated: true,
    currency: "USD",
};

describe("spend report: the issue", () => {
    it("puts the total, its change, the run rate and every service in the body", () => {
        const body = renderSpendMarkdown({ stack: "dev", summary: SUMMARY, generatedAt: AS_OF });
        assert.match(
            body,
            /Last 7 days \(2026-11-18 to 2026-11-25, end exclusive\): \*\*\$141\.50\*\*, \+\$41\.50 \(\+42%\)/,
        );
        // $141.50 over 168 hours, times 730 hours
        assert.match(body, /Run rate: \*\*\$614\.85\/month\*\*/);
        assert.match(
            body,
            /\| Amazon Elastic Compute Cloud - Compute \| \$140\.00 \| \$100\.00 \| \+\$40\.00 \(\+40%\) \|/,
        );
        assert.match(body, /\| Amazon Simple Storage Service \| \$1\.50 \| \$0\.00 \| new \|/);
        assert.match(body, /Untagged spend in the account .*\$4\.00 last 7 days/);
        assert.match(body, /still estimated/);
    });

    it("compares with the plan's estimate when one is given", () => {
        const estimate = {
            currency: "USD" as const,
            floor: 261.26,
            expected: 261.26,
            ceiling: 2973.38,
            lines: [],
            unknown: [],
            priceSource: "test",
        };
        const body = renderSpendMarkdown({ stack: "dev", summary: SUMMARY, estimate, generatedAt: AS_OF });
        assert.match(
            body,
            /Plan estimate: \$261\.26 floor, \$261\.26 expected, \$2,973\.38 ceiling per month/,
        );
    });

    describe("posted through the App to the fake GitHub on loopback", () => {
        let gh: GitHubFixture;
        beforeEach(async () => {
            gh = await startGitHubFixture();
        });
        afterEach(() => gh.server.close());

        it("creates the month's issue, updates it later that month, and opens a new one next month", async () => {
            const repo = connectRepository(createAppTokenSource(gh.config), TASK_PERMISSIONS.reportIssue);
            // GIVEN no report yet WHEN the 25 November report is posted
            const created = await publishSpendReport(repo, {
                stack: "dev",
                summary: SUMMARY,
                generatedAt: AS_OF,
            });
            // THEN one issue for dev and 2026-11, found again by its hidden marker
            assert.equal(created.action, "created");
            const [issue] = gh.server.issues;
            assert.equal(issue!.title, "Cost report: dev, 2026-11");
            assert.match(issue!.body, /^<!-- rayops:issue=cost-report\/dev\/2026-11 -->\n### Cost report/);
            assert.deepEqual(issue!.labels, ["rayops", "cost-report"]);
            // WHEN the next day's report comes, with other figures
            const nextDay = new Date("2026-11-26T06:47:00Z");
            const more = { ...SUMMARY, total: { current: 150, previous: 100 } };
            const updated = await publishSpendReport(repo, {
                stack: "dev",
                summary: more,
                generatedAt: nextDay,
            });
            // THEN the same issue is updated
            assert.deepEqual([updated.action, updated.number], ["updated", created.number]);
            assert.match(gh.server.issues[0]!.body, /\*\*\$150\.00\*\*/);
            // WHEN December's first report comes
            const december = await publishSpendReport(repo, {
                stack: "dev",
                summary: SUMMARY,
                generatedAt: new Date("2026-12-01T06:47:00Z"),
            });
            // THEN it gets its own issue
            assert.equal(december.action, "created");
            assert.notEqual(december.number, created.number);
            assert.deepEqual(
                gh.server.issues.map((i) => i.title),
                ["Cost report: dev, 2026-11", "Cost report: dev, 2026-12"],
            );
            assert.deepEqual(gh.server.tokenRequests[0]!.body.permissions, { issues: "write" });
        });

        it("keeps the stacks' reports apart in the same month", async () => {
            const repo = connectRepository(createAppTokenSource(gh.config), TASK_PERMISSIONS.reportIssue);
            await publishSpendReport(repo, { stack: "dev", summary: SUMMARY, generatedAt: AS_OF });
            const prod = await publishSpendReport(repo, {
                stack: "prod",
                summary: { ...SUMMARY, environment: "prod" },
                generatedAt: AS_OF,
            });
            assert.equal(prod.action, "created");
            assert.equal(gh.server.issues.length, 2);
        });
    });
});
