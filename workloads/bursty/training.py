"""One training step of the workload: minibatch SGD for linear regression on seeded synthetic data.

The loss depends only on the task's data seed and step count (never on wall time), so the same
plan gives the same losses; the task then sleeps out the rest of its time budget so it occupies its
slot for as long as the plan says.
"""

from __future__ import annotations

import os
import time

import numpy as np

SAMPLES = 1024
FEATURES = 32
BATCH = 64
LEARNING_RATE = 0.05
NOISE = 0.1


def make_problem(data_seed: int, steps: int):
    """Data, true weights and the minibatch indices of every step, all drawn from one generator."""
    rng = np.random.default_rng(data_seed)
    x = rng.standard_normal((SAMPLES, FEATURES))
    true_w = rng.standard_normal(FEATURES)
    y = x @ true_w + NOISE * rng.standard_normal(SAMPLES)
    batches = rng.integers(0, SAMPLES, size=(steps, BATCH))
    return x, y, batches


def sgd_numpy(data_seed: int, steps: int) -> float:
    x, y, batches = make_problem(data_seed, steps)
    w = np.zeros(FEATURES)
    for idx in batches:
        xb, yb = x[idx], y[idx]
        grad = 2.0 / BATCH * xb.T @ (xb @ w - yb)
        w -= LEARNING_RATE * grad
    return float(np.mean((x @ w - y) ** 2))


def sgd_torch_cuda(data_seed: int, steps: int) -> float:
    import torch  # lazy: torch is optional and only the GPU path needs it

    x_np, y_np, batches_np = make_problem(data_seed, steps)
    device = torch.device("cuda")
    x = torch.from_numpy(x_np).to(device)
    y = torch.from_numpy(y_np).to(device)
    batches = torch.from_numpy(batches_np).to(device)
    w = torch.zeros(FEATURES, dtype=torch.float64, device=device)
    for idx in batches:
        xb, yb = x[idx], y[idx]
        grad = 2.0 / BATCH * xb.T @ (xb @ w - yb)
        w -= LEARNING_RATE * grad
    return float(torch.mean((x @ w - y) ** 2).item())


def cuda_unavailable_reason() -> str | None:
    """Why the torch/CUDA path cannot run here, or None when it can."""
    try:
        import torch
    except ImportError:
        return "torch is not installed"
    if not torch.cuda.is_available():
        return "torch is installed but CUDA is not available"
    return None


def train_task(spec: dict, task_seconds: float, use_gpu: bool) -> dict:
    """Runs one planned task; returns its timings as the worker saw them, so that concurrency is
    measured where the work happened rather than where it was submitted."""
    started_at = time.time()
    fallback_reason = cuda_unavailable_reason() if use_gpu else None
    if use_gpu and fallback_reason is None:
        backend, loss = "torch-cuda", sgd_torch_cuda(spec["data_seed"], spec["steps"])
    else:
        backend, loss = "numpy", sgd_numpy(spec["data_seed"], spec["steps"])
    compute_seconds = time.time() - started_at
    remaining = task_seconds - compute_seconds
    if remaining > 0:
        time.sleep(remaining)
    return {
        "task_id": spec["task_id"],
        "started_at": started_at,
        "finished_at": time.time(),
        "compute_seconds": compute_seconds,
        "loss": loss,
        "backend": backend,
        "fallback_reason": fallback_reason,
        "pid": os.getpid(),
        "node_id": _node_id(),
    }


def _node_id() -> str | None:
    try:
        import ray

        return ray.get_runtime_context().get_node_id()
    except Exception:  # outside a Ray worker (unit tests) there is no node
        return None
