"""The drawing functions: what each figure plots is what the package computes.

Rendering them to SVG, in both colour schemes and languages, is the site's
business (tests/site/test_figures.py); these call the functions directly.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from mlp_edu import figures
from mlp_edu.compgraph import draw_graph, graph_nodes
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
