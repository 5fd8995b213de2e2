"""Every registered figure renders in both colour schemes, reproducibly, with alt text;
the registry and the page markup fail clearly when something is missing."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import numpy as np
import pytest

from sitebuild.cache import package_hash
from sitebuild.figures import REGISTRY, expand_figures, load_registry, render_svg
from tests.conftest import ROOT


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
    code = ("import sys; from sitebuild.figures import render_svg; "
            "[sys.stdout.buffer.write(render_svg(n, 'dark') + b'\\0') for n in "
            "('relu', 'sigmoid_grad', 'backward_graph')]")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, cwd=ROOT,
                         env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout
    assert out.split(b"\0")[:3] == list(here.values())


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

def test_a_registry_entry_without_alt_text_or_drawing_function_fails_clearly(tmp_path):
    registry = tmp_path / "figures.toml"
    registry.write_text('[brand_new]\ndraw = "relu_figure"\nen.alt = "  "\n', encoding="utf-8")
    with pytest.raises(ValueError, match="needs alt text"):
        load_registry(registry)
    registry.write_text('[brand_new]\ndraw = "no_such_figure"\nen.alt = "A line."\n',
                        encoding="utf-8")
    with pytest.raises(ValueError, match="no drawing function 'no_such_figure'"):
        load_registry(registry)


def test_unknown_figure_on_a_page_fails_clearly():
    with pytest.raises(KeyError, match="no figure named 'missing'"):
        expand_figures("[[figure missing]]", "index.md")


def test_figure_markup_links_both_variants_relative_to_the_page():
    md = expand_figures("text\n[[figure tanh open]]\nmore", "sub/page.md")
    assert "![" in md and "(../figures/tanh-light.svg#only-light)" in md
    assert "(../figures/tanh-dark.svg#only-dark)" in md
    assert '???+ example "The code that drew this figure: `mlp_edu.figures.tanh_figure`' in md
    assert "def tanh_figure()" in md
    assert "[[figure" not in md


def test_package_hash_changes_when_the_package_changes(tmp_path, monkeypatch):
    import sitebuild.cache as cache
    (tmp_path / "a.py").write_text("x = 1\n")
    monkeypatch.setattr(cache, "PACKAGE_DIR", tmp_path)
    before = package_hash()
    (tmp_path / "a.py").write_text("x = 2\n")
    assert package_hash() != before


# ---- what each figure's alt text and caption say, against what it plots ----------------
# (The six figures of section 1.2: tests/site/test_chapter.py. The list of these claims:
# tests/claims/figures.toml.)

def plotted_lines(name: str) -> dict[tuple[int, str], tuple]:
    """``{(axes index, label): (x, y)}`` of the lines the registered figure ``name`` draws."""
    fig = REGISTRY[name].draw()
    try:
        return {(i, line.get_label()): (np.asarray(line.get_xdata(), float),
                                        np.asarray(line.get_ydata(), float))
                for i, ax in enumerate(fig.axes) for line in ax.get_lines()}
    finally:
        plt.close(fig)


def test_the_modern_activation_figures_show_what_their_words_say():
    f = {label: xy for (_, label), xy in plotted_lines("modern_activations").items()}
    assert list(f) == ["ReLU", "leaky ReLU (slope 0.1)", "ELU", "softplus", "GELU", "SiLU"]
    x = f["ReLU"][0]
    assert (x[0], round(x[-1], 2)) == (-4.0, 2.99)  # "x from -4 to 3"
    for _, y in f.values():  # near x = 3 all are within 0.15 of y = x
        assert abs(y[-1] - x[-1]) < 0.15
    neg = x < 0
    assert np.all(f["ReLU"][1][neg] == 0)
    assert round(f["leaky ReLU (slope 0.1)"][1][0], 12) == -0.4
    elu = f["ELU"][1]
    assert np.all(np.diff(elu[neg]) > 0) and -1 < elu[0] < -0.98  # levelling off towards -1
    zero = np.argmin(np.abs(x))
    assert np.all(f["softplus"][1] > 0) and abs(f["softplus"][1][zero] - np.log(2)) < 1e-12
    assert round(f["GELU"][1].min(), 2) == -0.17 and round(f["SiLU"][1].min(), 2) == -0.28
    for name in ("GELU", "SiLU"):  # ... before returning towards 0
        y = f[name][1]
        assert np.argmin(y) > 0 and abs(y[0]) < 0.1 < abs(y.min())

    g = {label: xy[1] for (_, label), xy in plotted_lines("modern_activations_grad").items()}
    pos = x > 0
    assert np.all(g["ReLU"][neg] == 0) and np.all(g["ReLU"][pos] == 1)  # a step from 0 to 1
    assert np.allclose(g["leaky ReLU (slope 0.1)"][neg], 0.1)
    assert np.all(g["leaky ReLU (slope 0.1)"][pos] == 1)
    assert np.allclose(g["ELU"][neg], np.exp(x[neg])) and np.all(g["ELU"][pos] == 1)
    sigmoid = 1 / (1 + np.exp(-x))
    assert np.allclose(g["softplus"], sigmoid) and abs(g["softplus"][zero] - 0.5) < 1e-12
    for name, peak in (("GELU", 1.13), ("SiLU", 1.10)):
        d = g[name]
        assert abs(d[zero] - 0.5) < 1e-12
        assert d[neg].min() < 0 and d[neg].min() > -0.15  # dip slightly below 0
        assert round(d.max(), 2) == peak and x[d.argmax()] > 0
        assert d[-1] < d.max() and np.all(np.diff(d[d.argmax():]) < 0)  # back towards 1
    # "Only ReLU's is 0 on the whole negative side; the smooth ones have no jump at 0."
    assert [name for name, d in g.items() if np.all(d[neg] == 0)] == ["ReLU"]
    for name in ("ELU", "softplus", "GELU", "SiLU"):
        assert abs(g[name][zero] - g[name][zero - 1]) < 0.1


def test_the_depth_figures_show_what_their_words_say():
    from mlp_edu.figures import DEEP
    assert DEEP == 30
    lines = plotted_lines("vanishing_gradients")
    sigmoid, guide = lines[(0, "sigmoid, Xavier")][1], lines[(0, "× 1/4 per layer")][1]
    layers = lines[(0, "sigmoid, Xavier")][0]
    assert (layers[0], layers[-1], len(layers)) == (1, 30, 30)
    assert round(sigmoid[-1], 2) == 0.05 and 3e-20 < sigmoid[0] < 3e-19  # about 1e-19
    assert np.all(np.diff(sigmoid) > 0)  # falls steadily towards layer 1
    assert np.allclose(guide[1:] / guide[:-1], 4)  # a factor 4 per layer
    assert abs(np.log10(sigmoid[0] / guide[0])) < 0.5  # parallel: within half a decade
    for label in ("tanh, Xavier", "ReLU, He"):
        assert np.all((lines[(0, label)][1] > 0.05) & (lines[(0, label)][1] < 3))

    lines = plotted_lines("vanishing_depth")
    depth, sigmoid = lines[(0, "sigmoid, Xavier")]
    assert (depth[0], depth[-1]) == (2, 30)
    assert round(sigmoid[0], 2) == 0.06 and 3e-20 < sigmoid[-1] < 3e-19
    fit = np.polyval(np.polyfit(depth, np.log10(sigmoid), 1), depth)
    assert np.abs(fit - np.log10(sigmoid)).max() < 0.5  # nearly straight down: within 0.5 decade
    tanh = lines[(0, "tanh, Xavier")][1]
    assert round(tanh[0], 1) == 0.9 and round(tanh[-1], 1) == 0.1
    relu = lines[(0, "ReLU, He")][1]
    assert 0.4 < relu.min() and relu.max() < 1.6

    lines = plotted_lines("vanishing_init")
    assert [label for (i, label) in lines if i == 0] == ["naive, std 0.01", "Xavier", "He"]
    sigmoid = {label: y for (i, label), (_, y) in lines.items() if i == 0}
    assert all(np.all(np.diff(y) > 0) for y in sigmoid.values())  # down towards layer 1
    assert min(sigmoid, key=lambda label: sigmoid[label][0]) == "naive, std 0.01"
    assert f"{sigmoid['naive, std 0.01'][0]:.0e}" == "4e-52"
    ranges = {(i, label): (y.min(), y.max()) for (i, label), (_, y) in lines.items() if i > 0}
    within = {(1, "naive, std 0.01"): (4e-34, 2e-33), (2, "naive, std 0.01"): (1e-38, 5e-38),
              (2, "Xavier"): (1e-5, 6e-5), (1, "Xavier"): (0.08, 0.4),
              (1, "He"): (0.5, 3.2), (2, "He"): (0.5, 3.2)}
    for key, (low, high) in within.items():
        assert low <= ranges[key][0] and ranges[key][1] <= high, (key, ranges[key])


def test_the_training_figures_show_what_their_words_say():
    from mlp_edu.data import load_iris
    from mlp_edu.training import PETALS, decision_regions, trained
    lines = plotted_lines("training_curves")
    loss = {label: y for (i, label), (_, y) in lines.items() if i == 0}
    accuracy = {label: y for (i, label), (_, y) in lines.items() if i == 1}
    assert list(loss) == ["relu", "sigmoid", "tanh"] and all(len(y) == 50 for y in loss.values())
    assert all(0.7 < y[0] < 1.1 and y[-1] < 0.1 for y in loss.values())
    slowest = {label: np.argmax(y < 0.2) for label, y in loss.items()}  # epochs to reach 0.2
    assert max(slowest, key=slowest.get) == "sigmoid"
    assert all(np.argmax(y >= 0.9) < 5 for y in accuracy.values())  # passes 0.9 within a few
    assert all(round(30 * y[-1]) == 29 for y in accuracy.values())  # 29 of 30, about 0.97

    flowers, species = load_iris()
    petals = flowers[:, list(PETALS)]
    assert len(flowers) == 150
    assert (petals[:, 0].min(), petals[:, 0].max()) == (1.0, 6.9)
    assert (petals[:, 1].min(), petals[:, 1].max()) == (0.1, 2.5)
    result = trained("relu", PETALS)
    data = result.data
    assert (len(data.y_train), len(data.y_test)) == (120, 30)
    assert result.model.num_hiddens == 5 and result.model.num_outputs == 3
    xx, yy, classes = decision_regions(result)
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    raw = np.vstack([data.X_train_raw, data.X_test_raw])
    labels = np.concatenate([data.y_train, data.y_test])
    others = grid[classes.ravel() != 0]
    setosa = raw[labels == 0]
    gaps = np.hypot(*(setosa[:, None, :] - others[None, :, :]).transpose(2, 0, 1)).min(axis=1)
    assert gaps.min() >= 0.4  # each setosa flower at least 0.4 cm from its region's edge
    wrong = result.model.predict(np.vstack([data.X_train, data.X_test])) != labels
    assert wrong.sum() == 6 and set(labels[wrong]) == {1, 2}  # six, all versicolor/virginica
    edge = np.array([(xx[i, j], yy[i, j]) for i in range(classes.shape[0])
                     for j in range(classes.shape[1] - 1)
                     if {classes[i, j], classes[i, j + 1]} == {1, 2}])
    slope, intercept = np.polyfit(edge[:, 0], edge[:, 1], 1)
    assert slope < 0  # diagonal
    assert np.abs(slope * edge[:, 0] + intercept - edge[:, 1]).max() < 0.05  # nearly straight


def test_the_diagrams_and_the_accumulation_figure_show_what_their_words_say():
    from mlp_edu.diagram import edges, nodes
    for name, sizes, arrows in (("network", [4, 5, 3], 35), ("network_deep", [4, 6, 6, 3], 78)):
        fig = REGISTRY[name].draw()
        assert len(nodes(fig)) == sum(sizes) and len(edges(fig)) == arrows
        plt.close(fig)
    assert 4 * 5 + 5 * 3 == 35 and 4 * 6 + 6 * 6 + 6 * 3 == 78
    lines = plotted_lines("grad_accumulation")
    without, with_zero = lines[(0, "_child0")][1], lines[(1, "_child0")][1]
    assert round(without.max(), 3) == 1.25 and round(with_zero.max(), 3) == 0.25
