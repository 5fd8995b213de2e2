"""The functions that draw every figure on the site, one a figure, each returning a Figure.

They draw what the chapter computes, with this package: the activations and
their derivatives through :mod:`mlp_edu.autograd`, the network diagrams, the
network trained on Iris, the gradients of deep stacks, the graph of the
network's loss, ReLU hinge fits and straight pieces, and the variance of signal
and gradient under each initialisation. Colours come from
matplotlib's rcParams, so a figure follows the colour scheme it is drawn in
(:func:`mlp_edu.plotting.theme`), and every English word goes through
:func:`mlp_edu.i18n.t`, so the Chinese pages show ``训练损失`` where the English
ones show ``training loss``.

Which figure a page shows, its alt text and its caption are the site's
business: ``sitebuild/figures.toml`` names each figure's drawing function here.

>>> fig = sigmoid_grad_figure()
>>> fig.axes[0].get_ylabel()
'grad of sigmoid(x)'
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

import mlp_edu.autograd as torch
from mlp_edu import chapter
from mlp_edu.activations import CATALOGUE, relu
from mlp_edu.compgraph import draw_graph
from mlp_edu.figures_playground import playground_end_figure
from mlp_edu.i18n import t

__all__ = [
    "relu_figure", "relu_grad_figure", "sigmoid_figure", "sigmoid_grad_figure",
    "tanh_figure", "tanh_grad_figure", "backward_graph_figure", "grad_accumulation_figure",
    "network_figure", "network_deep_figure", "training_curves_figure", "decision_regions_figure",
    "vanishing_gradients_figure", "vanishing_depth_figure", "vanishing_init_figure",
    "modern_activations_figure", "modern_activations_grad_figure",
    "backprop_graph_figure", "hinge_fits_figure", "polynomial_units_figure",
    "linear_pieces_figure", "init_variance_figure", "playground_end_figure",
]


def _cell_figure(name: str) -> Figure:
    """The figure the chapter's cells (:mod:`mlp_edu.chapter`) draw for ``name``.

    The cells draw all six figures of section 1.2; the other five are closed.
    """
    figures = dict(zip(chapter.FIGURES, chapter.cell_figures(), strict=True))
    for other, figure in figures.items():
        if other != name:
            plt.close(figure)
    return figures[name]


# Section 1.2: each activation and its derivative, drawn by the chapter's own cells.
def relu_figure() -> Figure:
    return _cell_figure("relu")


def relu_grad_figure() -> Figure:
    return _cell_figure("relu_grad")


def sigmoid_figure() -> Figure:
    return _cell_figure("sigmoid")


def sigmoid_grad_figure() -> Figure:
    return _cell_figure("sigmoid_grad")


def tanh_figure() -> Figure:
    return _cell_figure("tanh")


def tanh_grad_figure() -> Figure:
    return _cell_figure("tanh_grad")


# The page "What backward() does": the graph of y = sum(relu(x)), and the
# derivative plot with and without x.grad.zero_() between two backward() calls.
def backward_graph_figure() -> Figure:
    x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
    h = torch.relu(x)
    y = h.sum()
    return draw_graph(y, names={"x": x, "h": h, "y": y})


# --8<-- [start:accumulation_figure]
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


def network_figure() -> Figure:
    return draw_network([4, 5, 3])


def network_deep_figure() -> Figure:
    return draw_network([4, 6, 6, 3])


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
from mlp_edu.depth import deep_mlp_gradient_norms  # noqa: E402
from mlp_edu.init import RECOMMENDED_INIT  # noqa: E402

DEEP = 30  # layers in the deep stack of the figures and the page
DEEP_STYLES = {"sigmoid": "-", "tanh": "--", "relu": ":"}
INIT_LABELS = {"naive": "naive, std 0.01", "xavier": "Xavier", "he": "He"}
GRAD_NORM = r"$\Vert\partial\,\mathrm{loss}/\partial W_{%s}\Vert$"  # mathtext


def vanishing_gradients_figure() -> Figure:
    fig, ax = plt.subplots(figsize=(5.0, 3.0))
    layers = np.arange(1, DEEP + 1)
    for activation, style in DEEP_STYLES.items():
        init = RECOMMENDED_INIT[activation]
        norms = deep_mlp_gradient_norms(DEEP, activation, init=init)
        label = f"{CATALOGUE[activation].label}, {t(INIT_LABELS[init])}"
        ax.semilogy(layers, norms, style, label=label)
        if activation == "sigmoid":  # the guide: a factor 1/4 per layer, from the last layer
            guide = norms[-1] * 0.25 ** (DEEP - layers)
            ax.semilogy(layers, guide, ":", color=plt.rcParams["axes.edgecolor"], lw=1.0,
                        label=t("× 1/4 per layer"))
    ax.set_xlabel(t("layer l (1 = nearest the input)"))
    ax.set_ylabel(GRAD_NORM % "l")
    ax.legend(frameon=False, fontsize=9)
    return fig


def vanishing_depth_figure() -> Figure:
    fig, ax = plt.subplots(figsize=(5.0, 3.0))
    depths = np.arange(2, DEEP + 1)
    for activation, style in DEEP_STYLES.items():
        init = RECOMMENDED_INIT[activation]
        first = [deep_mlp_gradient_norms(int(d), activation, init=init)[0] for d in depths]
        ax.semilogy(depths, first, style,
                    label=f"{CATALOGUE[activation].label}, {t(INIT_LABELS[init])}")
    ax.set_xlabel(t("depth (number of layers)"))
    ax.set_ylabel(GRAD_NORM % "1")
    ax.legend(frameon=False, fontsize=9)
    return fig


def vanishing_init_figure() -> Figure:
    fig, axes = plt.subplots(1, 3, figsize=(9.0, 3.0), sharey=True)
    layers = np.arange(1, DEEP + 1)
    for ax, activation in zip(axes, DEEP_STYLES, strict=True):
        for init, style in zip(INIT_LABELS, ["-", "--", ":"], strict=True):
            norms = deep_mlp_gradient_norms(DEEP, activation, init=init)
            ax.semilogy(layers, norms, style, label=t(INIT_LABELS[init]))
        ax.set_title(CATALOGUE[activation].label)
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
# (activation of the catalogue, its parameters, line style): leaky ReLU's slope is 0.1
# here so it can be seen.
MODERN = [
    ("relu", (), (0, (1, 2))),
    ("leaky_relu", (0.1,), "--"),
    ("elu", (), "-."),
    ("softplus", (), "-"),
    ("gelu", (), "-"),
    ("silu", (), (0, (5, 1, 1, 1, 1, 1))),
]


def _modern_label(name: str, parameters: tuple[float, ...]) -> str:
    """The legend's name of a curve: the activation's, with leaky ReLU's slope if given."""
    label = CATALOGUE[name].label
    return t(f"{label} (slope {parameters[0]})" if parameters else label)


def _modern_colours() -> list[str]:
    """Six line colours: the scheme's four, then its text and axis colours."""
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    extra = [plt.rcParams["axes.edgecolor"], plt.rcParams["text.color"]]
    return [extra[0], *cycle[:3], extra[1], cycle[3]]


def modern_activations_figure() -> Figure:
    x = torch.arange(*MODERN_X)
    fig, ax = plt.subplots(figsize=(5.0, 3.4))
    for (name, parameters, style), colour in zip(MODERN, _modern_colours(), strict=True):
        y = getattr(x, name)(*parameters)
        ax.plot(x.numpy(), y.numpy(), linestyle=style, color=colour,
                label=_modern_label(name, parameters))
    ax.set_xlabel("x")
    ax.set_ylabel(t("activation(x)"))
    ax.set_ylim(-1.2, 3.0)
    ax.legend(frameon=False, fontsize=9)
    return fig


def modern_activations_grad_figure() -> Figure:
    fig, ax = plt.subplots(figsize=(5.0, 3.4))
    for (name, parameters, style), colour in zip(MODERN, _modern_colours(), strict=True):
        x = torch.arange(*MODERN_X, requires_grad=True)
        getattr(x, name)(*parameters).sum().backward()
        ax.plot(x.detach().numpy(), x.grad.numpy(), linestyle=style, color=colour,
                label=_modern_label(name, parameters))
    ax.set_xlabel("x")
    ax.set_ylabel(t("derivative"))
    ax.legend(frameon=False, fontsize=9)
    return fig

# ---------------------------------------------------------------------------
# Forward and backward propagation: the graph autograd records for the loss of
# the 4-5-3 network on the page's minibatch (mlp_edu.backprop, mlp_edu.compgraph).
# ---------------------------------------------------------------------------
from mlp_edu.approximation import (  # noqa: E402
    hinge_fit,
    interpolation_bound,
    least_squares_fit,
    linear_pieces,
    max_error,
    sawtooth_layers,
)
from mlp_edu.backprop import autograd_forward, example_minibatch  # noqa: E402
from mlp_edu.compgraph import draw_loss_graph  # noqa: E402
from mlp_edu.init_variance import signal_variances  # noqa: E402


def backprop_graph_figure() -> Figure:
    net, X, y = example_minibatch()
    return draw_loss_graph(autograd_forward(net, X, y))


# ---------------------------------------------------------------------------
# Why one hidden layer can be enough: hinge fits and straight pieces
# (mlp_edu.approximation).
# ---------------------------------------------------------------------------
SINE_INTERVAL = (-np.pi, np.pi)
SHOWN_K = (2, 4, 8)
ERROR_K = (2, 4, 8, 16, 32, 64, 128)


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
