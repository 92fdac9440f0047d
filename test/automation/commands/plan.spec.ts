/** `rayops plan` as a user runs it: the real CLI process, its output formats and exit codes. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../support/program";

import { assertReportDocument } from "../../support/report-schema";

const BIN = path.join(REPO_ROOT, "bin", "rayops.js");

function rayops(args: string[], cwd = REPO_ROOT) {
    const r = spawnSync(process.execPath, [BIN, ...args], {
        cwd,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
    });
    // What the plan prints as JSON is checked against the published schema, every time.
    if (args.includes("--json") && r.stdout.trim() !== "") {
        assertReportDocument(JSON.parse(r.stdout));
    }
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A scratch repo with the real project files and a changed copy of a stack file: the cluster
 * program's, or with `network` the network program's (network/Pulumi.<stack>.yaml).
 */
function scratchWith(
    stack: string,
    edit: (text: string) => string,
    program: "cluster" | "network" = "cluster",
): string {
    const dir = mkdtempSync(path.join(tmpdir(), "rayops-plan-"));
    mkdirSync(path.join(dir, "network"));
    for (const sub of ["", "network"]) {
        writeFileSync(
            path.join(dir, sub, "Pulumi.yaml"),
            readFileSync(path.join(REPO_ROOT, sub, "Pulumi.yaml")),
        );
        const text = readFileSync(path.join(REPO_ROOT, sub, `Pulumi.${stack}.yaml`), "utf8");
        const edited = (sub === "network") === (program === "network") ? edit(text) : text;
        writeFileSync(path.join(dir, sub, `Pulumi.${stack}.yaml`), edited);
    }
    return dir;
}

describe("rayops plan", () => {
    it("prints the resource tree, the policy report and the offline limits, and exits 0 for dev", () => {
        const r = rayops(["plan", "--stack", "dev"]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /rayops offline plan — stack dev, us-west-2/);
        assert.match(r.stdout, /rayops-dev-gpu-ng aws:eks\/nodeGroup:NodeGroup/);
        assert.match(r.stdout, /Policies \(\d+ evaluated\): 0 mandatory/);
        assert.match(r.stdout, /Provider diffs are not shown/);
        assert.ok(!r.stdout.includes("\u001b["), "NO_COLOR output has no ANSI escapes");
    });

    describe("--json, for tools that check the plan", () => {
        // prod plans once: its runners' GitHub App key is secret config.
        let out: string;
        // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document
        let report: any;
        before(() => {
            out = rayops(["plan", "--stack", "prod", "--json"]).stdout;
            report = JSON.parse(out);
        });

        it("gives every resource its inputs, so a tool can read a RayCluster's spec or an IAM policy", () => {
            const ray = report.resources.find(
                (x: { type: string }) => x.type === "kubernetes:ray.io/v1:RayCluster",
            );
            assert.ok(ray?.inputs?.spec?.workerGroupSpecs?.length > 0, JSON.stringify(ray).slice(0, 300));
            const custom = report.resources.filter((x: { component: boolean }) => !x.component);
            assert.ok(custom.every((x: { inputs?: object }) => typeof x.inputs === "object"));
        });

        it("masks every input that held a secret, and never prints a secret's offline placeholder", () => {
            const secret = report.resources.find(
                (x: { type: string; name: string }) =>
                    x.type === "kubernetes:core/v1:Secret" && x.name.includes("github-app"),
            );
            assert.equal(secret?.inputs?.stringData, "[secret]");
            assert.ok(!out.includes("not decrypted offline"));
        });

        it("orders resources by URN and input keys by name, whatever the registration order", () => {
            const urns = report.resources.map((x: { urn: string }) => x.urn);
            assert.deepEqual(urns, [...urns].sort());
            for (const r of report.resources) {
                const keys = Object.keys(r.inputs ?? {});
                assert.deepEqual(keys, [...keys].sort(), r.urn);
            }
        });

        it("rounds every amount to cents", () => {
            const amounts: number[] = [];
            JSON.parse(JSON.stringify(report.cost), (_k, v) => {
                if (typeof v === "number") amounts.push(v);
                return v;
            });
            assert.ok(amounts.length > 10);
            for (const n of amounts) assert.ok(Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, String(n));
        });
    });

    it("prints one JSON document with the report's fields under --json", () => {
        const r = rayops(["plan", "--stack", "prod", "--json"]);
        assert.equal(r.code, 0, r.stderr);
        const report = JSON.parse(r.stdout);
        assert.equal(report.schemaVersion, 1);
        assert.equal(report.kind, "offline-plan");
        assert.equal(report.stack, "prod");
        assert.ok(report.resources.some((x: { type: string }) => x.type === "aws:eks/nodeGroup:NodeGroup"));
        assert.deepEqual(
            report.policy.findings.filter(
                (f: { enforcementLevel: string }) => f.enforcementLevel === "mandatory",
            ),
            [],
        );
    });

    it("prints the PR comment's Markdown under --markdown", () => {
        const r = rayops(["plan", "--stack", "dev", "--markdown"]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^### ✅ rayops offline plan — `dev`/);
        assert.match(r.stdout, /<details><summary>Resources<\/summary>/);
    });

    it("exits 2 and names the policy when a mandatory policy is violated", () => {
        // GIVEN a dev stack whose GPU pool may grow to 12 nodes (the pack allows 10)
        const dir = scratchWith("dev", (t) =>
            t.replace(/(gpu:\n\s+instanceTypes: \[g5.xlarge\]\n\s+minSize: 0\n\s+maxSize:) 2/, "$1 12"),
        );
        // WHEN planned
        const r = rayops(["plan", "--stack", "dev", "--no-tree"], dir);
        // THEN exit 2 with the node-limit policy reported as mandatory
        assert.equal(r.code, 2, r.stdout + r.stderr);
        assert.match(r.stdout, /mandatory stack-enforce-node-limits/);
        // AND the JSON report says the plan did not pass, as the engine's preview would
        const json = JSON.parse(rayops(["plan", "--stack", "dev", "--json"], dir).stdout);
        assert.equal(json.succeeded, false);
        assert.equal(json.error, "1 mandatory policy violation");
    });

    describe("on a config error, machine output still says what failed (the job summary is never empty)", () => {
        const bad = () =>
            scratchWith("dev", (t) => t.replace("scaleDownUnneededTime: 5m", 'scaleDownUnneededTime: ""'));

        it("prints one JSON object with succeeded: false and each problem's key under --json", () => {
            const r = rayops(["plan", "--stack", "dev", "--json"], bad());
            assert.equal(r.code, 5);
            const out = JSON.parse(r.stdout);
            assert.equal(out.succeeded, false);
            assert.equal(out.exitCode, 5);
            assert.deepEqual(
                out.problems.map((p: { key: string }) => p.key),
                ["rayops:addons.clusterAutoscaler.scaleDownUnneededTime"],
            );
            assert.match(r.stderr, /scaleDownUnneededTime = "": a duration/);
        });

        it("prints a short Markdown block under --markdown", () => {
            const r = rayops(["plan", "--stack", "dev", "--markdown"], bad());
            assert.equal(r.code, 5);
            assert.match(
                r.stdout,
                /^### ❌ rayops offline plan failed — `dev`\n\n> \[!CAUTION\]\n> \*\*Nothing was checked\.\*\*/,
            );
            assert.match(
                r.stdout,
                /- `rayops:addons\.clusterAutoscaler\.scaleDownUnneededTime`: "": a duration/,
            );
        });

        it("answers before any Pulumi SDK loads", () => {
            const dir = bad();
            const probe = [
                "require('tsx/cjs');",
                `const cli = require(${JSON.stringify(path.join(REPO_ROOT, "automation", "cli.ts"))});`,
                `process.chdir(${JSON.stringify(dir)});`,
                "cli.main(['node', 'rayops', 'plan', '--stack', 'dev']).then((code) => {",
                "  const sdk = Object.keys(require.cache).filter((k) => k.includes('node_modules/@pulumi/'));",
                "  process.stdout.write(JSON.stringify({ code, sdk: sdk.length }));",
                "});",
            ].join("\n");
            const r = spawnSync(process.execPath, ["-e", probe], { cwd: REPO_ROOT, encoding: "utf8" });
            assert.deepEqual(JSON.parse(r.stdout), { code: 5, sdk: 0 }, r.stderr);
        });
    });

    it("exits 5 and lists every config problem when the stack config is invalid", () => {
        const dir = scratchWith("dev", (t) =>
            t
                .replace('version: "1.35"', 'version: "1.99"')
                .replace("minSize: 2\n      maxSize: 3", "minSize: 4\n      maxSize: 3"),
        );
        const r = rayops(["plan", "--stack", "dev"], dir);
        assert.equal(r.code, 5);
        assert.match(r.stderr, /^rayops: Pulumi\.dev\.yaml: invalid stack configuration \(2 problems\)/);
        assert.match(r.stderr, /rayops:cluster\.version = "1\.99"/);
        assert.match(r.stderr, /rayops:nodePools\.system\.minSize = 4/);
        assert.equal(r.stdout, "");
    });

    it("exits 5 naming network/Pulumi.<stack>.yaml when the network program's config is invalid", () => {
        const dir = scratchWith(
            "dev",
            (t) => t.replace("cidr: 10.20.0.0/16", "cidr: 10.20.0.0/33"),
            "network",
        );
        const r = rayops(["plan", "--stack", "dev"], dir);
        assert.equal(r.code, 5);
        assert.match(r.stderr, /^rayops: network\/Pulumi\.dev\.yaml: invalid stack configuration/);
        assert.match(r.stderr, /rayops:network\.cidr = "10\.20\.0\.0\/33": an IPv4 CIDR/);
        assert.equal(r.stdout, "");
    });

    it("exits 5 with the expected path when the stack file does not exist", () => {
        const r = rayops(["plan", "--stack", "staging"]);
        assert.equal(r.code, 5);
        assert.match(r.stderr, /no stack file for "staging": expected Pulumi\.staging\.yaml/);
    });

    it("refuses --json together with --markdown", () => {
        const r = rayops(["plan", "--stack", "dev", "--json", "--markdown"]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /choose one of --json and --markdown/);
    });

    describe("--base", () => {
        it("plans the stack at that revision too and names it in the report, which the schema accepts", () => {
            // GIVEN the repository's own HEAD as the base WHEN planned against it
            const r = rayops(["plan", "--stack", "dev", "--base", "HEAD", "--json"]);
            // THEN the report says what it was compared with (rayops() validates the JSON)
            assert.equal(r.code, 0, r.stderr);
            const doc = JSON.parse(r.stdout);
            assert.match(doc.base, /^HEAD @ [0-9a-f]{12}$/);
            assert.ok(
                doc.limits.some((l: string) =>
                    l.startsWith("Changes are this revision's offline plan against HEAD @"),
                ),
            );
            assert.ok(doc.cost.delta, "the cost change against the base");
        });

        it("refuses a revision that is not a commit with exit 1, naming it, before planning", () => {
            const r = rayops(["plan", "--stack", "dev", "--base", "no-such-ref"]);
            assert.equal(r.code, 1);
            assert.match(r.stderr, /--base "no-such-ref": not a commit in this repository/);
            assert.equal(r.stdout, "", "no report of a half-done comparison");
        });

        it("refuses an option given as the revision", () => {
            const r = rayops(["plan", "--stack", "dev", "--base=--json"]);
            assert.equal(r.code, 1);
            assert.match(r.stderr, /--base "--json": allowed a git revision, not an option/);
        });
    });

    describe("--job-summary", () => {
        function withSummary(args: string[], summary: string | undefined) {
            const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
            delete env.GITHUB_STEP_SUMMARY;
            if (summary !== undefined) env.GITHUB_STEP_SUMMARY = summary;
            return spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: "utf8", env });
        }

        it("appends the report's Markdown to the job summary and still prints the JSON", () => {
            // GIVEN a job summary file that already holds an earlier step's text
            const dir = mkdtempSync(path.join(tmpdir(), "rayops-summary-"));
            const file = path.join(dir, "summary.md");
            writeFileSync(file, "earlier step\n");
            // WHEN planned with --job-summary --json
            const r = withSummary(["plan", "--stack", "dev", "--job-summary", "--json"], file);
            // THEN stdout is the JSON, and the summary keeps the earlier text with the report after it
            assert.equal(r.status, 0, r.stderr);
            assert.equal(JSON.parse(r.stdout).stack, "dev");
            const summary = readFileSync(file, "utf8");
            assert.match(summary, /^earlier step\n### ✅ rayops offline plan — `dev`\n/);
            assert.match(summary, /<details><summary>Resources<\/summary>/);
        });

        it("refuses --job-summary outside a workflow step, saying what is missing", () => {
            const r = withSummary(["plan", "--stack", "dev", "--job-summary"], undefined);
            assert.equal(r.status, 1);
            assert.match(r.stderr, /--job-summary: GITHUB_STEP_SUMMARY is not set/);
        });
    });
});
