import * as assert from "node:assert/strict";
import * as path from "node:path";
import { job, runStep, step, steps } from "./run-step";
import { isMapping, type Mapping, readWorkflows, WORKFLOWS_DIR, type WorkflowFile } from "./workflow-file";

const workflows = new Map(readWorkflows(WORKFLOWS_DIR).map((w) => [path.basename(w.path), w]));

function workflow(name: string): WorkflowFile {
    const found = workflows.get(name);
    if (!found) throw new Error(`no workflow ${name} under .github/workflows`);
    return found;
}

function on(file: WorkflowFile): Mapping {
    const triggers = file.workflow["on"];
    if (!isMapping(triggers)) throw new Error(`${file.path}: on: is not a mapping`);
    return triggers;
}

function matrixStacks(file: WorkflowFile, jobId: string): unknown {
    const strategy = job(file, jobId)["strategy"];
    return isMapping(strategy) && isMapping(strategy["matrix"]) ? strategy["matrix"]["stack"] : undefined;
}

function concurrencyGroup(file: WorkflowFile, jobId: string): unknown {
    const c = job(file, jobId)["concurrency"];
    return isMapping(c) ? c["group"] : c;
}

/** `${{ inner }}` as a workflow writes it; built by a function so it never reads as a JS placeholder. */
function expression(inner: string): string {
    return "$" + `{{ ${inner} }}`;
}

/** The paths whose change can alter what a stack deploys (index.ts, components, policies, config, CLI, deps). */
const STACK_PATHS = [
    "index.ts",
    "components/**",
    "policypack/**",
    "Pulumi*.yaml",
    "automation/**",
    "package.json",
    "package-lock.json",
];

describe("preview.yml", () => {
    const preview = workflow("preview.yml");

    it("runs on pull requests that touch what the stacks deploy", () => {
        const pr = on(preview)["pull_request"];
        assert.ok(isMapping(pr));
        assert.deepEqual(pr["paths"], STACK_PATHS);
    });

    it("previews dev and prod for pull requests from this repository only", () => {
        assert.equal(
            job(preview, "preview")["if"],
            "github.event.pull_request.head.repo.full_name == github.repository",
        );
        assert.deepEqual(matrixStacks(preview, "preview"), ["dev", "prod"]);
    });

    it("gives pull requests from forks the offline plan, with no secrets and no OIDC token", () => {
        const offline = job(preview, "offline-plan");
        assert.equal(offline["if"], "github.event.pull_request.head.repo.full_name != github.repository");
        assert.deepEqual(matrixStacks(preview, "offline-plan"), ["dev", "prod"]);
        assert.deepEqual(offline["permissions"], { contents: "read" });
        assert.ok(!JSON.stringify(offline).includes("secrets."));
    });

    it("posts the sticky comment of the pull request's own number through the CLI", () => {
        // GIVEN the preview step of stack dev on pull request 17 WHEN it runs THEN it calls the CLI so
        const run = runStep(
            step(preview, "preview", /sticky PR comment/),
            { STACK: "dev", PR_NUMBER: "17" },
            { npxExit: 0 },
        );
        assert.equal(run.status, 0);
        assert.deepEqual(run.npxCalls, [
            ["--no-install", "rayops", "preview", "--stack", "dev", "--comment", "--json", "--pr", "17"],
        ]);
    });

    it("fails the check when the preview finds a mandatory policy violation (exit 2)", () => {
        const run = runStep(
            step(preview, "preview", /sticky PR comment/),
            { STACK: "prod", PR_NUMBER: "17" },
            {
                npxExit: 2,
            },
        );
        assert.equal(run.status, 2);
    });

    it("writes a notice and the offline plan of the stack into the job summary for forks", () => {
        // GIVEN a fork pull request WHEN both summary steps run THEN the summary explains the
        // offline plan and holds the CLI's Markdown
        const notice = runStep(step(preview, "offline-plan", /offline plan$/), { STACK: "prod" });
        const plan = runStep(step(preview, "offline-plan", /job summary/), { STACK: "prod" });
        assert.equal(notice.status, 0);
        assert.match(notice.stdout, /^::notice title=Offline plan only::.*fork/m);
        assert.match(notice.summary, /Offline plan only \(stack `prod`\)/);
        assert.equal(plan.status, 0);
        assert.deepEqual(plan.npxCalls, [
            ["--no-install", "rayops", "plan", "--stack", "prod", "--markdown"],
        ]);
        assert.equal(plan.summary, "fake rayops output\n");
    });
});

describe("up.yml", () => {
    const up = workflow("up.yml");

    it("applies on pushes to main that touch what the stacks deploy", () => {
        const push = on(up)["push"];
        assert.ok(isMapping(push));
        assert.deepEqual(push["branches"], ["main"]);
        assert.deepEqual(push["paths"], STACK_PATHS);
    });

    it("applies dev first and prod only after dev succeeded, each in its own environment", () => {
        assert.equal(job(up, "up-dev")["environment"], "dev");
        assert.equal(job(up, "up-prod")["environment"], "prod");
        assert.equal(job(up, "up-prod")["needs"], "up-dev");
    });

    it("shares each stack's concurrency group with destroy.yml", () => {
        assert.equal(concurrencyGroup(up, "up-dev"), "rayops-dev");
        assert.equal(concurrencyGroup(up, "up-prod"), "rayops-prod");
        assert.equal(
            concurrencyGroup(workflow("destroy.yml"), "destroy"),
            `rayops-${expression("inputs.stack")}`,
        );
    });

    for (const stack of ["dev", "prod"]) {
        it(`runs rayops up --stack ${stack} --yes --json`, () => {
            const run = runStep(step(up, `up-${stack}`, /^Apply/), {});
            assert.equal(run.status, 0);
            assert.deepEqual(run.npxCalls, [
                ["--no-install", "rayops", "up", "--stack", stack, "--yes", "--json"],
            ]);
        });
    }
});

describe("destroy.yml", () => {
    const destroy = workflow("destroy.yml");
    const confirmStep = step(destroy, "confirm", /confirm repeats the stack name/);
    const destroyStep = step(destroy, "destroy", /^Destroy the stack/);

    it("is started by hand only, for dev or prod", () => {
        const dispatch = on(destroy)["workflow_dispatch"];
        assert.deepEqual(Object.keys(on(destroy)), ["workflow_dispatch"]);
        assert.ok(
            isMapping(dispatch) && isMapping(dispatch["inputs"]) && isMapping(dispatch["inputs"]["stack"]),
        );
        assert.deepEqual(dispatch["inputs"]["stack"]["options"], ["dev", "prod"]);
    });

    it("refuses when confirm is not the stack name", () => {
        const run = runStep(confirmStep, { STACK: "dev", CONFIRM: "prod", ALLOW_PROD: "false" });
        assert.equal(run.status, 1);
        assert.match(run.stdout, /^::error title=Destroy not confirmed::/m);
    });

    it("does not echo what was typed into confirm", () => {
        const run = runStep(confirmStep, { STACK: "dev", CONFIRM: "::add-mask::x", ALLOW_PROD: "false" });
        assert.equal(run.status, 1);
        assert.ok(!run.stdout.includes("add-mask"));
    });

    it("refuses prod unless allow_prod is ticked", () => {
        const run = runStep(confirmStep, { STACK: "prod", CONFIRM: "prod", ALLOW_PROD: "false" });
        assert.equal(run.status, 1);
        assert.match(run.stdout, /allow_prod/);
    });

    it("accepts dev confirmed by name, and prod confirmed by name with allow_prod", () => {
        assert.equal(runStep(confirmStep, { STACK: "dev", CONFIRM: "dev", ALLOW_PROD: "false" }).status, 0);
        assert.equal(runStep(confirmStep, { STACK: "prod", CONFIRM: "prod", ALLOW_PROD: "true" }).status, 0);
    });

    it("asks the environment's reviewers only after the request was confirmed", () => {
        assert.equal(job(destroy, "destroy")["needs"], "confirm");
        assert.equal(job(destroy, "destroy")["environment"], expression("inputs.stack"));
        assert.equal(job(destroy, "confirm")["environment"], undefined);
    });

    it("exports the state to the folder the artifact step uploads", () => {
        // GIVEN stack dev in run 4242 WHEN the export step runs THEN the file lands in the uploaded folder
        const run = runStep(step(destroy, "destroy", /^Export/), { STACK: "dev" });
        assert.equal(run.status, 0);
        assert.deepEqual(run.npxCalls, [
            [
                "--no-install",
                "rayops",
                "stack",
                "export",
                "--stack",
                "dev",
                "--file",
                `${run.runnerTemp}/state-backup/dev-4242.json`,
            ],
        ]);
        const upload = steps(destroy, "destroy").find((s) =>
            String(s["uses"]).startsWith("actions/upload-artifact@"),
        );
        assert.ok(upload && isMapping(upload["with"]));
        assert.equal(upload["with"]["path"], `${expression("runner.temp")}/state-backup/`);
        assert.equal(upload["with"]["if-no-files-found"], "error");
    });

    it("destroys with --confirm and without --allow-prod for dev", () => {
        const run = runStep(destroyStep, { STACK: "dev", ALLOW_PROD: "false" });
        assert.deepEqual(run.npxCalls, [
            ["--no-install", "rayops", "destroy", "--stack", "dev", "--confirm", "dev"],
        ]);
    });

    it("passes --allow-prod when allow_prod is ticked", () => {
        const run = runStep(destroyStep, { STACK: "prod", ALLOW_PROD: "true" });
        assert.deepEqual(run.npxCalls, [
            ["--no-install", "rayops", "destroy", "--stack", "prod", "--confirm", "prod", "--allow-prod"],
        ]);
    });
});

describe("drift.yml", () => {
    const drift = workflow("drift.yml");
    const detect = step(drift, "drift", /^Detect drift/);

    it("runs on a daily schedule for dev and prod, one stack's failure not cancelling the other", () => {
        const schedule = on(drift)["schedule"];
        assert.ok(Array.isArray(schedule) && schedule.length === 1);
        assert.match(String((schedule[0] as Mapping)["cron"]), /^\d+ \d+ \* \* \*$/);
        assert.deepEqual(matrixStacks(drift, "drift"), ["dev", "prod"]);
        assert.deepEqual(job(drift, "drift")["strategy"], {
            "fail-fast": false,
            matrix: { stack: ["dev", "prod"] },
        });
    });

    it("asks the CLI to open or update the stack's drift issue", () => {
        const run = runStep(detect, { STACK: "dev" });
        assert.deepEqual(run.npxCalls, [["--no-install", "rayops", "drift", "--stack", "dev", "--issue"]]);
    });

    it("stays green without drift (exit 0)", () => {
        const run = runStep(detect, { STACK: "dev" }, { npxExit: 0 });
        assert.equal(run.status, 0);
        assert.match(run.summary, /No drift in stack dev/);
    });

    it("reports drift (exit 3) as a warning and stays green", () => {
        // GIVEN the CLI found drift WHEN the step ends THEN the job passes with a warning annotation
        const run = runStep(detect, { STACK: "prod" }, { npxExit: 3 });
        assert.equal(run.status, 0);
        assert.match(run.stdout, /^::warning title=Drift in prod::/m);
        assert.match(run.summary, /Drift found in stack prod/);
    });

    for (const code of [1, 4, 5]) {
        it(`fails when the drift check itself fails (exit ${code})`, () => {
            const run = runStep(detect, { STACK: "dev" }, { npxExit: code });
            assert.equal(run.status, code);
            assert.match(run.stdout, /^::error title=Drift check failed::/m);
        });
    }
});

describe("cost-report.yml", () => {
    const cost = workflow("cost-report.yml");

    it("reports each stack's cost daily", () => {
        const schedule = on(cost)["schedule"];
        assert.ok(Array.isArray(schedule) && schedule.length === 1);
        assert.match(String((schedule[0] as Mapping)["cron"]), /^\d+ \d+ \* \* \*$/);
        const run = runStep(step(cost, "report", /cost as an issue/), { STACK: "prod" });
        assert.deepEqual(run.npxCalls, [["--no-install", "rayops", "cost", "report", "--stack", "prod"]]);
    });
});

describe("policy-publish.yml", () => {
    const publish = workflow("policy-publish.yml");

    it("runs on pushes to main that touch the policy pack", () => {
        const push = on(publish)["push"];
        assert.ok(isMapping(push));
        assert.deepEqual(push["branches"], ["main"]);
        assert.deepEqual(push["paths"], ["policypack/**"]);
    });

    it("publishes only after npm ci and npm test passed, with the Pulumi Cloud token alone", () => {
        const runs = steps(publish, "publish").map((s) => s["run"]);
        const publishAt = runs.indexOf("npx --no-install rayops policy publish");
        assert.ok(runs.indexOf("npm ci") >= 0 && runs.indexOf("npm ci") < runs.indexOf("npm test"));
        assert.ok(runs.indexOf("npm test") < publishAt);
        const env = steps(publish, "publish")[publishAt]["env"];
        assert.deepEqual(env, { PULUMI_ACCESS_TOKEN: expression("secrets.PULUMI_ACCESS_TOKEN") });
        assert.ok(!JSON.stringify(publish.workflow).includes("PULUMI_BACKEND_URL"));
    });
});

describe("ray-deploy.yml", () => {
    const ray = workflow("ray-deploy.yml");
    const submit = step(ray, "submit", /bursty workload/);

    it("submits to the chosen stack and leaves --pattern out when none is given", () => {
        const run = runStep(submit, { STACK: "dev", PATTERN: "" });
        assert.deepEqual(run.npxCalls, [["--no-install", "rayops", "workload", "submit", "--stack", "dev"]]);
    });

    it("passes the pattern as one argument, spaces and quotes included", () => {
        const run = runStep(submit, { STACK: "dev", PATTERN: `spike "x"; rm -rf /` });
        assert.deepEqual(run.npxCalls, [
            [
                "--no-install",
                "rayops",
                "workload",
                "submit",
                "--stack",
                "dev",
                "--pattern",
                `spike "x"; rm -rf /`,
            ],
        ]);
    });
});

describe("ci.yml", () => {
    const ci = workflow("ci.yml");

    it("runs on every pull request and every push to main, with no secrets and read-only contents", () => {
        assert.deepEqual(Object.keys(on(ci)), ["pull_request", "push"]);
        assert.ok(!JSON.stringify(ci.workflow).includes("secrets."));
        assert.deepEqual(job(ci, "test")["permissions"], { contents: "read" });
    });

    it("installs with npm ci, then runs npm test and the zizmor audit", () => {
        const runs = steps(ci, "test")
            .map((s) => s["run"])
            .filter((r) => r !== undefined);
        assert.deepEqual(runs, [
            "npm ci",
            "python -m pip install -r workloads/requirements.txt zizmor==1.32.0",
            "npm test",
            "bash scripts/lint-workflows.sh",
        ]);
    });
});
