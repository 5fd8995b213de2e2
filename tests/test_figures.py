"""Every registered figure draws in both colour schemes, reproducibly, with alt text."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import pytest

from mlp_edu.compgraph import draw_graph, graph_nodes
from mlp_edu.figures import REGISTRY, register, render_svg
from mlp_edu.plotting import xyplot
from mlp_edu.site import expand_figures, package_hash


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_each_figure_renders_a_valid_svg_in_both_schemes(name):
    light, dark = render_svg(name, "light"), render_svg(name, "dark")
    for svg in (light, dark):
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg")
        assert b"<dc:date>" not in svg, "a date in the metadata breaks reproducible builds"
    assert light != dark, "the dark variant must differ from the light one"
    assert len(REGISTRY[name].alt) >= 40, "alt text should describe what a reader would see"


def test_figures_are_byte_identical_in_a_fresh_process():
    here = {name: render_svg(name, "dark") for name in ("relu", "sigmoid_grad", "backward_graph")}
    code = ("import sys; from mlp_edu.figures import render_svg; "
            "[sys.stdout.buffer.write(render_svg(n, 'dark') + b'\\0') for n in "
            "('relu', 'sigmoid_grad', 'backward_graph')]")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout
    assert out.split(b"\0")[:3] == list(here.values())


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
        fig = REGISTRY[name].draw()
        line = fig.axes[0].lines[0]
        x, y = line.get_xdata(), line.get_ydata()
        assert len(x) == 160 and x[0] == -8.0
        assert abs(y - grad(x)).max() <= 1e-12, name


def test_unknown_names_and_bad_registrations_fail_clearly():
    with pytest.raises(KeyError, match="no figure named 'nope'"):
        render_svg("nope")
    with pytest.raises(ValueError, match="scheme must be one of"):
        render_svg("relu", "sepia")
    with pytest.raises(ValueError, match="registered twice"):
        register("relu", alt="x" * 50, caption="")(lambda: None)
    with pytest.raises(ValueError, match="needs alt text"):
        register("brand_new", alt="  ", caption="")(lambda: None)
    with pytest.raises(KeyError, match="no figure named 'missing'"):
        expand_figures("[[figure missing]]", "index.md")


def test_figure_markup_links_both_variants_relative_to_the_page():
    md = expand_figures("text\n[[figure tanh open]]\nmore", "sub/page.md")
    assert "![" in md and "(../figures/tanh-light.svg#only-light)" in md
    assert "(../figures/tanh-dark.svg#only-dark)" in md
    assert '???+ example "The code that drew this figure: `mlp_edu.figures.tanh_figure`' in md
    assert "def tanh_figure()" in md
    assert "[[figure" not in md


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


def test_package_hash_changes_when_the_package_changes(tmp_path, monkeypatch):
    import mlp_edu.site as site
    (tmp_path / "a.py").write_text("x = 1\n")
    monkeypatch.setattr(site, "PACKAGE_DIR", tmp_path)
    before = package_hash()
    (tmp_path / "a.py").write_text("x = 2\n")
    assert package_hash() != before
