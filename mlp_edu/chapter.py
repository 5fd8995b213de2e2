"""Section 1.2's cells, as the chapter writes them, and the six figures they draw.

The chapter (《动手学深度学习》, PyTorch version by ShusenTang, section 3.8.2,
``code/chapter03_DL-basics/3.8_mlp.ipynb``; Apache License 2.0) plots each
activation and its derivative with six short cells. They are below, in
:func:`run_cells`, character for character, except the imports: the chapter
imports ``torch`` and defines ``xyplot`` in a cell of its own; here
``mlp_edu.autograd`` stands in for ``torch`` and ``xyplot`` comes from
:mod:`mlp_edu.plotting` (the same plot, and like the chapter's it returns
nothing).

The 1.2 page and notebook show this region verbatim, and the site's six
figures of section 1.2 are the figures these cells draw (:func:`cell_figures`).

>>> [fig.axes[0].get_ylabel() for fig in cell_figures()]
['relu(x)', 'grad of relu(x)', 'sigmoid(x)', 'grad of sigmoid(x)', 'tanh(x)', 'grad of tanh(x)']
>>> plt.close("all")
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

__all__ = ["FIGURES", "cell_figures", "cell_plots", "run_cells"]

# The figure each xyplot call of the cells draws, in order, by its registry name.
FIGURES = ("relu", "relu_grad", "sigmoid", "sigmoid_grad", "tanh", "tanh_grad")


def run_cells() -> None:
    """Run the chapter's cells; each ``xyplot`` call draws a new pyplot figure."""
    # --8<-- [start:cells]
    # --8<-- [start:imports]
    import mlp_edu.autograd as torch
    from mlp_edu.plotting import xyplot
    # --8<-- [end:imports]

    # --8<-- [start:relu]
    x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
    y = x.relu()
    xyplot(x, y, 'relu')
    # --8<-- [end:relu]

    # --8<-- [start:relu_grad]
    y.sum().backward()
    xyplot(x, x.grad, 'grad of relu')
    # --8<-- [end:relu_grad]

    # --8<-- [start:sigmoid]
    y = x.sigmoid()
    xyplot(x, y, 'sigmoid')
    # --8<-- [end:sigmoid]

    # --8<-- [start:sigmoid_grad]
    x.grad.zero_()
    y.sum().backward()
    xyplot(x, x.grad, 'grad of sigmoid')
    # --8<-- [end:sigmoid_grad]

    # --8<-- [start:tanh]
    y = x.tanh()
    xyplot(x, y, 'tanh')
    # --8<-- [end:tanh]

    # --8<-- [start:tanh_grad]
    x.grad.zero_()
    y.sum().backward()
    xyplot(x, x.grad, 'grad of tanh')
    # --8<-- [end:tanh_grad]
    # --8<-- [end:cells]


def cell_figures() -> list[Figure]:
    """Run :func:`run_cells` and return the figures it drew, in the order of :data:`FIGURES`.

    The figures are drawn in the colour scheme (and language) in effect, and
    stay open: close the ones you do not keep.
    """
    before = set(plt.get_fignums())
    run_cells()
    drawn = [plt.figure(number) for number in plt.get_fignums() if number not in before]
    if len(drawn) != len(FIGURES):  # the cells and FIGURES must be edited together
        plt.close("all")
        raise RuntimeError(f"the chapter's cells drew {len(drawn)} figures, not {len(FIGURES)}")
    return drawn


def cell_plots() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """What the six figures of the cells plot: ``{name: (x values, y values)}``.

    The numbers are read back from the figures the cells drew, which are then
    closed: they are exactly what the page's figures show.

    >>> plots = cell_plots()
    >>> list(plots) == list(FIGURES)
    True
    >>> x, grad = plots["relu_grad"]
    >>> len(x), float(x[0]), float(grad[0]), float(grad[-1])
    (160, -8.0, 0.0, 1.0)
    """
    figures = cell_figures()
    try:
        return {name: (np.asarray(fig.axes[0].lines[0].get_xdata()),
                       np.asarray(fig.axes[0].lines[0].get_ydata()))
                for name, fig in zip(FIGURES, figures, strict=True)}
    finally:
        for fig in figures:
            plt.close(fig)
