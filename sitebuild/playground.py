"""The playground page at build time: every setting's run, cached, and the widget's markup.

- :func:`playground_files` gives the build every file of
  :mod:`sitebuild.playground_data`, in memory. Runs are cached on disk in
  ``<cache>/<key>/``, the key a hash of the code that makes them
  (:func:`cache_key`): a rebuild with unchanged code trains nothing, a change
  to it trains every setting again. Missing settings are trained side by side
  on forked processes, one a core.
- :func:`expand_playground` turns a ``[[playground]]`` line on a page into the
  widget's markup (:func:`playground_html`), in the page's language; its
  labels and the sentences ``javascripts/playground.js`` writes come from
  ``sitebuild/words.toml``, the words of its drawings (data sets, activations,
  axes) from the figures' table (:mod:`mlp_edu.i18n`).
"""

from __future__ import annotations

import ast
import hashlib
import html
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import numpy as np

import mlp_edu
from mlp_edu import playground
from mlp_edu.i18n import DEFAULT
from mlp_edu.i18n import t as drawing_t
from mlp_edu.playground import settings
from sitebuild import playground_data
from sitebuild.i18n import t
from sitebuild.parallel import forked_map
from sitebuild.playground_data import (
    DATA_DIR,
    DEFAULT_SETTING,
    index_json,
    rate_text,
    setting_json,
    setting_name,
)

PLAYGROUND_LINE = re.compile(r"^\[\[playground\]\]\s*$", re.MULTILINE)
PACKAGE_DIR = Path(mlp_edu.__file__).parent
# How the page names the choices, in the figures' words (mlp_edu.i18n.t).
DATASET_LABELS = {"xor": "XOR", "circles": "two circles", "spiral": "spiral",
                  "blobs": "two blobs", "iris": "Iris petals"}
ACTIVATION_LABELS = {"identity": "none (identity)", "relu": "ReLU", "sigmoid": "sigmoid",
                     "tanh": "tanh"}
# What javascripts/playground.js writes, by the data-text-* attribute that carries it;
# {placeholders} are filled in by the script from the setting's JSON.
# The words it draws (legends, axes, units' labels) are the figures' (mlp_edu.i18n.t):
DRAWING_TEXT = {
    "class": "class {k}",
    "unit": "unit {u}",
    "dead": "dead",
    "train-loss": "training loss",
    "test-loss": "test loss",
    "accuracy-label": "test accuracy",
    "loss": "loss",
    "epoch-axis": "epoch",
    "train-points": "training point",
    "test-points": "test point",
}
# and its sentences are the build's (sitebuild.i18n.t):
SCRIPT_TEXT = {
    "epoch": "Epoch {epoch} of {epochs}",
    "play": "Play",
    "pause": "Pause",
    "replay": "Replay",
    "plane": "Decision regions of the network at epoch {epoch} on {data}, with the training "
             "points (filled) and the test points (rings). {accuracy}",
    "chart": "Training and test loss from epoch 0 to {epoch}.",
    "network": "The network: {inputs} inputs, {width} hidden units, {outputs} outputs. Line "
               "width is the size of a weight; solid lines are positive, dashed negative.",
    "unit-label": "Hidden unit {u}: its output over the plane, from {lo} to {hi}.",
    "summary": "{data}, {activation}, {width} hidden units, learning rate {rate}: epoch "
               "{epoch} of {epochs}. Training loss {train_loss}, test loss {test_loss}. "
               "Test accuracy {accuracy}.",
    "accuracy": "{percent} % ({correct} of {total} test points)",
    "identity": "No activation: the network is one affine map in disguise, so the boundary "
                "between two classes is a straight line, however many hidden units it has.",
    "diverged": "Diverged: in epoch {epoch} the loss stopped being finite, and training "
                "stopped. The last finite network, of epoch {last}, is shown.",
    "rose": "The training loss ended higher than it started: {first} at epoch 0, {last} "
            "at epoch {epochs}.",
    "stalled": "Stalled: in {epochs} epochs the training loss fell only from {first} to "
               "{last}.",
    "dead-units": "Dead ReLU units (marked ✕): {units}. Their input is at most 0 for every "
                  "training point, so they output 0 there and no gradient reaches their "
                  "weights.",
    "error": "The playground could not load its data ({error}).",
}


# --- the cache, and the build's files ---------------------------------------------------

def run_sources() -> list[Path]:
    """The files a run depends on: every ``mlp_edu`` module that ``mlp_edu.playground``
    imports, found by importing it in a fresh Python, and the package's data files.

    Found, not listed, so a module the package comes to import is never missed;
    an edit to a module the runs do not use (the figures, say) retrains nothing.

    >>> names = [p.relative_to(PACKAGE_DIR).as_posix() for p in run_sources()]
    >>> "autograd/engine.py" in names, "checks.py" in names, "figures.py" in names
    (True, True, False)
    """
    listing = ("import sys, mlp_edu.playground\n"
               "for m in list(sys.modules.values()):\n"
               "    if m.__name__.split('.')[0] == 'mlp_edu': print(m.__file__)")
    done = subprocess.run([sys.executable, "-c", listing], capture_output=True, text=True,
                          check=True, cwd=PACKAGE_DIR.parent)
    modules = {Path(line) for line in done.stdout.splitlines()}
    data = {p for p in PACKAGE_DIR.rglob("*") if p.suffix in {".csv", ".json"}}
    return sorted(modules | data)


@cache
def cache_key() -> str:
    """A hash of :func:`run_sources`, of :mod:`sitebuild.playground_data` (it writes the
    JSON), of numpy's and Python's versions.

    The runs depend on nothing else, so a cached run is never stale. Modules are
    hashed as code (:func:`code_digest`): an edit to a comment or a docstring
    (a doctest, say) trains nothing again. Computed once a process: the build of
    each language asks, and ``mkdocs serve`` imports this module afresh for every
    rebuild.
    """
    digest = hashlib.sha256(f"numpy {np.__version__} python {sys.version}".encode())
    for path in [*run_sources(), Path(playground_data.__file__)]:
        digest.update(path.relative_to(PACKAGE_DIR.parent).as_posix().encode())
        digest.update(code_digest(path) if path.suffix == ".py" else path.read_bytes())
    return digest.hexdigest()[:16]


def code_digest(path: Path) -> bytes:
    """A hash of what the Python file at ``path`` does: its syntax tree without docstrings.

    Comments never reach the tree; docstrings are dropped from it here.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     one, two, three = (Path(folder) / name for name in ["a.py", "b.py", "c.py"])
    ...     _ = one.write_text('def f(x):\\n    "Twice x."\\n    return 2 * x\\n')
    ...     _ = two.write_text('def f(x):  # a comment\\n    return 2 * x\\n')
    ...     _ = three.write_text('def f(x):\\n    return 3 * x\\n')
    ...     code_digest(one) == code_digest(two), code_digest(one) == code_digest(three)
    (True, False)
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return hashlib.sha256(ast.dump(tree).encode()).digest()


def playground_files(cache_dir: Path) -> dict[str, bytes]:
    """Every file of the playground, ``{site path: bytes}``, for the build in memory.

    Each setting's JSON is read from ``cache_dir/<cache_key()>/``, after the
    settings missing there have been trained (:func:`train_missing`). Cache
    folders of other keys are removed.
    """
    folder = Path(cache_dir) / cache_key()
    train_missing(folder)
    files = {f"{DATA_DIR}/index.json": index_json()}
    for setting in settings():
        name = setting_name(*setting)
        files[f"{DATA_DIR}/{name}.json"] = (folder / f"{name}.json").read_bytes()
    for old in Path(cache_dir).iterdir():
        if old.is_dir() and old.name != folder.name:
            shutil.rmtree(old, ignore_errors=True)  # a concurrent build may be using it
    return files


def train_missing(folder: Path) -> list[str]:
    """Train every setting that has no JSON in ``folder`` yet and write it there; their names.

    Settings are trained side by side, a forked process a core
    (:func:`sitebuild.parallel.forked_map`). Each file is written whole or not at
    all (a temporary file, then a rename).
    """
    folder.mkdir(parents=True, exist_ok=True)
    missing = [s for s in settings() if not (folder / f"{setting_name(*s)}.json").exists()]
    # Four settings a task: fewer round trips between the processes.
    for setting, data in zip(missing, forked_map(setting_json, missing, chunksize=4),
                             strict=True):
        target = folder / f"{setting_name(*setting)}.json"
        temporary = target.with_suffix(".tmp")
        temporary.write_bytes(data)
        temporary.replace(target)
    return [setting_name(*s) for s in missing]


# --- the page -------------------------------------------------------------------------

def _select(name: str, label: str, options: list[tuple[str, str]], chosen: str) -> str:
    choices = "".join(
        f'<option value="{html.escape(value)}"{" selected" if value == chosen else ""}>'
        f"{html.escape(text)}</option>" for value, text in options)
    return (f'<div class="mlp-playground__control">'
            f'<label for="mlp-playground-{name}">{label}</label>'
            f'<select id="mlp-playground-{name}" data-choice="{name}">{choices}</select></div>')


def playground_html(lang: str = DEFAULT) -> str:
    """The widget's markup in ``lang``: labelled controls, places for the drawings, a live region.

    The controls stay hidden until ``javascripts/playground.js`` has its data;
    without JavaScript the ``<noscript>`` note points to the figure above the widget
    (first on the page: the controls appearing when the data arrive move nothing in view).

    >>> markup = playground_html()
    >>> '<label for="mlp-playground-data">Data set</label>' in markup
    True
    >>> '<option value="1" selected>1</option>' in markup
    True
    >>> '<label for="mlp-playground-activation">激活函数</label>' in playground_html("zh")
    True
    """
    dataset, activation, width, lr = DEFAULT_SETTING
    texts = "".join(
        [f' data-text-{key}="{html.escape(drawing_t(text, lang))}"'
         for key, text in DRAWING_TEXT.items()]
        + [f' data-text-{key}="{html.escape(t(text, lang))}"' for key, text in SCRIPT_TEXT.items()])
    controls = "".join([
        _select("data", t("Data set", lang),
                [(d, drawing_t(DATASET_LABELS[d], lang)) for d in playground.DATASETS], dataset),
        _select("activation", t("Activation", lang),
                [(a, drawing_t(ACTIVATION_LABELS[a], lang)) for a in playground.ACTIVATIONS],
                activation),
        _select("width", t("Hidden units", lang),
                [(str(w), str(w)) for w in playground.WIDTHS], str(width)),
        _select("rate", t("Learning rate", lang),
                [(rate_text(r), rate_text(r)) for r in playground.LEARNING_RATES],
                rate_text(lr)),
    ])
    network_caption = t("The network. Weights: solid lines positive, dashed negative; the "
                        "thicker, the larger.", lang)
    units_caption = t("What each hidden unit outputs over the plane: orange where positive, "
                      "purple where negative, the stronger, the larger.", lang)
    return "\n".join([
        f'<div class="mlp-playground" data-mlp-playground lang="{lang}"{texts}>',
        '<div class="mlp-playground__ui" hidden>',
        f'<div class="mlp-playground__controls">{controls}</div>',
        '<div class="mlp-playground__replay">',
        '<button type="button" class="md-button mlp-playground__play">'
        f'{t("Play", lang)}</button>',
        '<div class="mlp-playground__control mlp-playground__control--epoch">',
        f'<label for="mlp-playground-epoch">{t("Epoch", lang)}</label>',
        '<input id="mlp-playground-epoch" class="mlp-playground__epoch" type="range" '
        'min="0" max="0" step="1" value="0">',
        "</div>",
        '<output class="mlp-playground__epoch-value" for="mlp-playground-epoch"></output>',
        "</div>",
        '<div class="mlp-playground__views">',
        '<figure class="mlp-playground__view mlp-playground__view--plane">',
        '<canvas class="mlp-playground__plane" width="640" height="640" role="img"></canvas>',
        '<figcaption class="mlp-playground__legend"></figcaption>',
        "</figure>",
        '<figure class="mlp-playground__view mlp-playground__view--loss">',
        '<div class="mlp-playground__chart"></div>',
        '<dl class="mlp-playground__numbers"></dl>',
        "</figure>",
        '<figure class="mlp-playground__view mlp-playground__view--network">',
        f"<figcaption>{network_caption}</figcaption>",
        '<div class="mlp-playground__network"></div>',
        "</figure>",
        '<figure class="mlp-playground__view mlp-playground__view--units">',
        f"<figcaption>{units_caption}</figcaption>",
        '<div class="mlp-playground__units"></div>',
        "</figure>",
        "</div>",
        '<div class="mlp-playground__messages"></div>',
        '<details class="mlp-playground__code">',
        f"<summary>{t('Reproduce this setting with mlp_edu', lang)}</summary>",
        '<pre><code class="language-pycon"></code></pre>',
        "</details>",
        '<p class="mlp-playground__live" aria-live="polite"></p>',
        "</div>",
        '<noscript><p class="mlp-playground__noscript">'
        + t("The playground needs JavaScript. The figure above shows what it shows at the "
            "end of training, drawn from the same runs of <code>mlp_edu.playground</code>.",
            lang)
        + "</p></noscript>",
        "</div>",
    ])


def expand_playground(markdown: str, lang: str = DEFAULT) -> str:
    """Replace each ``[[playground]]`` line with the playground's markup in ``lang``.

    >>> page = expand_playground("Try it:\\n\\n[[playground]]\\n")
    >>> "[[playground]]" in page, 'class="mlp-playground"' in page
    (False, True)
    """
    return PLAYGROUND_LINE.sub(lambda match: playground_html(lang), markdown)
