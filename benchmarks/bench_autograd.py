"""What does the graph cost? One training step through mlp_edu.autograd against hand-written numpy.

The step: a 784-256-10 ReLU MLP, softmax cross-entropy loss averaged over a
batch of 256, backward pass, plain SGD update, all in float32. The
hand-written numpy step makes the same BLAS calls with the gradient formulas
written out and no graph. The two run alternately (after a warm-up), and the
median of the per-round time ratios is reported. If ``import torch`` works,
the same step in PyTorch (float32, 2 threads) joins the rotation; PyTorch is
never a dependency.

Run from the repository root::

    python -m benchmarks.bench_autograd
    python benchmarks/bench_autograd.py
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

import numpy as np

import mlp_edu.autograd as ag

BATCH, INPUTS, HIDDEN, OUTPUTS = 256, 784, 256, 10
LR = 0.1
WARMUP, ROUNDS = 10, 50

Params = list[np.ndarray]


def make_problem(seed: int = 0) -> tuple[np.ndarray, np.ndarray, Params]:
    """A random float32 batch, its labels, and He-initialised weights and zero biases."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(BATCH, INPUTS)).astype(np.float32)
    labels = rng.integers(0, OUTPUTS, size=BATCH)
    params = [
        rng.normal(scale=np.sqrt(2 / INPUTS), size=(INPUTS, HIDDEN)).astype(np.float32),
        np.zeros(HIDDEN, dtype=np.float32),
        rng.normal(scale=np.sqrt(2 / HIDDEN), size=(HIDDEN, OUTPUTS)).astype(np.float32),
        np.zeros(OUTPUTS, dtype=np.float32),
    ]
    return x, labels, params


# ---- mlp_edu.autograd: write the forward pass, get the backward pass ------------------


def autograd_loss(x: ag.Tensor, onehot: ag.Tensor, w1, b1, w2, b2) -> ag.Tensor:
    logits = (x @ w1 + b1).relu() @ w2 + b2
    # Subtracting each row's max keeps exp() finite; a constant shift has no gradient.
    shifted = logits - logits.detach().numpy().max(axis=1, keepdims=True)
    log_sum_exp = shifted.exp().sum(axis=1).log()
    return (log_sum_exp - (shifted * onehot).sum(axis=1)).mean()


def autograd_step(x: ag.Tensor, onehot: ag.Tensor, params: list[ag.Tensor]) -> None:
    autograd_loss(x, onehot, *params).backward()
    with ag.no_grad():
        for p in params:
            p -= LR * p.grad
            p.grad.zero_()  # as d2l's sgd() does


# ---- hand-written numpy: the same step with the gradients worked out --------------------


def numpy_loss_and_grads(x: np.ndarray, onehot: np.ndarray, params: Params):
    w1, b1, w2, b2 = params
    pre = x @ w1 + b1
    hidden = np.maximum(pre, 0)
    logits = hidden @ w2 + b2
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    sum_exp = exp.sum(axis=1, keepdims=True)
    loss = (np.log(sum_exp[:, 0]) - (shifted * onehot).sum(axis=1)).mean()

    d_logits = (exp / sum_exp - onehot) / BATCH  # softmax minus one-hot, per example
    d_pre = (d_logits @ w2.T) * (pre > 0)
    grads = [x.T @ d_pre, d_pre.sum(axis=0), hidden.T @ d_logits, d_logits.sum(axis=0)]
    return loss, grads


def numpy_step(x: np.ndarray, onehot: np.ndarray, params: Params) -> None:
    _, grads = numpy_loss_and_grads(x, onehot, params)
    for p, g in zip(params, grads, strict=True):
        p -= LR * g


# ---- the comparison ----------------------------------------------------------------------------


def check_same_gradients(x: np.ndarray, onehot: np.ndarray, params: Params) -> None:
    """Fail before any timing if the two numpy paths disagree."""
    tensors = [ag.tensor(p, requires_grad=True) for p in params]
    loss = autograd_loss(ag.Tensor(x), ag.Tensor(onehot), *tensors)
    loss.backward()
    expected_loss, expected = numpy_loss_and_grads(x, onehot, params)
    assert loss.dtype == np.float32 and all(t.grad.dtype == np.float32 for t in tensors)
    np.testing.assert_allclose(loss.item(), expected_loss, rtol=1e-5)
    for t, g in zip(tensors, expected, strict=True):
        np.testing.assert_allclose(t.grad.numpy(), g, rtol=1e-4, atol=1e-6)


def torch_step_or_none(x: np.ndarray, labels: np.ndarray, params: Params):
    """``(step, version)`` of the same step in PyTorch, or None if it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(2)
    tx, tlabels = torch.from_numpy(x.copy()), torch.from_numpy(labels)
    tparams = [torch.tensor(p, requires_grad=True) for p in params]

    def step() -> None:
        w1, b1, w2, b2 = tparams
        logits = torch.relu(tx @ w1 + b1) @ w2 + b2
        torch.nn.functional.cross_entropy(logits, tlabels).backward()
        with torch.no_grad():
            for p in tparams:
                p -= LR * p.grad
                p.grad.zero_()

    return step, torch.__version__


def time_in_rotation(steps: dict[str, Callable[[], None]]) -> dict[str, list[float]]:
    """Seconds per call of each step; each round runs them all, starting with a different one."""
    names = list(steps)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(WARMUP + ROUNDS):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            start = time.perf_counter()
            steps[name]()
            if r >= WARMUP:
                times[name].append(time.perf_counter() - start)
    return times


def main() -> None:
    x, labels, params = make_problem()
    onehot = np.eye(OUTPUTS, dtype=np.float32)[labels]
    check_same_gradients(x, onehot, params)

    numpy_params = [p.copy() for p in params]
    tensors = [ag.tensor(p, requires_grad=True) for p in params]
    x_t, onehot_t = ag.Tensor(x), ag.Tensor(onehot)
    steps = {
        "autograd": lambda: autograd_step(x_t, onehot_t, tensors),
        "numpy": lambda: numpy_step(x, onehot, numpy_params),
    }
    torch_step = torch_step_or_none(x, labels, params)
    if torch_step is not None:
        steps["torch"], torch_version = torch_step
    times = time_in_rotation(steps)

    blas = np.__config__.CONFIG["Build Dependencies"]["blas"]
    threads = {v: os.environ.get(v, "unset") for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    print(
        f"{INPUTS}-{HIDDEN}-{OUTPUTS} ReLU MLP, softmax cross-entropy, batch {BATCH}, float32, "
        f"SGD; median of {ROUNDS} rounds after {WARMUP} warm-up"
    )
    print(
        f"numpy {np.__version__} with {blas['name']} {blas['version']}; {os.cpu_count()} CPUs; "
        f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}; "
        + "; ".join(f"{k}={v}" for k, v in threads.items())
    )
    labels_of = {"numpy": "hand-written numpy", "autograd": "mlp_edu.autograd"}
    if torch_step is not None:
        labels_of["torch"] = f"PyTorch {torch_version}"
    for name, label in labels_of.items():
        print(f"{label + ':':<28}{statistics.median(times[name]) * 1e3:7.3f} ms per step (median)")
    print(f"autograd train step: {median_ratio(times['autograd'], times['numpy']):.2f}x "
          "hand-written numpy")
    if torch_step is not None:
        print(f"autograd train step: {median_ratio(times['autograd'], times['torch']):.2f}x "
              "PyTorch (float32, 2 threads)")


def median_ratio(times: list[float], reference: list[float]) -> float:
    """The median over rounds of one round's time ratio (robust to a slow round)."""
    return statistics.median(t / r for t, r in zip(times, reference, strict=True))


if __name__ == "__main__":
    main()
