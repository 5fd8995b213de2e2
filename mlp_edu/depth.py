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

import numpy as np
from numpy.typing import NDArray

from mlp_edu.activations import CATALOGUE
from mlp_edu.autograd import Tensor, tensor
from mlp_edu.checks import (
    MAX_DEPTH,
    check_numbers,
    known_name,
    like_pytorch,
    nonnegative_int,
    positive_int,
)
from mlp_edu.init import init_std  # also imported from here by the page "Why ReLU won"
from mlp_edu.losses import squared_loss

__all__ = ["ACTIVATIONS", "deep_mlp_gradient_norms", "init_std"]

# The activations a stack can use: every one of the catalogue (a Tensor method each).
ACTIVATIONS = tuple(CATALOGUE)


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
    depth = positive_int(depth, "depth", maximum=MAX_DEPTH)
    width, batch = positive_int(width, "width"), positive_int(batch, "batch")
    check_numbers([("depth", depth), ("width", width), ("width", width)], "the weights")
    check_numbers([("depth", depth), ("batch", batch), ("width", width)], "the activations")
    phi = getattr(Tensor, known_name(activation, ACTIVATIONS, "activation"))
    std = init_std(init, width, width)

    rng = np.random.default_rng(nonnegative_int(seed, "seed"))
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
    with like_pytorch():  # a gradient that overflowed has norm inf
        return np.array([np.linalg.norm(W.grad.numpy()) for W in weights])
# --8<-- [end:gradient_norms]
