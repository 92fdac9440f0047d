"""The run plan: phases, their concurrency targets and every task a phase may run.

The plan is a pure function of the arguments, so the same seed always yields the same task ids,
data seeds and step counts, and `--dry-run` shows exactly what a real run would submit.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from dataclasses import asdict, dataclass, field

from . import SCHEMA_VERSION

DEFAULT_PATTERN = (2, 5, 10, 8, 4, 2)
DEFAULT_PHASE_NAMES = ("warm-up", "small-burst", "peak", "sustained", "decrease", "cooldown")

# A step costs microseconds with numpy at this size, so even the longest task computes for a few
# milliseconds and then sleeps out its time budget: the result stays deterministic while the
# task still holds its CPU (or GPU) slot for the whole budget, which is what the autoscaler sees.
MIN_STEPS = 100
MAX_STEPS = 300


@dataclass(frozen=True)
class TaskSpec:
    task_id: str
    phase: int
    slot: int
    data_seed: int
    steps: int


@dataclass(frozen=True)
class PhasePlan:
    index: int
    name: str
    target: int
    phase_seconds: float
    tasks_per_slot: int
    # Each slot runs its tasks back to back, so a phase lasts tasks_per_slot * task_seconds.
    planned_seconds: float
    tasks: tuple[TaskSpec, ...] = field(default_factory=tuple)

    def slot_tasks(self, slot: int) -> list[TaskSpec]:
        return [t for t in self.tasks if t.slot == slot]


@dataclass(frozen=True)
class Plan:
    seed: int
    pattern: tuple[int, ...]
    phase_seconds: float
    task_seconds: float
    cpus_per_task: float
    gpus_per_task: float
    phases: tuple[PhasePlan, ...]

    @property
    def total_tasks(self) -> int:
        return sum(len(p.tasks) for p in self.phases)

    def to_dict(self) -> dict:
        body = asdict(self)
        body["pattern"] = list(self.pattern)
        for phase in body["phases"]:
            phase["tasks"] = list(phase["tasks"])
        return {
            "schema_version": SCHEMA_VERSION,
            **body,
            "total_tasks": self.total_tasks,
            "planned_seconds": sum(p.planned_seconds for p in self.phases),
        }

    def digest(self) -> str:
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


def phase_name(index: int, count: int) -> str:
    if count == len(DEFAULT_PHASE_NAMES):
        return DEFAULT_PHASE_NAMES[index]
    return f"phase-{index + 1}"


def tasks_per_slot(phase_seconds: float, task_seconds: float) -> int:
    # Floor, not round: a phase never plans more work than its duration holds. The epsilon keeps
    # 0.6 / 0.2 (2.9999999999999996 in binary floating point) at 3.
    return max(1, math.floor(phase_seconds / task_seconds + 1e-9))


def build_plan(
    pattern: tuple[int, ...] | list[int],
    phase_seconds: float,
    task_seconds: float,
    seed: int,
    cpus_per_task: float = 1.0,
    gpus_per_task: float = 0.0,
) -> Plan:
    rng = random.Random(seed)
    per_slot = tasks_per_slot(phase_seconds, task_seconds)
    phases = []
    for index, target in enumerate(pattern):
        tasks = tuple(
            TaskSpec(
                task_id=f"p{index}-s{slot}-t{n}",
                phase=index,
                slot=slot,
                data_seed=rng.randrange(2**31),
                steps=rng.randint(MIN_STEPS, MAX_STEPS),
            )
            for slot in range(target)
            for n in range(per_slot)
        )
        phases.append(
            PhasePlan(
                index=index,
                name=phase_name(index, len(pattern)),
                target=target,
                phase_seconds=phase_seconds,
                tasks_per_slot=per_slot,
                planned_seconds=per_slot * task_seconds,
                tasks=tasks,
            )
        )
    return Plan(
        seed=seed,
        pattern=tuple(pattern),
        phase_seconds=phase_seconds,
        task_seconds=task_seconds,
        cpus_per_task=cpus_per_task,
        gpus_per_task=gpus_per_task,
        phases=tuple(phases),
    )
