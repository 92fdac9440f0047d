"""Command line: parsing, validation (exit 2 with a message naming option, value and what is
allowed), `--dry-run`, and the hand-off to the Ray driver."""

from __future__ import annotations

import argparse
import json
import math
import sys

from .plan import DEFAULT_PATTERN, Plan, build_plan
from .sink import parse_s3_url

MAX_TARGET = 10_000


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid value {text!r}: not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"invalid value {text!r}: allowed a finite number")
    return value


def positive_number(text: str) -> float:
    value = _number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"invalid value {text!r}: allowed a number greater than 0")
    return value


def non_negative_number(text: str) -> float:
    value = _number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"invalid value {text!r}: allowed a number >= 0")
    return value


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid value {text!r}: allowed an integer >= 0") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"invalid value {text!r}: allowed an integer >= 0")
    return value


def pattern_list(text: str) -> tuple[int, ...]:
    allowed = f"allowed comma-separated integers 0..{MAX_TARGET}, at least one above 0, e.g. 2,5,10"
    items = [item.strip() for item in text.split(",")]
    if not text.strip() or any(item == "" for item in items):
        raise argparse.ArgumentTypeError(f"invalid value {text!r}: empty item; {allowed}")
    try:
        targets = tuple(int(item) for item in items)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid value {text!r}: non-integer item; {allowed}") from None
    if any(t < 0 or t > MAX_TARGET for t in targets) or not any(targets):
        raise argparse.ArgumentTypeError(f"invalid value {text!r}: {allowed}")
    return targets


def metrics_destination(text: str) -> str:
    if text.startswith("s3://"):
        try:
            parse_s3_url(text)
        except ValueError as err:
            raise argparse.ArgumentTypeError(str(err)) from None
    elif not text.strip():
        raise argparse.ArgumentTypeError("invalid value '': allowed a file path or s3://bucket/key")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bursty_training.py",
        description="Bursty Ray training load: phases of concurrent SGD tasks to exercise autoscaling.",
    )
    default_pattern = ",".join(str(t) for t in DEFAULT_PATTERN)
    add = parser.add_argument
    add(
        "--pattern",
        type=pattern_list,
        default=DEFAULT_PATTERN,
        help=f"concurrent tasks per phase (default {default_pattern}; 0 = an idle phase)",
    )
    add("--phase-seconds", type=positive_number, default=60.0, help="duration of each phase (default 60)")
    add("--task-seconds", type=positive_number, default=5.0, help="duration of one task (default 5)")
    add("--seed", type=non_negative_int, default=0, help="seed of the task plan and data (default 0)")
    add("--cpus-per-task", type=non_negative_number, default=1.0, help="Ray num_cpus per task (default 1)")
    add(
        "--gpus-per-task",
        type=non_negative_number,
        default=0.0,
        help="Ray num_gpus per task (default 0); above 0 the task trains with torch on CUDA if present",
    )
    add(
        "--sample-seconds",
        type=positive_number,
        default=5.0,
        help="interval of cluster resource samples (default 5)",
    )
    add("--metrics-out", type=metrics_destination, default=None, help="metrics JSON path or s3://bucket/key")
    add(
        "--address",
        default=None,
        help="Ray address for ray.init (default: RAY_ADDRESS if set, else a new local cluster)",
    )
    add("--dry-run", action="store_true", help="print the plan as JSON and exit without starting Ray")
    return parser


def check_combination(args: argparse.Namespace) -> str | None:
    """Checks that involve more than one option; returns the error message or None."""
    if args.task_seconds > args.phase_seconds:
        return (
            f"--task-seconds {args.task_seconds:g} is longer than --phase-seconds {args.phase_seconds:g}; "
            "allowed: task seconds <= phase seconds"
        )
    if args.cpus_per_task == 0 and args.gpus_per_task == 0:
        # A task that requests nothing is never queued, so the autoscaler never sees the burst.
        return "--cpus-per-task 0 with --gpus-per-task 0 requests no resources; allowed: at least one above 0"
    return None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parses and validates; on bad input prints the message and exits 2 (argparse's convention)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    problem = check_combination(args)
    if problem:
        parser.error(problem)
    return args


def plan_from_args(args: argparse.Namespace) -> Plan:
    return build_plan(
        args.pattern, args.phase_seconds, args.task_seconds, args.seed, args.cpus_per_task, args.gpus_per_task
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = plan_from_args(args)
    if args.dry_run:
        json.dump({**plan.to_dict(), "plan_sha256": plan.digest()}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    from .driver import run_from_cli  # lazy: --dry-run and --help never import Ray

    return run_from_cli(args, plan)
