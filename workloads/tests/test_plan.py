from bursty.plan import DEFAULT_PATTERN, build_plan, tasks_per_slot


def test_default_pattern_is_warm_up_burst_peak_sustained_decrease_cooldown():
    plan = build_plan(DEFAULT_PATTERN, 60, 5, seed=0)

    assert [(p.name, p.target) for p in plan.phases] == [
        ("warm-up", 2),
        ("small-burst", 5),
        ("peak", 10),
        ("sustained", 8),
        ("decrease", 4),
        ("cooldown", 2),
    ]


def test_each_slot_plans_as_many_tasks_as_fit_whole_in_the_phase():
    # GIVEN 60 s phases of 7 s tasks WHEN planned THEN 8 tasks per slot (56 s), never a 9th that overruns
    assert tasks_per_slot(60, 7) == 8
    assert tasks_per_slot(0.6, 0.2) == 3


def test_plan_lists_every_task_with_a_unique_id_per_phase_and_slot():
    plan = build_plan((2, 3), 1.0, 0.5, seed=1)

    ids = [t.task_id for p in plan.phases for t in p.tasks]
    assert plan.total_tasks == (2 + 3) * 2 == len(set(ids))
    assert plan.phases[1].slot_tasks(2)[1].task_id == "p1-s2-t1"


def test_same_seed_gives_the_same_plan():
    first = build_plan(DEFAULT_PATTERN, 60, 5, seed=42)
    second = build_plan(DEFAULT_PATTERN, 60, 5, seed=42)

    assert first.to_dict() == second.to_dict()
    assert first.digest() == second.digest()


def test_different_seed_gives_different_data_seeds_and_step_counts():
    first = build_plan(DEFAULT_PATTERN, 60, 5, seed=42)
    other = build_plan(DEFAULT_PATTERN, 60, 5, seed=43)

    pairs = lambda plan: [(t.data_seed, t.steps) for p in plan.phases for t in p.tasks]  # noqa: E731
    assert pairs(first) != pairs(other)
    assert first.digest() != other.digest()


def test_custom_pattern_phases_are_named_by_position():
    plan = build_plan((1, 0, 4), 10, 5, seed=0)

    assert [p.name for p in plan.phases] == ["phase-1", "phase-2", "phase-3"]
    assert plan.phases[1].tasks == ()
