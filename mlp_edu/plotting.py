"""Plotting in the chapter's style, in the site's two colour schemes.

The chapter draws every activation with one helper, ``xyplot(x_vals, y_vals,
name)``: a 5 x 2.5 inch figure, x on the horizontal axis and ``name(x)`` on
the vertical one. :func:`xyplot` here does the same. Like the chapter's it
returns nothing; it draws a new pyplot figure (the chapter's draws into the
current one, which a notebook starts afresh in every cell), and the site saves
that figure once per colour scheme (:mod:`mlp_edu.chapter`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib

matplotlib.use("Agg")  # draw off-screen: the site build and the tests have no display

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

__all__ = ["THEMES", "FIGSIZE", "theme", "xyplot", "to_numpy"]

FIGSIZE = (5.0, 2.5)  # inches, the chapter's set_figsize

# Colours follow Material for MkDocs' default (light) and slate (dark) schemes.
# Backgrounds stay transparent so a figure sits on the page's own colour.
_COMMON: dict[str, Any] = {
    "figure.figsize": FIGSIZE,
    "figure.dpi": 100,
    "font.size": 10,
    "axes.grid": True,
    "grid.linewidth": 0.6,
    "lines.linewidth": 1.8,
    "savefig.transparent": True,
    "svg.fonttype": "path",  # text as outlines: the SVG needs no font on the reader's side
    "svg.hashsalt": "mlp-edu",  # fixed ids: identical bytes on every build
    "path.simplify": False,
}
THEMES: dict[str, dict[str, Any]] = {
    "light": {
        **_COMMON,
        "text.color": "#1f2328",
        "axes.labelcolor": "#1f2328",
        "axes.edgecolor": "#57606a",
        "xtick.color": "#57606a",
        "ytick.color": "#57606a",
        "grid.color": "#d0d7de",
        "axes.prop_cycle": matplotlib.cycler(color=["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]),
    },
    "dark": {
        **_COMMON,
        "text.color": "#e6e8ee",
        "axes.labelcolor": "#e6e8ee",
        "axes.edgecolor": "#a0a6b4",
        "xtick.color": "#a0a6b4",
        "ytick.color": "#a0a6b4",
        "grid.color": "#3b4050",
        "axes.prop_cycle": matplotlib.cycler(color=["#6cb4ff", "#ff7b72", "#56d364", "#d2a8ff"]),
    },
}


@contextmanager
def theme(name: str = "light") -> Iterator[None]:
    """Draw inside this block in the named colour scheme (``"light"`` or ``"dark"``).

    >>> with theme("dark"):
    ...     plt.rcParams["text.color"]
    '#e6e8ee'
    >>> with theme("sepia"):
    ...     pass
    Traceback (most recent call last):
    ValueError: theme must be one of ['light', 'dark']; got 'sepia'
    """
    if name not in THEMES:
        raise ValueError(f"theme must be one of {list(THEMES)}; got {name!r}")
    with plt.rc_context(THEMES[name]):
        yield


def to_numpy(values: Any) -> np.ndarray:
    """A plain numpy array from an array, a list or an autograd tensor.

    Tensors are detached first, as the chapter does with ``x.detach().numpy()``.
    """
    if hasattr(values, "detach"):
        values = values.detach().numpy()
    return np.asarray(values)


# --8<-- [start:xyplot]
def xyplot(x_vals: Any, y_vals: Any, name: str) -> None:
    """Plot ``y_vals`` against ``x_vals`` in a new figure, labelled ``x`` and ``name(x)``.

    >>> xyplot([-1.0, 0.0, 1.0], [0.0, 0.0, 1.0], "relu")
    >>> plt.gca().get_xlabel(), plt.gca().get_ylabel()
    ('x', 'relu(x)')
    >>> plt.close()
    """
    x, y = to_numpy(x_vals), to_numpy(y_vals)
    if x.shape != y.shape:
        raise ValueError(f"x_vals and y_vals must have one shape; got {x.shape} and {y.shape}")
    plt.figure(figsize=FIGSIZE)
    plt.plot(x, y)
    plt.xlabel("x")
    plt.ylabel(f"{name}(x)")
# --8<-- [end:xyplot]
