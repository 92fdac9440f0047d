/** `rayops cost` as users run it: output formats, exit codes and the wiring to Cost Explorer and GitHub. */
import assert from "node:assert/strict";
import { main } from "../../../automation/cli";
import type { CliContext } from "../../../automation/cli-support/context";
import { type GitHubFixture, startGitHubFixture } from "../../support/github-server";
import { REPO_ROOT } from "../../support/program";
import { type MotoServer, startMoto, withDummyCredentials } from "./moto";

async function rayops(args: string[], env: Record<string, string> = {}) {
    let stdout = "";
    let stderr = "";
    const ctx: CliContext = {
        env: { NO_COLOR: "1", ...env },
        cwd: REPO_ROOT,
        stdout: { write: (s: string) => (stdout += s), isTTY: false },
        stderr: { write: (s: string) => (stderr += s), isTTY: false },
        exitCode: 0,
    };
    const code = await main(["node", "rayops", ...args], ctx);
    return { code, stdout, stderr };
}

describe("rayops cost", () => {
    it("prints the estimate as one JSON document under --json", async () => {
        const r = await rayops(["cost", "--stack", "dev", "--json"]);
        assert.equal(r.code, 0, r.stderr);
        const out = JSON.parse(r.stdout);
        assert.deepEqual([out.kind, out.stack, out.region], ["cost", "dev", "us-west-2"]);
        assert.ok(out.cost.lines.some((l: { id: string }) => l.id === "nodes:gpu"));
        assert.ok(out.cost.floor > 0);
    });

    it("prints a Markdown table for the PR comment under --markdown", async () => {
        const r = await rayops(["cost", "--stack", "prod", "--markdown"]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^### rayops cost — `prod` \(us-east-1\)/);
        // prod's gpu pool is a node group per GPU model, each priced at its own type
        assert.match(
            r.stdout,
            /\| node pool gpu\/nvidia-a10g: g5\.2xlarge \| \$0\.00 \| \$0\.00 \| \$3,539\.04 \|/,
        );
        assert.match(
            r.stdout,
            /\| node pool gpu\/nvidia-l4: g6\.2xlarge \| \$0\.00 \| \$0\.00 \| \$2,854\.59 \|/,
        );
    });

    it("puts the estimate in the offline plan's report", async () => {
        const r = await rayops(["plan", "--stack", "dev", "--json"]);
        const report = JSON.parse(r.stdout);
        assert.ok(report.cost.expected > 0);
    });

    it("exits 1 naming a --base revision that does not exist", async () => {
        const r = await rayops(["cost", "--stack", "dev", "--base", "no-such-ref-rayops"]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /--base "no-such-ref-rayops": not a commit/);
    });

    it("exits 5 for a stack without a stack file", async () => {
        const r = await rayops(["cost", "--stack", "nosuchstack"]);
        assert.equal(r.code, 5);
    });

    it("compares autoscaling with static provisioning for each worker group under burst", async () => {
        const r = await rayops(["cost", "burst", "--stack", "prod", "--json"]);
        assert.equal(r.code, 0, r.stderr);
        const out = JSON.parse(r.stdout);
        assert.deepEqual(
            out.results.map((x: { group: string }) => x.group),
            ["cpu", "gpu"],
        );
        assert.ok(out.results.every((x: { saving: { percent: number } }) => x.saving.percent > 0));
        assert.equal(out.timing.scaleUpMinutes, 3);
    });

    it("takes the phase length and scale-up latency from the command line", async () => {
        const r = await rayops([
            "cost",
            "burst",
            "--stack",
            "prod",
            "--group",
            "cpu",
            "--phase-minutes",
            "10",
            "--scale-up-minutes",
            "5",
        ]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /period 60 min/);
        assert.match(r.stdout, /scale-up: 5 min/);
    });

    it("exits 1 naming the option, the value and what is allowed for bad burst input", async () => {
        const bad = await rayops(["cost", "burst", "--phase-minutes", "0"]);
        assert.equal(bad.code, 1);
        assert.match(bad.stderr, /--phase-minutes "0": allowed a number of minutes > 0/);
        const group = await rayops(["cost", "burst", "--group", "tpu"]);
        assert.equal(group.code, 1);
        assert.match(group.stderr, /--group tpu: no such Ray worker group; allowed: cpu, gpu/);
    });

    describe("report, with moto_server as Cost Explorer and the fake GitHub, both on loopback", () => {
        let moto: MotoServer;
        let gh: GitHubFixture;
        let restore: () => void;
        before(async () => {
            restore = withDummyCredentials();
            moto = await startMoto();
        });
        after(async () => {
            await moto?.stop();
            restore?.();
        });
        beforeEach(async () => {
            await moto.reset();
            await moto.queueCostAndUsage([
                {
                    ResultsByTime: [
                        {
                            TimePeriod: { Start: "2026-11-20", End: "2026-11-21" },
                            Groups: [
                                {
                                    Keys: ["environment$dev", "Amazon Elastic Compute Cloud - Compute"],
                                    Metrics: { UnblendedCost: { Amount: "12.5", Unit: "USD" } },
                                },
                            ],
                        },
                    ],
                },
            ]);
            gh = await startGitHubFixture();
        });
        afterEach(() => gh.server.close());

        it("prints the issue body under --dry-run without touching GitHub", async () => {
            const r = await rayops(
                ["cost", "report", "--stack", "dev", "--date", "2026-11-25", "--dry-run", "--no-estimate"],
                {
                    AWS_ENDPOINT_URL_COST_EXPLORER: moto.url,
                },
            );
            assert.equal(r.code, 0, r.stderr);
            assert.match(
                r.stdout,
                /Last 7 days \(2026-11-18 to 2026-11-25, end exclusive\): \*\*\$12\.50\*\*/,
            );
            assert.equal(gh.server.requests.length, 0);
        });

        it("creates this month's issue for the stack, with the plan's estimate", async () => {
            const r = await rayops(["cost", "report", "--stack", "dev", "--date", "2026-11-25"], {
                ...gh.env,
                AWS_ENDPOINT_URL_COST_EXPLORER: moto.url,
            });
            assert.equal(r.code, 0, r.stderr);
            assert.match(r.stdout, /cost report for dev: issue created/);
            const [issue] = gh.server.issues;
            assert.equal(issue!.title, "Cost report: dev, 2026-11");
            assert.match(issue!.body, /Plan estimate: \$[\d,.]+ floor/);
        });

        it("exits 1 listing the missing GitHub App settings", async () => {
            const r = await rayops(["cost", "report", "--stack", "dev", "--no-estimate"], {
                AWS_ENDPOINT_URL_COST_EXPLORER: moto.url,
            });
            assert.equal(r.code, 1);
            assert.match(r.stderr, /GITHUB_APP_ID is not set/);
        });
    });
});
