"""The workload on a real local Ray cluster (12 CPUs, so the 10-task peak fits without autoscaling)."""

import io
import itertools
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import ray

from bursty.driver import run_workload
from bursty.plan import DEFAULT_PATTERN, build_plan

WORKLOADS = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((WORKLOADS / "metrics.schema.json").read_text())
EVENTS = {
    "run_start",
    "run_end",
    "phase_start",
    "phase_end",
    "task_submit",
    "task_start",
    "task_finish",
    "cluster_resources",
}
# Short phases keep the suite fast on 2 cores. What these tests assert is what the driver decides
# (how many slots a phase opens, what it holds in flight, the order of phases and of each slot's
# tasks), never what a busy machine achieves: achieved concurrency and phase durations are the
# benchmark's figures (`npm run bench`, bench/workload.bench.ts), where a slow machine lowers a
# number instead of failing a build.
PHASE_SECONDS, TASK_SECONDS = 3.0, 0.5
TASKS_PER_SLOT = int(PHASE_SECONDS / TASK_SECONDS)
PLANNED_TASKS = sum(DEFAULT_PATTERN) * TASKS_PER_SLOT
# Lines of the driver's own decisions; the sampler thread's lines interleave at any point.
DRIVER_EVENTS = {"phase_start", "phase_end", "task_submit", "task_start", "task_finish", "task_failed"}


def run(pattern, seed, phase_seconds=PHASE_SECONDS, task_seconds=TASK_SECONDS):
    out = io.StringIO()
    metrics = run_workload(
        build_plan(pattern, phase_seconds, task_seconds, seed), sample_seconds=0.5, out=out
    )
    return metrics, [json.loads(line) for line in out.getvalue().splitlines()]


def phases_of(events):
    """The driver's events of each phase, in the order it wrote them."""
    phases, current = [], None
    for event in events:
        if event["event"] == "phase_start":
            current = []
            phases.append(current)
        if current is not None and event["event"] in DRIVER_EVENTS:
            current.append(event)
    return phases


def in_flight_after_each_line(phase_events):
    """How many tasks the driver holds submitted and not yet returned, after each of its lines.

    The driver writes task_submit when it submits and task_finish (or task_failed) when it takes
    the result, so the log's order is its own view of what it has in flight, whatever the
    machine's speed.
    """
    held, counts = 0, []
    for event in phase_events:
        if event["event"] == "task_submit":
            held += 1
        elif event["event"] in ("task_finish", "task_failed"):
            held -= 1
        counts.append(held)
    return counts


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=12, include_dashboard=False)
    # Start all 12 worker processes first, as a long-lived cluster has them.
    run((12,), seed=0, phase_seconds=1.0, task_seconds=1.0)
    yield ray.get_runtime_context().gcs_address
    ray.shutdown()


@pytest.fixture(scope="module")
def default_run(cluster):
    return run(DEFAULT_PATTERN, seed=7)


def test_each_phase_opens_its_target_number_of_slots_before_waiting_for_any_result(default_run):
    _, events = default_run

    for target, phase in zip(DEFAULT_PATTERN, phases_of(events), strict=True):
        opening = phase[1 : 1 + target]
        assert [e["event"] for e in opening] == ["task_submit"] * target, opening
        assert sorted(e["slot"] for e in opening) == list(range(target))


def test_the_driver_holds_exactly_its_target_in_flight_at_its_peak_and_never_more(default_run):
    _, events = default_run

    peaks = [max(in_flight_after_each_line(phase)) for phase in phases_of(events)]

    assert peaks == list(DEFAULT_PATTERN)


def test_a_phase_drains_every_task_it_submitted_before_it_ends(default_run):
    _, events = default_run

    for phase in phases_of(events):
        assert phase[-1]["event"] == "phase_end"
        assert in_flight_after_each_line(phase)[-1] == 0


def test_phases_run_in_order_and_never_overlap(default_run):
    metrics, _ = default_run

    phases = metrics["phases"]
    assert [p["index"] for p in phases] == list(range(len(DEFAULT_PATTERN)))
    for earlier, later in itertools.pairwise(phases):
        assert earlier["ended_at"] <= later["started_at"]


def test_each_slot_runs_its_planned_tasks_in_order_and_at_least_the_first(default_run):
    _, events = default_run

    for index, (target, phase) in enumerate(zip(DEFAULT_PATTERN, phases_of(events), strict=True)):
        for slot in range(target):
            submitted = [e["task_id"] for e in phase if e["event"] == "task_submit" and e["slot"] == slot]
            # A slot stops submitting near its deadline, so a slow machine runs fewer, never others.
            assert 1 <= len(submitted) <= TASKS_PER_SLOT
            assert submitted == [f"p{index}-s{slot}-t{n}" for n in range(len(submitted))]


def test_tasks_complete_without_failures_each_reporting_its_loss(default_run):
    metrics, _ = default_run

    completed = metrics["totals"]["tasks_completed"]
    assert completed == len(metrics["losses"])
    assert metrics["totals"]["tasks_failed"] == 0
    assert sum(DEFAULT_PATTERN) <= completed <= PLANNED_TASKS


def test_stdout_is_one_json_event_per_line_covering_every_event_type(default_run):
    _, events = default_run

    assert {e["event"] for e in events} >= EVENTS
    assert all(isinstance(e["ts"], float) for e in events)
    assert (events[0]["event"], events[-1]["event"]) == ("run_start", "run_end")


def test_cluster_resources_are_sampled_before_and_after_the_run(default_run):
    metrics, _ = default_run

    samples = metrics["resource_samples"]
    # One before the first phase and one after the last, whatever the machine's speed; the
    # sampler thread adds one each 0.5 s in between when it gets the CPU to.
    assert len(samples) >= 2
    assert [s["ts"] for s in samples] == sorted(s["ts"] for s in samples)
    assert all(s["cpu_total"] == 12 and s["nodes"] == 1 for s in samples)


def test_metrics_validate_against_the_published_schema(default_run):
    metrics, _ = default_run

    jsonschema.Draft7Validator(SCHEMA).validate(metrics)


# One task per slot: a slot always runs its first task, so the set of tasks (and of losses) does not
# depend on how fast the machine is.
ONE_TASK_PER_SLOT = {"phase_seconds": 0.5, "task_seconds": 0.5}


def test_same_seed_gives_the_same_plan_and_the_same_losses(cluster):
    first, _ = run((3, 2), seed=11, **ONE_TASK_PER_SLOT)
    second, _ = run((3, 2), seed=11, **ONE_TASK_PER_SLOT)

    assert first["plan_sha256"] == second["plan_sha256"]
    assert first["losses"] == second["losses"]
    assert len(first["losses"]) == 5


def test_a_different_seed_gives_a_different_plan_and_different_losses(cluster):
    first, _ = run((3, 2), seed=11, **ONE_TASK_PER_SLOT)
    other, _ = run((3, 2), seed=12, **ONE_TASK_PER_SLOT)

    assert first["plan_sha256"] != other["plan_sha256"]
    assert set(first["losses"].values()).isdisjoint(other["losses"].values())


def run_script(cluster, metrics_out):
    """The workload script joining `cluster` for one short phase of two one-task slots."""
    return subprocess.run(
        [
            sys.executable,
            str(WORKLOADS / "bursty_training.py"),
            "--address",
            cluster,
            "--pattern",
            "2",
            "--phase-seconds",
            "0.5",
            "--task-seconds",
            "0.5",
            "--sample-seconds",
            "0.5",
            "--metrics-out",
            metrics_out,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_script_joins_a_running_cluster_and_writes_metrics_to_a_file(cluster, tmp_path):
    target = tmp_path / "metrics.json"

    result = run_script(cluster, str(target))

    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events[-1]["event"] == "run_end"
    metrics = json.loads(target.read_text())
    jsonschema.Draft7Validator(SCHEMA).validate(metrics)
    # A new driver is a new Ray job with worker processes of its own, whose start-up on 2 cores
    # would cut a multi-task slot short: one task per slot keeps the count exact.
    assert metrics["totals"]["tasks_completed"] == 2


def test_metrics_out_dash_prints_the_metrics_as_the_last_event_on_stdout(cluster):
    result = run_script(cluster, "-")

    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [e["event"] for e in events[-2:]] == ["run_end", "metrics"]
    jsonschema.Draft7Validator(SCHEMA).validate(events[-1]["metrics"])
    assert events[-1]["metrics"]["totals"]["tasks_completed"] == 2
