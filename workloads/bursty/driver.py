"""The Ray driver: keeps each phase's target number of tasks in flight, logs one JSON event per
line, samples cluster resources in the background and assembles the metrics.

How a phase counts concurrency: the phase opens `target` slots; each slot runs its planned tasks
back to back, submitting the next as soon as the previous returns, and stops submitting once less
than half a task is left before the phase's deadline (so queue waits on a cluster that is still
scaling up shorten the phase's work rather than stretch the phase). Tasks still running at the
deadline finish and count toward their own phase; the next phase starts once they have drained,
so phases never overlap. Achieved concurrency comes from the start and finish times that the tasks
themselves report, averaged over the phase's own window (its start to the end of its drain).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import deque
from dataclasses import asdict
from typing import TextIO

import ray
import ray.cloudpickle

from . import SCHEMA_VERSION, training
from .plan import PhasePlan, Plan
from .sink import write_metrics
from .stats import phase_summary, totals


class EventLog:
    """JSON lines on one stream; a lock keeps lines from the sampler thread whole."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def emit(self, event: str, ts: float | None = None, **fields) -> None:
        line = json.dumps({"event": event, "ts": time.time() if ts is None else ts, **fields})
        with self._lock:
            self._stream.write(line + "\n")
            self._stream.flush()


class ResourceSampler(threading.Thread):
    def __init__(self, interval: float, log: EventLog) -> None:
        super().__init__(name="resource-sampler", daemon=True)
        self.interval = interval
        self.log = log
        self.samples: list[dict] = []
        self._stopping = threading.Event()

    def sample(self) -> None:
        try:
            total = ray.cluster_resources()
            available = ray.available_resources()
            nodes = sum(1 for node in ray.nodes() if node.get("Alive"))
        except Exception as err:  # a GCS hiccup must not end a long run; the gap shows in the data
            self.log.emit("cluster_resources_error", error=repr(err))
            return
        record = {
            "ts": time.time(),
            "cpu_total": float(total.get("CPU", 0.0)),
            "gpu_total": float(total.get("GPU", 0.0)),
            "cpu_available": float(available.get("CPU", 0.0)),
            "gpu_available": float(available.get("GPU", 0.0)),
            "nodes": nodes,
        }
        self.samples.append(record)
        self.log.emit("cluster_resources", **record)

    def run(self) -> None:
        while not self._stopping.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self._stopping.set()
        self.join()
        self.sample()


def _remote_train(plan: Plan):
    # By value, so workers need not find the `bursty` package on their path (a driver started by
    # pytest or a notebook has no script directory that Ray could hand to its workers).
    ray.cloudpickle.register_pickle_by_value(training)
    return ray.remote(num_cpus=plan.cpus_per_task, num_gpus=plan.gpus_per_task)(training.train_task)


def _run_phase(phase: PhasePlan, plan: Plan, remote_train, log: EventLog, submitted_at: dict) -> tuple:
    started = time.time()
    log.emit(
        "phase_start",
        ts=started,
        index=phase.index,
        name=phase.name,
        target=phase.target,
        planned_seconds=phase.planned_seconds,
    )
    cutoff = started + plan.phase_seconds - plan.task_seconds / 2
    queues = {slot: deque(phase.slot_tasks(slot)) for slot in range(phase.target)}
    in_flight: dict = {}
    use_gpu = plan.gpus_per_task > 0

    def submit(slot: int) -> None:
        spec = queues[slot].popleft()
        submitted_at[spec.task_id] = now = time.time()
        in_flight[remote_train.remote(asdict(spec), plan.task_seconds, use_gpu)] = (slot, spec)
        log.emit(
            "task_submit",
            ts=now,
            task_id=spec.task_id,
            phase=phase.index,
            slot=slot,
            data_seed=spec.data_seed,
            steps=spec.steps,
        )

    for slot in queues:
        submit(slot)
    results, failed = [], 0
    while in_flight:
        ready, _ = ray.wait(list(in_flight), num_returns=1)
        for ref in ready:
            slot, spec = in_flight.pop(ref)
            try:
                result = ray.get(ref)
            except ray.exceptions.RayError as err:
                failed += 1
                log.emit("task_failed", task_id=spec.task_id, phase=phase.index, error=repr(err))
            else:
                results.append(result)
                _log_result(log, result, phase.index, slot, submitted_at[spec.task_id])
            if queues[slot] and time.time() < cutoff:
                submit(slot)
    if phase.target == 0:
        time.sleep(phase.planned_seconds)  # an idle phase: the gap that lets a cluster scale down
    ended = time.time()
    record = {
        "index": phase.index,
        "name": phase.name,
        "target": phase.target,
        "started_at": started,
        "ended_at": ended,
        "planned_seconds": phase.planned_seconds,
    }
    summary = phase_summary(record, results, submitted_at)
    log.emit(
        "phase_end", ts=ended, **{k: v for k, v in summary.items() if k not in ("started_at", "ended_at")}
    )
    return summary, results, failed


def _log_result(log: EventLog, result: dict, phase: int, slot: int, submitted: float) -> None:
    common = {"task_id": result["task_id"], "phase": phase, "slot": slot}
    # task_start is written when the driver learns of it (with the result), stamped with the
    # worker's own start time, so lines may be out of ts order but every ts is the real one.
    log.emit(
        "task_start",
        ts=result["started_at"],
        queue_wait=max(0.0, result["started_at"] - submitted),
        node_id=result["node_id"],
        pid=result["pid"],
        **common,
    )
    if result["fallback_reason"]:
        log.emit("gpu_fallback", reason=result["fallback_reason"], **common)
    log.emit(
        "task_finish",
        ts=result["finished_at"],
        loss=result["loss"],
        backend=result["backend"],
        seconds=result["finished_at"] - result["started_at"],
        compute_seconds=result["compute_seconds"],
        **common,
    )


def run_workload(
    plan: Plan, sample_seconds: float, out: TextIO | None = None, address: str | None = None
) -> dict:
    """Runs the plan on Ray (connecting first unless the caller already has) and returns the metrics."""
    log = EventLog(out or sys.stdout)
    started_ray = not ray.is_initialized()
    if started_ray:
        ray.init(address=address)
    try:
        remote_train = _remote_train(plan)
        log.emit(
            "run_start",
            plan_sha256=plan.digest(),
            seed=plan.seed,
            pattern=list(plan.pattern),
            total_tasks=plan.total_tasks,
            phase_seconds=plan.phase_seconds,
            task_seconds=plan.task_seconds,
        )
        sampler = ResourceSampler(sample_seconds, log)
        sampler.sample()
        sampler.start()
        summaries, results, failed, submitted_at = [], [], 0, {}
        try:
            for phase in plan.phases:
                summary, phase_results, phase_failed = _run_phase(
                    phase, plan, remote_train, log, submitted_at
                )
                summaries.append(summary)
                results.extend(phase_results)
                failed += phase_failed
        finally:
            sampler.stop()
        run_totals = totals(summaries, results, submitted_at, failed)
        log.emit("run_end", **run_totals)
    finally:
        if started_ray:
            ray.shutdown()
    return {
        "schema_version": SCHEMA_VERSION,
        "pattern": list(plan.pattern),
        "seed": plan.seed,
        "plan_sha256": plan.digest(),
        "config": {
            "phase_seconds": plan.phase_seconds,
            "task_seconds": plan.task_seconds,
            "cpus_per_task": plan.cpus_per_task,
            "gpus_per_task": plan.gpus_per_task,
            "sample_seconds": sample_seconds,
        },
        "phases": summaries,
        "resource_samples": sampler.samples,
        "losses": {r["task_id"]: r["loss"] for r in results},
        "totals": run_totals,
    }


# `--metrics-out -` puts the metrics on stdout as one `metrics` event, the last line of the run:
# a job submitted through the Ray Jobs API has no file its submitter can read, but its logs.
METRICS_TO_STDOUT = "-"


def run_from_cli(args, plan: Plan) -> int:
    metrics = run_workload(plan, args.sample_seconds, address=args.address)
    if args.metrics_out == METRICS_TO_STDOUT:
        EventLog(sys.stdout).emit("metrics", metrics=metrics)
    elif args.metrics_out:
        try:
            write_metrics(metrics, args.metrics_out)
        except Exception as err:  # the run itself succeeded; say clearly that only the upload failed
            print(
                f"bursty_training: could not write --metrics-out {args.metrics_out}: {err}", file=sys.stderr
            )
            return 1
    return 1 if metrics["totals"]["tasks_failed"] else 0
