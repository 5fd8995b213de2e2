"""Section 1.2 shows the chapter's own cells, and those very cells draw its six figures."""

from __future__ import annotations

import re

import jupytext
import markdown
import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlp_edu import chapter
from mlp_edu.activations import relu_grad, sigmoid, sigmoid_grad, tanh, tanh_grad
from sitebuild.figures import REGISTRY
from tests.conftest import ROOT

PAGES = [ROOT / "docs" / "activations.md", ROOT / "docs" / "activations.zh.md"]
NOTEBOOK = ROOT / "docs" / "notebooks" / "activations.py"

# The chapter's cells after its imports and its own xyplot, as it writes them:
# ShusenTang/Dive-into-DL-PyTorch, code/chapter03_DL-basics/3.8_mlp.ipynb (and
# docs/chapter03_DL-basics/3.8_mlp.md), Apache License 2.0.
CHAPTER_CELLS = {
    "relu": "x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)\n"
            "y = x.relu()\n"
            "xyplot(x, y, 'relu')",
    "relu_grad": "y.sum().backward()\n"
                 "xyplot(x, x.grad, 'grad of relu')",
    "sigmoid": "y = x.sigmoid()\n"
               "xyplot(x, y, 'sigmoid')",
    "sigmoid_grad": "x.grad.zero_()\n"
                    "y.sum().backward()\n"
                    "xyplot(x, x.grad, 'grad of sigmoid')",
    "tanh": "y = x.tanh()\n"
            "xyplot(x, y, 'tanh')",
    "tanh_grad": "x.grad.zero_()\n"
                 "y.sum().backward()\n"
                 "xyplot(x, x.grad, 'grad of tanh')",
}
# The one change: the chapter's `import torch` and its own xyplot become these.
IMPORTS = "import mlp_edu.autograd as torch\nfrom mlp_edu.plotting import xyplot"
INCLUDE = re.compile(r'--8<-- "mlp_edu/chapter\.py:(?P<region>\w+)"')


def shown(region: str) -> str:
    """The region of mlp_edu/chapter.py exactly as the pages show it (pymdownx.snippets)."""
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={
        "pymdownx.snippets": {"base_path": [str(ROOT)], "check_paths": True,
                              "dedent_subsections": True}})
    lines = md.preprocessors["snippet"].run([f'--8<-- "mlp_edu/chapter.py:{region}"'])
    return "\n".join(lines).strip("\n")


def plotted(figures) -> list[tuple[np.ndarray, np.ndarray, str]]:
    data = []
    for fig in figures:
        ax = fig.axes[0]
        data.append((ax.lines[0].get_xdata(), ax.lines[0].get_ydata(), ax.get_ylabel()))
    return data


def test_the_cells_are_the_chapters_with_only_the_imports_changed():
    assert shown("imports") == IMPORTS
    for region, cell in CHAPTER_CELLS.items():
        assert shown(region) == cell, region
    assert shown("cells") == "\n\n".join([IMPORTS, *CHAPTER_CELLS.values()])
    assert tuple(CHAPTER_CELLS) == chapter.FIGURES


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_the_page_shows_each_cell_before_the_figure_it_draws(page):
    text = page.read_text(encoding="utf-8")
    regions = [(m["region"], m.start()) for m in INCLUDE.finditer(text)]
    assert [name for name, _ in regions] == ["imports", *CHAPTER_CELLS], page.name
    for (name, at), (_, following) in zip(regions[1:], [*regions[2:], (None, len(text))],
                                          strict=True):
        assert re.search(rf"^\[\[figure {name}( open)?\]\]$", text[at:following], re.M), (
            f"{page.name}: the figure {name} does not follow the cell that draws it")


def test_the_cells_as_the_page_shows_them_draw_the_sites_figures():
    plt.close("all")
    namespace: dict = {}
    exec(compile(shown("cells"), "the chapter's cells", "exec"), namespace)
    ran = plotted(plt.figure(n) for n in plt.get_fignums())
    plt.close("all")
    assert len(ran) == len(CHAPTER_CELLS)

    site = []
    for name in CHAPTER_CELLS:
        fig = REGISTRY[name].draw()
        site += plotted([fig])
        plt.close("all")
    for name, (x, y, label), (site_x, site_y, site_label) in zip(CHAPTER_CELLS, ran, site,
                                                                 strict=True):
        assert label == site_label, name
        np.testing.assert_array_equal(site_x, x, err_msg=name)
        np.testing.assert_array_equal(site_y, y, err_msg=name)

    x = ran[0][0]
    assert len(x) == 160 and x[0] == -8.0
    expected = [np.maximum(x, 0), relu_grad(x), sigmoid(x), sigmoid_grad(x), tanh(x),
                tanh_grad(x)]
    for name, (_, y, _), want in zip(CHAPTER_CELLS, ran, expected, strict=True):
        np.testing.assert_array_equal(y, want, err_msg=name)
    # The cells ran in this namespace: x.grad holds the last derivative, tanh's.
    np.testing.assert_array_equal(namespace["x"].grad.numpy(), tanh_grad(x))


def test_the_notebook_runs_the_chapters_cells_in_order():
    cells = [c.source.strip("\n") for c in jupytext.read(NOTEBOOK).cells
             if c.cell_type == "code"]
    assert cells[0] == IMPORTS, "the notebook opens with the chapter's imports"
    found = [cells.index(cell) for cell in CHAPTER_CELLS.values()]
    assert found == sorted(found), "the chapter's cells run in the chapter's order"



def test_the_six_figures_show_what_their_alt_texts_and_captions_say():
    """The words of the figures (registry and notebook) against the numbers they plot."""
    plots = chapter.cell_plots()
    x = plots["relu"][0]
    assert (len(x), x[0], round(float(x[-1]), 12)) == (160, -8.0, 7.9)  # "x from -8 to 8"
    left, right = x < 0, x > 0
    near_zero = np.argmin(np.abs(x))
    # ReLU: zero for negative x, then y = x; its derivative a step from 0 to 1.
    y = plots["relu"][1]
    assert np.all(y[left] == 0) and np.array_equal(y[right], x[right])
    g = plots["relu_grad"][1]
    assert np.all(g[left] == 0) and np.all(g[right] == 1)
    # The sigmoid rises from near 0 to near 1, passing 0.5 at x = 0.
    y = plots["sigmoid"][1]
    assert np.all(np.diff(y) > 0) and y[0] < 4e-4 and y[-1] > 1 - 4e-4
    assert abs(y[near_zero] - 0.5) < 1e-15
    # Its derivative: a bell with its peak of 0.25 at x = 0, falling towards 0 on both sides.
    g = plots["sigmoid_grad"][1]
    assert np.argmax(g) == near_zero and round(float(g.max()), 12) == 0.25
    assert np.all(np.diff(g[: near_zero + 1]) > 0) and np.all(np.diff(g[near_zero:]) < 0)
    assert g[0] < 4e-4 and g[-1] < 4e-4
    # tanh rises from near -1 to near 1 through the origin.
    y = plots["tanh"][1]
    assert np.all(np.diff(y) > 0) and y[0] < -1 + 1e-6 and y[-1] > 1 - 1e-6
    assert abs(y[near_zero]) < 1e-15
    # Its derivative: a bell, narrower than the sigmoid's, with its peak of 1 at x = 0.
    g = plots["tanh_grad"][1]
    assert np.argmax(g) == near_zero and round(float(g.max()), 12) == 1.0
    assert np.all(np.diff(g[: near_zero + 1]) > 0) and np.all(np.diff(g[near_zero:]) < 0)
    assert g[0] < 1e-6 and g[-1] < 1e-6
    half_width = {name: np.ptp(x[plots[name][1] > plots[name][1].max() / 2])
                  for name in ("sigmoid_grad", "tanh_grad")}
    assert half_width["tanh_grad"] < half_width["sigmoid_grad"]
