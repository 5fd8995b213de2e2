"""Every figure on the site: its name, the function that draws it, its alt text.

A page asks for a figure by name (``[[figure relu]]``); the site build calls
the registered function once per colour scheme and language and serves the
SVG it returns. Nothing here writes into ``docs/``; figures are never committed.

Every figure has its alt text and caption in English and in Chinese, and its
drawing code passes each English word through :func:`mlp_edu.i18n.t`, so the
Chinese pages show ``训练损失`` where the English ones show ``training loss``.

To add a figure, write a function that returns a matplotlib ``Figure`` and
decorate it with :func:`register`:

>>> REGISTRY["sigmoid_grad"].alt[:33]
'The derivative of sigmoid on x fr'
>>> REGISTRY["sigmoid_grad"].draw.__name__
'sigmoid_grad_figure'
>>> REGISTRY["sigmoid_grad"].text("zh").alt[:11]
'sigmoid 的导数'
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager
from matplotlib.figure import Figure

import mlp_edu.autograd as torch
from mlp_edu.compgraph import draw_graph
from mlp_edu.i18n import DEFAULT, LANGUAGES, cjk_font, language, t
from mlp_edu.plotting import THEMES, theme, xyplot

__all__ = ["FigureSpec", "REGISTRY", "register", "render_svg", "chapter_x"]


@dataclass(frozen=True)
class FigureText:
    """What a reader of one language reads with a figure: alt text and caption."""

    alt: str
    caption: str


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: ``draw()`` returns a matplotlib Figure."""

    name: str
    draw: Callable[[], Figure]
    alt: str
    caption: str
    alt_zh: str = ""
    caption_zh: str = ""

    @property
    def qualname(self) -> str:
        """Where the drawing function lives, e.g. ``mlp_edu.figures.relu_figure``."""
        return f"{self.draw.__module__}.{self.draw.__qualname__}"

    def text(self, lang: str = DEFAULT) -> FigureText:
        """The alt text and caption in ``lang``; a missing translation raises ``KeyError``."""
        if lang == DEFAULT:
            return FigureText(self.alt, self.caption)
        alt, caption = getattr(self, f"alt_{lang}", ""), getattr(self, f"caption_{lang}", "")
        if not (alt.strip() and caption.strip()):
            raise KeyError(f"figure {self.name!r} has no {lang!r} alt text or caption: "
                           f"register it with alt_{lang}=... and caption_{lang}=...")
        return FigureText(alt, caption)


REGISTRY: dict[str, FigureSpec] = {}


def register(name: str, *, alt: str, caption: str, alt_zh: str = "",
             caption_zh: str = "") -> Callable[[Callable[[], Figure]], Callable]:
    """Add the decorated drawing function to :data:`REGISTRY` under ``name``.

    ``alt_zh`` and ``caption_zh`` are the Chinese alt text and caption; a
    Chinese page showing a figure without them fails the build.
    """
    if not name.replace("_", "").replace("-", "").isalnum():
        raise ValueError(f"figure name must be letters, digits, '-' or '_'; got {name!r}")

    def add(draw: Callable[[], Figure]) -> Callable[[], Figure]:
        if name in REGISTRY:
            raise ValueError(f"figure {name!r} is registered twice")
        if not alt.strip():
            raise ValueError(f"figure {name!r} needs alt text")
        REGISTRY[name] = FigureSpec(name=name, draw=draw, alt=alt, caption=caption,
                                    alt_zh=alt_zh, caption_zh=caption_zh)
        return draw

    return add


@contextmanager
def _fonts(lang: str) -> Iterator[None]:
    """Fonts for ``lang``: Chinese falls back glyph by glyph from DejaVu Sans to Noto Sans SC.

    A glyph missing from every font is an error, not matplotlib's warning and
    an empty box in the figure.
    """
    rc = {}
    if lang != DEFAULT:
        path = cjk_font()
        font_manager.fontManager.addfont(str(path))  # a no-op once it is known
        family = font_manager.FontProperties(fname=str(path)).get_name()
        rc["font.family"] = [*plt.rcParams["font.family"], family]
        rc["font.sans-serif"] = [*plt.rcParams["font.sans-serif"], family]
    with plt.rc_context(rc), warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph \d+ .*missing from font")
        yield


def render_svg(name: str, scheme: str = "light", lang: str = DEFAULT) -> bytes:
    """Draw figure ``name`` in colour ``scheme`` and language ``lang``; return its SVG bytes.

    The bytes are the same on every call: matplotlib's ids are salted with a
    fixed string and the date is left out of the metadata. Text is saved as
    paths, so Chinese labels need no font on the reader's side.

    >>> render_svg("relu") == render_svg("relu")
    True
    >>> b"<text" in render_svg("network", lang="zh")
    False
    >>> render_svg("nope")
    Traceback (most recent call last):
    KeyError: "no figure named 'nope'; registered: ..."
    """
    if name not in REGISTRY:
        raise KeyError(f"no figure named {name!r}; registered: {sorted(REGISTRY)}")
    if scheme not in THEMES:
        raise ValueError(f"scheme must be one of {list(THEMES)}; got {scheme!r}")
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {list(LANGUAGES)}; got {lang!r}")
    with theme(scheme), language(lang), _fonts(lang):
        fig = REGISTRY[name].draw()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        plt.close(fig)
    return buffer.getvalue()


def chapter_x() -> np.ndarray:
    """The chapter's inputs: ``arange(-8.0, 8.0, 0.1)``, 160 points from -8.0 to 7.9."""
    return torch.arange(-8.0, 8.0, 0.1).numpy()


# Section 1.2: each activation and its derivative, computed as the chapter does:
# the function by calling it on x, the derivative by backward() through it.
@register("relu", alt="The ReLU function on x from -8 to 8: zero for negative x, "
          "then the straight line y = x for positive x.",
          caption="ReLU(x) = max(x, 0).",
          alt_zh="ReLU 函数，x 从 -8 到 8：x 为负时为零，x 为正时是直线 y = x。",
          caption_zh="ReLU(x) = max(x, 0)：正的输入原样通过，负的输入变为零。")
def relu_figure() -> Figure:
    x = torch.arange(-8.0, 8.0, 0.1)
    return xyplot(x, torch.relu(x), "relu")


# --8<-- [start:relu_grad_figure]
@register("relu_grad", alt="The derivative of ReLU on x from -8 to 8: a step that is 0 "
          "for negative x and 1 for positive x.",
          caption="The derivative of ReLU, computed by backward(): 0 left of the origin, "
          "1 right of it.",
          alt_zh="ReLU 的导数，x 从 -8 到 8：一个阶跃，x 为负时为 0，x 为正时为 1。",
          caption_zh="由 backward() 计算的 ReLU 导数：原点左侧为 0，右侧为 1。")
def relu_grad_figure() -> Figure:
    x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
    y = torch.relu(x)
    y.backward(torch.ones_like(x), retain_graph=True)
    return xyplot(x, x.grad, "grad of relu")
# --8<-- [end:relu_grad_figure]


@register("sigmoid", alt="The sigmoid function on x from -8 to 8: an S-shaped curve "
          "rising from near 0 to near 1, passing 0.5 at x = 0.",
          caption="σ(x) = 1/(1 + exp(−x)) squashes every input into (0, 1).",
          alt_zh="sigmoid 函数，x 从 -8 到 8：一条 S 形曲线，从接近 0 升到接近 1，在 x = 0 处经过 "
          "0.5。",
          caption_zh="σ(x) = 1/(1 + exp(−x)) 把每个输入压缩到区间 (0, 1) 中。")
def sigmoid_figure() -> Figure:
    x = torch.arange(-8.0, 8.0, 0.1)
    return xyplot(x, torch.sigmoid(x), "sigmoid")


# --8<-- [start:sigmoid_grad_figure]
@register("sigmoid_grad", alt="The derivative of sigmoid on x from -8 to 8: a bell-shaped "
          "curve with its peak of 0.25 at x = 0, falling towards 0 on both sides.",
          caption="σ'(x) = σ(x)(1 − σ(x)), computed by backward(), peaks at 0.25 at the origin.",
          alt_zh="sigmoid 的导数，x 从 -8 到 8：一条钟形曲线，在 x = 0 处达到峰值 0.25，向两侧逐渐"
          "降到 0。",
          caption_zh="由 backward() 计算的 σ'(x) = σ(x)(1 − σ(x)) 在原点处达到峰值 0.25。")
def sigmoid_grad_figure() -> Figure:
    x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
    y = torch.sigmoid(x)
    y.backward(torch.ones_like(x), retain_graph=True)
    return xyplot(x, x.grad, "grad of sigmoid")
# --8<-- [end:sigmoid_grad_figure]


@register("tanh", alt="The tanh function on x from -8 to 8: an S-shaped curve rising "
          "from near -1 to near 1, passing through the origin.",
          caption="tanh(x) squashes every input into (−1, 1), symmetric about the origin.",
          alt_zh="tanh 函数，x 从 -8 到 8：一条 S 形曲线，从接近 -1 升到接近 1，经过原点。",
          caption_zh="tanh(x) 把每个输入压缩到区间 (−1, 1) 中，关于原点对称。")
def tanh_figure() -> Figure:
    x = torch.arange(-8.0, 8.0, 0.1)
    return xyplot(x, torch.tanh(x), "tanh")


# --8<-- [start:tanh_grad_figure]
@register("tanh_grad", alt="The derivative of tanh on x from -8 to 8: a narrow bell-shaped "
          "curve with its peak of 1 at x = 0, falling towards 0 on both sides.",
          caption="tanh'(x) = 1 − tanh²(x), computed by backward(), peaks at 1 at the origin.",
          alt_zh="tanh 的导数，x 从 -8 到 8：一条较窄的钟形曲线，在 x = 0 处达到峰值 1，向两侧逐渐"
          "降到 0。",
          caption_zh="由 backward() 计算的 tanh'(x) = 1 − tanh²(x) 在原点处达到峰值 1。")
def tanh_grad_figure() -> Figure:
    x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
    y = torch.tanh(x)
    y.backward(torch.ones_like(x), retain_graph=True)
    return xyplot(x, x.grad, "grad of tanh")
# --8<-- [end:tanh_grad_figure]


# The page "What backward() does": the graph of y = sum(relu(x)), and the
# derivative plot with and without x.grad.zero_() between two backward() calls.
@register("backward_graph", alt="The computation graph of y = relu(x).sum(): the leaf x "
          "(160 numbers, requires_grad) feeds a relu node, which feeds a sum node giving "
          "the scalar y.",
          caption="The graph autograd records for y = relu(x).sum(); backward() walks it "
          "from y back to x.",
          alt_zh="y = relu(x).sum() 的计算图：叶节点 x（160 个数，requires_grad）输入一个 relu 节"
          "点，relu 节点再输入一个 sum 节点，得到标量 y。",
          caption_zh="自动微分为 y = relu(x).sum() 记录的计算图；backward() 沿着它从 y 走回 x。")
def backward_graph_figure() -> Figure:
    x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
    h = torch.relu(x)
    y = h.sum()
    return draw_graph(y, names={"x": x, "h": h, "y": y})


# --8<-- [start:accumulation_figure]
@register("grad_accumulation", alt="Two panels. Left, without zero_: the plotted "
          "'derivative of sigmoid' is the ReLU step plus the sigmoid bell, rising to about 1.2. "
          "Right, with zero_: the correct bell of the sigmoid's derivative, peaking at 0.25.",
          caption="Left: backward() adds into x.grad, so the sigmoid's derivative lands on top "
          "of ReLU's. Right: x.grad.zero_() in between gives the true derivative.",
          alt_zh="两幅子图。左图不调用 zero_：画出的“sigmoid 的导数”是 ReLU 的阶跃加上 sigmoid 的"
          "钟形曲线，最高约 1.2。右图调用 zero_：是 sigmoid 导数正确的钟形曲线，峰值为 0.25。",
          caption_zh="左：backward() 把梯度累加到 x.grad 上，于是 sigmoid 的导数叠在了 ReLU 的导数"
          "之上。右：两次调用之间执行 x.grad.zero_()，得到真正的导数。")
def grad_accumulation_figure() -> Figure:
    fig, (wrong, right) = plt.subplots(1, 2, figsize=(9.0, 2.8), sharey=True)
    for ax, reset in [(wrong, False), (right, True)]:
        x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
        torch.relu(x).sum().backward()  # x.grad now holds ReLU's derivative
        if reset:
            x.grad.zero_()
        torch.sigmoid(x).sum().backward()  # adds the sigmoid's derivative to x.grad
        ax.plot(x.detach().numpy(), x.grad.numpy())
        ax.set_title(t("with x.grad.zero_()") if reset else t("without x.grad.zero_()"))
        ax.set_xlabel("x")
    wrong.set_ylabel("x.grad")
    return fig
# --8<-- [end:accumulation_figure]


# ---------------------------------------------------------------------------
# Sections 1.1 and 1.3: the network diagrams, and the network trained on Iris.
# Drawn by mlp_edu.diagram and mlp_edu.training; training.trained() remembers
# each trained network, so the figures below train each one once per process.
# ---------------------------------------------------------------------------
from mlp_edu.data import FEATURES, SPECIES  # noqa: E402
from mlp_edu.diagram import draw_network  # noqa: E402
from mlp_edu.training import PETALS, decision_regions, trained  # noqa: E402

TRAINED_ACTIVATIONS = ("relu", "sigmoid", "tanh")


@register("network", alt="The 4-5-3 multilayer perceptron: a bottom row of four input units "
          "x1 to x4, a middle row of five hidden units h1 to h5 and a top row of three output "
          "units o1 to o3; an arrow runs from every input to every hidden unit and from every "
          "hidden unit to every output.",
          caption="An MLP with 4 inputs, one hidden layer of 5 units and 3 outputs; every "
          "layer is fully connected to the next.",
          alt_zh="4-5-3 多层感知机：底行是四个输入单元 x1 到 x4，中间一行是五个隐藏单元 h1 到 h5，"
          "顶行是三个输出单元 o1 到 o3；每个输入都有箭头指向每个隐藏单元，每个隐藏单元都有箭头指"
          "向每个输出。",
          caption_zh="一个有 4 个输入、一个含 5 个单元的隐藏层和 3 个输出的多层感知机；每一层都与"
          "下一层全连接。")
def network_figure() -> Figure:
    return draw_network([4, 5, 3])


@register("network_deep", alt="A deeper multilayer perceptron: four input units, two hidden "
          "layers of six units each and three output units, drawn bottom to top with an arrow "
          "from every unit to every unit of the next layer.",
          caption="The same construction with two hidden layers of 6 units, 4-6-6-3: "
          "4 × 6 + 6 × 6 + 6 × 3 = 78 connections.",
          alt_zh="一个更深的多层感知机：四个输入单元、两个各有六个单元的隐藏层和三个输出单元，自下"
          "而上排列，每个单元都有箭头指向下一层的每个单元。",
          caption_zh="同样的构造，换成两个各含 6 个单元的隐藏层，即 4-6-6-3：共 4 × 6 + 6 × 6 + 6 "
          "× 3 = 78 条连接。")
def network_deep_figure() -> Figure:
    return draw_network([4, 6, 6, 3])


@register("training_curves", alt="Two line charts over 50 epochs, one line each for ReLU, "
          "sigmoid and tanh. Top: the training loss falls from about 1 to below 0.1; the "
          "sigmoid network's loss falls slowest. Bottom: the test accuracy passes 0.9 within a "
          "few epochs and ends at about 0.97, 29 of 30 flowers, for all three.",
          caption="Training the 4-5-3 network on 120 Iris flowers: mean training loss and "
          "accuracy on the 30 test flowers after each epoch.",
          alt_zh="两幅折线图，横跨 50 轮训练，ReLU、sigmoid 和 tanh 各一条线。上图：训练损失从约 1 "
          "降到 0.1 以下；sigmoid 网络的损失下降最慢。下图：三者的测试准确率都在几轮之内超过 0.9，"
          "最终约为 0.97，即 30 朵花中分对 29 朵。",
          caption_zh="在 120 朵鸢尾花上训练 4-5-3 网络：每轮训练后的平均训练损失，以及在 30 朵测试"
          "花上的准确率。")
def training_curves_figure() -> Figure:
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(5.0, 4.2), sharex=True)
    for activation, style in zip(TRAINED_ACTIVATIONS, ["-", "--", ":"], strict=True):
        history = trained(activation).history
        epochs = np.arange(1, len(history.loss) + 1)
        top.plot(epochs, history.loss, style, label=activation)
        bottom.plot(epochs, history.test_accuracy, style, label=activation)
    top.set_ylabel(t("training loss"))
    top.set_ylim(bottom=0)
    top.legend(frameon=False)
    bottom.set_ylabel(t("test accuracy"))
    bottom.set_xlabel(t("epoch"))
    bottom.set_ylim(0.6, 1.02)
    return fig


@register("decision_regions", alt="A scatter plot of the 150 Iris flowers by petal length "
          "(horizontal, 1 to 7 cm) and petal width (vertical, 0 to 2.5 cm), on a background "
          "split into three coloured regions, one for each species the network predicts there. "
          "The setosa flowers sit apart at the lower left, far from any boundary; the "
          "versicolor and virginica regions meet along a straight diagonal line between their "
          "two clusters, where a few flowers lie on the wrong side.",
          caption="What a 2-5-3 ReLU network trained on petal length and width predicts at "
          "every point. Filled markers: the 120 training flowers; hollow: the 30 test flowers.",
          alt_zh="150 朵鸢尾花的散点图，横轴为花瓣长度（1 到 7 cm），纵轴为花瓣宽度（0 到 2.5 cm）"
          "；背景分成三块颜色不同的区域，每块对应网络在该处预测的一个品种。setosa 的花单独聚在左"
          "下方，远离所有边界；versicolor 和 virginica 的区域沿着两簇之间的一条斜直线相接，有几朵"
          "花落在了错误的一侧。",
          caption_zh="一个用花瓣长度和宽度训练的 2-5-3 ReLU 网络在每个点上的预测。实心标记：120 朵"
          "训练花；空心标记：30 朵测试花。")
def decision_regions_figure() -> Figure:
    result = trained("relu", PETALS)
    xx, yy, classes = decision_regions(result)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"][:3]
    ink = plt.rcParams["text.color"]
    fig, ax = plt.subplots(figsize=(5.0, 3.4))
    ax.contourf(xx, yy, classes, levels=[-0.5, 0.5, 1.5, 2.5], colors=colours, alpha=0.25)
    ax.grid(False)
    data = result.data
    for k, (name, marker) in enumerate(zip(SPECIES, "os^", strict=True)):
        train, test = data.X_train_raw[data.y_train == k], data.X_test_raw[data.y_test == k]
        ax.scatter(*train.T, marker=marker, color=colours[k], edgecolors=ink, linewidths=0.4,
                   s=20, label=name)
        ax.scatter(*test.T, marker=marker, facecolors="none", edgecolors=colours[k],
                   linewidths=1.2, s=26)
    ax.set_xlabel(t(FEATURES[PETALS[0]].replace("_", " ") + " (cm)"))
    ax.set_ylabel(t(FEATURES[PETALS[1]].replace("_", " ") + " (cm)"))
    ax.scatter([], [], marker="o", facecolors="none", edgecolors=ink, label=t("test flower"))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=4, frameon=False,
              handletextpad=0.2, columnspacing=1.0)
    return fig


# ---------------------------------------------------------------------------
# Beyond the chapter, part 1: "Why ReLU won". Gradient norms in deep stacks at
# initialisation, from mlp_edu.depth (about 0.1 s to 0.3 s a figure).
# ---------------------------------------------------------------------------
from mlp_edu.depth import RECOMMENDED_INIT, deep_mlp_gradient_norms  # noqa: E402

DEEP = 30  # layers in the deep stack of the figures and the page
DEEP_STYLES = {"sigmoid": "-", "tanh": "--", "relu": ":"}
INIT_LABELS = {"naive": "naive, std 0.01", "xavier": "Xavier", "he": "He"}
DISPLAY = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU"}
GRAD_NORM = r"$\Vert\partial\,\mathrm{loss}/\partial W_{%s}\Vert$"  # mathtext


@register("vanishing_gradients", alt="A line chart on a logarithmic scale of the gradient "
          "norm reaching each of 30 layers, layer 1 (nearest the input) on the left. The "
          "sigmoid network's line falls steadily from about 0.05 at layer 30 to about 1e-19 at "
          "layer 1, parallel to a dotted guide that loses a factor 4 per layer. The tanh and "
          "ReLU lines stay roughly flat between 0.1 and 3.",
          caption="The gradient reaching each layer's weights in a 30-layer stack, 64 units "
          "wide, at initialisation: sigmoid and tanh with Xavier, ReLU with He initialisation.",
          alt_zh="对数坐标的折线图，显示传到 30 层中每一层的梯度范数，第 1 层（最靠近输入）在左边"
          "。sigmoid 网络的线从第 30 层的约 0.05 稳定下降到第 1 层的约 1e-19，与一条每层缩小 4 倍"
          "的点线参考线平行。tanh 和 ReLU 的线大致水平，保持在 0.1 到 3 之间。",
          caption_zh="初始化时，一个 30 层、每层 64 个单元的堆叠中传到每层权重的梯度：sigmoid 和 t"
          "anh 使用 Xavier 初始化，ReLU 使用 He 初始化。")
def vanishing_gradients_figure() -> Figure:
    fig, ax = plt.subplots(figsize=(5.0, 3.0))
    layers = np.arange(1, DEEP + 1)
    for activation, style in DEEP_STYLES.items():
        init = RECOMMENDED_INIT[activation]
        norms = deep_mlp_gradient_norms(DEEP, activation, init=init)
        ax.semilogy(layers, norms, style, label=f"{DISPLAY[activation]}, {t(INIT_LABELS[init])}")
        if activation == "sigmoid":  # the guide: a factor 1/4 per layer, from the last layer
            guide = norms[-1] * 0.25 ** (DEEP - layers)
            ax.semilogy(layers, guide, ":", color=plt.rcParams["axes.edgecolor"], lw=1.0,
                        label=t("× 1/4 per layer"))
    ax.set_xlabel(t("layer l (1 = nearest the input)"))
    ax.set_ylabel(GRAD_NORM % "l")
    ax.legend(frameon=False, fontsize=9)
    return fig


@register("vanishing_depth", alt="A line chart on a logarithmic scale of the gradient norm "
          "of the first layer against the depth of the network, from 2 to 30 layers. The "
          "sigmoid line falls straight down from about 0.06 at depth 2 to about 1e-19 at depth "
          "30; the tanh line falls gently from about 0.9 to about 0.1; the ReLU line stays "
          "between about 0.5 and 1.5.",
          caption="The gradient of the first layer as the stack gets deeper (same width, "
          "batch and seed; sigmoid and tanh with Xavier, ReLU with He initialisation).",
          alt_zh="对数坐标的折线图，显示第一层的梯度范数随网络深度（2 到 30 层）的变化。sigmoid 的"
          "线从深度 2 时的约 0.06 笔直下降到深度 30 时的约 1e-19；tanh 的线从约 0.9 缓慢降到约 0."
          "1；ReLU 的线保持在约 0.5 到 1.5 之间。",
          caption_zh="堆叠加深时第一层的梯度（宽度、批量和随机种子不变；sigmoid 和 tanh 使用 Xavie"
          "r 初始化，ReLU 使用 He 初始化）。")
def vanishing_depth_figure() -> Figure:
    fig, ax = plt.subplots(figsize=(5.0, 3.0))
    depths = np.arange(2, DEEP + 1)
    for activation, style in DEEP_STYLES.items():
        init = RECOMMENDED_INIT[activation]
        first = [deep_mlp_gradient_norms(int(d), activation, init=init)[0] for d in depths]
        ax.semilogy(depths, first, style,
                    label=f"{DISPLAY[activation]}, {t(INIT_LABELS[init])}")
    ax.set_xlabel(t("depth (number of layers)"))
    ax.set_ylabel(GRAD_NORM % "1")
    ax.legend(frameon=False, fontsize=9)
    return fig


@register("vanishing_init", alt="Three panels side by side, sigmoid, tanh and ReLU, each "
          "with a line per initialisation (naive with standard deviation 0.01, Xavier, He) "
          "showing the gradient norm at each of 30 layers on a shared logarithmic scale. "
          "Sigmoid: all three lines slope steeply down towards layer 1, the naive one lowest, "
          "near 1e-51. Tanh and ReLU: every line is about flat, but the naive lines lie near "
          "1e-34 and 1e-38, ReLU with Xavier near 1e-5, and tanh with Xavier or He and ReLU "
          "with He near 1.",
          caption="What initialisation does, in the same 30-layer stacks. The scale of the "
          "weights sets the height of every line (tanh, ReLU); no scale rescues the sigmoid.",
          alt_zh="并排的三幅子图，分别是 sigmoid、tanh 和 ReLU，每种初始化（标准差为 0.01 的朴素初"
          "始化、Xavier、He）各一条线，在共用的对数坐标上显示 30 层中每一层的梯度范数。sigmoid："
          "三条线都朝第 1 层急剧下降，朴素初始化的最低，接近 1e-51。tanh 和 ReLU：每条线都大致水"
          "平，但朴素初始化的线分别在 1e-34 和 1e-38 附近，使用 Xavier 的 ReLU 在 1e-5 附近，而使"
          "用 Xavier 或 He 的 tanh 以及使用 He 的 ReLU 都在 1 附近。",
          caption_zh="在同样的 30 层堆叠中，初始化起了什么作用。权重的尺度决定了每条线的高度（tanh"
          "、ReLU）；没有哪种尺度能挽救 sigmoid。")
def vanishing_init_figure() -> Figure:
    fig, axes = plt.subplots(1, 3, figsize=(9.0, 3.0), sharey=True)
    layers = np.arange(1, DEEP + 1)
    for ax, activation in zip(axes, DEEP_STYLES, strict=True):
        for init, style in zip(INIT_LABELS, ["-", "--", ":"], strict=True):
            norms = deep_mlp_gradient_norms(DEEP, activation, init=init)
            ax.semilogy(layers, norms, style, label=t(INIT_LABELS[init]))
        ax.set_title(DISPLAY[activation])
        ax.set_xlabel(t("layer l"))
    axes[0].set_ylabel(GRAD_NORM % "l")
    axes[0].set_yticks([10.0**k for k in range(-50, 1, 10)])
    axes[-1].legend(frameon=False, fontsize=9)
    return fig


# ---------------------------------------------------------------------------
# Beyond the chapter, part 2: "Modern activations". Each function through
# mlp_edu.autograd, and each derivative by backward(), as in section 1.2.
# ---------------------------------------------------------------------------
MODERN_X = (-4.0, 3.0, 0.01)  # arange(start, end, step): the interesting part is x < 0
# (label, Tensor -> Tensor, line style); leaky ReLU's slope is 0.1 here so it can be seen.
MODERN = [
    ("ReLU", lambda x: x.relu(), (0, (1, 2))),
    ("leaky ReLU (slope 0.1)", lambda x: x.leaky_relu(0.1), "--"),
    ("ELU", lambda x: x.elu(), "-."),
    ("softplus", lambda x: x.softplus(), "-"),
    ("GELU", lambda x: x.gelu(), "-"),
    ("SiLU", lambda x: x.silu(), (0, (5, 1, 1, 1, 1, 1))),
]


def _modern_colours() -> list[str]:
    """Six line colours: the scheme's four, then its text and axis colours."""
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    extra = [plt.rcParams["axes.edgecolor"], plt.rcParams["text.color"]]
    return [extra[0], *cycle[:3], extra[1], cycle[3]]


@register("modern_activations", alt="Six activation functions on x from -4 to 3 on one set "
          "of axes. All are close to the line y = x for positive x. For negative x, ReLU is 0, "
          "leaky ReLU (slope 0.1) a line down to -0.4, ELU a curve levelling off towards -1, "
          "softplus a smooth positive curve that is log 2 at 0, and GELU and SiLU dip below "
          "zero, to about -0.17 and -0.28, before returning towards 0.",
          caption="ReLU and its successors. Each is (nearly) the identity for large positive "
          "x; they differ in what they do with negative inputs and at the kink.",
          alt_zh="同一坐标系中的六个激活函数，x 从 -4 到 3。x 为正时它们都接近直线 y = x。x 为负时"
          "，ReLU 为 0；leaky ReLU（斜率 0.1）是一条降到 -0.4 的直线；ELU 是一条逐渐趋于 -1 的曲"
          "线；softplus 是一条平滑的正值曲线，在 0 处等于 log 2；GELU 和 SiLU 先降到零以下，分别"
          "到约 -0.17 和 -0.28，再回到 0 附近。",
          caption_zh="ReLU 及其后继者。x 取较大的正值时，它们都（几乎）是恒等函数；区别在于如何处"
          "理负输入，以及在折点处的表现。")
def modern_activations_figure() -> Figure:
    x = torch.arange(*MODERN_X)
    fig, ax = plt.subplots(figsize=(5.0, 3.4))
    for (label, f, style), colour in zip(MODERN, _modern_colours(), strict=True):
        ax.plot(x.numpy(), f(x).numpy(), linestyle=style, color=colour, label=t(label))
    ax.set_xlabel("x")
    ax.set_ylabel(t("activation(x)"))
    ax.set_ylim(-1.2, 3.0)
    ax.legend(frameon=False, fontsize=9)
    return fig


@register("modern_activations_grad", alt="The derivatives of the six activations on x from "
          "-4 to 3. ReLU's is a step from 0 to 1 and leaky ReLU's a step from 0.1 to 1. ELU's "
          "rises smoothly as exp(x) and meets 1 at 0 without a jump. Softplus's is the sigmoid, "
          "0.5 at 0. GELU's and SiLU's are also 0.5 at 0, dip slightly below 0 for negative x "
          "and overshoot 1 for positive x, to about 1.13 and 1.10, before settling at 1.",
          caption="Their derivatives, computed by backward(). Only ReLU's is 0 on the whole "
          "negative side; the smooth ones have no jump at 0.",
          alt_zh="六个激活函数的导数，x 从 -4 到 3。ReLU 的导数是从 0 到 1 的阶跃，leaky ReLU 的是"
          "从 0.1 到 1 的阶跃。ELU 的导数像 exp(x) 一样平滑上升，在 0 处无跳跃地到达 1。softplus "
          "的导数就是 sigmoid，在 0 处为 0.5。GELU 和 SiLU 的导数在 0 处也是 0.5，x 为负时略低于 "
          "0，x 为正时超过 1，分别到约 1.13 和 1.10，然后稳定在 1。",
          caption_zh="由 backward() 计算的导数。只有 ReLU 的导数在整个负半轴上为 0；平滑的那些在 0"
          " 处没有跳跃。")
def modern_activations_grad_figure() -> Figure:
    fig, ax = plt.subplots(figsize=(5.0, 3.4))
    for (label, f, style), colour in zip(MODERN, _modern_colours(), strict=True):
        x = torch.arange(*MODERN_X, requires_grad=True)
        f(x).sum().backward()
        ax.plot(x.detach().numpy(), x.grad.numpy(), linestyle=style, color=colour,
                label=t(label))
    ax.set_xlabel("x")
    ax.set_ylabel(t("derivative"))
    ax.legend(frameon=False, fontsize=9)
    return fig


import mlp_edu.figures_playground  # noqa: E402, F401  (the playground page's figure)
