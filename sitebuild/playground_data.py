"""The playground's files: one JSON a setting, and the index of choices and points.

Every setting a reader can choose (:func:`mlp_edu.playground.settings`) is
trained once by the package, and :func:`setting_json` writes its run as one
compact JSON file, ``assets/playground/<setting>.json``, that the page fetches
only when the reader picks that setting; :func:`index_json` holds the choices
and the points of every data set. ``javascripts/playground.js`` draws what
these files hold; it computes nothing about the network.

To stay small, the grids are quantised: a class probability or a hidden
unit's output becomes one of :data:`LEVELS` steps between two stored bounds,
and only the epochs of :data:`mlp_edu.playground.RECORDED_EPOCHS` have frames.
Losses and accuracies are kept for every epoch.

The runs are cached on the hash of this module's code, so it holds what
decides a setting's bytes and nothing else (the page's markup is in
:mod:`sitebuild.playground`).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable

import numpy as np

from mlp_edu import playground
from mlp_edu.playground import Frame, PlaygroundRun, plane_data, train_playground

DATA_DIR = "assets/playground"  # where the files live in the built site
LEVELS = 32  # steps of a quantised grid value: 5 bits, which gzip packs tightly
DIGITS = 4  # significant digits of the losses, weights and bounds in the JSON
DEFAULT_SETTING = ("circles", "relu", 4, 1.0)  # what the page shows first


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

    A doctest: ``tests/site/test_playground.py`` runs it, and checks that the run it
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
