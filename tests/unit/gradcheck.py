"""The one finite-difference check every gradient test uses.

A derivative is checked against the centred difference (f(x + h) − f(x − h)) / 2h,
written once here (:func:`centred_difference`): elementwise for the activation
functions, one element at a time for a scalar loss (:func:`numeric_gradient`),
and for the whole vector-Jacobian product of an autograd function
(:func:`assert_gradients_match_finite_differences`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import mlp_edu.autograd as ag


def centred_difference(f: Callable, x, h: float):
    """(f(x + h) − f(x − h)) / 2h: f′(x) up to O(h²), elementwise if f is."""
    return (f(x + h) - f(x - h)) / (2 * h)


def numeric_gradient(loss: Callable[[np.ndarray], float], x: np.ndarray,
                     h: float = 1e-6) -> np.ndarray:
    """The gradient of a scalar ``loss`` at the array ``x``, one element at a time."""
    x = np.asarray(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        unit = np.zeros_like(x)
        unit[index] = 1.0
        grad[index] = centred_difference(lambda t, unit=unit: loss(x + t * unit), 0.0, h)
    return grad


def values(rng: np.random.Generator, shape: tuple[int, ...], domain: str) -> np.ndarray:
    """Random float64 numbers of one shape, away from where a derivative misbehaves."""
    magnitude = rng.uniform(0.2, 2.0, size=shape)
    if domain == "positive":  # log, fractional powers
        return np.asarray(magnitude)
    if domain == "nonzero":  # kinks at 0 (relu), denominators
        return np.asarray(magnitude * rng.choice([-1.0, 1.0], size=shape))
    return np.asarray(rng.uniform(-2.0, 2.0, size=shape))


def assert_gradients_match_finite_differences(
    f: Callable[..., ag.Tensor], inputs: list[np.ndarray], rng: np.random.Generator
) -> None:
    """Autograd's gradient of sum(f(inputs) * w), w random, equals centred differences.

    The random weights w make this check the whole vector-Jacobian product of f,
    not just its column sums. With h = 1e-6 in float64 the differences are good
    to about 1e-9, so a derivative wrong by 1e-3 relative cannot pass.
    """
    leaves = [ag.tensor(x, requires_grad=True) for x in inputs]
    out = f(*leaves)
    weights = rng.normal(size=out.shape)
    (out * ag.tensor(weights)).sum().backward()

    for k, (leaf, x) in enumerate(zip(leaves, inputs, strict=True)):

        def loss(changed: np.ndarray, k: int = k) -> float:
            arrays = [changed if j == k else a for j, a in enumerate(inputs)]
            with ag.no_grad():
                return float(np.sum(f(*[ag.tensor(a) for a in arrays]).numpy() * weights))

        assert leaf.grad is not None, f"input {k} got no gradient"
        assert leaf.grad.shape == x.shape, f"input {k}: gradient shape {leaf.grad.shape}"
        np.testing.assert_allclose(
            leaf.grad.numpy(), numeric_gradient(loss, x), rtol=1e-6, atol=1e-8,
            err_msg=f"input {k}"
        )
