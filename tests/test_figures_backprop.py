"""The backpropagation, approximation and initialisation figures draw what their words say.

The computation graph is laid out from the graph autograd recorded (not a
picture): every node and link of the network's part is one autograd recorded,
and the loss box counts the operations after O. The numbers the alt texts and
captions give are checked against the package here.
"""

from __future__ import annotations

import numpy as np
import pytest

from mlp_edu.activations import relu
from mlp_edu.approximation import least_squares_fit, linear_pieces, max_error, sawtooth_layers
from mlp_edu.backprop import autograd_forward, example_minibatch
from mlp_edu.compgraph import graph_edges, graph_nodes, operation
from mlp_edu.figures import REGISTRY
from mlp_edu.figures_backprop import SINE_INTERVAL, loss_graph_layout
from mlp_edu.init_variance import signal_variances

OURS = ["backprop_graph", "hinge_fits", "polynomial_units", "linear_pieces", "init_variance"]


def test_our_figures_are_registered_with_both_languages_text():
    for name in OURS:
        spec = REGISTRY[name]
        assert spec.draw.__module__ == "mlp_edu.figures_backprop"
        assert spec.text("zh").alt and spec.text("zh").caption


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


def test_the_squaring_units_and_relu_units_errors_are_the_ones_the_figure_describes():
    errors = {name: [max_error(least_squares_fit(np.sin, k, SINE_INTERVAL, f), np.sin,
                               SINE_INTERVAL) for k in (2, 16, 128)]
              for name, f in [("relu", relu), ("square", np.square)]}
    assert all(e == pytest.approx(0.95, abs=0.01) for e in errors["square"])
    assert errors["relu"][-1] == pytest.approx(0.0002, rel=0.1)


def test_the_sawtooth_titles_and_the_width_bound_in_the_caption():
    assert [linear_pieces(sawtooth_layers(d), (0, 1)) for d in (1, 2, 3, 4)] == [2, 4, 8, 16]
    titles = [ax.get_title() for ax in REGISTRY["linear_pieces"].draw().axes]
    assert titles == ["depth 1: 2 pieces", "depth 2: 4 pieces", "depth 3: 8 pieces",
                      "depth 4: 16 pieces"]


def test_the_init_variance_numbers_in_the_alt_text():
    he, he_back = signal_variances("he", "relu")
    xavier, xavier_back = signal_variances("xavier", "relu")
    pytorch, pytorch_back = signal_variances("pytorch", "relu")
    assert 1.9 < he.min() and he.max() < 4
    assert xavier[-1] == pytest.approx(0.003, rel=0.2)
    assert pytorch[-1] == pytest.approx(0.0015, rel=0.1)
    assert np.all(np.abs(he_back - 0.6) < 0.1)
    assert xavier_back[0] == pytest.approx(0.001, rel=0.35)
    assert pytorch_back[0] < 1e-7
