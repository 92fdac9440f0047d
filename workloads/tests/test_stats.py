import pytest

from bursty.stats import max_concurrency, mean_concurrency, percentile, phase_summary


def test_percentile_interpolates_between_ranks_like_numpy():
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([10, 0, 5], 100) == 10
    assert percentile([3.0], 95) == 3.0


def test_percentile_of_no_values_is_none():
    assert percentile([], 50) is None


def test_percentile_rejects_q_outside_0_to_100():
    with pytest.raises(ValueError, match="q=101.*0 to 100"):
        percentile([1], 101)


def test_max_concurrency_counts_overlapping_tasks():
    assert max_concurrency([(0, 2), (1, 3), (1.5, 4), (3.5, 5)]) == 3


def test_max_concurrency_does_not_count_a_hand_over_as_overlap():
    # GIVEN a slot whose next task starts at the instant the previous one finished
    assert max_concurrency([(0, 1), (1, 2)]) == 1


def test_mean_concurrency_is_time_weighted_over_the_window():
    # two tasks for the whole 2 s window, one more for half of it: 2.5 on average
    intervals = [(0, 2), (0, 2), (1, 2)]
    assert mean_concurrency(intervals, (0, 2)) == pytest.approx(2.5)


def test_mean_concurrency_clips_intervals_to_the_window():
    assert mean_concurrency([(-1, 3)], (0, 2)) == pytest.approx(1.0)


def test_phase_summary_measures_queue_wait_from_submit_to_start():
    phase = {
        "index": 0,
        "name": "peak",
        "target": 2,
        "started_at": 100.0,
        "ended_at": 102.0,
        "planned_seconds": 2.0,
    }
    results = [
        {"task_id": "a", "started_at": 100.5, "finished_at": 102.0},
        {"task_id": "b", "started_at": 100.0, "finished_at": 101.0},
    ]
    summary = phase_summary(phase, results, {"a": 100.0, "b": 100.0})

    assert summary["queue_wait_p50"] == pytest.approx(0.25)
    assert summary["queue_wait_p95"] == pytest.approx(0.475)
    assert summary["task_seconds_p50"] == pytest.approx(1.25)
    assert summary["achieved_max"] == 2
    assert summary["achieved_mean"] == pytest.approx(1.25)
    assert summary["tasks_completed"] == 2
