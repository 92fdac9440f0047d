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

    it("adds the verdict, the shared assumptions and each group's timeline to the burst JSON", async () => {
        const r = await rayops(["cost", "burst", "--stack", "dev", "--json"]);
        const out = JSON.parse(r.stdout);
        // GIVEN the fields the JSON has always had, still there
        for (const key of ["schemaVersion", "kind", "region", "timing", "stack", "results", "sensitivity"]) {
            assert.ok(key in out, key);
        }
        // THEN the total, and per group both strategies' nodes phase by phase
        assert.equal(out.total.groups, 2);
        assert.equal(out.total.saving.percentOf, "cost");
        assert.ok(out.sharedAssumptions.some((a: string) => a.startsWith("scale-up: 3 min")));
        const cpu = out.results[0];
        assert.deepEqual(
            cpu.timeline.map((t: { phase: string }) => t.phase),
            ["warm-up", "small burst", "peak", "sustained", "decrease", "cooldown"],
        );
        assert.deepEqual(
            cpu.timeline.map((t: { autoscaled: { nodes: number } }) => t.autoscaled.nodes),
            [2, 4, 4, 4, 4, 2],
        );
        assert.deepEqual(
            cpu.timeline.map((t: { static: { nodes: number } }) => t.static.nodes),
            [4, 4, 4, 4, 4, 4],
        );
    });

    it("leads the burst output with the total saving, and fits it into 100 columns", async () => {
        const r = await rayops(["cost", "burst", "--stack", "dev"]);
        assert.equal(r.code, 0, r.stderr);
        const lines = r.stdout.trimEnd().split("\n");
        assert.match(
            lines[1]!,
            /^autoscaling saves \$\d+\.\d\d \([\d.]+%\) per burst across worker groups cpu, gpu/,
        );
        // dev's gpu pool cannot grow past the warm-up's two nodes: it is named right under the total
        assert.ok(lines.slice(2, lines.indexOf("")).some((l) => l.startsWith("! gpu: autoscaling costs")));
        assert.ok(
            lines.every((l) => [...l].length <= 100),
            "a line is wider than 100 columns",
        );
    });

    it("fits the burst output into the terminal's width (COLUMNS)", async () => {
        const r = await rayops(["cost", "burst", "--stack", "prod"], { COLUMNS: "80" });
        const widest = Math.max(...r.stdout.split("\n").map((l) => [...l].length));
        assert.ok(widest <= 80, `${widest} columns`);
    });

    it("warns, in every format, when short phases make autoscaling cost more than static", async () => {
        // GIVEN 5-minute phases: the scale-up and scale-down tails outlast every dip
        const args = ["cost", "burst", "--stack", "prod", "--phase-minutes", "5"];
        const text = await rayops(args);
        assert.match(
            text.stdout.split("\n")[1]!,
            /^! autoscaling costs \$[\d.]+ \([\d.]+%\) more per burst than static/,
        );
        const md = await rayops([...args, "--markdown"]);
        assert.match(
            md.stdout,
            /^### rayops cost burst — `prod`\n\n> \[!WARNING\]\n> \*\*Autoscaling costs /,
        );
        const json = JSON.parse((await rayops([...args, "--json"])).stdout);
        assert.ok(json.total.saving.cost < 0);
    });

    it("draws each worker group as a Mermaid chart in the burst Markdown", async () => {
        const r = await rayops(["cost", "burst", "--stack", "prod", "--markdown"]);
        assert.equal(r.stdout.match(/^```mermaid\nxychart-beta\n/gm)?.length, 2);
        assert.match(
            r.stdout,
            /^ {4}x-axis "phase" \["warm-up", "small burst", "peak", "sustained", "decrease", "cooldown"\]$/m,
        );
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
        const bad = await rayops(["cost", "burst", "--stack", "dev", "--phase-minutes", "0"]);
        assert.equal(bad.code, 1);
        assert.match(bad.stderr, /--phase-minutes "0": allowed a number of minutes > 0/);
        const group = await rayops(["cost", "burst", "--stack", "dev", "--group", "tpu"]);
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
