"""The playground page's data and markup, made at build time from :mod:`mlp_edu.playground`.

Every setting a reader can choose (:func:`mlp_edu.playground.settings`) is
trained once by the package, and its run is written as one compact JSON file
(:func:`run_json`) that the page fetches only when the reader picks that
setting: ``assets/playground/<setting>.json`` beside ``index.json``, which
holds the choices and the points of every data set (:func:`index_json`).
``javascripts/playground.js`` draws what these files hold; it computes nothing
about the network.

- :func:`playground_files` gives the build every file, in memory. Runs are
  cached on disk in ``<cache>/<key>/``, the key a hash of the package, this
  module and numpy's version (:func:`cache_key`): a rebuild with unchanged
  code trains nothing, a change to either trains every setting again. Missing
  settings are trained side by side on forked processes, one a core.
- :func:`expand_playground` turns a ``[[playground]]`` line on a page into the
  widget's markup (:func:`playground_html`), in the page's language.

To stay small, the grids are quantised: a class probability or a hidden
unit's output becomes one of :data:`LEVELS` steps between two stored bounds,
and only the epochs of :data:`mlp_edu.playground.RECORDED_EPOCHS` have frames.
Losses and accuracies are kept for every epoch.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import numpy as np

import mlp_edu
from mlp_edu import playground
from mlp_edu.i18n import DEFAULT, t
from mlp_edu.playground import Frame, PlaygroundRun, plane_data, settings, train_playground
from sitebuild.parallel import forked_map

DATA_DIR = "assets/playground"  # where the files live in the built site
LEVELS = 32  # steps of a quantised grid value: 5 bits, which gzip packs tightly
DIGITS = 4  # significant digits of the losses, weights and bounds in the JSON
DEFAULT_SETTING = ("circles", "relu", 4, 1.0)  # what the page shows first
PLAYGROUND_LINE = re.compile(r"^\[\[playground\]\]\s*$", re.MULTILINE)
PACKAGE_DIR = Path(mlp_edu.__file__).parent
# How the page names the choices; names in NAMES (ReLU, ...) stay as they are in Chinese.
DATASET_LABELS = {"xor": "XOR", "circles": "two circles", "spiral": "spiral",
                  "blobs": "two blobs", "iris": "Iris petals"}
ACTIVATION_LABELS = {"identity": "none (identity)", "relu": "ReLU", "sigmoid": "sigmoid",
                     "tanh": "tanh"}
# What javascripts/playground.js writes, by the data-text-* attribute that carries it;
# {placeholders} are filled in by the script from the setting's JSON.
SCRIPT_TEXT = {
    "epoch": "Epoch {epoch} of {epochs}",
    "class": "class {k}",
    "unit": "unit {u}",
    "dead": "dead",
    "play": "Play",
    "pause": "Pause",
    "replay": "Replay",
    "train-loss": "training loss",
    "test-loss": "test loss",
    "accuracy-label": "test accuracy",
    "loss": "loss",
    "epoch-axis": "epoch",
    "train-points": "training point",
    "test-points": "test point",
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


# --- the JSON -------------------------------------------------------------------------

def setting_name(dataset: str, activation: str, num_hiddens: int, lr: float) -> str:
    """A setting's file name (without ``.json``) and its values in the page's address.

    >>> setting_name("xor", "relu", 8, 1.0), setting_name("iris", "tanh", 2, 0.01)
    ('xor-relu-8-1', 'iris-tanh-2-0.01')
    """
    return f"{dataset}-{activation}-{num_hiddens}-{rate_text(lr)}"


def rate_text(lr: float) -> str:
    """A learning rate as the page writes it: ``0.01``, ``0.1``, ``1``, ``10``.

    >>> [rate_text(lr) for lr in (0.01, 0.1, 1.0, 10.0)]
    ['0.01', '0.1', '1', '10']
    """
    return f"{lr:g}"


def _rounded(values: Iterable[float]) -> list[float]:
    return [float(f"{v:.{DIGITS}g}") for v in values]


def quantise(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """``values`` in ``[low, high]`` as the nearest of :data:`LEVELS` evenly spaced steps.

    Step k stands for ``low + k * (high - low) / (LEVELS - 1)``; the page maps it
    back that way. Equal bounds (a constant grid) give step 0 everywhere.

    >>> quantise(np.array([0.0, 0.5, 1.0]), 0.0, 1.0).tolist()
    [0, 16, 31]
    >>> quantise(np.array([2.0, 2.0]), 2.0, 2.0).tolist()
    [0, 0]
    """
    if not np.all(np.isfinite(values)):
        raise ValueError("cannot quantise a grid with values that are not finite")
    if high <= low:
        return np.zeros(values.shape, dtype=np.uint8)
    steps = np.rint((values - low) / (high - low) * (LEVELS - 1))
    return np.clip(steps, 0, LEVELS - 1).astype(np.uint8)


def _bytes(steps: np.ndarray) -> str:
    return base64.b64encode(steps.astype(np.uint8).tobytes()).decode("ascii")


def frame_json(frame: Frame) -> dict:
    """One frame as the page reads it: quantised grids, rounded weights, dead units.

    ``class`` and ``confidence`` hold, cell by cell (row 0 at the top), the
    class of largest probability and that probability, quantised between 1/q
    (a tie) and 1. ``hidden`` holds each unit's output grid after the other,
    quantised between that unit's ``range``. Grids are base64 bytes.

    >>> frame = train_playground("xor", "relu", 2, 1.0, epochs=0).frames[0]
    >>> sorted(frame_json(frame))
    ['W_h', 'W_o', 'b_h', 'b_o', 'class', 'confidence', 'dead', 'epoch', 'hidden', 'range']
    >>> len(base64.b64decode(frame_json(frame)["hidden"])) == 2 * playground.HIDDEN_GRID ** 2
    True
    """
    probabilities = frame.probabilities
    q = probabilities.shape[-1]
    low = frame.hidden.min(axis=(1, 2))
    high = frame.hidden.max(axis=(1, 2))
    hidden = np.concatenate([quantise(grid, lo, hi).ravel()
                             for grid, lo, hi in zip(frame.hidden, low, high, strict=True)])
    return {
        "epoch": frame.epoch,
        "class": _bytes(probabilities.argmax(axis=-1)),
        "confidence": _bytes(quantise(probabilities.max(axis=-1), 1 / q, 1.0)),
        "hidden": _bytes(hidden),
        "range": [_rounded(bounds) for bounds in zip(low, high, strict=True)],
        "W_h": [_rounded(row) for row in frame.W_h],
        "b_h": _rounded(frame.b_h.ravel()),
        "W_o": [_rounded(row) for row in frame.W_o],
        "b_o": _rounded(frame.b_o.ravel()),
        "dead": list(frame.dead),
    }


def reproduce_code(run: PlaygroundRun) -> str:
    """The lines of ``mlp_edu`` that train ``run``'s setting again, with what they print.

    A doctest: ``tests/test_playground_site.py`` runs it, and checks that the run it
    makes gives the frames the page shows.

    >>> code = reproduce_code(train_playground("blobs", "tanh", 1, 1.0, epochs=1))
    >>> print(code.splitlines()[1][4:])
    run = train_playground('blobs', 'tanh', num_hiddens=1, lr=1.0)
    >>> code.splitlines()[-1]
    'epoch 1: training loss ...'
    """
    return "\n".join([
        ">>> from mlp_edu.playground import train_playground",
        f">>> run = train_playground({run.dataset!r}, {run.activation!r}, "
        f"num_hiddens={run.num_hiddens}, lr={run.lr!r})",
        ">>> print(run.summary())",
        run.summary(),
    ])


def run_json(run: PlaygroundRun) -> bytes:
    """A run as the JSON bytes the page fetches for its setting.

    >>> data = json.loads(run_json(train_playground("iris", "relu", 3, 10.0, epochs=2)))
    >>> data["setting"], len(data["loss"]["train"]), [f["epoch"] for f in data["frames"]]
    ({'data': 'iris', 'activation': 'relu', 'width': 3, 'rate': '10'}, 3, [0, 1, 2])
    """
    body = {
        "setting": {"data": run.dataset, "activation": run.activation,
                    "width": run.num_hiddens, "rate": rate_text(run.lr)},
        "epochs": run.epochs,
        "verdict": run.verdict,
        "diverged_at": run.diverged_at,
        "loss": {"train": _rounded(run.train_loss), "test": _rounded(run.test_loss)},
        "accuracy": {"train": _rounded(run.train_accuracy),
                     "test": _rounded(run.test_accuracy)},
        "frames": [frame_json(frame) for frame in run.frames],
        "code": reproduce_code(run),
    }
    return (json.dumps(body, separators=(",", ":"), allow_nan=False) + "\n").encode()


def setting_json(setting: tuple[str, str, int, float]) -> bytes:
    """Train one setting with :func:`mlp_edu.playground.train_playground`; its JSON bytes."""
    return run_json(train_playground(*setting))


def index_json() -> bytes:
    """The choices, the grids' sizes and every data set's points, for the page's first fetch.

    >>> index = json.loads(index_json())
    >>> [d["name"] for d in index["datasets"]], index["rates"]
    (['xor', 'circles', 'spiral', 'blobs', 'iris'], ['0.01', '1', '10'])
    >>> len(index["datasets"][0]["train"]), index["datasets"][0]["train"][0][2] in (0, 1)
    (150, True)
    """
    datasets = []
    for name in playground.DATASETS:
        data = plane_data(name)
        points = {part: [[*_rounded(x), int(label)] for x, label in zip(X, y, strict=True)]
                  for part, X, y in [("train", data.X_train, data.y_train),
                                     ("test", data.X_test, data.y_test)]}
        datasets.append({"name": name, "classes": list(data.classes),
                         "half_width": data.half_width, **points})
    dataset, activation, width, lr = DEFAULT_SETTING
    body = {
        "datasets": datasets,
        "activations": list(playground.ACTIVATIONS),
        "widths": list(playground.WIDTHS),
        "rates": [rate_text(lr) for lr in playground.LEARNING_RATES],
        "epochs": playground.EPOCHS,
        "grid": playground.GRID,
        "hidden_grid": playground.HIDDEN_GRID,
        "levels": LEVELS,
        "default": {"data": dataset, "activation": activation, "width": width,
                    "rate": rate_text(lr)},
    }
    return (json.dumps(body, separators=(",", ":"), allow_nan=False) + "\n").encode()


# --- the cache, and the build's files ---------------------------------------------------

def run_sources() -> list[Path]:
    """The files a run depends on: every ``mlp_edu`` module that ``mlp_edu.playground``
    imports, found by importing it in a fresh Python, and the package's data files.

    Found, not listed, so a module the package comes to import is never missed;
    an edit to a module the runs do not use (the figures, say) retrains nothing.

    >>> sorted(p.name for p in run_sources())[:4]
    ['__init__.py', 'activations.py', 'autograd.py', 'data.py']
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
    """A hash of :func:`run_sources`, of this module (it writes the JSON) and numpy's version.

    The runs depend on nothing else, so a cached run is never stale. Computed once
    a process: the build of each language asks, and ``mkdocs serve`` imports this
    module afresh for every rebuild.
    """
    digest = hashlib.sha256(f"numpy {np.__version__}".encode())
    for path in [*run_sources(), Path(__file__)]:
        digest.update(path.relative_to(PACKAGE_DIR.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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
    without JavaScript the ``<noscript>`` note points to the figure below the widget.

    >>> markup = playground_html()
    >>> '<label for="mlp-playground-data">Data set</label>' in markup
    True
    >>> '<option value="1" selected>1</option>' in markup
    True
    >>> '<label for="mlp-playground-activation">激活函数</label>' in playground_html("zh")
    True
    """
    dataset, activation, width, lr = DEFAULT_SETTING
    texts = "".join(f' data-text-{key}="{html.escape(t(text, lang))}"'
                    for key, text in SCRIPT_TEXT.items())
    controls = "".join([
        _select("data", t("Data set", lang),
                [(d, t(DATASET_LABELS[d], lang)) for d in playground.DATASETS], dataset),
        _select("activation", t("Activation", lang),
                [(a, t(ACTIVATION_LABELS[a], lang)) for a in playground.ACTIVATIONS],
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
        + t("The playground needs JavaScript. The figure below shows what it shows at the "
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
