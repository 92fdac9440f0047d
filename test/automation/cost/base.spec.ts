/**
 * The estimate at another git revision, on a scratch repository whose commits hold a tiny
 * program: the base revision's own files are planned, not the working tree's.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { estimateAtRevision } from "../../../automation/cost/base";
import { BaseRevisionError, describeRevision } from "../../../automation/plan/revision";
import { REPO_ROOT } from "../../support/program";

const PROGRAM = (nats: number) => `import * as aws from "@pulumi/aws";
for (let i = 0; i < ${nats}; i++) new aws.ec2.NatGateway(\`nat-\${i}\`, { subnetId: "subnet-0", allocationId: "eipalloc-0" });
`;
const STACK_FILE = "config:\n  aws:region: us-west-2\n  rayops:region: us-west-2\n";

function git(dir: string, ...args: string[]): string {
    return execFileSync(
        "git",
        ["-c", "user.name=rayops test", "-c", "user.email=test@example.invalid", ...args],
        {
            cwd: dir,
            encoding: "utf8",
        },
    );
}

describe("cost at a base revision", () => {
    let repo: string;
    let first: string;
    let second: string;

    before(() => {
        // GIVEN a repository whose first commit has one NAT gateway and whose second has three
        repo = mkdtempSync(path.join(tmpdir(), "rayops-base-spec-"));
        git(repo, "init", "-q");
        writeFileSync(path.join(repo, ".gitignore"), "node_modules\n");
        writeFileSync(path.join(repo, "Pulumi.yaml"), "name: rayops\nruntime: nodejs\n");
        writeFileSync(path.join(repo, "Pulumi.dev.yaml"), STACK_FILE);
        writeFileSync(path.join(repo, "index.ts"), PROGRAM(1));
        symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "one NAT gateway");
        first = git(repo, "rev-parse", "HEAD").trim();
        writeFileSync(path.join(repo, "index.ts"), PROGRAM(3));
        git(repo, "commit", "-q", "-am", "three NAT gateways");
        second = git(repo, "rev-parse", "HEAD").trim();
        // AND a working tree that differs from both
        writeFileSync(path.join(repo, "index.ts"), PROGRAM(5));
    });
    after(() => rmSync(repo, { recursive: true, force: true }));

    it("plans the stack with the base revision's own program and stack file", async () => {
        const atFirst = await estimateAtRevision({ cwd: repo, ref: first, stack: "dev" });
        const atSecond = await estimateAtRevision({ cwd: repo, ref: second, stack: "dev" });
        // THEN each revision's NAT gateways are priced at us-west-2's $0.045/h
        assert.equal(atFirst.lines.find((l) => l.id === "nat-gateways")?.expected, 1 * 0.045 * 730);
        assert.equal(atSecond.lines.find((l) => l.id === "nat-gateways")?.expected, 3 * 0.045 * 730);
    });

    it("takes branch names and relative revisions as the base", async () => {
        const cost = await estimateAtRevision({ cwd: repo, ref: "HEAD~1", stack: "dev" });
        assert.equal(cost.expected, 1 * 0.045 * 730);
    });

    it("prices a stack that does not exist at the base revision at nothing", async () => {
        const cost = await estimateAtRevision({ cwd: repo, ref: first, stack: "prod" });
        assert.deepEqual([cost.floor, cost.expected, cost.ceiling, cost.lines.length], [0, 0, 0, 0]);
    });

    it("rejects a revision that is not a commit, naming it", async () => {
        await assert.rejects(
            estimateAtRevision({ cwd: repo, ref: "no-such-branch", stack: "dev" }),
            (err: Error) =>
                err instanceof BaseRevisionError && /--base "no-such-branch": not a commit/.test(err.message),
        );
    });

    it("rejects a revision that looks like an option", async () => {
        await assert.rejects(
            estimateAtRevision({ cwd: repo, ref: "--output=x.tar", stack: "dev" }),
            (err: Error) => err instanceof BaseRevisionError && /not an option/.test(err.message),
        );
    });
});

describe("cost at a base revision that has both programs", () => {
    let repo: string;
    const NETWORK = `import * as aws from "@pulumi/aws";
new aws.ec2.NatGateway("net-nat", { subnetId: "subnet-0", allocationId: "eipalloc-0" });
export const subnetId = "subnet-from-network";
`;
    // The cluster program reads the network's output through its StackReference, as rayops's does.
    const CLUSTER = `import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
const network = new pulumi.StackReference("organization/rayops-network/dev");
const subnetId = network.requireOutput("subnetId").apply(String);
for (let i = 0; i < 2; i++) new aws.ec2.NatGateway(\`nat-\${i}\`, { subnetId, allocationId: "eipalloc-0" });
`;
    before(() => {
        // GIVEN a base commit whose network program has one NAT gateway and whose cluster, built in its subnet, two
        repo = mkdtempSync(path.join(tmpdir(), "rayops-base-spec-"));
        git(repo, "init", "-q", "-b", "main");
        writeFileSync(path.join(repo, ".gitignore"), "node_modules\n");
        writeFileSync(path.join(repo, "Pulumi.yaml"), "name: rayops\nruntime: nodejs\n");
        writeFileSync(path.join(repo, "Pulumi.dev.yaml"), STACK_FILE);
        writeFileSync(path.join(repo, "index.ts"), CLUSTER);
        execFileSync("mkdir", [path.join(repo, "network")]);
        writeFileSync(path.join(repo, "network", "Pulumi.yaml"), "name: rayops-network\nruntime: nodejs\n");
        writeFileSync(path.join(repo, "network", "Pulumi.dev.yaml"), STACK_FILE);
        writeFileSync(path.join(repo, "network", "index.ts"), NETWORK);
        symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "network and cluster");
    });
    after(() => rmSync(repo, { recursive: true, force: true }));

    it("runs the base's network first, so its cluster program can read the network's outputs", async () => {
        // WHEN the cluster alone is priced (an engine preview's delta) THEN its two NAT gateways count
        const cluster = await estimateAtRevision({ cwd: repo, ref: "HEAD", stack: "dev" });
        assert.equal(cluster.lines.find((l) => l.id === "nat-gateways")?.expected, 2 * 0.045 * 730);
    });

    it("prices both programs when asked, as the offline plan does", async () => {
        const both = await estimateAtRevision({ cwd: repo, ref: "HEAD", stack: "dev", withNetwork: true });
        assert.equal(both.lines.find((l) => l.id === "nat-gateways")?.expected, 3 * 0.045 * 730);
    });

    it("names the base by its branch and short commit, the pull request's base branch for HEAD^1", () => {
        const commit = git(repo, "rev-parse", "HEAD").trim().slice(0, 12);
        assert.equal(describeRevision(repo, "HEAD"), `HEAD @ ${commit}`);
        assert.equal(describeRevision(repo, "main"), `main @ ${commit}`);
        git(repo, "commit", "-q", "--allow-empty", "-m", "the pull request");
        assert.equal(describeRevision(repo, "HEAD^1", { GITHUB_BASE_REF: "main" }), `main @ ${commit}`);
        assert.throws(() => describeRevision(repo, "nope"), /--base "nope": not a commit/);
    });
});
