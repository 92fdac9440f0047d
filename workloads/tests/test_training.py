from bursty.training import cuda_unavailable_reason, sgd_numpy, train_task


def test_same_data_seed_and_steps_give_the_identical_loss():
    assert sgd_numpy(7, 150) == sgd_numpy(7, 150)


def test_a_different_data_seed_gives_a_different_loss():
    assert sgd_numpy(7, 150) != sgd_numpy(8, 150)


def test_sgd_reduces_the_loss_as_steps_grow():
    assert sgd_numpy(7, 300) < sgd_numpy(7, 20) < sgd_numpy(7, 1)


def test_task_holds_its_slot_for_the_time_budget():
    spec = {"task_id": "p0-s0-t0", "data_seed": 3, "steps": 100}

    result = train_task(spec, 0.2, use_gpu=False)

    assert result["finished_at"] - result["started_at"] >= 0.2
    assert result["loss"] == sgd_numpy(3, 100)
    assert (result["backend"], result["fallback_reason"]) == ("numpy", None)


def test_gpu_task_falls_back_to_numpy_and_says_why_when_cuda_is_missing():
    spec = {"task_id": "p0-s0-t0", "data_seed": 3, "steps": 100}

    result = train_task(spec, 0.0, use_gpu=True)

    reason = cuda_unavailable_reason()
    assert result["fallback_reason"] == reason
    assert result["backend"] == ("numpy" if reason else "torch-cuda")
