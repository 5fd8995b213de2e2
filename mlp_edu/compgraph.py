"""Draw the computation graph that :mod:`mlp_edu.autograd` records.

Every tensor computed from a tensor that requires grad remembers its inputs
(``_parents``) and the operation that made it (``_op``). :func:`graph_nodes`
walks those links from an output back to the leaves; :func:`draw_graph` lays
the graph out left to right, leaves first, so a reader sees the path that
``backward()`` travels in reverse. :func:`draw_loss_graph` draws the graph of
a network's loss from top to bottom, one row per step, with its parameters
beside the steps that use them.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from mlp_edu.autograd import Tensor
from mlp_edu.i18n import t

__all__ = ["graph_nodes", "graph_edges", "operation", "draw_graph", "MATH_NAMES",
           "loss_graph_layout", "draw_loss_graph"]


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


# How the figures and the pages name the tensors of the forward pass (mathtext).
MATH_NAMES = {"X": r"$\mathbf{X}$", "W_h": r"$\mathbf{W}_h$", "b_h": r"$\mathbf{b}_h$",
              "Z": r"$\mathbf{Z}$", "H": r"$\mathbf{H}$", "W_o": r"$\mathbf{W}_o$",
              "b_o": r"$\mathbf{b}_o$", "O": r"$\mathbf{O}$", "loss": r"$\ell$"}


def _dims(node: Tensor) -> str:
    """``"8×5"``, or the words for a scalar."""
    return "×".join(map(str, node.shape)) if node.shape else t("a scalar")


# --8<-- [start:loss_graph]
def loss_graph_layout(tensors: dict[str, Tensor]) -> tuple[dict, list, int]:
    """Rows, columns and links of the loss's graph as :mod:`mlp_edu.autograd` recorded it.

    ``tensors`` is :func:`mlp_edu.backprop.autograd_forward`'s result. The
    network's part, from the inputs up to O, is drawn node by node, one row
    per step from the leaves; the operations of the cross-entropy after O
    (softmax, log, mean, ...) are one box, ℓ, with their number. Parameters
    (leaves that require grad) stand to the right of the step that uses them.

    Returns ``({node: (row, column)}, links, number of operations in ℓ)``.
    """
    outputs, loss = tensors["O"], tensors["loss"]
    network = graph_nodes(outputs)
    in_network = {id(node) for node, _ in network}
    loss_ops = [node for node, _ in graph_nodes(loss)
                if id(node) not in in_network and operation(node)]
    deepest = max(depth for _, depth in network)
    place = {node: (deepest - depth, 1 if node.requires_grad and not operation(node) else 0)
             for node, depth in network}
    place[loss] = (deepest + 1, 0)
    links = [*graph_edges(outputs), (outputs, loss)]
    return place, links, len(loss_ops)


def draw_loss_graph(tensors: dict[str, Tensor]) -> Figure:
    """The graph of ``tensors["loss"]``, forward pass from top to bottom.

    ``tensors`` names the tensors as :func:`mlp_edu.backprop.autograd_forward`
    does; the boxes are labelled with :data:`MATH_NAMES`.
    """
    place, links, loss_ops = loss_graph_layout(tensors)
    names = {id(node): name for name, node in tensors.items()}
    ink, line = plt.rcParams["text.color"], plt.rcParams["axes.edgecolor"]
    accent = plt.rcParams["axes.prop_cycle"].by_key()["color"][0]
    width, height, gap_x, gap_y = 2.2, 0.78, 2.6, 1.12
    rows = max(row for row, _ in place.values()) + 1

    def centre(node):
        row, column = place[node]
        return column * gap_x, -row * gap_y

    fig, ax = plt.subplots(figsize=(4.6, 0.3 + 0.84 * rows))
    for node in place:
        x, y = centre(node)
        name = names.get(id(node), "")
        is_parameter = place[node][1] == 1
        if node is tensors["loss"]:
            label = (r"$\ell = \mathtt{cross\_entropy}$" + "\n"
                     + t("{count} operations, {shape}").format(count=loss_ops,
                                                                shape=_dims(node)))
        elif operation(node):
            op = rf"$\mathtt{{{operation(node)}}}$"
            what = f"{MATH_NAMES[name]} = {op}" if name else op
            label = f"{what}\n{_dims(node)}"
        else:
            label = f"{MATH_NAMES.get(name, name)}\n{_dims(node)}"
        box_width = width * (1.35 if node is tensors["loss"] else 1.0)
        ax.add_patch(FancyBboxPatch(
            (x - box_width / 2, y - height / 2), box_width, height,
            boxstyle="round,pad=0.02,rounding_size=0.12", linewidth=1.2,
            edgecolor=accent if is_parameter else line,
            facecolor=to_rgba(accent, 0.16) if is_parameter else "none"))
        ax.text(x, y, label, ha="center", va="center", color=ink, fontsize=9.5)
    for start, end in links:
        (x0, y0), (x1, y1) = centre(start), centre(end)
        ax.add_patch(FancyArrowPatch((x0 - (0.9 if x0 > x1 else 0), y0 - height / 2),
                                     (x1 + (0.9 if x0 > x1 else 0), y1 + height / 2),
                                     arrowstyle="-|>", mutation_scale=10, color=line,
                                     linewidth=1.1, shrinkA=1, shrinkB=1))
    # The two passes: forward follows the arrows down (left), backward() walks them back up
    # (right).
    top, bottom = height / 2 + 0.05, -(rows - 1) * gap_y - height / 2 - 0.05
    left, right = -width * 1.35 / 2 - 0.3, gap_x + width / 2 + 0.35
    for x, (y0, y1), text, side in [(left, (top, bottom), t("forward pass"), -1),
                                    (right, (bottom, top), r"$\mathtt{backward()}$", 1)]:
        ax.add_patch(FancyArrowPatch((x, y0), (x, y1), arrowstyle="-|>", mutation_scale=12,
                                     color=accent, linewidth=1.4))
        ax.text(x + side * 0.25, (top + bottom) / 2, text, rotation=90, ha="center",
                va="center", color=ink, fontsize=9.5)
    ax.set_xlim(left - 0.5, right + 0.5)
    ax.set_ylim(bottom - 0.1, top + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig
# --8<-- [end:loss_graph]
