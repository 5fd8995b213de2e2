"""Every figure on the site: its name, the function that draws it, its alt text.

A page asks for a figure by name (``[[figure relu]]``); the site build calls
the registered function once per colour scheme and serves the SVG it returns.
Nothing here writes into ``docs/``; figures are never committed.

To add a figure, write a function that returns a matplotlib ``Figure`` and
decorate it with :func:`register`:

>>> REGISTRY["sigmoid_grad"].alt[:33]
'The derivative of sigmoid on x fr'
>>> REGISTRY["sigmoid_grad"].draw.__name__
'sigmoid_grad_figure'
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

import mlp_edu.autograd as torch
from mlp_edu.compgraph import draw_graph
from mlp_edu.plotting import THEMES, theme, xyplot

__all__ = ["FigureSpec", "REGISTRY", "register", "render_svg", "chapter_x"]


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: ``draw()`` returns a matplotlib Figure."""

    name: str
    draw: Callable[[], Figure]
    alt: str
    caption: str

    @property
    def qualname(self) -> str:
        """Where the drawing function lives, e.g. ``mlp_edu.figures.relu_figure``."""
        return f"{self.draw.__module__}.{self.draw.__qualname__}"


REGISTRY: dict[str, FigureSpec] = {}


def register(name: str, *, alt: str, caption: str) -> Callable[[Callable[[], Figure]], Callable]:
    """Add the decorated drawing function to :data:`REGISTRY` under ``name``."""
    if not name.replace("_", "").replace("-", "").isalnum():
        raise ValueError(f"figure name must be letters, digits, '-' or '_'; got {name!r}")

    def add(draw: Callable[[], Figure]) -> Callable[[], Figure]:
        if name in REGISTRY:
            raise ValueError(f"figure {name!r} is registered twice")
        if not alt.strip():
            raise ValueError(f"figure {name!r} needs alt text")
        REGISTRY[name] = FigureSpec(name=name, draw=draw, alt=alt, caption=caption)
        return draw

    return add


def render_svg(name: str, scheme: str = "light") -> bytes:
    """Draw figure ``name`` in colour ``scheme`` and return its SVG bytes.

    The bytes are the same on every call: matplotlib's ids are salted with a
    fixed string and the date is left out of the metadata.

    >>> render_svg("relu") == render_svg("relu")
    True
    >>> render_svg("nope")
    Traceback (most recent call last):
    KeyError: "no figure named 'nope'; registered: ..."
    """
    if name not in REGISTRY:
        raise KeyError(f"no figure named {name!r}; registered: {sorted(REGISTRY)}")
    if scheme not in THEMES:
        raise ValueError(f"scheme must be one of {list(THEMES)}; got {scheme!r}")
    with theme(scheme):
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
          caption="ReLU(x) = max(x, 0).")
def relu_figure() -> Figure:
    x = torch.arange(-8.0, 8.0, 0.1)
    return xyplot(x, torch.relu(x), "relu")


# --8<-- [start:relu_grad_figure]
@register("relu_grad", alt="The derivative of ReLU on x from -8 to 8: a step that is 0 "
          "for negative x and 1 for positive x.",
          caption="The derivative of ReLU, computed by backward(): 0 left of the origin, "
          "1 right of it.")
def relu_grad_figure() -> Figure:
    x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
    y = torch.relu(x)
    y.backward(torch.ones_like(x), retain_graph=True)
    return xyplot(x, x.grad, "grad of relu")
# --8<-- [end:relu_grad_figure]


@register("sigmoid", alt="The sigmoid function on x from -8 to 8: an S-shaped curve "
          "rising from near 0 to near 1, passing 0.5 at x = 0.",
          caption="σ(x) = 1/(1 + exp(−x)) squashes every input into (0, 1).")
def sigmoid_figure() -> Figure:
    x = torch.arange(-8.0, 8.0, 0.1)
    return xyplot(x, torch.sigmoid(x), "sigmoid")


# --8<-- [start:sigmoid_grad_figure]
@register("sigmoid_grad", alt="The derivative of sigmoid on x from -8 to 8: a bell-shaped "
          "curve with its peak of 0.25 at x = 0, falling towards 0 on both sides.",
          caption="σ'(x) = σ(x)(1 − σ(x)), computed by backward(), peaks at 0.25 at the origin.")
def sigmoid_grad_figure() -> Figure:
    x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
    y = torch.sigmoid(x)
    y.backward(torch.ones_like(x), retain_graph=True)
    return xyplot(x, x.grad, "grad of sigmoid")
# --8<-- [end:sigmoid_grad_figure]


@register("tanh", alt="The tanh function on x from -8 to 8: an S-shaped curve rising "
          "from near -1 to near 1, passing through the origin.",
          caption="tanh(x) squashes every input into (−1, 1), symmetric about the origin.")
def tanh_figure() -> Figure:
    x = torch.arange(-8.0, 8.0, 0.1)
    return xyplot(x, torch.tanh(x), "tanh")


# --8<-- [start:tanh_grad_figure]
@register("tanh_grad", alt="The derivative of tanh on x from -8 to 8: a narrow bell-shaped "
          "curve with its peak of 1 at x = 0, falling towards 0 on both sides.",
          caption="tanh'(x) = 1 − tanh²(x), computed by backward(), peaks at 1 at the origin.")
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
          "from y back to x.")
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
          "of ReLU's. Right: x.grad.zero_() in between gives the true derivative.")
def grad_accumulation_figure() -> Figure:
    fig, (wrong, right) = plt.subplots(1, 2, figsize=(9.0, 2.8), sharey=True)
    for ax, reset in [(wrong, False), (right, True)]:
        x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
        torch.relu(x).sum().backward()  # x.grad now holds ReLU's derivative
        if reset:
            x.grad.zero_()
        torch.sigmoid(x).sum().backward()  # adds the sigmoid's derivative to x.grad
        ax.plot(x.detach().numpy(), x.grad.numpy())
        ax.set_title("with x.grad.zero_()" if reset else "without x.grad.zero_()")
        ax.set_xlabel("x")
    wrong.set_ylabel("x.grad")
    return fig
# --8<-- [end:accumulation_figure]
