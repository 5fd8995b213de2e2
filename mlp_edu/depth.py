"""Gradients in deep stacks of layers at initialisation: why ReLU won.

A stack of ``depth`` fully connected layers, all ``width`` units wide, each
followed by the activation φ, then a linear read-out to one number per example
and a squared loss on a fixed random batch (X, y):

    H_0 = X,   H_l = φ(H_{l-1} W_l)   for l = 1, ..., depth,
    o = H_depth w,   loss = ½ mean((o − y)²).

Backpropagation multiplies the gradient, once per layer on its way down, by
the layer's weights and by φ'. :func:`deep_mlp_gradient_norms` measures what
is left of it when it reaches each layer's weights: the size ‖∂loss/∂W_l‖ of
the gradient the optimiser would use, before any training step.

Biases are left out: they start at 0 and do not change the forward or the
backward pass at initialisation.

>>> norms = deep_mlp_gradient_norms(10, "sigmoid", init="xavier")
>>> norms.shape
(10,)
>>> bool(norms[0] < 1e-4 * norms[-1])
True
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from mlp_edu.autograd import Tensor, tensor
from mlp_edu.losses import squared_loss

__all__ = ["ACTIVATIONS", "INITS", "RECOMMENDED_INIT", "deep_mlp_gradient_norms", "init_std"]

# The activations a stack can use: Tensor methods whose derivatives come from
# mlp_edu.activations.
ACTIVATIONS = ("relu", "sigmoid", "tanh", "leaky_relu", "elu", "softplus", "gelu", "silu")


# --8<-- [start:inits]
def _naive(fan_in: int, fan_out: int) -> float:
    return 0.01  # a small constant, as in the book's MLP (PyTorch version, 3.9 and 3.10)


def _xavier(fan_in: int, fan_out: int) -> float:
    # Glorot & Bengio (2010): keep the variance of the signal forwards and of the
    # gradient backwards about equal for an activation with slope 1 at 0 (tanh).
    return math.sqrt(2.0 / (fan_in + fan_out))


def _he(fan_in: int, fan_out: int) -> float:
    # He et al. (2015): ReLU zeroes half its inputs, so twice the variance is needed.
    return math.sqrt(2.0 / fan_in)


INITS = {"naive": _naive, "xavier": _xavier, "he": _he}
# --8<-- [end:inits]

# What each activation is paired with here (and MLP's default): He et al. (2015)
# derived theirs for ReLU; Glorot & Bengio (2010) theirs for tanh-like units.
RECOMMENDED_INIT = {"sigmoid": "xavier", "tanh": "xavier", "relu": "he"}


def init_std(init: str, fan_in: int, fan_out: int) -> float:
    """The standard deviation of the normal weights of a fan_in × fan_out layer.

    >>> init_std("naive", 64, 64), init_std("xavier", 64, 64), round(init_std("he", 64, 64), 4)
    (0.01, 0.125, 0.1768)
    >>> init_std("uniform", 64, 64)
    Traceback (most recent call last):
    ValueError: unknown init 'uniform'; known: 'naive', 'xavier', 'he'
    """
    if init not in INITS:
        known = ", ".join(repr(name) for name in INITS)
        raise ValueError(f"unknown init {init!r}; known: {known}")
    return INITS[init](fan_in, fan_out)


def _positive_int(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


# --8<-- [start:gradient_norms]
def deep_mlp_gradient_norms(
    depth: int,
    activation: str,
    init: str = "xavier",
    width: int = 64,
    batch: int = 64,
    seed: int = 0,
) -> NDArray[np.float64]:
    """‖∂loss/∂W_l‖ for l = 1, ..., depth: the gradient reaching each layer, at initialisation.

    Parameters
    ----------
    depth
        The number of hidden layers, each ``width`` × ``width`` and followed by φ.
    activation
        The name of φ, one of :data:`ACTIVATIONS`.
    init
        How the weights are drawn: normal with mean 0 and the standard deviation
        :func:`init_std` gives for ``"naive"``, ``"xavier"`` or ``"he"``.
    width, batch
        Units per layer (also the number of inputs), and examples in the batch.
    seed
        Seeds the batch and the weights. Networks with the same seed share the
        batch and the random directions of their weights; only the scale of the
        weights and φ differ, so a comparison shows the effect of those alone.

    Returns
    -------
    numpy.ndarray
        ``depth`` Frobenius norms, first layer (nearest the input) first.

    Examples
    --------
    >>> norms = deep_mlp_gradient_norms(30, "relu", init="he")
    >>> bool(0.1 < norms[0] / norms[-1] < 10)
    True
    """
    depth = _positive_int(depth, "depth")
    width, batch = _positive_int(width, "width"), _positive_int(batch, "batch")
    if activation not in ACTIVATIONS:
        known = ", ".join(repr(name) for name in ACTIVATIONS)
        raise ValueError(f"unknown activation {activation!r}; known: {known}")
    std = init_std(init, width, width)
    phi = getattr(Tensor, activation)

    rng = np.random.default_rng(seed)
    X = tensor(rng.normal(size=(batch, width)))
    y = rng.normal(size=(batch, 1))
    weights = [
        tensor(std * rng.normal(size=(width, width)), requires_grad=True) for _ in range(depth)
    ]
    w_out = tensor(init_std(init, width, 1) * rng.normal(size=(width, 1)))

    H = X
    for W in weights:
        H = phi(H @ W)
    loss = squared_loss(H @ w_out, y)  # ½ mean((o - y)²)
    loss.backward()
    return np.array([np.linalg.norm(W.grad.numpy()) for W in weights])
# --8<-- [end:gradient_norms]
