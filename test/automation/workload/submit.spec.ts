/**
 * `rayops workload submit|status|stop` end to end against a real local Ray head (token
 * authentication on), through the real executable. Needs Ray (`pip install -r
 * workloads/requirements.txt`); without it these specs fail, since CI installs it.
 */
import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Ajv from "ajv";
import type { WorkloadMetrics } from "../../../automation/workload/metrics";
import { type RayHead, startRayHead } from "./ray-head";
import { type CliRun, cliEnv, REPO_ROOT, runRayops } from "./run-cli";

const PATTERN = [2, 5, 10, 8, 4, 2];
// The specs assert what rayops and the driver decide (the pattern submitted, the slots each phase
// opens, what the driver holds in flight, the metrics' shape), never what a busy machine achieves:
// achieved concurrency and durations are benchmark figures (`npm run bench`).
const PHASE_SECONDS = "2";
const TASK_SECONDS = "0.5";

interface DriverEvent {
    readonly event: string;
    readonly phase?: number;
    readonly slot?: number;
    readonly target?: number;
}

// The driver's own decisions; the resource sampler's lines interleave at any point.
const DRIVER_EVENTS = new Set([
    "phase_start",
    "phase_end",
    "task_submit",
    "task_start",
    "task_finish",
    "task_failed",
]);

/** The driver's JSON event lines that `submit` streamed to stderr, grouped by phase. */
function phasesOf(stderr: string): DriverEvent[][] {
    const phases: DriverEvent[][] = [];
    for (const line of stderr.split("\n")) {
        const text = line.slice(line.indexOf("{"));
        if (!text.startsWith('{"event"')) continue;
        const event = JSON.parse(text) as DriverEvent;
        if (!DRIVER_EVENTS.has(event.event)) continue;
        if (event.event === "phase_start") phases.push([]);
        phases.at(-1)?.push(event);
    }
    return phases;
}

/** The driver writes task_submit when it submits and task_finish when it takes the result. */
function peakInFlight(events: readonly DriverEvent[]): number {
    let held = 0;
    let peak = 0;
    for (const { event } of events) {
        if (event === "task_submit") held++;
        if (event === "task_finish" || event === "task_failed") held--;
        peak = Math.max(peak, held);
    }
    return peak;
}

describe("rayops workload against a real local Ray head", function () {
    this.timeout(150_000);
    let head: RayHead | undefined;
    let scratch: string;

    before(async function () {
        this.timeout(120_000);
        scratch = mkdtempSync(path.join(os.tmpdir(), "rayops-workload-"));
        // 12 CPUs: the 10-task peak fits on the one local node, as on a scaled-out cluster.
        head = await startRayHead(12);
    });

    after(async function () {
        this.timeout(30_000);
        await head?.stop();
        if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    const env = () => cliEnv(head!.token);

    describe("submit of the six-phase pattern", () => {
        let run: CliRun;
        let result: { jobId: string; status: string; metrics: WorkloadMetrics };
        let metricsFile: string;

        before(async function () {
            this.timeout(120_000);
            metricsFile = path.join(scratch, "metrics.json");
            // GIVEN a running head WHEN the workload is submitted and waited for
            run = await runRayops(
                [
                    ...[
                        "workload",
                        "submit",
                        "--address",
                        head!.address,
                        "--json",
                        "--metrics-out",
                        metricsFile,
                    ],
                    ...[
                        "--pattern",
                        PATTERN.join(","),
                        "--phase-seconds",
                        PHASE_SECONDS,
                        "--task-seconds",
                        TASK_SECONDS,
                    ],
                ],
                env(),
            );
            assert.equal(run.code, 0, run.stderr.slice(-4000));
            result = JSON.parse(run.stdout);
        });

        it("exits 0 and reports the job SUCCEEDED", () => {
            assert.equal(run.code, 0);
            assert.match(result.jobId, /^raysubmit_/);
            assert.equal(result.status, "SUCCEEDED");
        });

        it("returns the metrics of all six phases with their targets 2,5,10,8,4,2", () => {
            assert.deepEqual(
                result.metrics.phases.map((p) => p.target),
                PATTERN,
            );
        });

        it("streams each phase opening its target number of slots before any result", () => {
            const phases = phasesOf(run.stderr);

            assert.deepEqual(
                phases.map((events) => events[0]?.target),
                PATTERN,
            );
            phases.forEach((events, index) => {
                const opening = events.slice(1, 1 + PATTERN[index]!);
                assert.ok(
                    opening.every((e) => e.event === "task_submit"),
                    JSON.stringify(opening),
                );
                assert.deepEqual(
                    opening.map((e) => e.slot).sort((a, b) => a! - b!),
                    [...Array(PATTERN[index]).keys()],
                );
            });
        });

        it("shows the driver holding exactly each phase's target in flight at its peak", () => {
            assert.deepEqual(phasesOf(run.stderr).map(peakInFlight), PATTERN);
        });

        it("returns metrics that validate against workloads/metrics.schema.json, with no failed task", () => {
            const schema = JSON.parse(
                readFileSync(path.join(REPO_ROOT, "workloads", "metrics.schema.json"), "utf8"),
            );
            const validate = new Ajv({ strict: false }).compile(schema);
            assert.ok(validate(result.metrics), JSON.stringify(validate.errors));
            assert.equal(result.metrics.totals.tasks_failed, 0);
        });

        it("writes the same metrics to --metrics-out", () => {
            assert.deepEqual(JSON.parse(readFileSync(metricsFile, "utf8")), result.metrics);
        });

        it("streams the job's event log to stderr, leaving the bulky metrics line out", () => {
            assert.match(run.stderr, /"event": "phase_end"/);
            assert.doesNotMatch(run.stderr, /"event": "metrics"/);
        });
    });

    it("fails with exit 1 and the job's last log lines when the workload rejects its arguments", async () => {
        // GIVEN a pattern the workload refuses (no phase above 0) WHEN it is submitted
        const run = await runRayops(
            ["workload", "submit", "--address", head!.address, "--no-logs", "--pattern", "0,0"],
            env(),
        );

        // THEN the job fails inside Ray and the error carries the workload's own message
        assert.equal(run.code, 1);
        assert.match(run.stderr, /job raysubmit_\S+ FAILED: Job entrypoint command failed with exit code 2/);
        assert.match(run.stderr, /last \d+ log lines:/);
        assert.match(run.stderr, /argument --pattern: invalid value '0,0'/);
    });

    it("returns the job id with --no-wait, and stop ends the running job", async () => {
        // GIVEN a job submitted without waiting, long enough to be running when stopped
        const submitted = await runRayops(
            [
                ...["workload", "submit", "--address", head!.address, "--no-wait", "--json"],
                ...["--pattern", "1", "--phase-seconds", "60", "--task-seconds", "1"],
            ],
            env(),
        );
        assert.equal(submitted.code, 0, submitted.stderr);
        const { jobId } = JSON.parse(submitted.stdout) as { jobId: string };

        // WHEN it is stopped
        const stopped = await runRayops(
            ["workload", "stop", jobId, "--address", head!.address, "--json"],
            env(),
        );

        // THEN Ray reports it STOPPED
        assert.equal(stopped.code, 0, stopped.stderr);
        assert.deepEqual(JSON.parse(stopped.stdout), { jobId, stopped: true });
        let status = "";
        for (let i = 0; i < 60 && status !== "STOPPED"; i++) {
            const shown = await runRayops(
                ["workload", "status", jobId, "--address", head!.address, "--json"],
                env(),
            );
            status = (JSON.parse(shown.stdout) as { status: string }).status;
            if (status !== "STOPPED") await sleep(500);
        }
        assert.equal(status, "STOPPED");
    });

    it("says a job id the cluster does not know is not found", async () => {
        const run = await runRayops(
            ["workload", "status", "raysubmit_unknown", "--address", head!.address],
            env(),
        );

        assert.equal(run.code, 1);
        assert.match(run.stderr, /job raysubmit_unknown not found at http:\/\/127\.0\.0\.1:\d+/);
    });

    it("names the token sources when the cluster requires a token and none is found", async () => {
        // GIVEN no RAY_AUTH_TOKEN and a home without ~/.ray/auth_token
        const home = mkdtempSync(path.join(scratch, "home-"));
        const run = await runRayops(
            ["workload", "status", "raysubmit_x", "--address", head!.address],
            cliEnv(undefined, { HOME: home }),
        );

        assert.equal(run.code, 1);
        assert.match(
            run.stderr,
            /requires token authentication \(401\) and no token was found in RAY_AUTH_TOKEN/,
        );
    });
});
