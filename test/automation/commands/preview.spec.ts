import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import {
    errorDiagnostic,
    FakeWorkspace,
    policyEvent,
    pulumiCommandError,
    realCliMissingError,
    recordedEngineError,
} from "../../support/fake-workspace";
import { type GitHubFixture, startGitHubFixture } from "../../support/github-server";
import { REPO_ROOT } from "../../support/program";
import { BUCKET_URN, devPreviewEvents, gpuTaintViolation, NODEGROUP_URN, VPC_URN } from "./events";
import { lines, runCli, scratchRepo } from "./harness";

describe("rayops preview (engine faked: FakeWorkspace stands in for the Pulumi engine)", () => {
    let repo: ReturnType<typeof scratchRepo>;
    before(() => {
        repo = scratchRepo({
            "Pulumi.broken.yaml": "config:\n  rayops:region: mars-north-1\n  rayops:environment: dev\n",
        });
    });
    after(() => repo.cleanup());

    const preview = (
        fake: FakeWorkspace,
        args: string[],
        env: Record<string, string> = {},
        selected: string | undefined = fake.current,
    ) =>
        runCli(["preview", ...args], { cwd: repo.dir, env, selected, deps: { openWorkspace: fake.factory } });

    describe("--json", () => {
        it("prints the shared report: schemaVersion, kind, stack, region, changed resources, policy", async () => {
            // GIVEN an engine preview with every kind of change and one advisory finding
            const fake = new FakeWorkspace().script("preview", {
                events: [
                    ...devPreviewEvents(),
                    policyEvent("s3-bucket-enable-versioning", "warning", "versioning is off", BUCKET_URN),
                ],
            });
            // WHEN previewing as JSON
            const run = await preview(fake, ["--stack", "dev", "--json"]);
            // THEN stdout is one JSON report in the offline plan's shape
            assert.equal(run.code, 0, run.stderr);
            const report = JSON.parse(run.stdout);
            assert.equal(report.schemaVersion, 1);
            assert.equal(report.kind, "preview");
            assert.equal(report.stack, "dev");
            assert.equal(report.region, "us-west-2");
            assert.equal(report.succeeded, true);
            const changes = Object.fromEntries(
                report.resources.map((r: { urn: string; change: string }) => [r.urn, r.change]),
            );
            assert.equal(changes[VPC_URN], "create");
            assert.equal(changes[BUCKET_URN], "update");
            assert.equal(changes[NODEGROUP_URN], "replace");
            assert.equal(
                report.resources.filter((r: { name: string }) => r.name === "rayops-dev-gpu").length,
                1,
            );
            assert.ok(!report.resources.some((r: { name: string }) => r.name === "rayops-dev-secrets"));
            assert.ok(report.policy.policiesRun > 0);
            assert.deepEqual(report.policy.findings, [
                {
                    policy: "s3-bucket-enable-versioning",
                    enforcementLevel: "advisory",
                    resource: { type: "aws:s3/bucketV2:BucketV2", name: "ray-checkpoints", urn: BUCKET_URN },
                    message: "versioning is off",
                },
            ]);
        });

        it("says no policy ran when the engine never started (the CLI is missing)", async () => {
            const fake = new FakeWorkspace();
            fake.stackError = await realCliMissingError();
            const run = await preview(fake, ["--stack", "dev", "--json"]);
            assert.equal(run.code, 1);
            const report = JSON.parse(run.stdout);
            assert.equal(report.succeeded, false);
            assert.equal(report.policy.policiesRun, 0);
        });

        it("keeps a component whose child changes, so the resource tree keeps its shape", async () => {
            const fake = new FakeWorkspace().script("preview", { events: devPreviewEvents() });
            const run = await preview(fake, ["--stack", "dev", "--json"]);
            const vpc = JSON.parse(run.stdout).resources.find((r: { urn: string }) => r.urn === VPC_URN);
            const parent = JSON.parse(run.stdout).resources.find(
                (r: { urn: string }) => r.urn === vpc.parent,
            );
            assert.equal(parent.type, "rayops:network:Network");
            assert.equal(parent.component, true);
        });
    });

    it("runs the engine with the repository's policy pack and streams its progress to stderr", async () => {
        const fake = new FakeWorkspace().script("preview", { output: ["Previewing update (dev)\n"] });
        const run = await preview(fake, ["--stack", "dev"]);
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(fake.callsOf("preview")[0]!.options!.policyPacks, [fake.workspaceInfo.policyPack]);
        assert.match(run.stderr, /Previewing update \(dev\)/);
        assert.match(run.stdout, /rayops preview — stack dev, us-west-2/);
    });

    it("previews the selected stack when --stack is left out", async () => {
        const fake = new FakeWorkspace({ stacks: { dev: {}, prod: {} }, current: "prod" });
        const run = await preview(fake, ["--json"]);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(JSON.parse(run.stdout).stack, "prod");
        assert.match(run.stderr, /rayops: stack prod \(the selected stack; --stack chooses another\)/);
        assert.deepEqual(fake.callsOf("stack")[0]!.stack, "prod");
    });

    it("fails with what to do when no stack is given and none is selected", async () => {
        const run = await preview(new FakeWorkspace(), []);
        assert.equal(run.code, 1);
        assert.match(
            run.stderr,
            /no --stack given and no stack selected: pass --stack <name>, or run `rayops stack select <name>` once \(the stack files here are Pulumi.broken.yaml, Pulumi.dev.yaml, Pulumi.prod.yaml\)/,
        );
    });

    describe("exit codes", () => {
        it("exits 2 when the engine reports a mandatory policy violation and stops the preview", async () => {
            // GIVEN the engine reports the violation, then fails the preview as Pulumi does
            const fake = new FakeWorkspace().script("preview", {
                events: [...devPreviewEvents(), gpuTaintViolation()],
                error: recordedEngineError("previewPolicyViolation"),
            });
            const run = await preview(fake, ["--stack", "dev"]);
            assert.equal(run.code, 2);
            assert.match(run.stdout, /mandatory eks-nodegroup-missing-gpu-taint rayops-dev-gpu/);
            assert.match(run.stderr, /preview of stack dev stopped: 1 mandatory policy violation\n$/);
        });

        it("exits 4 with one line when another update holds the stack's lock (the SDK's ConcurrentUpdateError)", async () => {
            const locked = recordedEngineError("locked");
            assert.equal(locked.name, "ConcurrentUpdateError");
            const fake = new FakeWorkspace().script("preview", { error: locked });
            const run = await preview(fake, ["--stack", "dev"]);
            assert.equal(run.code, 4);
            assert.deepEqual(lines(run.stderr), [
                "rayops: stack dev is locked by another update; wait for it or, if it crashed, run `pulumi cancel` yourself — rayops never cancels someone else's update",
            ]);
            assert.equal(run.stdout, "");
        });

        it("exits 5 and lists the problems when the stack config is invalid, without running the engine", async () => {
            const fake = new FakeWorkspace({ stacks: { broken: {} } });
            const run = await preview(fake, ["--stack", "broken"]);
            assert.equal(run.code, 5);
            assert.match(run.stderr, /rayops:region = "mars-north-1"/);
            assert.deepEqual(fake.callsOf("preview"), []);
        });

        it("exits 1 with the engine's first error diagnostic when the preview fails", async () => {
            const fake = new FakeWorkspace().script("preview", {
                events: [errorDiagnostic("aws:eks:Cluster rayops-dev: EKS version 1.20 is not supported\n")],
                error: recordedEngineError("programError"),
            });
            const run = await preview(fake, ["--stack", "dev"]);
            assert.equal(run.code, 1);
            assert.match(
                lines(run.stderr).at(-1)!,
                /^rayops: preview of stack dev failed: aws:eks:Cluster rayops-dev: EKS version 1.20 is not supported$/,
            );
        });
    });

    describe("clear lines instead of stack traces", () => {
        it("says the pulumi CLI is not installed, in one line, when the Automation API cannot start it", async () => {
            const fake = new FakeWorkspace();
            fake.openError = await realCliMissingError();
            const run = await preview(fake, ["--stack", "dev"]);
            assert.equal(run.code, 1);
            assert.equal(lines(run.stderr).length, 1);
            assert.match(
                run.stderr,
                /^rayops: the pulumi CLI is not installed: https:\/\/www\.pulumi\.com\/docs\/install\//,
            );
            assert.doesNotMatch(run.stderr, /\bat \S+:\d+/);
        });

        it("says which variable to set when the stack's passphrase is missing", async () => {
            const fake = new FakeWorkspace().script("preview", {
                error: recordedEngineError("missingPassphrase"),
            });
            const run = await preview(fake, ["--stack", "dev"]);
            assert.equal(run.code, 1);
            assert.deepEqual(lines(run.stderr), [
                "rayops: stack dev encrypts its secrets with a passphrase and PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) is not set: set it, or give the stack an awskms:// secrets provider (recommended for prod)",
            ]);
        });

        it("says how to sign in when the AWS provider finds no credentials", async () => {
            const fake = new FakeWorkspace().script("preview", {
                events: [
                    errorDiagnostic(
                        "unable to validate AWS credentials.\nError: failed to refresh cached credentials, no EC2 IMDS role found; NoCredentialProviders: no valid providers in chain\n",
                    ),
                ],
                // AWS cannot run here: the AWS provider's text, as pulumi-aws prints it.
                error: pulumiCommandError(
                    "error: pulumi:providers:aws default_7_0_0: NoCredentialProviders: no valid providers in chain\n",
                ),
            });
            const run = await preview(fake, ["--stack", "dev"]);
            assert.equal(run.code, 1);
            assert.match(
                lines(run.stderr).at(-1)!,
                /^rayops: no valid AWS credentials for stack dev: sign in \(aws sso login, AWS_PROFILE\)/,
            );
        });
    });

    describe("--cost-base", () => {
        const git = (dir: string, ...args: string[]) =>
            execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], {
                cwd: dir,
                encoding: "utf8",
            });

        it("adds the cost change against a base revision, planned offline from that revision's files", async () => {
            // GIVEN a repository whose base commit has a program with one NAT gateway
            const base = scratchRepo({
                "index.ts": `import * as aws from "@pulumi/aws";\nnew aws.ec2.NatGateway("nat", { subnetId: "s", allocationId: "e" });\n`,
                ".gitignore": "node_modules\n",
            });
            try {
                symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(base.dir, "node_modules"), "dir");
                git(base.dir, "init", "-q");
                git(base.dir, "add", ".");
                git(base.dir, "commit", "-q", "-m", "base");
                const fake = new FakeWorkspace().script("preview", { events: devPreviewEvents() });
                // WHEN previewing with --cost-base HEAD
                const run = await runCli(["preview", "--stack", "dev", "--json", "--cost-base", "HEAD"], {
                    cwd: base.dir,
                    deps: { openWorkspace: fake.factory },
                });
                // THEN the cost section carries the delta: this preview's cost minus the base's
                assert.equal(run.code, 0, run.stderr);
                const cost = JSON.parse(run.stdout).cost;
                const baseNat = 0.045 * 730;
                // named as people name it: the ref and its short commit
                assert.match(cost.delta.base, /^HEAD @ [0-9a-f]{12}$/);
                assert.ok(Math.abs(cost.delta.before.expected - baseNat) < 0.01, JSON.stringify(cost.delta));
                assert.ok(
                    Math.abs(cost.delta.expected - (cost.expected - baseNat)) < 1e-6,
                    JSON.stringify(cost.delta),
                );
            } finally {
                base.cleanup();
            }
        });

        it("says in the report why no cost change is shown when the base cannot be planned", async () => {
            const fake = new FakeWorkspace().script("preview", { events: devPreviewEvents() });
            const run = await preview(fake, ["--stack", "dev", "--json", "--cost-base", "no-such-ref"]);
            assert.equal(run.code, 0, run.stderr);
            const report = JSON.parse(run.stdout);
            assert.equal(report.cost.delta, undefined);
            assert.ok(
                report.limits.some((l: string) => /^No cost change shown: .*no-such-ref/.test(l)),
                report.limits,
            );
        });
    });

    describe("--comment (the real GitHub client against a loopback GitHub that verifies the App's JWT)", () => {
        let github: GitHubFixture;
        before(async () => {
            github = await startGitHubFixture();
        });
        after(() => github.server.close());

        it("creates the stack's sticky comment with the Markdown summary and details, then updates it in place", async () => {
            // GIVEN a pull request with someone else's comment
            github.server.seedComments(41, ["looks good"]);
            const first = new FakeWorkspace().script("preview", { events: devPreviewEvents() });
            // WHEN previewing twice with --comment
            const created = await preview(first, ["--stack", "dev", "--comment", "--pr", "41"], github.env);
            const second = new FakeWorkspace().script("preview", {
                events: [
                    ...devPreviewEvents(),
                    policyEvent("stack-enforce-node-limits", "warning", "close to the GPU limit"),
                ],
            });
            const updated = await preview(
                second,
                ["--stack", "dev", "--comment", "--pr", "41", "--json"],
                github.env,
            );
            // THEN there is one rayops comment, edited in place, with the latest report
            assert.equal(created.code, 0, created.stderr);
            assert.equal(updated.code, 0, updated.stderr);
            assert.match(created.stderr, /rayops: created the dev comment on pull request #41/);
            assert.match(updated.stderr, /rayops: updated the dev comment on pull request #41/);
            const comments = github.server.commentsOn(41);
            assert.equal(comments.length, 2);
            const body = comments[1]!.body;
            assert.ok(body.startsWith("<!-- rayops:stack=dev -->\n"));
            assert.match(body, /1 to create, 1 to update, 1 to replace, 1 to delete/);
            assert.match(body, /stack-enforce-node-limits/);
            assert.match(body, /<details>\n<summary>Details<\/summary>/);
            assert.match(body, /\*\*replace\*\* `rayops-dev-gpu`/);
            assert.equal(JSON.parse(updated.stdout).kind, "preview");
            // The token asked for carries only what a PR comment needs.
            assert.deepEqual(github.server.tokenRequests.at(-1)!.body.permissions, {
                pull_requests: "write",
            });
        });

        it("still comments when the preview fails, saying that it failed", async () => {
            const fake = new FakeWorkspace().script("preview", {
                events: [errorDiagnostic("aws:ec2:Vpc rayops-dev-vpc: InvalidVpcRange\n")],
                error: recordedEngineError("programError"),
            });
            const run = await preview(fake, ["--stack", "dev", "--comment", "--pr", "42"], github.env);
            assert.equal(run.code, 1);
            const [comment] = github.server.commentsOn(42);
            assert.match(comment!.body, /## ❌ Preview failed: stack `dev`/);
            assert.match(
                comment!.body,
                /preview of stack dev failed: aws:ec2:Vpc rayops-dev-vpc: InvalidVpcRange/,
            );
        });

        it("comments that the preview failed when the pulumi CLI is missing", async () => {
            const fake = new FakeWorkspace();
            fake.openError = await realCliMissingError();
            const run = await preview(fake, ["--stack", "dev", "--comment", "--pr", "43"], github.env);
            assert.equal(run.code, 1);
            assert.match(github.server.commentsOn(43)[0]!.body, /the pulumi CLI is not installed/);
        });

        it("finds the pull request in GITHUB_EVENT_PATH when --pr is left out", async () => {
            const event = path.join(repo.dir, "event.json");
            writeFileSync(
                event,
                JSON.stringify({ pull_request: { number: 44, head: { sha: "a".repeat(40) } } }),
            );
            const fake = new FakeWorkspace().script("preview", { events: devPreviewEvents() });
            const run = await preview(fake, ["--stack", "dev", "--comment"], {
                ...github.env,
                GITHUB_EVENT_PATH: event,
            });
            assert.equal(run.code, 0, run.stderr);
            assert.match(github.server.commentsOn(44)[0]!.body, /commit aaaaaaaaaaaa/);
        });

        it("posts the policy findings as a failing check run with one annotation each under --check-run", async () => {
            // GIVEN a preview with one mandatory and one advisory finding, on a known head commit
            const fake = new FakeWorkspace().script("preview", {
                events: [
                    ...devPreviewEvents(),
                    policyEvent("stack-enforce-node-limits", "mandatory", "12 GPU nodes exceed 10"),
                    policyEvent("s3-bucket-enable-versioning", "warning", "versioning is off", BUCKET_URN),
                ],
            });
            const sha = "b".repeat(40);
            // WHEN previewing with --check-run
            const run = await preview(fake, ["--stack", "dev", "--check-run"], {
                ...github.env,
                GITHUB_SHA: sha,
            });
            // THEN exit 2 for the mandatory finding, and one completed, failing check on that commit
            assert.equal(run.code, 2, run.stderr);
            const check = github.server.checkRuns.at(-1)!;
            assert.equal(check.name, "rayops policy (dev)");
            assert.equal(check.headSha, sha);
            assert.equal(check.status, "completed");
            assert.equal(check.conclusion, "failure");
            const levels = check.annotations.map((a) => (a as { annotation_level: string }).annotation_level);
            assert.deepEqual(levels.sort(), ["failure", "warning"]);
            // AND each points where its finding is fixed: the node limit at the pools in the stack
            // file, versioning (which no config key sets) at the component that sets it
            const at = Object.fromEntries(
                check.annotations.map((a) => {
                    const {
                        title,
                        path: file,
                        start_line,
                    } = a as { title: string; path: string; start_line: number };
                    return [title, `${file}:${start_line}`];
                }),
            );
            const devFile = readFileSync(path.join(repo.dir, "Pulumi.dev.yaml"), "utf8").split("\n");
            const poolsLine = devFile.findIndex((l) => /^ {2}rayops:nodePools:/.test(l)) + 1;
            assert.ok(poolsLine > 1);
            assert.deepEqual(at, {
                "stack-enforce-node-limits": `Pulumi.dev.yaml:${poolsLine}`,
                "s3-bucket-enable-versioning": "components/storage/storage.ts:1",
            });
            const messages = check.annotations.map((a) => (a as { message: string }).message);
            assert.ok(
                messages.some((m) =>
                    /\nFix in Pulumi\.dev\.yaml: rayops:nodePools\.<pool>\.maxSize: /.test(m),
                ),
                messages.join("\n"),
            );
            // AND the token asked for carries only the checks permission
            assert.deepEqual(github.server.tokenRequests.at(-1)!.body.permissions, { checks: "write" });
            assert.match(run.stderr, /posted the dev policy check with 2 annotation\(s\)/);
        });

        it("fails before the engine runs when the App is not configured", async () => {
            const fake = new FakeWorkspace();
            const run = await preview(fake, ["--stack", "dev", "--comment", "--pr", "45"], {
                GITHUB_REPOSITORY: "acme/ml-platform",
            });
            assert.equal(run.code, 1);
            assert.match(run.stderr, /GITHUB_APP_ID is not set/);
            assert.deepEqual(fake.calls, []);
        });

        it("refuses a --pr that is not a number, naming the value", async () => {
            const run = await preview(
                new FakeWorkspace(),
                ["--stack", "dev", "--comment", "--pr", "abc"],
                github.env,
            );
            assert.equal(run.code, 1);
            assert.match(run.stderr, /--pr "abc" is not a pull request number: expected a positive integer/);
        });
    });
});
