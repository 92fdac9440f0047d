"""Measurements computed from the timestamps that tasks report: concurrency, percentiles, phase
summaries. Pure functions, so they are tested without Ray."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default method); None for no data."""
    if not 0 <= q <= 100:
        raise ValueError(f"percentile q={q!r} is out of range; allowed: 0 to 100")
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def max_concurrency(intervals: Iterable[tuple[float, float]]) -> int:
    """Most intervals open at one instant. A task that finishes at the very instant another starts
    does not overlap it: that is a slot being handed over, not two slots."""
    events = []
    for start, finish in intervals:
        events.append((start, 1))
        events.append((finish, -1))
    events.sort()  # at equal times -1 sorts before +1: hand-overs do not count twice
    running = peak = 0
    for _, delta in events:
        running += delta
        peak = max(peak, running)
    return peak


def mean_concurrency(intervals: Iterable[tuple[float, float]], window: tuple[float, float]) -> float:
    """Time-weighted mean number of running intervals over the window."""
    begin, end = window
    if end <= begin:
        return 0.0
    busy = sum(max(0.0, min(finish, end) - max(start, begin)) for start, finish in intervals)
    return busy / (end - begin)


def phase_summary(phase: dict, results: list[dict], submitted_at: dict[str, float]) -> dict:
    """The metrics record of one phase. `phase` carries index, name, target, started_at, ended_at;
    `results` are the records the phase's tasks returned."""
    intervals = [(r["started_at"], r["finished_at"]) for r in results]
    durations = [r["finished_at"] - r["started_at"] for r in results]
    # Clamped at zero: driver and worker clocks may differ by a few milliseconds across nodes.
    waits = [max(0.0, r["started_at"] - submitted_at[r["task_id"]]) for r in results]
    window = (phase["started_at"], phase["ended_at"])
    return {
        "index": phase["index"],
        "name": phase["name"],
        "target": phase["target"],
        "achieved_mean": mean_concurrency(intervals, window),
        "achieved_max": max_concurrency(intervals),
        "tasks_completed": len(results),
        "task_seconds_p50": percentile(durations, 50),
        "task_seconds_p95": percentile(durations, 95),
        "queue_wait_p50": percentile(waits, 50),
        "queue_wait_p95": percentile(waits, 95),
        "started_at": phase["started_at"],
        "ended_at": phase["ended_at"],
        "duration_seconds": phase["ended_at"] - phase["started_at"],
        "planned_seconds": phase["planned_seconds"],
    }


def totals(phases: list[dict], results: list[dict], submitted_at: dict[str, float], failed: int) -> dict:
    waits = [max(0.0, r["started_at"] - submitted_at[r["task_id"]]) for r in results]
    backends: dict[str, int] = {}
    for r in results:
        backends[r["backend"]] = backends.get(r["backend"], 0) + 1
    started = phases[0]["started_at"] if phases else None
    ended = phases[-1]["ended_at"] if phases else None
    return {
        "tasks_submitted": len(submitted_at),
        "tasks_completed": len(results),
        "tasks_failed": failed,
        "gpu_fallbacks": sum(1 for r in results if r["fallback_reason"]),
        "backends": backends,
        "queue_wait_p50": percentile(waits, 50),
        "queue_wait_p95": percentile(waits, 95),
        "started_at": started,
        "ended_at": ended,
        "duration_seconds": (ended - started) if phases else 0.0,
    }
