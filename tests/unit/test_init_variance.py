"""The variance argument behind Xavier and He holds in measured stacks, and the bounds are right.

The derivation predicts a factor per layer of fan_in · σ² · E[φ(z)²] / Var[z]
forwards and fan_out · σ² · E[φ'(z)²] backwards; the measured stacks follow it.
What the page says about PyTorch (nn.Linear's documented default, its source's
kaiming_uniform_ with a = √5, the init functions' defaults) is checked against
PyTorch itself in tests/unit/test_pytorch.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlp_edu.init import init_std
from mlp_edu.init_variance import (
    RULES,
    draw_layer,
    kaiming_uniform_bound,
    pytorch_linear_bound,
    signal_variances,
    uniform_bound,
    weight_std,
)


def per_layer(values: np.ndarray) -> float:
    """The geometric mean factor from one layer to the next."""
    return float((values[-1] / values[0]) ** (1 / (len(values) - 1)))


@pytest.mark.parametrize("rule", ["he", "xavier", "pytorch"])
def test_relu_stacks_follow_the_variance_argument(rule):
    """Forwards Var[Z_l+1] = fan_in σ² Var[Z_l] / 2 + Var[b]; backwards a factor fan_out σ² / 2."""
    width = 256
    forward, backward = signal_variances(rule, "relu", depth=10, width=width)
    sigma2 = weight_std(rule, width, width) ** 2
    bias_variance = pytorch_linear_bound(width) ** 2 / 3 if rule == "pytorch" else 0.0
    if bias_variance:  # the biases add their variance at every layer: a floor
        predicted = width * sigma2 * forward[:-1] / 2 + bias_variance
        np.testing.assert_allclose(forward[1:], predicted, rtol=0.15)
    else:  # one layer's factor fluctuates with the draw of its 256 × 256 weights
        assert per_layer(forward) == pytest.approx(width * sigma2 / 2, rel=0.1)
    assert per_layer(backward[::-1]) == pytest.approx(width * sigma2 / 2, rel=0.1)


def test_the_first_layer_variance_is_fan_in_times_the_weight_variance():
    for rule in RULES:
        forward, _ = signal_variances(rule, "relu", depth=1, width=256, batch=4000)
        bias_variance = pytorch_linear_bound(256) ** 2 / 3 if rule == "pytorch" else 0.0
        expected = 256 * weight_std(rule, 256, 256) ** 2 + bias_variance
        assert forward[0] == pytest.approx(expected, rel=0.05), rule


def test_tanh_with_xavier_keeps_the_scale_far_better_than_the_naive_scale():
    xavier, _ = signal_variances("xavier", "tanh")
    naive, _ = signal_variances("naive", "tanh")
    assert xavier[-1] > 0.01 and naive[-1] < 1e-12


def test_uniform_bounds_give_the_intended_variance():
    rng = np.random.default_rng(0)
    for std in (0.01, 0.1, 1.0):
        a = uniform_bound(std)
        assert rng.uniform(-a, a, size=400_000).std() == pytest.approx(std, rel=0.01)
    assert kaiming_uniform_bound(100) == pytest.approx(math.sqrt(6 / 100))
    assert kaiming_uniform_bound(100) == pytest.approx(uniform_bound(init_std("he", 100, 7)))
    assert kaiming_uniform_bound(100, a=math.sqrt(5)) == pytest.approx(pytorch_linear_bound(100))


def test_layers_are_drawn_with_the_rules_scale():
    rng = np.random.default_rng(1)
    for rule in RULES:
        W, b = draw_layer(rule, 300, 200, rng)
        assert W.shape == (300, 200) and b.shape == (200,)
        assert W.std() == pytest.approx(weight_std(rule, 300, 200), rel=0.02), rule
        assert (b.any()) == (rule == "pytorch")


@pytest.mark.parametrize("call, message", [
    (lambda: weight_std("orthogonal", 4, 4), "unknown rule 'orthogonal'; known: 'naive'"),
    (lambda: signal_variances("he", "step"), "unknown activation 'step'"),
    (lambda: signal_variances("he", "relu", depth=0), "depth must be a positive integer; got 0"),
    (lambda: signal_variances("he", "relu", width=2.5), "width must be a positive integer"),
])
def test_bad_input_is_refused_by_name(call, message):
    with pytest.raises(ValueError, match=message):
        call()
