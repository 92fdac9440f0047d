import json
import subprocess
import sys
from pathlib import Path

import pytest

from bursty.cli import parse_args

SCRIPT = Path(__file__).resolve().parent.parent / "bursty_training.py"


def run_script(*args: str, code: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, str(SCRIPT), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=SCRIPT.parent)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--pattern", ""], "--pattern: invalid value '': empty item"),
        (["--pattern", "2,,3"], "--pattern: invalid value '2,,3': empty item"),
        (["--pattern", "2,x,3"], "--pattern: invalid value '2,x,3': non-integer item"),
        (["--pattern", "2.5"], "--pattern: invalid value '2.5': non-integer item"),
        (["--pattern", "2,-1"], "--pattern: invalid value '2,-1': allowed comma-separated integers"),
        (
            ["--pattern", "0,0"],
            "--pattern: invalid value '0,0': allowed comma-separated integers 0..10000, at least",
        ),
        (["--phase-seconds", "0"], "--phase-seconds: invalid value '0': allowed a number greater than 0"),
        (["--phase-seconds", "-5"], "--phase-seconds: invalid value '-5': allowed a number greater than 0"),
        (["--phase-seconds", "nan"], "--phase-seconds: invalid value 'nan': allowed a finite number"),
        (["--task-seconds", "abc"], "--task-seconds: invalid value 'abc': not a number"),
        (["--task-seconds", "0"], "--task-seconds: invalid value '0': allowed a number greater than 0"),
        (["--gpus-per-task", "-1"], "--gpus-per-task: invalid value '-1': allowed a number >= 0"),
        (["--cpus-per-task", "-0.5"], "--cpus-per-task: invalid value '-0.5': allowed a number >= 0"),
        (["--seed", "-3"], "--seed: invalid value '-3': allowed an integer >= 0"),
        (["--seed", "1.5"], "--seed: invalid value '1.5': allowed an integer >= 0"),
        (["--sample-seconds", "0"], "--sample-seconds: invalid value '0': allowed a number greater than 0"),
        (
            ["--metrics-out", "s3://bucket"],
            "--metrics-out: invalid value 's3://bucket': allowed s3://<bucket>/<key>",
        ),
        (
            ["--phase-seconds", "10", "--task-seconds", "11"],
            "--task-seconds 11 is longer than --phase-seconds 10; allowed: task seconds <= phase seconds",
        ),
        (["--cpus-per-task", "0"], "--cpus-per-task 0 with --gpus-per-task 0 requests no resources"),
    ],
)
def test_bad_argument_exits_2_naming_the_option_value_and_what_is_allowed(argv, expected, capsys):
    with pytest.raises(SystemExit) as exited:
        parse_args(argv)

    assert exited.value.code == 2
    assert expected in capsys.readouterr().err


def test_script_rejects_an_empty_pattern_with_exit_2():
    result = run_script("--pattern", "", "--dry-run")

    assert result.returncode == 2
    assert "argument --pattern: invalid value '': empty item" in result.stderr


def test_script_rejects_a_task_longer_than_its_phase_with_exit_2():
    result = run_script("--phase-seconds", "1", "--task-seconds", "2")

    assert result.returncode == 2
    assert "--task-seconds 2 is longer than --phase-seconds 1" in result.stderr


def test_dry_run_prints_the_whole_plan_as_json_without_importing_ray():
    code = (
        "import sys; from bursty.cli import main; sys.argv[0] = 'bursty_training.py'; code = main(); "
        "print('ray imported' if 'ray' in sys.modules else 'ray not imported', file=sys.stderr); "
        "sys.exit(code)"
    )
    result = run_script("--dry-run", "--seed", "4", code=code)

    assert result.returncode == 0
    assert result.stderr.strip() == "ray not imported"
    plan = json.loads(result.stdout)
    assert [p["target"] for p in plan["phases"]] == [2, 5, 10, 8, 4, 2]
    assert plan["total_tasks"] == 31 * 12  # 60 s phases of 5 s tasks: 12 tasks per slot
    assert plan["planned_seconds"] == 360
    assert plan["phases"][2]["tasks"][0]["task_id"] == "p2-s0-t0"
