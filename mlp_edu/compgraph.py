"""Draw the computation graph that :mod:`mlp_edu.autograd` records.

Every tensor computed from a tensor that requires grad remembers its inputs
(``_parents``) and the operation that made it (``_op``). :func:`graph_nodes`
walks those links from an output back to the leaves; :func:`draw_graph` lays
the graph out left to right, leaves first, so a reader sees the path that
``backward()`` travels in reverse.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from mlp_edu.autograd import Tensor
from mlp_edu.i18n import t

__all__ = ["graph_nodes", "graph_edges", "operation", "draw_graph"]


def graph_nodes(output: Tensor) -> list[tuple[Tensor, int]]:
    """Each tensor of the graph with its depth, the output at depth 0.

    >>> import mlp_edu.autograd as torch
    >>> x = torch.arange(-1.0, 1.0, 0.5, requires_grad=True)
    >>> [(t._op or "leaf", depth) for t, depth in graph_nodes(x.relu().sum())]
    [('sum', 0), ('relu', 1), ('leaf', 2)]
    """
    if not isinstance(output, Tensor):
        raise TypeError(f"output must be an mlp_edu.autograd.Tensor; got {type(output).__name__}")
    depth = {output: 0}
    order = [output]
    for node in order:  # breadth first, without recursion
        for parent in node._parents:
            if parent not in depth:
                depth[parent] = depth[node] + 1
                order.append(parent)
            else:
                depth[parent] = max(depth[parent], depth[node] + 1)
    return [(node, depth[node]) for node in order]


def _label(node: Tensor, names: dict[int, str]) -> str:
    name = names.get(id(node), "")
    shape = (t("shape {shape}").format(shape="×".join(map(str, node.shape))) if node.shape
             else t("a scalar"))
    if node._op:
        return f"{name} = {node._op}(·)\n{shape}" if name else f"{node._op}(·)\n{shape}"
    grad = "\nrequires_grad" if node.requires_grad else ""
    return f"{name or t('leaf')}\n{shape}{grad}"


def draw_graph(output: Tensor, names: dict[str, Tensor] | None = None) -> Figure:
    """A left-to-right drawing of the graph that produced ``output``.

    ``names`` labels tensors, e.g. ``{"x": x, "y": y}``. Arrows point the way
    the forward pass computes; ``backward()`` follows them in reverse.
    """
    labels = {id(t): n for n, t in (names or {}).items()}
    nodes = graph_nodes(output)
    deepest = max(d for _, d in nodes)
    columns: dict[int, list[Tensor]] = {}
    for node, depth in nodes:
        columns.setdefault(deepest - depth, []).append(node)
    position = {}
    for column, members in columns.items():
        for row, node in enumerate(members):
            position[node] = (column * 3.0, -(row - (len(members) - 1) / 2) * 1.4)

    color = plt.rcParams["text.color"]
    edge = plt.rcParams["axes.edgecolor"]
    tallest = max(map(len, columns.values()))
    fig, ax = plt.subplots(figsize=(1.6 + 2.4 * (deepest + 1), 1.1 + 0.9 * tallest))
    for node, (x, y) in position.items():
        ax.add_patch(FancyBboxPatch((x - 1.05, y - 0.42), 2.1, 0.84,
                                    boxstyle="round,pad=0.02,rounding_size=0.15",
                                    fill=False, edgecolor=edge, linewidth=1.2))
        ax.text(x, y, _label(node, labels), ha="center", va="center", color=color, fontsize=9)
        for parent in node._parents:
            px, py = position[parent]
            ax.annotate("", xy=(x - 1.07, y), xytext=(px + 1.07, py),
                        arrowprops={"arrowstyle": "-|>", "color": edge, "linewidth": 1.2})
    xs = [x for x, _ in position.values()]
    ys = [y for _, y in position.values()]
    ax.set_xlim(min(xs) - 1.2, max(xs) + 1.2)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


def graph_edges(output: Tensor) -> list[tuple[Tensor, Tensor]]:
    """Every link of the graph as ``(input, result)``: the result was computed from the input.

    >>> import mlp_edu.autograd as torch
    >>> x = torch.tensor([1.0], requires_grad=True)
    >>> [(operation(a) or "leaf", operation(b)) for a, b in graph_edges(x.relu().sum())]
    [('relu', 'sum'), ('leaf', 'relu')]
    """
    return [(parent, node) for node, _ in graph_nodes(output) for parent in node._parents]


def operation(node: Tensor) -> str:
    """The name of the operation that computed ``node`` (``"matmul"``, ...); ``""`` for a leaf."""
    return node._op
