"""The derivative explorer on the 1.2 page: its data, computed by ``mlp_edu``, and its markup.

The explorer lets a reader move x with a slider, pick an activation, and read
f(x), f'(x) and the tangent line at x. It needs no Python kernel: at build time
:func:`explorer_json` evaluates every activation of the catalogue
(:data:`mlp_edu.activations.CATALOGUE`) and its derivative on a grid of x
values, and the page's script only looks the numbers up and draws them. The
math exists once, in the package.

- :func:`explorer_activations` lists the activations the explorer offers.
- :func:`explorer_data` tabulates them; :func:`explorer_json` gives the bytes
  the site serves (:func:`explorer_files`); :func:`explorer_html` the widget's
  markup, in the page's language: its labels, and in ``data-text-*``
  attributes the sentences the script writes (see :data:`SCRIPT_TEXT`), come
  from :mod:`sitebuild.i18n`. :func:`expand_explorer` puts it where a page
  has the line ``[[explorer]]``.
"""

from __future__ import annotations

import html
import inspect
import json
import re

import numpy as np

from mlp_edu.activations import CATALOGUE, Activation
from mlp_edu.i18n import DEFAULT
from sitebuild.i18n import t

__all__ = ["DATA_PATH", "expand_explorer", "explorer_activations", "explorer_data",
           "explorer_files", "explorer_html", "explorer_json", "explorer_x"]

# The slider's grid: x = -8, -7.95, ..., 8 (321 points), as x_i = i / 20 - 8.
X_MIN, X_MAX, STEPS_PER_UNIT = -8, 8, 20
X_STEP = 1 / STEPS_PER_UNIT
DEFAULT_ACTIVATION, DEFAULT_X = "sigmoid", 1.0
DATA_PATH = "assets/explorer.json"  # where the data lives in the built site
# What javascripts/explorer.js writes, by the data-text-* attribute that carries
# it; {placeholders} are filled in by the script.
SCRIPT_TEXT = {
    "tangent": "tangent at x",
    "plot": "Plot of {f}(x) for x from {lo} to {hi}. At x = {x} the function is {y} and its "
            "tangent line has slope {slope}.",
    "live": "x = {x}, {f}(x) = {y}, derivative {slope}",
    "error": "The derivative explorer could not load its data ({error}).",
    # The address (?act=NAME&x=NUMBER) asked for what the explorer cannot show.
    "bad-activation": "The address asks for the activation \u201c{value}\u201d, which the "
                      "explorer does not have: it shows {f} instead.",
    "bad-x": "The address asks for x = \u201c{value}\u201d, which is not a number from {lo} "
             "to {hi}: the explorer shows x = {x} instead.",
}


def explorer_x() -> np.ndarray:
    """The explorer's x grid: -8 to 8 in steps of 0.05, each the double nearest its decimal.

    Computed as ``i / 20`` (one correctly rounded division) rather than by
    adding 0.05 repeatedly, so the grid point 1.0 is exactly 1.0.

    >>> x = explorer_x()
    >>> len(x), float(x[0]), float(x[180]), float(x[-1])
    (321, -8.0, 1.0, 8.0)
    >>> float(x[161])
    0.05
    """
    steps = np.arange(X_MIN * STEPS_PER_UNIT, X_MAX * STEPS_PER_UNIT + 1)
    return steps / STEPS_PER_UNIT


def _takes_x_alone(activation: Activation) -> bool:
    try:
        inspect.signature(activation.f).bind(0.0)
        inspect.signature(activation.grad).bind(0.0)
    except (TypeError, ValueError):
        return False
    return True


def explorer_activations() -> list[Activation]:
    """Every activation of the catalogue that can be called with x alone, in its order.

    ReLU, sigmoid and tanh come first, as in the chapter (and the catalogue);
    one that needs more than x (a parameter without a default) is left out.

    >>> [a.name for a in explorer_activations()][:3]
    ['relu', 'sigmoid', 'tanh']
    """
    return [activation for activation in CATALOGUE.values() if _takes_x_alone(activation)]


def explorer_data() -> dict:
    """The explorer's table: the x grid and, for each activation, f and f' on it.

    >>> data = explorer_data()
    >>> data["x"]["step"], len(data["x"]["values"])
    (0.05, 321)
    >>> sigmoid = next(a for a in data["activations"] if a["name"] == "sigmoid")
    >>> sigmoid["label"], sigmoid["f"][180], sigmoid["grad"][180]
    ('sigmoid', 0.7310585786300049, 0.19661193324148185)
    """
    x = explorer_x()
    table = []
    for activation in explorer_activations():
        f, grad = np.asarray(activation.f(x)), np.asarray(activation.grad(x))
        if f.shape != x.shape or grad.shape != x.shape:
            raise ValueError(f"{activation.name}: expected values of shape {x.shape}")
        if not (np.all(np.isfinite(f)) and np.all(np.isfinite(grad))):
            raise ValueError(f"{activation.name}: a value on the explorer's grid is not finite")
        table.append({
            "name": activation.name,
            "label": activation.label,
            "f": [float(v) for v in f],
            "grad": [float(v) for v in grad],
        })
    return {
        "x": {"min": X_MIN, "max": X_MAX, "step": X_STEP, "values": [float(v) for v in x]},
        "default": {"activation": DEFAULT_ACTIVATION, "x": DEFAULT_X},
        "activations": table,
    }


def explorer_json() -> bytes:
    """The explorer's table as the JSON bytes the site serves at ``assets/explorer.json``.

    Numbers are written in full (Python's shortest round-trip form), so the
    page shows exactly what the package computes; the same package gives the
    same bytes.

    >>> explorer_json() == explorer_json()
    True
    >>> json.loads(explorer_json())["default"]
    {'activation': 'sigmoid', 'x': 1.0}
    """
    text = json.dumps(explorer_data(), separators=(",", ":"), allow_nan=False)
    return (text + "\n").encode()


def explorer_html(lang: str = DEFAULT) -> str:
    """The widget's markup: labelled controls, a place for the plot, a live region.

    The controls stay hidden until ``javascripts/explorer.js`` has the data;
    without JavaScript the ``<noscript>`` note says where the same numbers are.
    Labels and the script's sentences are in ``lang``.

    >>> markup = explorer_html()
    >>> '<option value="sigmoid" selected>sigmoid</option>' in markup
    True
    >>> 'type="range" min="-8" max="8" step="0.05" value="1"' in markup
    True
    >>> '<label for="mlp-explorer-x">输入 x</label>' in explorer_html("zh")
    True
    """
    options = "".join(
        f'<option value="{a.name}"{" selected" if a.name == DEFAULT_ACTIVATION else ""}>'
        f"{html.escape(a.label)}</option>"
        for a in explorer_activations()
    )
    value = f"{DEFAULT_X:g}"
    texts = "".join(f' data-text-{key}="{html.escape(t(text, lang))}"'
                    for key, text in SCRIPT_TEXT.items())
    return "\n".join([
        f'<div class="mlp-explorer" data-mlp-explorer lang="{lang}"{texts}>',
        '<div class="mlp-explorer__ui" hidden>',
        '<div class="mlp-explorer__controls">',
        '<div class="mlp-explorer__control">',
        f'<label for="mlp-explorer-activation">{t("Activation", lang)}</label>',
        '<select class="mlp-explorer__activation" id="mlp-explorer-activation">',
        f"{options}</select>",
        "</div>",
        '<div class="mlp-explorer__control mlp-explorer__control--x">',
        f'<label for="mlp-explorer-x">{t("Input x", lang)}</label>',
        f'<input class="mlp-explorer__x" id="mlp-explorer-x" type="range" min="{X_MIN}" '
        f'max="{X_MAX}" step="{X_STEP:g}" value="{value}">',
        "</div>",
        "</div>",
        '<p class="mlp-explorer__notice" role="status" hidden></p>',
        '<div class="mlp-explorer__main">',
        '<div class="mlp-explorer__plot"></div>',
        '<dl class="mlp-explorer__values">',
        '<div><dt>x</dt><dd class="mlp-explorer__value-x"></dd></div>',
        '<div><dt class="mlp-explorer__name-f">f(x)</dt>'
        '<dd class="mlp-explorer__value-f"></dd></div>',
        '<div><dt class="mlp-explorer__name-grad">f′(x)</dt>'
        '<dd class="mlp-explorer__value-grad"></dd></div>',
        "</dl>",
        "</div>",
        '<p class="mlp-explorer__live" aria-live="polite"></p>',
        "</div>",
        '<noscript><p class="mlp-explorer__noscript">'
        + t("The derivative explorer needs JavaScript. The same values, computed by "
            "<code>mlp_edu.activations</code>, are in the plots above and in the doctests on "
            "this page.", lang)
        + "</p></noscript>",
        "</div>",
    ])


# `[[explorer]]` on a page becomes the widget, whose script reads the table
# that explorer_files puts into the build.
EXPLORER_LINE = re.compile(r"^\[\[explorer\]\]\s*$", re.MULTILINE)


def explorer_files() -> dict[str, bytes]:
    """The explorer's data, ``{"assets/explorer.json": JSON bytes}``, for the build in memory."""
    return {DATA_PATH: explorer_json()}


def expand_explorer(markdown: str, lang: str = DEFAULT) -> str:
    """Replace each ``[[explorer]]`` line with the derivative explorer's markup in ``lang``.

    >>> page = expand_explorer("Try it:\\n\\n[[explorer]]\\n")
    >>> "[[explorer]]" in page, 'class="mlp-explorer"' in page
    (False, True)
    """
    return EXPLORER_LINE.sub(lambda match: explorer_html(lang), markdown)
