"""Deep stacks at initialisation: sigmoid gradients vanish, ReLU's with He init do not."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlp_edu import activations as act
from mlp_edu.depth import ACTIVATIONS, deep_mlp_gradient_norms
from mlp_edu.init import INITS, init_std

# Properties over many inputs: no time limit (a loaded machine is slow), same examples every run.
PROPERTY = settings(max_examples=300, deadline=None, derandomize=True, database=None)

SEEDS = range(5)


def reference_gradient_norms(depth, activation, init, width, batch, seed):
    """The same network, backpropagated by hand in numpy (no autograd)."""
    phi = getattr(act, activation)
    phi_grad = getattr(act, f"{activation}_grad")
    std = init_std(init, width, width)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(batch, width))
    y = rng.normal(size=(batch, 1))
    Ws = [std * rng.normal(size=(width, width)) for _ in range(depth)]
    w = init_std(init, width, 1) * rng.normal(size=(width, 1))
    Hs, Zs = [X], []
    for W in Ws:
        Zs.append(Hs[-1] @ W)
        Hs.append(phi(Zs[-1]))
    delta_H = (Hs[-1] @ w - y) / batch @ w.T  # d loss / d H_depth for loss = ½ mean(e²)
    norms = []
    for layer in reversed(range(depth)):
        delta_Z = delta_H * phi_grad(Zs[layer])
        norms.append(np.linalg.norm(Hs[layer].T @ delta_Z))
        delta_H = delta_Z @ Ws[layer].T
    return np.array(norms[::-1])


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("init", INITS)
def test_norms_equal_a_hand_written_numpy_backward_pass(activation, init):
    got = deep_mlp_gradient_norms(6, activation, init=init, width=8, batch=5, seed=3)
    expected = reference_gradient_norms(6, activation, init, width=8, batch=5, seed=3)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=0)


@pytest.mark.parametrize("seed", SEEDS)
def test_deep_sigmoid_gradients_vanish_towards_the_input(seed):
    naive = deep_mlp_gradient_norms(30, "sigmoid", init="naive", seed=seed)
    xavier = deep_mlp_gradient_norms(30, "sigmoid", init="xavier", seed=seed)
    assert naive[0] < 1e-40 * naive[-1]
    assert xavier[0] < 1e-15 * xavier[-1]
    # and steadily: every layer's gradient is smaller than the next layer's
    assert np.all(np.diff(np.log(xavier)) > 0)


@pytest.mark.parametrize("seed", SEEDS)
def test_deep_relu_gradients_with_he_init_neither_vanish_nor_explode(seed):
    norms = deep_mlp_gradient_norms(30, "relu", init="he", seed=seed)
    assert 0.05 < norms[0] / norms[-1] < 20
    assert np.all((1e-2 < norms) & (norms < 1e3))


@pytest.mark.parametrize("seed", SEEDS)
def test_tanh_with_xavier_keeps_its_gradient_across_thirty_layers(seed):
    norms = deep_mlp_gradient_norms(30, "tanh", init="xavier", seed=seed)
    assert 0.1 < norms[0] / norms[-1] < 10
    assert np.all(norms > 1e-2)


@pytest.mark.parametrize("activation, gain", [("relu", 0.01 * 8 / math.sqrt(2)),
                                              ("tanh", 0.01 * 8)])
def test_naive_init_shrinks_every_layer_by_the_weight_scale(activation, gain):
    # ReLU halves the variance; tanh is the identity near 0: per layer the signal
    # is multiplied by std · sqrt(width) (/ sqrt 2 for ReLU), forwards and backwards.
    norms = deep_mlp_gradient_norms(30, activation, init="naive")
    assert np.all((0.1 * gain**30 < norms) & (norms < 10 * gain**30))


def test_relu_init_only_rescales_the_gradients():
    # ReLU(c z) = c ReLU(z): a smaller weight scale multiplies every layer's gradient
    # by nearly the same factor (the loss's own gradient is ~ -y at a tiny output).
    naive = deep_mlp_gradient_norms(30, "relu", init="naive")
    xavier = deep_mlp_gradient_norms(30, "relu", init="xavier")
    np.testing.assert_allclose(naive / naive[-1], xavier / xavier[-1], rtol=1e-3)
    assert xavier[-1] > 1e30 * naive[-1]


def test_first_layer_sigmoid_gradient_shrinks_with_depth_relu_does_not():
    sigmoid = [deep_mlp_gradient_norms(d, "sigmoid")[0] for d in (2, 10, 20, 30)]
    relu = [deep_mlp_gradient_norms(d, "relu", init="he")[0] for d in (2, 10, 20, 30)]
    assert all(b < 1e-4 * a for a, b in zip(sigmoid[:-1], sigmoid[1:], strict=True))
    assert max(relu) / min(relu) < 10


@PROPERTY
@given(st.lists(st.floats(-50, 50), min_size=1, max_size=60))
def test_a_product_of_sigmoid_derivatives_never_exceeds_four_to_the_minus_l(z):
    assert np.prod(act.sigmoid_grad(np.array(z))) <= 0.25 ** len(z)


def test_same_seed_same_numbers_other_seed_other_numbers():
    a = deep_mlp_gradient_norms(5, "tanh", seed=1)
    np.testing.assert_array_equal(a, deep_mlp_gradient_norms(5, "tanh", seed=1))
    assert not np.allclose(a, deep_mlp_gradient_norms(5, "tanh", seed=2))


def test_width_and_batch_set_the_sizes():
    assert deep_mlp_gradient_norms(3, "relu", width=4, batch=2).shape == (3,)


def test_init_std_formulas():
    assert init_std("naive", 100, 300) == 0.01
    assert init_std("xavier", 100, 300) == math.sqrt(2 / 400)
    assert init_std("he", 100, 300) == math.sqrt(2 / 100)


@pytest.mark.parametrize("kwargs, message", [
    ({"depth": 0}, "depth must be a positive integer of at most 1000; got 0"),
    ({"depth": 2.0}, "depth must be a positive integer of at most 1000; got 2.0"),
    ({"width": True}, "width must be a positive integer; got True"),
    ({"batch": -1}, "batch must be a positive integer; got -1"),
    ({"activation": "step"}, "unknown activation 'step'; known: 'relu', 'sigmoid'"),
    ({"init": "zeros"}, "unknown init 'zeros'; known: 'naive', 'xavier', 'he'"),
])
def test_bad_arguments_say_what_is_wrong(kwargs, message):
    arguments = {"depth": 3, "activation": "relu", **kwargs}
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(")):
        deep_mlp_gradient_norms(**arguments)
