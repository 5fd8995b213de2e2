"""Network diagrams like the chapter's figure of an MLP with one hidden layer.

:func:`draw_network` draws any fully connected network from its layer sizes:
one row of units a layer, inputs at the bottom and outputs at the top, an
arrow from every unit of a layer to every unit of the next. Colours come from
matplotlib's rcParams, so the drawing follows the site's light or dark theme.

>>> fig = draw_network([4, 5, 3])
>>> len(nodes(fig)), len(edges(fig))
(12, 35)
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch

from mlp_edu.checks import positive_int
from mlp_edu.i18n import t

__all__ = ["draw_network", "unit_labels", "layer_names", "nodes", "edges"]

RADIUS = 0.3  # of a unit, in data units; units sit 1 apart within a layer
LAYER_GAP = 1.6  # vertical distance between two layers


def layer_names(num_layers: int) -> list[str]:
    """Names of the rows, bottom to top: the input layer, hidden layer(s), the output layer.

    They are in the language of the figure being drawn (:func:`mlp_edu.i18n.t`).

    >>> layer_names(3)
    ['Input layer', 'Hidden layer', 'Output layer']
    >>> layer_names(4)
    ['Input layer', 'Hidden layer 1', 'Hidden layer 2', 'Output layer']
    """
    hidden = num_layers - 2
    if hidden == 1:
        middle = [t("Hidden layer")]
    else:
        middle = [t("Hidden layer {k}").format(k=k) for k in range(1, hidden + 1)]
    return [t("Input layer"), *middle, t("Output layer")]


def unit_labels(layer_sizes: Sequence[int]) -> list[list[str]]:
    """Math labels of the units: $x_i$ inputs, $h_i$ hidden units, $o_i$ outputs.

    With more than one hidden layer the hidden units carry the layer as a
    superscript, $h^{(l)}_i$.

    >>> unit_labels([2, 1, 2])
    [['$x_{1}$', '$x_{2}$'], ['$h_{1}$'], ['$o_{1}$', '$o_{2}$']]
    >>> unit_labels([1, 1, 1, 1])[2]
    ['$h^{(2)}_{1}$']
    """
    hidden = len(layer_sizes) - 2
    labels = []
    for layer, size in enumerate(layer_sizes):
        if layer == 0:
            symbol = "x"
        elif layer == len(layer_sizes) - 1:
            symbol = "o"
        elif hidden == 1:
            symbol = "h"
        else:
            symbol = f"h^{{({layer})}}"
        labels.append([f"${symbol}_{{{i}}}$" for i in range(1, size + 1)])
    return labels


def _check_sizes(layer_sizes: Sequence[int]) -> list[int]:
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"a network needs at least 2 layers (inputs and outputs); got {sizes}")
    return [positive_int(size, f"layer_sizes[{k}]") for k, size in enumerate(sizes)]


# --8<-- [start:draw_network]
def draw_network(layer_sizes: Sequence[int], *, unit_size: float = 0.7) -> Figure:
    """Draw a fully connected network with ``layer_sizes[k]`` units in layer ``k``.

    Layer 0 is the input layer, drawn at the bottom; the last is the output
    layer, at the top. Every unit of a layer gets an arrow to every unit of the
    next, so there are ``sum(a * b)`` arrows over neighbouring layers ``a, b``.
    ``unit_size`` is the distance between two units, in inches.

    >>> fig = draw_network([4, 6, 6, 3])
    >>> len(nodes(fig)), len(edges(fig))
    (19, 78)
    >>> draw_network([4])
    Traceback (most recent call last):
    ValueError: a network needs at least 2 layers (inputs and outputs); got [4]
    """
    sizes = _check_sizes(layer_sizes)
    widest = max(sizes)
    ink = plt.rcParams["text.color"]
    line = plt.rcParams["axes.edgecolor"]
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    layer_colour = [colours[0], *[colours[2]] * (len(sizes) - 2), colours[1]]

    # Centre each row horizontally; row k sits at height k * LAYER_GAP.
    positions = [
        [(i - (size - 1) / 2, k * LAYER_GAP) for i in range(size)] for k, size in enumerate(sizes)
    ]
    left, right = -(widest - 1) / 2 - 2.6, (widest - 1) / 2 + 0.5
    bottom, top = -0.5, (len(sizes) - 1) * LAYER_GAP + 0.5
    fig, ax = plt.subplots(figsize=((right - left) * unit_size, (top - bottom) * unit_size))
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_aspect("equal")
    ax.axis("off")

    for lower, upper in zip(positions, positions[1:], strict=False):
        for start in lower:
            for end in upper:
                ax.add_patch(FancyArrowPatch(
                    *_rim_to_rim(start, end), arrowstyle="-|>", mutation_scale=7,
                    color=line, linewidth=0.8, shrinkA=0, shrinkB=0, gid="edge",
                ))

    labels = unit_labels(sizes)
    fontsize = 11 if len(sizes) <= 3 else 9  # h^{(l)}_i needs more room than h_i
    for k, row in enumerate(positions):
        for (x, y), label in zip(row, labels[k], strict=True):
            ax.add_patch(Circle((x, y), RADIUS, facecolor=to_rgba(layer_colour[k], 0.22),
                                edgecolor=layer_colour[k], linewidth=1.4, gid="node", zorder=3))
            ax.text(x, y, label, ha="center", va="center", color=ink, fontsize=fontsize,
                    zorder=4)
        name_x = -(widest - 1) / 2 - 0.6
        ax.text(name_x, k * LAYER_GAP, layer_names(len(sizes))[k], ha="right",
                va="center", color=ink, fontsize=11, gid="layer-name")
    return fig
# --8<-- [end:draw_network]


def _rim_to_rim(start: tuple[float, float], end: tuple[float, float]):
    """The points where the segment between two unit centres leaves their circles."""
    (x0, y0), (x1, y1) = start, end
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    ux, uy = (x1 - x0) / length * RADIUS, (y1 - y0) / length * RADIUS
    return (x0 + ux, y0 + uy), (x1 - ux, y1 - uy)


def nodes(fig: Figure) -> list[Circle]:
    """The unit circles :func:`draw_network` drew in ``fig``."""
    return [p for ax in fig.axes for p in ax.patches if p.get_gid() == "node"]


def edges(fig: Figure) -> list[FancyArrowPatch]:
    """The connection arrows :func:`draw_network` drew in ``fig``."""
    return [p for ax in fig.axes for p in ax.patches if p.get_gid() == "edge"]
