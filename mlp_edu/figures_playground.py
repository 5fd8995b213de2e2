"""The playground page's figure: where training ends, with and without an activation.

The page's widget replays each setting; this figure shows, for readers without
JavaScript and on paper, the last frame of ten of those runs of
:func:`mlp_edu.playground.train_playground`: every data set, trained with no
activation and with ReLU, 8 hidden units, learning rate 1.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from mlp_edu.i18n import t
from mlp_edu.playground import DATASETS, GRID, cached_run, plane_data

__all__ = ["playground_end_figure"]

FIGURE_WIDTH, FIGURE_RATE = 8, 1.0
FIGURE_ACTIVATIONS = {"identity": "none (identity)", "relu": "ReLU"}
MARKERS = "os^"  # class 0, 1, 2: told apart by shape as well as colour
DATASET_TITLES = {"xor": "XOR", "circles": "two circles", "spiral": "spiral",
                  "blobs": "two blobs", "iris": "Iris petals"}


def playground_end_figure() -> Figure:
    """Ten last frames: each data set (rows), no activation and ReLU (columns).

    Registered as ``playground_end`` in ``sitebuild/figures.toml``; the runs are
    :func:`mlp_edu.playground.cached_run`'s, the same the playground replays.
    """
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"][:3]  # one a class
    ink = plt.rcParams["text.color"]
    fig, axes = plt.subplots(len(DATASETS), len(FIGURE_ACTIVATIONS), figsize=(4.4, 10.2),
                             squeeze=False)
    for row, name in enumerate(DATASETS):
        data = plane_data(name)
        x1, x2 = (c.reshape(GRID, GRID) for c in data.grid(GRID).T)
        for column, (activation, title) in enumerate(FIGURE_ACTIVATIONS.items()):
            run = cached_run(name, activation, FIGURE_WIDTH, FIGURE_RATE)
            probabilities = run.frames[-1].probabilities
            ax = axes[row, column]
            for k, marker in zip(range(len(data.classes)), MARKERS, strict=False):
                # Class k's region: where its probability beats every other class's.
                others = np.delete(probabilities, k, axis=-1).max(axis=-1)
                ax.contourf(x1, x2, probabilities[..., k] - others, levels=[0, 1],
                            colors=[colours[k]], alpha=0.3)
                ax.scatter(*data.X_train[data.y_train == k].T, s=8, marker=marker,
                           color=colours[k], edgecolors=ink, linewidths=0.3)
                ax.scatter(*data.X_test[data.y_test == k].T, s=10, marker=marker,
                           facecolors="none", edgecolors=colours[k], linewidths=0.9)
            ax.text(0.97, 0.03, f"{run.test_accuracy[-1]:.2f}", transform=ax.transAxes,
                    ha="right", va="bottom", fontsize=8, color=ink)
            ax.set_xlim(x1.min(), x1.max())  # the centres of the outermost cells
            ax.set_ylim(x2.min(), x2.max())
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            ax.set_aspect("equal")
            if row == 0:
                ax.set_title(t(title), fontsize=10)
            if column == 0:
                ax.set_ylabel(t(DATASET_TITLES[name]), fontsize=10)
    fig.subplots_adjust(wspace=0.08, hspace=0.12)
    return fig
