"""The drawing functions: what each figure plots is what the package computes.

Rendering them to SVG, in both colour schemes and languages, is the site's
business (tests/site/test_figures.py); these call the functions directly.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlp_edu import figures
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
from mlp_edu.backprop import autograd_forward, example_minibatch
from mlp_edu.compgraph import draw_graph, graph_edges, graph_nodes, loss_graph_layout, operation
from mlp_edu.init_variance import signal_variances
from mlp_edu.plotting import xyplot


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_xyplot_labels_like_the_chapter():
    assert xyplot([0.0, 1.0], [1.0, 2.0], "grad of sigmoid") is None  # as the chapter's
    fig = plt.gcf()
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x", "grad of sigmoid(x)")
    assert tuple(fig.get_size_inches()) == (5.0, 2.5)
    plt.close(fig)


def test_xyplot_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"x_vals and y_vals must have one shape; got \(2,\)"):
        xyplot([0.0, 1.0], [1.0], "relu")


def test_the_derivative_figures_plot_what_backward_computes():
    from mlp_edu.activations import relu_grad, sigmoid_grad, tanh_grad
    for name, grad in [("relu_grad", relu_grad), ("sigmoid_grad", sigmoid_grad),
                       ("tanh_grad", tanh_grad)]:
        fig = getattr(figures, f"{name}_figure")()
        line = fig.axes[0].lines[0]
        x, y = line.get_xdata(), line.get_ydata()
        assert len(x) == 160 and x[0] == -8.0
        assert abs(y - grad(x)).max() <= 1e-12, name


def test_graph_of_sum_of_relu_has_three_nodes_and_two_arrows():
    import mlp_edu.autograd as torch
    x = torch.arange(-1.0, 1.0, 0.5, requires_grad=True)
    y = torch.relu(x).sum()
    assert [(t._op or "leaf", d) for t, d in graph_nodes(y)] == [
        ("sum", 0), ("relu", 1), ("leaf", 2)]
    fig = draw_graph(y, names={"x": x, "y": y})
    ax = fig.axes[0]
    assert len(ax.patches) == 3
    assert len([t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]) == 2
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "x\nshape 4\nrequires_grad" in texts and "y = sum(·)" in texts


# ---- Forward and backward propagation, Why one hidden layer can be enough,
# Initialisation, derived: the graph is laid out from the one autograd recorded, and
# the numbers the alt texts and captions give are the package's.

def test_the_graph_is_the_one_autograd_recorded():
    net, X, y = example_minibatch()
    tensors = autograd_forward(net, X, y)
    place, links, loss_ops = loss_graph_layout(tensors)
    recorded = {id(node) for node, _ in graph_nodes(tensors["O"])}
    assert {id(node) for node in place} == recorded | {id(tensors["loss"])}
    assert {(id(a), id(b)) for a, b in links} == (
        {(id(a), id(b)) for a, b in graph_edges(tensors["O"])}
        | {(id(tensors["O"]), id(tensors["loss"]))})
    # What the alt text says: 11 operations in the loss, the parameters to the right.
    after_o = [n for n, _ in graph_nodes(tensors["loss"]) if id(n) not in recorded and operation(n)]
    assert loss_ops == len(after_o) == 11
    assert {name for name in ("W_h", "b_h", "W_o", "b_o") if place[tensors[name]][1] == 1} == {
        "W_h", "b_h", "W_o", "b_o"}
    assert [operation(tensors[n]) for n in ("Z", "H", "O")] == ["add", "relu", "add"]
    rows = {name: place[tensors[name]][0] for name in ("X", "Z", "H", "O", "loss")}
    assert rows["X"] < rows["Z"] < rows["H"] < rows["O"] < rows["loss"]  # forward runs down
    # The shapes the alt text gives, on a minibatch of 8 flowers, and the two matmul nodes.
    shapes = {name: tensors[name].shape for name in ("X", "W_h", "Z", "H", "W_o", "O", "loss")}
    assert shapes == {"X": (8, 4), "W_h": (4, 5), "Z": (8, 5), "H": (8, 5), "W_o": (5, 3),
                      "O": (8, 3), "loss": ()}
    products = [node.shape for node in place if operation(node) == "matmul"]
    assert sorted(products) == [(8, 3), (8, 5)]
    drawn = " ".join(text.get_text() for text in figures.backprop_graph_figure().axes[0].texts)
    for label in ("8×4", "4×5", "8×5", "5×3", "8×3", "11 operations", "forward pass"):
        assert label in drawn, label


def test_the_hinge_fit_errors_fall_like_one_over_k_squared_just_below_the_bound():
    """2 hinges: flat at zero; from 8 hinges on each doubling divides the error by nearly 4;
    below the bound at every k, and within 3 % of it from 16 hinges on."""
    ks = (2, 4, 8, 16, 32, 64, 128)
    errors = [max_error(hinge_fit(np.sin, k, figures.SINE_INTERVAL), np.sin) for k in ks]
    bounds = [interpolation_bound(k, figures.SINE_INTERVAL, 1.0) for k in ks]
    flat = hinge_fit(np.sin, 2, figures.SINE_INTERVAL)(np.linspace(-np.pi, np.pi, 101))
    assert np.abs(flat).max() < 1e-15  # zero but for sin(±π)'s rounding
    assert errors[1] < 0.25 and errors[2] < 0.08  # 4 roughly, 8 close everywhere
    ratios = [a / b for a, b in zip(errors[2:], errors[3:], strict=False)]
    assert all(3.6 < r <= 4.0 for r in ratios), ratios
    assert all(e < b for e, b in zip(errors, bounds, strict=True))
    assert all(b / e < 1.03 for e, b in zip(errors[3:], bounds[3:], strict=True))


def test_the_squaring_units_and_relu_units_errors_are_the_ones_the_figure_describes():
    errors = {name: [max_error(least_squares_fit(np.sin, k, figures.SINE_INTERVAL, f), np.sin,
                               figures.SINE_INTERVAL) for k in (2, 16, 128)]
              for name, f in [("relu", relu), ("square", np.square)]}
    assert all(e == pytest.approx(0.95, abs=0.01) for e in errors["square"])
    assert errors["relu"][-1] == pytest.approx(0.0002, rel=0.1)


def test_the_sawtooth_titles_and_the_width_bound_in_the_caption():
    assert [linear_pieces(sawtooth_layers(d), (0, 1)) for d in (1, 2, 3, 4)] == [2, 4, 8, 16]
    titles = [ax.get_title() for ax in figures.linear_pieces_figure().axes]
    assert titles == ["depth 1: 2 pieces", "depth 2: 4 pieces", "depth 3: 8 pieces",
                      "depth 4: 16 pieces"]
    # Two units a layer, x from 0 to 1; every piece runs from 0 to 1 or from 1 to 0.
    for depth in (1, 2, 3, 4):
        layers = sawtooth_layers(depth)
        assert all(layer.weight.shape[1] == 2 for layer in layers[:-1])
        corners = np.array([0.0, *map(float, breakpoints(layers, (0, 1))), 1.0])
        h = corners[:, None]
        for layer in layers[:-1]:
            h = relu(h @ layer.weight + layer.bias)
        heights = (h @ layers[-1].weight + layers[-1].bias).ravel()
        np.testing.assert_allclose(heights, np.arange(len(corners)) % 2, atol=1e-12)
    # One layer of 8 units: at most 9 pieces, and 8 hinges reach 9.
    rng = np.random.default_rng(0)
    for _ in range(20):
        layers = network_layers([rng.normal(size=(1, 8)), rng.normal(size=(8, 1))],
                                [rng.normal(size=8), rng.normal(size=1)])
        assert linear_pieces(layers, (-5, 5)) <= 9
    # exp's interpolant bends at every knot (sin's, odd, runs straight through 0: 7 pieces).
    net = hinge_fit(np.exp, 8, figures.SINE_INTERVAL).network()
    W_h, b_h, W_o, b_o = (p.detach().numpy() for p in net.parameters())
    eight = network_layers([W_h, W_o], [b_h.ravel(), b_o.ravel()])
    # 8 pieces on [-π, π], the first knot at -π; on a wider interval the line left of it is a 9th.
    assert linear_pieces(eight, figures.SINE_INTERVAL) == 8
    assert linear_pieces(eight, (-4, 4)) == 9


def test_the_init_variance_numbers_in_the_alt_text():
    he, he_back = signal_variances("he", "relu")
    xavier, xavier_back = signal_variances("xavier", "relu")
    pytorch, pytorch_back = signal_variances("pytorch", "relu")
    assert 1.9 < he.min() and he.max() < 4
    assert all(0.45 < b / a < 0.65 for a, b in zip(xavier, xavier[1:], strict=False))  # about half
    assert xavier[-1] == pytest.approx(0.003, rel=0.2)
    # nn.Linear's default: about 6 a layer at first, then held near 0.0015 by the biases
    assert all(5 < a / b < 7 for a, b in zip(pytorch[:2], pytorch[1:3], strict=True))
    assert np.all(np.abs(pytorch[4:] - 0.0015) < 0.0003)
    assert pytorch[-1] == pytest.approx(0.0015, rel=0.1)
    assert np.all((0.5 < he_back) & (he_back < 0.7))
    assert xavier_back[0] == pytest.approx(0.001, rel=0.35)
    assert pytorch_back[0] < 1e-7
