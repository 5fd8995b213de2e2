"""The figures of the pages on backpropagation, approximation and initialisation.

Registered in :data:`mlp_edu.figures.REGISTRY` like every other figure (this
module is imported at the end of :mod:`mlp_edu.figures`); each is drawn at
build time from :mod:`mlp_edu.backprop`, :mod:`mlp_edu.approximation` and
:mod:`mlp_edu.init_variance`, every word through :func:`mlp_edu.i18n.t`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from mlp_edu.activations import relu
from mlp_edu.approximation import (
    hinge_fit,
    interpolation_bound,
    least_squares_fit,
    linear_pieces,
    max_error,
    sawtooth_layers,
)
from mlp_edu.backprop import autograd_forward, example_minibatch
from mlp_edu.compgraph import graph_edges, graph_nodes, operation
from mlp_edu.figures import register
from mlp_edu.i18n import t
from mlp_edu.init_variance import signal_variances

# How the figures and the pages name the tensors of the forward pass (mathtext).
MATH_NAMES = {"X": r"$\mathbf{X}$", "W_h": r"$\mathbf{W}_h$", "b_h": r"$\mathbf{b}_h$",
              "Z": r"$\mathbf{Z}$", "H": r"$\mathbf{H}$", "W_o": r"$\mathbf{W}_o$",
              "b_o": r"$\mathbf{b}_o$", "O": r"$\mathbf{O}$", "loss": r"$\ell$"}


def _shape(node) -> str:
    return "×".join(map(str, node.shape)) if node.shape else t("a scalar")


# --8<-- [start:loss_graph]
def loss_graph_layout(tensors: dict) -> tuple[dict, list, int]:
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


def draw_loss_graph(tensors: dict) -> Figure:
    """The graph of ``tensors["loss"]``, forward pass from top to bottom."""
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
                                                                shape=_shape(node)))
        elif operation(node):
            op = rf"$\mathtt{{{operation(node)}}}$"
            what = f"{MATH_NAMES[name]} = {op}" if name else op
            label = f"{what}\n{_shape(node)}"
        else:
            label = f"{MATH_NAMES.get(name, name)}\n{_shape(node)}"
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


@register("backprop_graph", alt="The computation graph of the 4-5-3 network's loss on eight Iris "
          "flowers, drawn from top to bottom. The input X (8×4) and the parameter W_h (4×5) feed "
          "a matmul node (8×5); it and the bias b_h feed Z = add (8×5); Z feeds H = relu (8×5); H "
          "and W_o (5×3) feed a matmul node (8×3); it and b_o feed O = add (8×3); O feeds one "
          "box, the loss ℓ = cross_entropy(O, y), a scalar made of 11 recorded operations. The "
          "four parameters are shaded. An arrow down the left side is labelled forward pass, one "
          "up the right side backward().",
          caption="The graph mlp_edu.autograd recorded for the loss of the 4-5-3 network on a "
          "minibatch of 8 flowers. backward() walks it from ℓ back up to the shaded parameters.",
          alt_zh="4-5-3 网络在八朵鸢尾花上的损失的计算图，自上而下绘制。输入 X（8×4）和参数 W_h（4"
          "×5）输入一个 matmul 节点（8×5）；它和偏置 b_h 输入 Z = add（8×5）；Z 输入 H = relu（8×5"
          "）；H 和 W_o（5×3）输入一个 matmul 节点（8×3）；它和 b_o 输入 O = add（8×3）；O 输入一"
          "个方框，即损失 ℓ = cross_entropy(O, y)，它是由 11 个记录下来的运算得到的标量。四个参数"
          "带有底色。左侧向下的箭头标着“前向传播”，右侧向上的箭头标着 backward()。",
          caption_zh="mlp_edu.autograd 为 4-5-3 网络在 8 朵花组成的小批量上的损失记录的计算图。bac"
          "kward() 从 ℓ 出发沿着它走回带底色的参数。")
def backprop_graph_figure() -> Figure:
    net, X, y = example_minibatch()
    return draw_loss_graph(autograd_forward(net, X, y))


# ---------------------------------------------------------------------------
# Why one hidden layer can be enough (mlp_edu.approximation).
# ---------------------------------------------------------------------------
SINE_INTERVAL = (-np.pi, np.pi)
SHOWN_K = (2, 4, 8)
ERROR_K = (2, 4, 8, 16, 32, 64, 128)


@register("hinge_fits", alt="Two panels, one above the other. Top: the sine curve on x from -π to "
          "π with three broken lines through it, sums of 2, 4 and 8 ReLU hinges; with 2 hinges "
          "the line is flat at zero, with 4 it follows the curve roughly, with 8 it is close "
          "everywhere. Bottom, on logarithmic axes: the largest error against the number of "
          "hinges k from 2 to 128, falling on a straight line of slope -2 (error proportional to "
          "1/k²), just below the dashed bound h² max|f''| / 8.",
          caption="A sum of k ReLU hinges through sin at k + 1 points. From 8 hinges on, each "
          "doubling of k divides the largest error by nearly 4.",
          alt_zh="上下两幅子图。上图：x 从 -π 到 π 的正弦曲线，以及穿过它的三条折线，分别是 2、4、"
          "8 个 ReLU 折线单元之和；2 个时折线平躺在零上，4 个时大致跟随曲线，8 个时处处都很接近。"
          "下图（对数坐标）：最大误差随折线单元个数 k（从 2 到 128）的变化，落在一条斜率为 -2 的直"
          "线上（误差与 1/k² 成正比），恰在虚线所示的上界 h² max|f''| / 8 之下。",
          caption_zh="k 个 ReLU 折线单元之和，在 k + 1 个点上穿过 sin。从 8 个折线单元起，k 每翻一"
          "倍，最大误差就缩小到将近四分之一。")
def hinge_fits_figure() -> Figure:
    # One above the other: legible on a phone.
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(5.0, 5.6), layout="constrained")
    x = np.linspace(*SINE_INTERVAL, 801)
    top.plot(x, np.sin(x), color=plt.rcParams["text.color"], linewidth=2.4, label=r"$\sin x$")
    for k, style in zip(SHOWN_K, ["--", "-.", "-"], strict=True):
        top.plot(x, hinge_fit(np.sin, k, SINE_INTERVAL)(x), style, linewidth=1.4,
                  label=t("{k} hinges").format(k=k))
    top.set_xlabel("x")
    top.legend(frameon=False, fontsize=9)
    errors = [max_error(hinge_fit(np.sin, k, SINE_INTERVAL), np.sin) for k in ERROR_K]
    bounds = [interpolation_bound(k, SINE_INTERVAL, 1.0) for k in ERROR_K]
    bottom.loglog(ERROR_K, errors, "o-", label=t("largest error"))
    bottom.loglog(ERROR_K, bounds, "--", color=plt.rcParams["axes.edgecolor"],
                 label=r"$h^2 \max|f''| / 8$")
    bottom.set_xscale("log", base=2)
    bottom.set_xlabel(t("hidden units k"))
    bottom.legend(frameon=False, fontsize=9)
    return fig


@register("polynomial_units", alt="A line chart on logarithmic axes of the largest error of the "
          "best fit to sin on -π to π against the number of hidden units, from 2 to 128, for "
          "networks whose units sit at evenly spaced points and whose output layer is the best "
          "one. With ReLU units the error falls steadily, to about 0.0002 at 128 units; with "
          "units that square their input it stays flat at about 0.95, the error of the best "
          "quadratic polynomial, however many units.",
          caption="The same hidden units, each with the best output layer: ReLU units keep "
          "improving; units that square their input never beat a quadratic.",
          alt_zh="对数坐标的折线图：在 -π 到 π 上对 sin 的最佳拟合的最大误差，随隐藏单元个数（从 2"
          " 到 128）的变化；网络的单元位于等距的点上，输出层取最优。ReLU 单元的误差稳定下降，128 "
          "个单元时约为 0.0002；把输入平方的单元的误差无论有多少个单元都停在约 0.95，即最佳二次多"
          "项式的误差。",
          caption_zh="同样位置的隐藏单元，各自配上最优的输出层：ReLU 单元不断改进；把输入平方的单"
          "元永远胜不过一个二次多项式。")
def polynomial_units_figure() -> Figure:
    fig, ax = plt.subplots(figsize=(5.0, 3.0))
    for name, activation, style in [("ReLU", relu, "o-"), ("z²", np.square, "s--")]:
        errors = [max_error(least_squares_fit(np.sin, k, SINE_INTERVAL, activation), np.sin,
                            SINE_INTERVAL) for k in ERROR_K]
        ax.loglog(ERROR_K, errors, style, label=t("{name} units").format(name=name))
    ax.set_xscale("log", base=2)
    ax.set_xlabel(t("hidden units k"))
    ax.set_ylabel(t("largest error"))
    ax.legend(frameon=False, fontsize=9)
    return fig


SAWTOOTH_DEPTHS = (1, 2, 3, 4)


@register("linear_pieces", alt="Four small panels in two rows, on x from 0 to 1. Each shows the "
          "output of a ReLU network with 1, 2, 3 or 4 hidden layers of two units: a tent with 2 "
          "straight pieces, then a zigzag of 4, 8 and 16 pieces, each going from 0 up to 1 and "
          "back.",
          caption="Depth multiplies pieces: each layer of two ReLU units folds the line in two "
          "(2, 4, 8, 16 pieces). One layer of 8 units gives at most 9.",
          alt_zh="两行共四幅小图，x 从 0 到 1。每幅显示一个 ReLU 网络的输出，它有 1、2、3 或 4 个"
          "隐藏层，每层两个单元：先是由 2 段直线组成的“帐篷”，然后是 4、8、16 段的锯齿，每段都从 0"
          " 升到 1再降回。",
          caption_zh="深度让线段数成倍增加：每个含两个 ReLU 单元的层都把折线对折一次（2、4、8、16 "
          "段）。一个含 8 个单元的层最多只能给出 9 段。")
def linear_pieces_figure() -> Figure:
    fig, axes = plt.subplots(2, 2, figsize=(5.0, 4.0), sharex=True, sharey=True,
                             layout="constrained")
    x = np.linspace(0.0, 1.0, 2049)
    for ax, depth in zip(axes.ravel(), SAWTOOTH_DEPTHS, strict=True):
        layers = sawtooth_layers(depth)
        h = x[:, None]
        for layer in layers[:-1]:
            h = relu(h @ layer.weight + layer.bias)
        ax.plot(x, h @ layers[-1].weight + layers[-1].bias)
        ax.set_title(t("depth {depth}: {pieces} pieces").format(
            depth=depth, pieces=linear_pieces(layers, (0, 1))), fontsize=10)
    for ax in axes[1]:
        ax.set_xlabel("x")
    return fig


# ---------------------------------------------------------------------------
# Initialisation, derived (mlp_edu.init_variance).
# ---------------------------------------------------------------------------
SHOWN_RULES = ("xavier", "he", "pytorch")  # the naive scale: see "Why ReLU won"
PYTORCH_LABEL = r"$\mathcal{U}(\pm 1/\sqrt{n_\mathrm{in}})$"  # nn.Linear's default, a formula


@register("init_variance", alt="Two panels, one above the other, on a logarithmic scale for a "
          "stack of 10 ReLU layers of 256 units, one line per initialisation. Top, forwards: the "
          "variance of each layer's input Z. With He initialisation it stays between about 2 and "
          "4; with Xavier it halves every layer, to about 0.003 at layer 10; with U(±1/√n_in), "
          "the default that PyTorch documents for nn.Linear, it falls by about 6 per layer until "
          "the random biases hold it near 0.0015. Bottom, backwards: the variance of the gradient "
          "reaching each layer, read from layer 10 down to layer 1: about 0.6 all the way with "
          "He, falling to about 0.001 with Xavier and below 1e-7 with U(±1/√n_in).",
          caption="The variance of the signal (top) and of the gradient (bottom), layer by layer, "
          "in a 10-layer ReLU stack under three initialisations.",
          alt_zh="上下两幅对数坐标的子图，对象是 10 层、每层 256 个单元的 ReLU 堆叠，每种初始化一"
          "条线。上图（前向）：每层输入 Z 的方差。He 初始化时保持在约 2 到 4 之间；Xavier 初始化时"
          "每层减半，到第 10 层约为 0.003；U(±1/√n_in)，即 PyTorch 文档给出的 nn.Linear 默认初始化"
          "，每层约缩小 6 倍，直到随机的偏置把它托在 0.0015 附近。下图（反向）：传到每层的梯度的方"
          "差，从第 10 层往下读到第 1 层：He 始终约为 0.6，Xavier 降到约 0.001，U(±1/√n_in) 降到 1"
          "e-7 以下。",
          caption_zh="在 10 层的 ReLU 堆叠中，三种初始化下信号（上）和梯度（下）的方差逐层的变化。")
def init_variance_figure() -> Figure:
    labels = {"xavier": "Xavier", "he": "He", "pytorch": PYTORCH_LABEL}
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(5.0, 5.6), sharex=True, sharey=True,
                                      layout="constrained")
    for rule, style in zip(SHOWN_RULES, ["--", ":", "-."], strict=True):
        forward, backward = signal_variances(rule, "relu")
        layers = np.arange(1, len(forward) + 1)
        top.semilogy(layers, forward, style, marker="o", markersize=3, label=labels[rule])
        bottom.semilogy(layers, backward, style, marker="o", markersize=3)
    top.set_title(t("forwards: Var of Z in layer l"), fontsize=10)
    bottom.set_title(t("backwards: Var of ∂ℓ/∂Z in layer l"), fontsize=10)
    bottom.set_xlabel(t("layer l"))
    top.legend(frameon=False, fontsize=8.5)
    return fig
