"""Hinge fits approximate as the theory says, and the piece counter counts exactly.

The counter follows every unit's switching point through the layers in
rational arithmetic; here it is checked against an independent count (the
slope of the network on a fine grid, between the breakpoints it reports),
against the known answers of the sawtooth, and against the bound of width.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from mlp_edu.activations import relu
from mlp_edu.approximation import (
    breakpoints,
    hinge_fit,
    interpolation_bound,
    least_squares_fit,
    linear_pieces,
    max_error,
    network_layers,
    sawtooth_layers,
)

SINE = (-np.pi, np.pi)


def evaluate(layers, x: np.ndarray) -> np.ndarray:
    h = x.reshape(-1, 1)
    for layer in layers[:-1]:
        h = relu(h @ layer.weight + layer.bias)
    return (h @ layers[-1].weight + layers[-1].bias).ravel()


def random_layers(sizes, seed):
    rng = np.random.default_rng(seed)
    pairs = zip(sizes, sizes[1:], strict=False)
    weights = [rng.normal(scale=np.sqrt(2 / a), size=(a, b)) for a, b in pairs]
    biases = [rng.normal(size=b) for b in sizes[1:]]
    return network_layers(weights, biases)


@pytest.mark.parametrize("k", [1, 2, 5, 16, 64])
def test_the_hinge_fit_passes_through_f_at_its_knots_and_ends(k):
    fit = hinge_fit(np.sin, k, SINE)
    points = np.linspace(*SINE, k + 1)
    np.testing.assert_allclose(fit(points), np.sin(points), atol=1e-12)
    assert fit.k == k


@pytest.mark.parametrize("k", [2, 4, 8, 32, 128])
def test_the_error_stays_under_the_interpolation_bound_and_falls_like_one_over_k_squared(k):
    error = max_error(hinge_fit(np.sin, k, SINE), np.sin)
    assert error <= interpolation_bound(k, SINE, 1.0)
    if k >= 16:  # past the first few pieces, doubling k quarters the error
        half = max_error(hinge_fit(np.sin, k // 2, SINE), np.sin)
        assert 3.6 < half / error < 4.4, (k, half / error)


def test_the_hinge_fit_is_the_chapters_mlp():
    fit = hinge_fit(np.cos, 6, (-2, 3))
    x = np.linspace(-2, 3, 101)
    net = fit.network()
    assert (net.num_inputs, net.num_hiddens, net.num_outputs, net.activation) == (1, 6, 1,
                                                                                   "relu")
    np.testing.assert_allclose(net(x.reshape(-1, 1)).detach().numpy().ravel(), fit(x),
                               atol=1e-12)


def test_outside_its_interval_a_relu_fit_is_a_straight_line_and_fails():
    fit = hinge_fit(np.sin, 32, SINE)
    far = np.linspace(2 * np.pi, 4 * np.pi, 50)
    values = fit(far)
    assert np.allclose(np.diff(values, 2), 0, atol=1e-9)  # straight beyond the last knot
    assert max_error(fit, np.sin, (2 * np.pi, 4 * np.pi)) > 1


def test_squaring_units_stay_at_the_least_squares_quadratic():
    x = np.linspace(*SINE, 2001)
    best_quadratic = np.abs(np.polyval(np.polyfit(x, np.sin(x), 2), x) - np.sin(x)).max()
    for k in (4, 16, 64):
        error = max_error(least_squares_fit(np.sin, k, SINE, np.square), np.sin, SINE)
        assert error == pytest.approx(best_quadratic, rel=1e-6)
        relu_error = max_error(least_squares_fit(np.sin, k, SINE, relu), np.sin, SINE)
        assert relu_error < error / 4


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_tanh_and_sigmoid_networks_convert_both_ways(seed):
    """tanh(x) = 2σ(2x) − 1: a tanh network's weights, converted, give a sigmoid network with
    the same outputs, and the inverse conversion turns a sigmoid network into a tanh one."""
    from mlp_edu.mlp import MLP

    X = np.random.default_rng(seed).normal(size=(50, 4))

    def outputs(net):
        return net(X).detach().numpy()

    def set_parameters(net, values):
        for p, value in zip(net.parameters(), values, strict=True):
            p.detach().numpy()[...] = value

    tanh_net, sigmoid_net = (MLP(4, 5, 3, activation=a, seed=seed) for a in ("tanh", "sigmoid"))
    W_h, b_h, W_o, b_o = (p.detach().numpy().copy() for p in tanh_net.parameters())
    converted = MLP(4, 5, 3, activation="sigmoid")
    set_parameters(converted, [2 * W_h, 2 * b_h, 2 * W_o, b_o - W_o.sum(axis=0, keepdims=True)])
    np.testing.assert_allclose(outputs(converted), outputs(tanh_net), rtol=0, atol=1e-13)
    # Back: σ(z) = (tanh(z/2) + 1)/2, so halve the hidden layer and W_o, add half W_o's sums.
    W_h, b_h, W_o, b_o = (p.detach().numpy().copy() for p in sigmoid_net.parameters())
    back = MLP(4, 5, 3, activation="tanh")
    set_parameters(back, [W_h / 2, b_h / 2, W_o / 2, b_o + W_o.sum(axis=0, keepdims=True) / 2])
    np.testing.assert_allclose(outputs(back), outputs(sigmoid_net), rtol=0, atol=1e-13)


def test_the_sawtooth_doubles_its_pieces_with_every_layer():
    for depth in range(1, 11):
        layers = sawtooth_layers(depth)
        assert linear_pieces(layers, (0, 1)) == 2**depth
        cuts = breakpoints(layers, (0, 1))
        assert cuts == [Fraction(j, 2**depth) for j in range(1, 2**depth)]
        x = np.array([float(c) for c in [Fraction(0), *cuts, Fraction(1)]])
        np.testing.assert_allclose(evaluate(layers, x), np.arange(len(x)) % 2, atol=1e-12)


@pytest.mark.parametrize("sizes", [(1, 3, 1), (1, 8, 1), (1, 5, 5, 1), (1, 4, 4, 4, 1),
                                   (1, 2, 6, 3, 1)])
@pytest.mark.parametrize("seed", range(4))
def test_the_count_agrees_with_the_slopes_on_a_fine_grid(sizes, seed):
    """Between two reported breakpoints the network is one straight line; across one it bends."""
    layers = random_layers(sizes, seed)
    interval = (-3.0, 3.0)
    cuts = [float(c) for c in breakpoints(layers, interval)]
    edges = [interval[0], *cuts, interval[1]]
    slopes = []
    for left, right in zip(edges, edges[1:], strict=False):
        x = np.linspace(left, right, 7)[1:-1]  # strictly inside the piece
        values = evaluate(layers, x)
        slope = np.diff(values) / np.diff(x)
        np.testing.assert_allclose(slope, slope[0], rtol=1e-7, atol=1e-9)
        slopes.append(slope[0])
    neighbours = zip(slopes, slopes[1:], strict=False)
    assert all(not np.isclose(a, b, rtol=1e-9, atol=1e-12) for a, b in neighbours)
    assert linear_pieces(layers, interval) == len(slopes)


@pytest.mark.parametrize("width", [1, 2, 5, 20])
def test_one_layer_of_k_units_has_at_most_k_plus_one_pieces(width):
    for seed in range(5):
        assert linear_pieces(random_layers((1, width, 1), seed), (-10, 10)) <= width + 1


def test_a_unit_that_bends_outside_the_interval_or_not_at_all_adds_no_piece():
    # ReLU(x − 5) never switches on [−1, 1]; ReLU(x) − ReLU(x) cancels; one bend is left.
    layers = network_layers([[[1.0, 1.0, 1.0, 1.0]], [[1.0], [-1.0], [1.0], [2.0]]],
                            [[-5.0, 0.0, 0.0, 0.5], [0.0]])
    assert breakpoints(layers, (-1, 1)) == [Fraction(-1, 2)]


@pytest.mark.parametrize("call, message", [
    (lambda: hinge_fit(np.sin, 0, SINE), "k must be a positive integer; got 0"),
    (lambda: hinge_fit(np.sin, 4, (1, 1)), r"interval must be finite with a < b; got \(1.0, 1.0\)"),
    (lambda: hinge_fit(np.sin, 4, "ab"), "interval must be two numbers"),
    (lambda: hinge_fit(lambda x: x[:2], 4, SINE), "f must return one finite number"),
    (lambda: network_layers([[[1.0, 1.0]]], [[0.0, 0.0]]), "the last layer must have one output"),
    (lambda: network_layers([[[1.0], [1.0]]], [[0.0]]), r"layer 1: weight must be \(1, m\)"),
    (lambda: network_layers([[[np.nan]]], [[0.0]]), "layer 1: weights and biases must be finite"),
    (lambda: network_layers([], []), "need one bias per weight matrix"),
    (lambda: sawtooth_layers(0), "depth must be a positive integer; got 0"),
])
def test_bad_input_is_refused_by_name(call, message):
    with pytest.raises(ValueError, match=message):
        call()
