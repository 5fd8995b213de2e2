"""Initialisation derived: how the variance of the signal and of the gradient moves through layers.

A unit of a layer with ``fan_in`` inputs computes ``z = Σ_j w_j x_j``. With
weights drawn independently of the inputs, mean 0 and variance σ²,

    Var[z] = fan_in · σ² · E[x²]                       (forwards)
    Var[∂ℓ/∂x_j] = fan_out · σ² · Var[∂ℓ/∂z]           (backwards)

so each layer multiplies the variance by ``fan_in · σ²`` on the way up and by
``fan_out · σ²`` on the way down, times what the activation keeps (ReLU keeps
half of E[z²] and half of the gradient's). The rules below choose σ to make
those factors 1. :func:`signal_variances` measures them in a deep stack.

>>> forward, backward = signal_variances("he", "relu", depth=10)
>>> bool(0.5 < forward[-1] / forward[0] < 2 and 0.5 < backward[0] / backward[-1] < 2)
True
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from mlp_edu.activations import CATALOGUE
from mlp_edu.backprop import grad_input, grad_preactivation
from mlp_edu.checks import known_name, positive_int
from mlp_edu.init import INITS, init_std

__all__ = ["RULES", "uniform_bound", "kaiming_uniform_bound", "pytorch_linear_bound",
           "weight_std", "draw_layer", "signal_variances"]

# The rules of mlp_edu.init (naive, Xavier, He: normal weights, zero biases), and
# "pytorch", what torch.nn.Linear documents as its default: weights and biases
# uniform on (-1/sqrt(in_features), 1/sqrt(in_features)).
RULES = (*INITS, "pytorch")


# --8<-- [start:uniform]
def uniform_bound(std: float) -> float:
    """The a of U(−a, a) with standard deviation ``std``: its variance is a²/3, so a = √3 · std.

    >>> round(uniform_bound(1.0), 4)
    1.7321
    """
    return math.sqrt(3.0) * std


def kaiming_uniform_bound(fan_in: int, a: float = 0.0) -> float:
    """The bound of PyTorch's ``kaiming_uniform_(w, a)``, as PyTorch documents it:
    gain / √fan_in made uniform, with gain = √(2 / (1 + a²)) (the leaky ReLU's gain).

    ``a = 0`` is He's rule for ReLU, uniform: √(6 / fan_in).

    >>> kaiming_uniform_bound(4) == uniform_bound(init_std("he", 4, 1))
    True
    """
    # He's std √(2 / fan_in) is gain / √fan_in for a = 0; a leaky slope a divides it by √(1 + a²).
    return uniform_bound(init_std("he", fan_in, 1) / math.sqrt(1.0 + a * a))


def pytorch_linear_bound(in_features: int) -> float:
    """The bound √k, k = 1 / in_features, of the U(−√k, √k) that ``torch.nn.Linear``'s
    documentation gives for its initial weights and biases.

    It is ``kaiming_uniform_`` with a = √5: the gain √(2/6) = 1/√3 cancels the √3.

    >>> math.isclose(pytorch_linear_bound(256), kaiming_uniform_bound(256, a=math.sqrt(5)))
    True
    >>> pytorch_linear_bound(256)
    0.0625
    """
    return 1.0 / math.sqrt(in_features)
# --8<-- [end:uniform]


def weight_std(rule: str, fan_in: int, fan_out: int) -> float:
    """The standard deviation of a weight of a fan_in × fan_out layer under ``rule``.

    >>> [round(weight_std(rule, 256, 256), 4) for rule in RULES]
    [0.01, 0.0625, 0.0884, 0.0361]
    """
    if known_name(rule, RULES, "rule") == "pytorch":
        return pytorch_linear_bound(fan_in) / math.sqrt(3.0)
    return init_std(rule, fan_in, fan_out)


def draw_layer(rule: str, fan_in: int, fan_out: int,
               rng: np.random.Generator) -> tuple[NDArray, NDArray]:
    """A layer's weights (fan_in, fan_out) and biases (fan_out,) drawn under ``rule``.

    >>> W, b = draw_layer("pytorch", 256, 64, np.random.default_rng(0))
    >>> bool(np.abs(W).max() <= 1 / 16 and np.abs(b).max() <= 1 / 16 and b.any())
    True
    """
    if rule == "pytorch":
        bound = pytorch_linear_bound(fan_in)
        return (rng.uniform(-bound, bound, size=(fan_in, fan_out)),
                rng.uniform(-bound, bound, size=fan_out))
    return rng.normal(0.0, weight_std(rule, fan_in, fan_out), size=(fan_in, fan_out)), np.zeros(
        fan_out)


# --8<-- [start:signal_variances]
def signal_variances(rule: str, activation: str, depth: int = 10, width: int = 256,
                     batch: int = 1000, seed: int = 0) -> tuple[NDArray, NDArray]:
    """Var[Z_l] forwards and Var[∂ℓ/∂Z_l] backwards, l = 1, ..., depth, in a fresh stack.

    The stack: ``depth`` layers of ``width`` units drawn under ``rule``, φ after
    each, on a batch of standard normal inputs. The backward pass starts from a
    standard normal gradient ∂ℓ/∂H_depth (what a loss would send back) and
    follows the hand-derived steps of :mod:`mlp_edu.backprop`:
    ∂ℓ/∂Z_l = ∂ℓ/∂H_l ⊙ φ'(Z_l) and ∂ℓ/∂H_{l−1} = ∂ℓ/∂Z_l W_lᵀ.

    >>> forward, backward = signal_variances("xavier", "tanh", depth=3)
    >>> forward.shape, backward.shape
    ((3,), (3,))
    """
    depth, width, batch = (positive_int(value, name) for name, value in
                           [("depth", depth), ("width", width), ("batch", batch)])
    phi = CATALOGUE[known_name(activation, CATALOGUE, "activation")].f
    rng = np.random.default_rng(seed)
    layers = [draw_layer(rule, width, width, rng) for _ in range(depth)]
    H = rng.normal(size=(batch, width))
    Zs = []
    for W, b in layers:
        Z = H @ W + b
        Zs.append(Z)
        H = phi(Z)
    grad_H = rng.normal(size=(batch, width))
    grads = []
    for (W, _), Z in zip(reversed(layers), reversed(Zs), strict=True):
        grad_Z = grad_preactivation(grad_H, Z, activation)
        grads.append(grad_Z)
        grad_H = grad_input(grad_Z, W)
    return np.array([Z.var() for Z in Zs]), np.array([g.var() for g in reversed(grads)])
# --8<-- [end:signal_variances]
