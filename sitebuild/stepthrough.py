"""The step-through of the page "Forward and backward propagation": one flower, step by step.

``[[stepthrough]]`` on a page becomes the chapter's 4-5-3 diagram (plus the
loss on top) with buttons to go forward and backward one step at a time. At
each step the diagram shows the numbers of that step: the flower's values
flowing up through the layers, then the gradients flowing back down.

Every number comes from :mod:`mlp_edu.backprop` at build time
(:func:`stepthrough_data`, served as ``assets/stepthrough.json``); the page's
script (``javascripts/stepthrough.js``) only looks them up and shows them. What
each step displays, row by row, is decided here too, so the script does no
arithmetic on the model. The words are in the page's language, from
``sitebuild/words.toml`` (:func:`sitebuild.i18n.t`); the formulas are typeset
by the build like any other.

>>> data = stepthrough_data()
>>> [step["key"] for step in data["steps"]][:3]
['x', 'z', 'h']
>>> len(data["steps"])
10
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

import numpy as np

from mlp_edu.backprop import backward, example_minibatch, forward
from mlp_edu.data import FEATURES, SPECIES
from mlp_edu.i18n import DEFAULT
from mlp_edu.losses import softmax
from mlp_edu.training import iris_split
from sitebuild.i18n import t

__all__ = ["DATA_PATH", "STEPS", "Step", "expand_stepthrough", "stepthrough_data",
           "stepthrough_files", "stepthrough_html", "stepthrough_json"]

DATA_PATH = "assets/stepthrough.json"  # where the data lives in the built site
LINE = re.compile(r"^\[\[stepthrough\]\]\s*$", re.MULTILINE)
LAYERS = ("input", "hidden", "output", "loss")
SIZES = {"input": 4, "hidden": 5, "output": 3, "loss": 1}
EDGE_GROUPS = ("input-hidden", "hidden-output", "output-loss")
DIGITS = {"nodes": 2, "table": 3}  # decimals the script shows in the diagram and the table


@dataclass(frozen=True)
class Step:
    """One step: its key, its direction, and its words (English, translated by ``t``)."""

    key: str
    direction: str  # "forward" or "backward"
    title: str
    tex: str  # the formula, typeset by the build's KaTeX
    explanation: str


# --8<-- [start:steps]
STEPS = (
    Step("x", "forward", "The input",
         r"\mathbf{x} = (x_1, x_2, x_3, x_4)",
         "The flower's four measurements, standardised as on the training page."),
    Step("z", "forward", "The hidden layer's input",
         r"\mathbf{z} = \mathbf{x}\mathbf{W}_h + \mathbf{b}_h",
         "Each hidden unit adds up the four inputs, each times the weight on its arrow, "
         "plus its bias."),
    Step("h", "forward", "The activation",
         r"\mathbf{h} = \operatorname{ReLU}(\mathbf{z})",
         "A negative input becomes 0: that unit is off for this flower."),
    Step("o", "forward", "The outputs",
         r"\mathbf{o} = \mathbf{h}\mathbf{W}_o + \mathbf{b}_o",
         "Each output adds up the five hidden values, each times the weight on its arrow, "
         "plus its bias."),
    Step("loss", "forward", "Softmax and the loss",
         r"\hat{\mathbf{y}} = \operatorname{softmax}(\mathbf{o}), \quad \ell = -\log \hat{y}_y",
         "The outputs become probabilities; the loss is minus the logarithm of the true "
         "species' probability."),
    Step("grad_o", "backward", "The gradient of the outputs",
         r"\partial\ell/\partial\mathbf{o} = \hat{\mathbf{y}} - \operatorname{onehot}(y)",
         "Negative for the true species, positive for the other two: raising the true "
         "species' output would lower the loss."),
    Step("grad_W_o", "backward", "The output layer's parameters",
         r"\partial\ell/\partial\mathbf{W}_o = \mathbf{h}^\top\,\partial\ell/\partial\mathbf{o},"
         r" \quad \partial\ell/\partial\mathbf{b}_o = \partial\ell/\partial\mathbf{o}",
         "The arrow from hidden unit j to output k gets h_j times output k's gradient, so the "
         "arrows from a unit that is off get 0."),
    Step("grad_h", "backward", "Back to the hidden layer",
         r"\partial\ell/\partial\mathbf{h} = \partial\ell/\partial\mathbf{o}\,\mathbf{W}_o^\top",
         "Each hidden unit collects the outputs' gradients along its three arrows, each times "
         "the weight on the arrow."),
    Step("grad_z", "backward", "Through the activation",
         r"\partial\ell/\partial\mathbf{z} = \partial\ell/\partial\mathbf{h} \odot "
         r"\operatorname{ReLU}'(\mathbf{z})",
         "ReLU's derivative is 1 where a unit is on and 0 where it is off: a unit that was "
         "off stops the gradient."),
    Step("grad_W_h", "backward", "The hidden layer's parameters",
         r"\partial\ell/\partial\mathbf{W}_h = \mathbf{x}^\top\,\partial\ell/\partial\mathbf{z},"
         r" \quad \partial\ell/\partial\mathbf{b}_h = \partial\ell/\partial\mathbf{z}",
         "Every parameter now has its gradient; a step of gradient descent would move each "
         "one against it."),
)
# --8<-- [end:steps]

# How a row of the diagram and a column of the tables name what they show (plain text).
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SYMBOL = {"input": "x", "hidden": "h", "output": "o"}
# What the script writes, by the data-text-* attribute that carries it.
SCRIPT_TEXT = {
    "counter": "Step {step} of {steps}",
    "live": "Step {step} of {steps}, {direction}: {title}. {values}",
    "forward": "forward",
    "backward": "backward",
    "entries": "The table lists its {count} entries.",
    "error": "The step-through could not load its data ({error}).",
}


def _names(symbol: str, count: int) -> list[str]:
    """``["h₁", ..., "h₅"]``: the units of a layer, as the tables and the diagram name them."""
    return [f"{symbol}{str(i).translate(SUBSCRIPTS)}" for i in range(1, count + 1)]


def _row(values) -> list[float]:
    return [float(v) for v in np.asarray(values).ravel()]


def _edge_sizes(matrix: np.ndarray) -> list[list[float]]:
    """Each edge's gradient relative to the largest in size: how thick the script draws it."""
    largest = float(np.abs(matrix).max()) or 1.0
    return [[round(abs(float(v)) / largest, 4) for v in row] for row in matrix]


def stepthrough_data() -> dict:
    """The step-through's numbers: the flower, and for each step what every row shows.

    Each step has ``rows``: for each layer of the diagram, the symbol and the
    values its units show at that step (the latest quantity computed for that
    layer); ``active``: the groups of arrows the step uses; for the two weight
    gradients ``edges``, each arrow's gradient and its size relative to the
    largest; and ``table``: the step's own numbers with their names.

    >>> step = stepthrough_data()["steps"][1]
    >>> step["key"], step["rows"]["hidden"]["symbol"], len(step["rows"]["hidden"]["values"])
    ('z', 'z', 5)
    """
    net, X, y = example_minibatch(1)
    fp = forward(net, X, y)
    g = backward(fp, net)
    probabilities = softmax(fp.O)
    raw = iris_split().X_train_raw[0]
    label = int(y[0])

    shown: dict[str, dict] = {}
    steps = []

    def show(layer: str, symbol: str, values) -> None:
        shown[layer] = {"symbol": symbol, "values": _row(values)}

    def vector_table(symbol: str, values, layer: str) -> dict:
        return {"corner": "", "columns": _names(SYMBOL[layer], SIZES[layer]),
                "rows": [{"label": symbol, "values": _row(values)}]}

    def matrix_table(weights: str, bias: str, matrix, bias_values, rows: str, columns: str):
        # Row j, column k: the arrow from unit j of the lower layer to unit k of the upper.
        return {"corner": weights, "columns": _names(SYMBOL[columns], SIZES[columns]),
                "rows": [*({"label": name, "values": _row(line)}
                           for name, line in zip(_names(SYMBOL[rows], SIZES[rows]), matrix,
                                                 strict=True)),
                         {"label": bias, "values": _row(bias_values)}]}

    for step in STEPS:
        entry: dict = {"key": step.key, "direction": step.direction, "active": []}
        if step.key == "x":
            show("input", "x", X)
            entry["table"] = vector_table("x", X, "input")
        elif step.key == "z":
            show("hidden", "z", fp.Z)
            entry["active"] = ["input-hidden"]
            entry["table"] = vector_table("z", fp.Z, "hidden")
        elif step.key == "h":
            show("hidden", "h", fp.H)
            entry["table"] = vector_table("h", fp.H, "hidden")
        elif step.key == "o":
            show("output", "o", fp.O)
            entry["active"] = ["hidden-output"]
            entry["table"] = vector_table("o", fp.O, "output")
        elif step.key == "loss":
            show("output", "ŷ", probabilities)
            show("loss", "ℓ", [fp.loss])
            entry["active"] = ["output-loss"]
            entry["table"] = vector_table("ŷ", probabilities, "output")
            entry["scalar"] = {"label": "ℓ", "value": fp.loss}
        elif step.key == "grad_o":
            show("output", "∂ℓ/∂o", g["O"])
            entry["active"] = ["output-loss"]
            entry["table"] = vector_table("∂ℓ/∂o", g["O"], "output")
        elif step.key == "grad_W_o":
            entry["edges"] = {"group": "hidden-output", "values": g["W_o"].tolist(),
                              "sizes": _edge_sizes(g["W_o"])}
            entry["table"] = matrix_table("∂ℓ/∂W_o", "∂ℓ/∂b_o", g["W_o"], g["b_o"], "hidden",
                                          "output")
        elif step.key == "grad_h":
            show("hidden", "∂ℓ/∂h", g["H"])
            entry["active"] = ["hidden-output"]
            entry["table"] = vector_table("∂ℓ/∂h", g["H"], "hidden")
        elif step.key == "grad_z":
            show("hidden", "∂ℓ/∂z", g["Z"])
            entry["table"] = vector_table("∂ℓ/∂z", g["Z"], "hidden")
        elif step.key == "grad_W_h":
            entry["edges"] = {"group": "input-hidden", "values": g["W_h"].tolist(),
                              "sizes": _edge_sizes(g["W_h"])}
            entry["table"] = matrix_table("∂ℓ/∂W_h", "∂ℓ/∂b_h", g["W_h"], g["b_h"], "input",
                                          "hidden")
        else:  # pragma: no cover - STEPS and this function are kept together
            raise ValueError(f"no numbers for step {step.key!r}")
        entry["rows"] = {layer: dict(shown[layer]) for layer in LAYERS if layer in shown}
        steps.append(entry)
    return {
        "flower": {"measurements": _row(raw), "features": list(FEATURES),
                   "species": SPECIES[label], "label": label, "inputs": _row(X)},
        "sizes": SIZES,
        "digits": DIGITS,
        "steps": steps,
    }


def stepthrough_json() -> bytes:
    """The data as the JSON bytes the site serves at :data:`DATA_PATH`; numbers in full.

    >>> stepthrough_json() == stepthrough_json()
    True
    """
    text = json.dumps(stepthrough_data(), separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
    return (text + "\n").encode()


def stepthrough_files() -> dict[str, bytes]:
    """``{DATA_PATH: JSON bytes}``, for the build to serve in memory."""
    return {DATA_PATH: stepthrough_json()}


# The diagram, in SVG units: the chapter's layout (inputs at the bottom), plus the loss.
WIDTH, HEIGHT, RADIUS, SPACING = 360, 352, 25, 68
ROW_Y = {"loss": 50, "output": 140, "hidden": 230, "input": 320}


def _positions(layer: str) -> list[tuple[float, float]]:
    count = SIZES[layer]
    return [(WIDTH / 2 + (i - (count - 1) / 2) * SPACING, ROW_Y[layer]) for i in range(count)]


def _diagram() -> str:
    parts = [f'<svg class="mlp-step__svg" viewBox="0 0 {WIDTH} {HEIGHT}" aria-hidden="true" '
             'focusable="false">']
    for group in EDGE_GROUPS:
        lower, upper = group.split("-")
        for i, (x0, y0) in enumerate(_positions(lower)):
            for j, (x1, y1) in enumerate(_positions(upper)):
                length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
                ux, uy = (x1 - x0) / length * RADIUS, (y1 - y0) / length * RADIUS
                parts.append(f'<line class="mlp-step__edge" data-group="{group}" data-from="{i}" '
                             f'data-to="{j}" x1="{x0 + ux:.1f}" y1="{y0 + uy:.1f}" '
                             f'x2="{x1 - ux:.1f}" y2="{y1 - uy:.1f}"/>')
    for layer in LAYERS:
        for i, (x, y) in enumerate(_positions(layer)):
            parts.append(f'<g class="mlp-step__node" data-layer="{layer}" data-index="{i}">'
                         f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS}"/>'
                         f'<text class="mlp-step__value" x="{x:.1f}" y="{y + 4.5:.1f}" '
                         'text-anchor="middle"></text></g>')
        parts.append(f'<text class="mlp-step__symbol" data-layer="{layer}" x="6" '
                     f'y="{ROW_Y[layer] - RADIUS - 8}"></text>')
    parts.append("</svg>")
    return "".join(parts)


def _math(tex: str) -> str:
    """An inline formula as pymdownx.arithmatex writes it; the build typesets it."""
    return f'<span class="arithmatex">\\({html.escape(tex)}\\)</span>'


def stepthrough_html(lang: str = DEFAULT) -> str:
    """The widget's markup in ``lang``: the diagram, the buttons, each step's words, a live region.

    Everything but the first step's words stays hidden until
    ``javascripts/stepthrough.js`` has the data; without JavaScript a note
    says where the same numbers are.

    >>> markup = stepthrough_html()
    >>> markup.count('data-step-text='), '<button type="button"' in markup
    (10, True)
    >>> "上一步" in stepthrough_html("zh")
    True
    """
    data = stepthrough_data()
    flower = data["flower"]
    cm = t(", ", lang).join(f"{t(name.replace('_', ' '), lang)} {value:g} cm"
                            for name, value in zip(flower["features"], flower["measurements"],
                                                   strict=True))
    intro = t("The first flower of the minibatch, a {species}: {measurements}.", lang).format(
        species=flower["species"], measurements=cm)
    texts = "".join(f' data-text-{key}="{html.escape(t(text, lang))}"'
                    for key, text in SCRIPT_TEXT.items())
    step_texts = []
    for number, step in enumerate(STEPS):
        step_texts.append(
            f'<div class="mlp-step__text" data-step-text="{number}" '
            f'data-title="{html.escape(t(step.title, lang))}"'
            f'{"" if number == 0 else " hidden"}>'
            f'<p class="mlp-step__title"><span class="mlp-step__direction">'
            f'{t(step.direction, lang)}</span> {html.escape(t(step.title, lang))}</p>'
            f'<p class="mlp-step__formula">{_math(step.tex)}</p>'
            f'<p class="mlp-step__explanation">{html.escape(t(step.explanation, lang))}</p>'
            "</div>")
    label = t("Step-through: forward and backward propagation for one flower", lang)
    return "\n".join([
        f'<div class="mlp-step" data-mlp-stepthrough lang="{lang}" role="group" '
        f'aria-label="{html.escape(label)}"{texts}>',
        f'<p class="mlp-step__intro">{html.escape(intro)}</p>',
        '<div class="mlp-step__ui" hidden>',
        '<div class="mlp-step__controls">',
        f'<button type="button" class="md-button md-button--primary mlp-step__previous">'
        f'{t("Previous step", lang)}</button>',
        '<span class="mlp-step__counter" aria-hidden="true"></span>',
        f'<button type="button" class="md-button md-button--primary mlp-step__next">'
        f'{t("Next step", lang)}</button>',
        "</div>",
        f'<div class="mlp-step__figure" tabindex="0" role="img" '
        f'aria-label="{html.escape(t("The 4-5-3 network and the loss", lang))}">{_diagram()}</div>',
        *step_texts,
        f'<div class="mlp-step__table-wrap" role="region" '
        f'aria-label="{html.escape(t("The numbers of this step", lang))}">'
        '<table class="mlp-step__table"></table></div>',
        '<p class="mlp-step__live" aria-live="polite"></p>',
        "</div>",
        '<noscript><p class="mlp-step__noscript">'
        + t("The step-through needs JavaScript. Its numbers are what "
            "<code>mlp_edu.backprop</code> computes for the first flower of this page's "
            "minibatch, <code>example_minibatch(1)</code>.", lang)
        + "</p></noscript>",
        "</div>",
    ])


def expand_stepthrough(markdown: str, lang: str = DEFAULT) -> str:
    """Replace each ``[[stepthrough]]`` line with the widget's markup in ``lang``.

    >>> page = expand_stepthrough("Try it:\\n\\n[[stepthrough]]\\n")
    >>> "[[stepthrough]]" in page, "data-mlp-stepthrough" in page
    (False, True)
    """
    if not LINE.search(markdown):
        return markdown
    return LINE.sub(lambda match: stepthrough_html(lang), markdown)
