"""The losses of section 1.3: softmax and cross-entropy for classification, squared loss
for regression.

The MLP's outputs O (one row per example, one column per class) are *logits*:
any real numbers. Softmax turns row o into probabilities,
``softmax(o)_j = exp(o_j) / sum_k exp(o_k)``, and the cross-entropy of the
true class y is ``-log softmax(o)_y = log(sum_k exp(o_k)) - o_y``.

Both accept a numpy array or an autograd :class:`~mlp_edu.autograd.Tensor`.
Given a Tensor they return a Tensor built from its operations, so
``cross_entropy(net(X), y).backward()`` fills every parameter's ``.grad``.

Both are computed *stably*: each row is first shifted by its largest entry m.
That leaves softmax unchanged (the factor exp(-m) cancels) but keeps ``exp``
from overflowing:

>>> softmax(np.array([[1000.0, 1000.0]]))
array([[0.5, 0.5]])

Logits that are not finite numbers have no softmax; as in PyTorch the result
is then NaN, without a warning:

>>> softmax(np.array([[np.inf, 0.0]]))
array([[nan, nan]])

A regression network has one output, a real number o per example, and is
trained with the squared loss of linear regression, ``½ (o - y)²`` averaged
over the minibatch (:func:`squared_loss`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mlp_edu.autograd import Tensor
from mlp_edu.checks import (
    as_real_array,
    check_labels,
    check_numbers,
    like_pytorch,
    positive_int,
)

__all__ = ["softmax", "log_softmax", "cross_entropy", "one_hot", "squared_loss"]


def _logits(logits: Tensor | ArrayLike) -> Tensor | NDArray[np.floating]:
    """The logits as a Tensor (kept) or a floating numpy array, checked to be 2-D."""
    values = logits if isinstance(logits, Tensor) else as_real_array(logits, "logits")
    if len(values.shape) != 2:
        raise ValueError(
            f"logits must be a 2-D array (examples, classes); got shape {tuple(values.shape)}"
        )
    return values


def _row_max(logits: Tensor | NDArray) -> NDArray:
    """Each row's largest entry, (n, 1), as a plain array: a constant for autograd.

    A row of no classes has none: it raises a ValueError.
    """
    values = logits.detach().numpy() if isinstance(logits, Tensor) else logits
    if values.shape[1] == 0:
        raise ValueError(f"logits must have at least one column (class); got shape "
                         f"{values.shape}")
    return values.max(axis=1, keepdims=True)


# --8<-- [start:log_softmax]
def log_softmax(logits: Any) -> Any:
    """log softmax of each row: ``o - m - log(sum(exp(o - m)))`` with m the row's maximum.

    The shift by m does not change the result, but it makes the largest
    exponent exp(0) = 1: nothing overflows, and the sum is at least 1, so its
    logarithm is finite.

    >>> print(log_softmax(np.array([[0.0, 0.0]])))
    [[-0.69314718 -0.69314718]]
    >>> print(log_softmax(np.array([[0.0, -1000.0]])))
    [[    0. -1000.]]
    """
    logits = _logits(logits)
    with like_pytorch():  # 1e308 - (-1e308) is -inf: its exp is 0, as it should be
        shifted = logits - _row_max(logits)  # the max is a constant: its gradient cancels
        if isinstance(shifted, Tensor):
            return shifted - shifted.exp().sum(axis=1, keepdims=True).log()
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
# --8<-- [end:log_softmax]


# --8<-- [start:softmax]
def softmax(logits: Any) -> Any:
    """Softmax of each row: ``exp(o - m) / sum(exp(o - m))`` with m the row's maximum.

    Every row of the result is positive and sums to 1.

    >>> p = softmax(np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]))
    >>> print(p.round(4))
    [[0.09   0.2447 0.6652]
     [0.3333 0.3333 0.3333]]
    >>> print(p.sum(axis=1))
    [1. 1.]
    """
    logits = _logits(logits)
    with like_pytorch():  # as in log_softmax
        shifted = logits - _row_max(logits)
        exps = shifted.exp() if isinstance(shifted, Tensor) else np.exp(shifted)
        return exps / exps.sum(axis=1, keepdims=True)
# --8<-- [end:softmax]


def one_hot(labels: ArrayLike, num_classes: int) -> NDArray[np.float64]:
    """Row i has a 1 in column ``labels[i]`` and 0 elsewhere.

    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    num_classes = positive_int(num_classes, "num_classes")
    labels = check_labels(labels, None, num_classes)
    check_numbers([("len(labels)", len(labels)), ("num_classes", num_classes)], "the one-hots")
    rows = np.zeros((len(labels), num_classes))
    rows[np.arange(len(labels)), labels] = 1.0
    return rows


# --8<-- [start:cross_entropy]
def cross_entropy(logits: Any, labels: ArrayLike) -> Any:
    """Mean cross-entropy of integer ``labels`` under ``softmax(logits)``.

    For row i with true class y_i the loss is ``-log softmax(o_i)[y_i]``, that is
    ``log(sum_k exp(o_ik - m_i)) - (o_iy - m_i)`` with m_i the row's maximum; the
    result is the mean over the rows. Picking o_iy is written as a product with
    the one-hot matrix, so it is an ordinary autograd op, and it picks from the
    logits themselves, which are finite (a log-probability may be -inf: times
    0 that would be NaN). Its gradient with respect to the logits is
    ``(softmax(o) - one_hot(y)) / n``.

    >>> o = np.array([[2.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    >>> print(f"{cross_entropy(o, [0, 1]):.4f}")
    0.6691
    >>> print(f"{cross_entropy(np.array([[0.0, 1000.0]]), [0]):.1f}")
    1000.0
    >>> far_apart = np.array([[1e308, -1e308]])  # as PyTorch: 0 and inf, no NaN, no warning
    >>> cross_entropy(far_apart, [0]), cross_entropy(far_apart, [1])
    (0.0, inf)
    """
    logits = _logits(logits)
    n, q = logits.shape
    m = _row_max(logits)
    with like_pytorch():  # o_iy - m_i may be -inf (a loss beyond the floats): inf, as PyTorch
        shifted = logits - m
        log_sum = (shifted.exp() if isinstance(shifted, Tensor) else np.exp(shifted)).sum(
            axis=1, keepdims=True)
        log_sum = log_sum.log() if isinstance(log_sum, Tensor) else np.log(log_sum)
        picked = (logits * one_hot(check_labels(labels, n, q), q)).sum(axis=1, keepdims=True)
        loss = (log_sum - (picked - m)).mean()
    return loss if isinstance(loss, Tensor) else float(loss)
# --8<-- [end:cross_entropy]


# --8<-- [start:squared_loss]
def squared_loss(predictions: Any, targets: ArrayLike) -> Any:
    """Mean squared loss of a regression network: ``½ (o_i - y_i)²`` averaged over the n examples.

    ``predictions`` are the network's outputs, shape (n, 1): one output per
    example (a numpy array or an autograd Tensor). ``targets`` are n real
    numbers, shape (n,) or (n, 1). The ½ is the book's (its linear regression
    writes the loss so); the gradient with respect to o_i is then
    ``(o_i - y_i) / n``.

    >>> print(squared_loss(np.array([[1.0], [2.0], [4.0]]), [1.0, 3.0, 2.0]))
    0.8333333333333334
    >>> squared_loss(np.zeros((3, 2)), [1.0, 2.0, 3.0])
    Traceback (most recent call last):
    ValueError: predictions must have shape (n, 1), one output per example; got shape (3, 2)
    >>> squared_loss(np.zeros((2, 1)), [1.0, float("nan")])
    Traceback (most recent call last):
    ValueError: targets must be finite numbers; got nan at position 1
    """
    values = predictions if isinstance(predictions, Tensor) else as_real_array(
        predictions, "predictions")
    if len(values.shape) != 2 or values.shape[1] != 1:
        raise ValueError(f"predictions must have shape (n, 1), one output per example; "
                         f"got shape {tuple(values.shape)}")
    y = as_real_array(targets, "targets")
    n = values.shape[0]
    if n == 0:
        raise ValueError("predictions must hold at least one example; got shape (0, 1)")
    if y.shape not in {(n,), (n, 1)}:
        raise ValueError(f"targets must have shape ({n},) or ({n}, 1), one per prediction; "
                         f"got shape {y.shape}")
    if not np.all(np.isfinite(y)):
        bad = int(np.flatnonzero(~np.isfinite(y.ravel()))[0])
        raise ValueError(f"targets must be finite numbers; got {y.ravel()[bad]} at position {bad}")
    with like_pytorch():  # an error beyond the floats' range squares to inf, as in PyTorch
        error = values - y.reshape(n, 1)
        loss = (error * error).mean() * 0.5
    return loss if isinstance(loss, Tensor) else float(loss)
# --8<-- [end:squared_loss]
