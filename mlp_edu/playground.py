"""The playground: watch a small MLP learn a data set in the plane.

A reader picks one of five data sets of points in the plane (:data:`DATASETS`),
the activation φ (:data:`ACTIVATIONS`, ``"identity"`` meaning none), the number
of hidden units (:data:`WIDTHS`) and the learning rate
(:data:`LEARNING_RATES`). :func:`train_playground` trains that 2-h-q network
with nothing but this package: :class:`~mlp_edu.mlp.MLP`,
:func:`~mlp_edu.losses.cross_entropy`, the gradients of
:mod:`mlp_edu.autograd` and :func:`~mlp_edu.training.sgd`. It records, after
every epoch, the training and test loss and accuracy, and at the epochs of
:data:`RECORDED_EPOCHS` a :class:`Frame`: the weights, the class
probabilities over the plane (the decision regions) and what each hidden unit
outputs over the plane. The site replays those frames; it computes nothing.

What goes wrong is recorded too: the epoch in which the loss stopped being
finite (:attr:`PlaygroundRun.diverged_at`), whether the loss hardly moved
(:attr:`PlaygroundRun.verdict`), and which ReLU units died
(:attr:`Frame.dead`).

>>> run = train_playground("xor", "tanh", num_hiddens=4, lr=1.0)
>>> len(run.train_loss), run.frames[-1].epoch, run.verdict
(51, 50, 'learned')
>>> print(f"test accuracy {run.test_accuracy[-1]:.2f}")
test accuracy 0.96
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from numpy.typing import NDArray

from mlp_edu.autograd import no_grad, tensor
from mlp_edu.checks import (
    as_real_array,
    known_name,
    non_negative_int,
    positive_int,
    positive_real,
)
from mlp_edu.data import SPECIES, train_test_split
from mlp_edu.losses import cross_entropy, softmax
from mlp_edu.mlp import MLP
from mlp_edu.training import PETALS, accuracy, iris_split, sgd

__all__ = [
    "DATASETS",
    "ACTIVATIONS",
    "WIDTHS",
    "LEARNING_RATES",
    "EPOCHS",
    "BATCH_SIZE",
    "RECORDED_EPOCHS",
    "GRID",
    "HIDDEN_GRID",
    "STALL_FRACTION",
    "PlaneData",
    "plane_data",
    "Frame",
    "PlaygroundRun",
    "dead_units",
    "train_playground",
    "cached_run",
    "settings",
]

DATASETS = ("xor", "circles", "spiral", "blobs", "iris")
ACTIVATIONS = ("identity", "relu", "sigmoid", "tanh")
WIDTHS = (1, 2, 3, 4, 8)
LEARNING_RATES = (0.01, 1.0, 10.0)  # too small for all; good for most; too large for most
EPOCHS = 50
BATCH_SIZE = 25
DATA_SEED = 0  # draws the points of the made-up data sets and their split
POINTS = 200  # points in each made-up data set, half of each class
TEST_FRACTION = 0.25
# The epochs whose frame is kept: closer together early on, where most changes.
RECORDED_EPOCHS = (0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 17, 20, 25, 30, 35, 40, 45, 50)
GRID = 32  # decision regions: class probabilities on GRID x GRID points of the plane
HIDDEN_GRID = 16  # each hidden unit's output on HIDDEN_GRID x HIDDEN_GRID points
STALL_FRACTION = 0.1  # "stalled": the training loss fell by less than a tenth of its start
SPIRAL_TURNS = 1.0  # each arm of the spiral winds once around the centre
MARGIN = 0.15  # the plane shown reaches this far beyond the farthest point


# --- the data ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PlaneData:
    """A classification data set in the plane, split into training and test points.

    ``X_*`` hold one point (x1, x2) a row and ``y_*`` its class, an index into
    ``classes``. The plane shown is the square ``[-half_width, half_width]``
    in both coordinates; it holds every point.
    """

    name: str
    X_train: NDArray[np.float64]
    y_train: NDArray[np.int64]
    X_test: NDArray[np.float64]
    y_test: NDArray[np.int64]
    classes: tuple[str, ...]
    features: tuple[str, str]
    half_width: float

    def grid(self, resolution: int) -> NDArray[np.float64]:
        """The centres of ``resolution`` x ``resolution`` cells tiling the plane, (r², 2).

        Row by row as an image is stored: the first row is the top one (largest
        x2), each row from left to right (growing x1).

        >>> points = plane_data("xor").grid(2)
        >>> print(points / plane_data("xor").half_width)
        [[-0.5  0.5]
         [ 0.5  0.5]
         [-0.5 -0.5]
         [ 0.5 -0.5]]
        """
        return _grid(self.half_width, positive_int(resolution, "resolution"))


@cache
def _grid(half_width: float, resolution: int) -> NDArray[np.float64]:
    edges = np.linspace(-half_width, half_width, resolution + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    x1, x2 = np.meshgrid(centres, centres[::-1])
    grid = np.column_stack([x1.ravel(), x2.ravel()])
    grid.flags.writeable = False  # shared by every call
    return grid


def _xor(rng: np.random.Generator) -> tuple[NDArray, NDArray]:
    # A quarter of the points in each quadrant, kept 0.1 away from the axes;
    # class 1 where exactly one coordinate is negative.
    signs = np.repeat([[1, 1], [-1, -1], [-1, 1], [1, -1]], POINTS // 4, axis=0)
    X = rng.uniform(0.1, 1.0, size=(POINTS, 2)) * signs
    return X, (X[:, 0] * X[:, 1] < 0).astype(np.int64)


def _circles(rng: np.random.Generator) -> tuple[NDArray, NDArray]:
    # Class 0 fills the disc of radius 0.5, class 1 the ring from 0.7 to 1, evenly.
    y = np.repeat([0, 1], POINTS // 2)
    radius = np.sqrt(np.where(y == 0, rng.uniform(0, 0.5**2, POINTS),
                              rng.uniform(0.7**2, 1.0, POINTS)))
    angle = rng.uniform(0, 2 * np.pi, POINTS)
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]), y


def _spiral(rng: np.random.Generator) -> tuple[NDArray, NDArray]:
    # Two arms winding outwards from radius 0.25 to 1, the second the first turned by
    # half a turn.
    y = np.repeat([0, 1], POINTS // 2)
    radius = rng.uniform(0.25, 1.0, POINTS)
    angle = SPIRAL_TURNS * 2 * np.pi * radius + np.pi * y
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return X + rng.normal(0, 0.03, size=X.shape), y


def _blobs(rng: np.random.Generator) -> tuple[NDArray, NDArray]:
    # Two round Gaussian clouds, centred at (-0.45, -0.45) and (0.45, 0.45); they overlap.
    y = np.repeat([0, 1], POINTS // 2)
    centres = np.where(y[:, None] == 0, -0.45, 0.45)
    return centres + rng.normal(0, 0.35, size=(POINTS, 2)), y


_MADE_UP: dict[str, Callable[[np.random.Generator], tuple[NDArray, NDArray]]] = {
    "xor": _xor, "circles": _circles, "spiral": _spiral, "blobs": _blobs,
}


def plane_data(name: str) -> PlaneData:
    """The data set ``name``, one of :data:`DATASETS`, always the same points.

    Parameters
    ----------
    name
        ``"xor"``, ``"circles"``, ``"spiral"``, ``"blobs"`` or ``"iris"``.

    Returns
    -------
    PlaneData
        Its training and test points, classes and the square of the plane shown.

    Notes
    -----
    ``"xor"``, ``"circles"``, ``"spiral"`` and ``"blobs"`` are drawn with a
    fixed seed: 200 points, half of each class, split 150 for training and 50
    for testing, stratified (:func:`mlp_edu.data.train_test_split`).
    ``"iris"`` is the petal length and width of the Iris flowers, split and
    standardised as on the training page (:func:`mlp_edu.training.iris_split`):
    120 training and 30 test flowers of three species. Treat the arrays as
    read-only: they are shared.

    >>> data = plane_data("circles")
    >>> data.X_train.shape, data.X_test.shape, np.bincount(data.y_test).tolist()
    ((150, 2), (50, 2), [25, 25])
    >>> iris = plane_data("iris")
    >>> iris.classes, iris.X_train.shape
    (('setosa', 'versicolor', 'virginica'), (120, 2))
    >>> plane_data("moons")
    Traceback (most recent call last):
    ValueError: unknown dataset 'moons'; known: 'xor', 'circles', 'spiral', 'blobs', 'iris'
    """
    return _plane_data(known_name(name, DATASETS, "dataset"))


@cache
def _plane_data(name: str) -> PlaneData:
    if name == "iris":
        split = iris_split(PETALS)
        X_train, X_test, y_train, y_test = split.X_train, split.X_test, split.y_train, split.y_test
        classes, features = SPECIES, ("petal length", "petal width")
    else:
        X, y = _MADE_UP[name](np.random.default_rng(DATA_SEED))
        X_train, X_test, y_train, y_test = train_test_split(X, y, TEST_FRACTION, DATA_SEED)
        classes, features = ("class 0", "class 1"), ("x1", "x2")
    farthest = float(np.abs(np.concatenate([X_train, X_test])).max())
    half_width = math.ceil((farthest + MARGIN) * 10) / 10  # a round number, for the axes
    return PlaneData(name, X_train, y_train, X_test, y_test, classes, features, half_width)


# --- one training run -------------------------------------------------------------------

@dataclass(frozen=True)
class Frame:
    """The network at the end of one epoch (epoch 0: before training), as the page shows it.

    ``probabilities[i, j, k]`` is the probability the network gives class k at
    the centre of cell (i, j) of ``PlaneData.grid(GRID)``; ``hidden[u, i, j]``
    is hidden unit u's output φ(x W_h[:, u] + b_h[u]) on ``grid(HIDDEN_GRID)``.
    ``dead`` lists the hidden units (from 0) that are dead ReLU units: their
    input is at most 0 for every training point (:func:`dead_units`).
    """

    epoch: int
    W_h: NDArray[np.float64]
    b_h: NDArray[np.float64]
    W_o: NDArray[np.float64]
    b_o: NDArray[np.float64]
    probabilities: NDArray[np.float64]
    hidden: NDArray[np.float64]
    dead: tuple[int, ...]


@dataclass
class PlaygroundRun:
    """What one training run did: losses and accuracies of every epoch, and its frames.

    ``train_loss[k]`` and the other three lists are measured on the whole
    training (test) set after epoch k; index 0 is the untrained network.
    If a loss stopped being finite, ``diverged_at`` is the epoch in which it
    happened, training stopped there, and the lists and frames end with the
    epoch before.
    """

    dataset: str
    activation: str
    num_hiddens: int
    lr: float
    epochs: int
    train_loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    diverged_at: int | None = None

    @property
    def verdict(self) -> str:
        """How training went, in one word, for the page to name.

        ``"diverged"``: a loss stopped being finite. ``"rose"``: the training
        loss ended above where it started. ``"stalled"``: it fell by less than
        :data:`STALL_FRACTION` of its start. ``"learned"``: it fell by more.

        >>> cached_run("xor", "tanh", 8, 0.01).verdict
        'stalled'
        """
        if self.diverged_at is not None:
            return "diverged"
        first, last = self.train_loss[0], self.train_loss[-1]
        if last > first:
            return "rose"
        return "stalled" if first - last < STALL_FRACTION * first else "learned"

    def summary(self) -> str:
        """The run's outcome in one line: its last epoch's numbers, or where it diverged.

        >>> print(cached_run("circles", "relu", 8, 1.0).summary())
        epoch 50: training loss 0.014, test loss 0.032, test accuracy 1.00
        >>> print(cached_run("iris", "identity", 8, 10.0).summary())
        epoch 27: training loss 4.2e+300, test loss 4.34e+300, test accuracy 0.00; the loss
        stopped being finite in epoch 28
        """
        last = len(self.train_loss) - 1
        line = (f"epoch {last}: training loss {_loss_text(self.train_loss[-1])}, "
                f"test loss {_loss_text(self.test_loss[-1])}, "
                f"test accuracy {self.test_accuracy[-1]:.2f}")
        if self.diverged_at is not None:
            line += f"; the loss stopped being finite in epoch {self.diverged_at}"
        return line


def _loss_text(loss: float) -> str:
    # Three decimals; a loss grown out of all proportion in three significant digits.
    return f"{loss:.3f}" if loss < 1000 else f"{loss:.3g}"


def dead_units(model: MLP, X: NDArray) -> tuple[int, ...]:
    """The hidden ReLU units of ``model`` whose input is at most 0 for every row of ``X``.

    Parameters
    ----------
    model
        A network, :class:`~mlp_edu.mlp.MLP`.
    X
        Points, one a row: shape (n, ``model.num_inputs``).

    Returns
    -------
    tuple of int
        The dead units' indices, from 0, in increasing order.

    Notes
    -----
    Such a unit outputs 0 for every one of those points and ReLU's derivative
    there is 0, so no gradient reaches its weights: training cannot revive it.
    Only ReLU units die this way; for another φ the answer is ``()``.

    >>> net = MLP(2, 3, 2, "relu", seed=0)
    >>> with no_grad():
    ...     net.b_h -= np.array([[0.0, 100.0, 0.0]])  # unit 1: a negative input near (0, 0)
    >>> dead_units(net, [[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    (1,)
    >>> dead_units(net, [1.0, 0.0])
    Traceback (most recent call last):
    ValueError: X must have shape (n, 2), one point a row; got shape (2,)
    """
    if not isinstance(model, MLP):
        raise TypeError(f"model must be an mlp_edu.mlp.MLP; got {type(model).__name__}")
    X = as_real_array(X, "X")
    if X.ndim != 2 or X.shape[1] != model.num_inputs:
        raise ValueError(f"X must have shape (n, {model.num_inputs}), one point a row; "
                         f"got shape {X.shape}")
    if model.activation != "relu":
        return ()
    inputs = X @ model.W_h.detach().numpy() + model.b_h.detach().numpy()
    return tuple(int(u) for u in np.flatnonzero((inputs <= 0).all(axis=0)))


def _frame(model: MLP, data: PlaneData, epoch: int) -> Frame:
    """The frame of ``model`` as it is now: weights, and its outputs over the plane."""
    W_h, b_h, W_o, b_o = (p.detach().numpy().copy() for p in model.parameters())
    with no_grad():
        outputs = model(data.grid(GRID)).numpy()
        hidden = model.hidden(data.grid(HIDDEN_GRID)).numpy()
    probabilities = softmax(outputs).reshape(GRID, GRID, -1)
    hidden = hidden.T.reshape(-1, HIDDEN_GRID, HIDDEN_GRID)
    return Frame(epoch, W_h, b_h, W_o, b_o, probabilities, hidden,
                 dead_units(model, data.X_train))


def _measure(run: PlaygroundRun, model: MLP, data: PlaneData) -> bool:
    """Append the losses and accuracies of ``model`` to ``run``; False if a loss is not finite."""
    with no_grad():
        losses = [cross_entropy(model(X).numpy(), y)
                  for X, y in [(data.X_train, data.y_train), (data.X_test, data.y_test)]]
    if not all(math.isfinite(loss) for loss in losses):
        return False
    run.train_loss.append(losses[0])
    run.test_loss.append(losses[1])
    run.train_accuracy.append(accuracy(model, data.X_train, data.y_train))
    run.test_accuracy.append(accuracy(model, data.X_test, data.y_test))
    return True


def _diverged(run: PlaygroundRun, epoch: int, last_finite: list[NDArray]) -> PlaygroundRun:
    """Record that the loss stopped being finite in ``epoch``, with the network before it."""
    run.diverged_at = epoch
    if run.frames[-1].epoch != epoch - 1:
        data = plane_data(run.dataset)
        model = MLP(2, run.num_hiddens, len(data.classes), run.activation)
        model.W_h, model.b_h, model.W_o, model.b_o = (tensor(p) for p in last_finite)
        run.frames.append(_frame(model, data, epoch - 1))
    return run


# A diverging network overflows to inf and then NaN. train_playground notices the
# loss that is no longer finite and reports its epoch; numpy's warnings would only
# repeat that.
_OVERFLOW_IS_CHECKED = np.errstate(over="ignore", invalid="ignore", divide="ignore")


# --8<-- [start:train]
@_OVERFLOW_IS_CHECKED
def train_playground(
    dataset: str,
    activation: str,
    num_hiddens: int,
    lr: float,
    *,
    epochs: int = EPOCHS,
    batch_size: int = BATCH_SIZE,
    seed: int = 0,
) -> PlaygroundRun:
    """Train a 2-``num_hiddens``-q MLP on :func:`plane_data(dataset) <plane_data>` with SGD.

    Parameters
    ----------
    dataset
        One of :data:`DATASETS`.
    activation
        One of :data:`ACTIVATIONS`; ``"identity"`` is no φ at all.
    num_hiddens
        The number of hidden units, a positive integer.
    lr
        The learning rate, a finite number above 0.
    epochs, batch_size
        How many passes over the training points, in minibatches of how many.
    seed
        Seeds the initial weights and the order of the points.

    Returns
    -------
    PlaygroundRun
        Losses and accuracies after every epoch, frames at
        :data:`RECORDED_EPOCHS` (and at the last finite epoch before a
        divergence), and the epoch a loss stopped being finite, if it did.

    Notes
    -----
    As on the training page: the MLP's own initialisation (He for ReLU,
    Xavier otherwise) drawn with ``seed``, a new order of the training points
    every epoch, one :func:`~mlp_edu.training.sgd` step a minibatch.

    Examples
    --------
    >>> run = train_playground("blobs", "relu", 2, 1.0, epochs=3)
    >>> len(run.train_loss), [frame.epoch for frame in run.frames]
    (4, [0, 1, 2, 3])
    >>> train_playground("blobs", "relu", 2, 0.0)
    Traceback (most recent call last):
    ValueError: lr must be a finite number above 0; got 0.0
    """
    data = plane_data(dataset)
    activation = known_name(activation, ACTIVATIONS, "activation")
    num_hiddens = positive_int(num_hiddens, "num_hiddens")
    lr = positive_real(lr, "lr")
    epochs = non_negative_int(epochs, "epochs")
    batch_size = positive_int(batch_size, "batch_size")
    seed = non_negative_int(seed, "seed")
    model = MLP(2, num_hiddens, len(data.classes), activation, seed)
    rng = np.random.default_rng(seed)
    run = PlaygroundRun(dataset, activation, num_hiddens, lr, epochs)
    _measure(run, model, data)
    run.frames.append(_frame(model, data, 0))
    n = len(data.y_train)
    for epoch in range(1, epochs + 1):
        last_finite = [p.detach().numpy().copy() for p in model.parameters()]
        order = rng.permutation(n)  # a new order of the training points every epoch
        for first in range(0, n, batch_size):
            batch = order[first:first + batch_size]
            loss = cross_entropy(model(data.X_train[batch]), data.y_train[batch])
            if not math.isfinite(loss.item()):
                break  # diverged: no step with an infinite or NaN gradient
            loss.backward()
            sgd(model.parameters(), lr)
        if not (math.isfinite(loss.item()) and _measure(run, model, data)):
            return _diverged(run, epoch, last_finite)
        if epoch in RECORDED_EPOCHS:
            run.frames.append(_frame(model, data, epoch))
    return run
# --8<-- [end:train]


def cached_run(dataset: str, activation: str, num_hiddens: int, lr: float) -> PlaygroundRun:
    """:func:`train_playground` with the defaults, remembered for the rest of the process.

    Parameters
    ----------
    dataset, activation, num_hiddens, lr
        As for :func:`train_playground`.

    Returns
    -------
    PlaygroundRun
        The same object for the same setting: treat it as read-only.

    Notes
    -----
    The page's examples and figure call this, so one setting is trained once.

    >>> cached_run("blobs", "tanh", 2, 1.0) is cached_run("blobs", "tanh", 2, 1)
    True
    >>> cached_run("blobs", "tanh", [2], 1.0)
    Traceback (most recent call last):
    ValueError: num_hiddens must be a positive integer; got [2]
    """
    return _cached_run(known_name(dataset, DATASETS, "dataset"),
                       known_name(activation, ACTIVATIONS, "activation"),
                       positive_int(num_hiddens, "num_hiddens"), positive_real(lr, "lr"))


@cache
def _cached_run(dataset: str, activation: str, num_hiddens: int, lr: float) -> PlaygroundRun:
    return train_playground(dataset, activation, num_hiddens, lr)


def settings() -> Iterator[tuple[str, str, int, float]]:
    """Every setting a reader can choose: ``(dataset, activation, num_hiddens, lr)``.

    Yields
    ------
    tuple of (str, str, int, float)
        The settings in the order of :data:`DATASETS`, :data:`ACTIVATIONS`,
        :data:`WIDTHS` and :data:`LEARNING_RATES`, the last changing fastest.

    Examples
    --------
    >>> all_settings = list(settings())
    >>> len(all_settings), all_settings[0]
    (300, ('xor', 'identity', 1, 0.01))
    """
    for dataset in DATASETS:
        for activation in ACTIVATIONS:
            for width in WIDTHS:
                for lr in LEARNING_RATES:
                    yield dataset, activation, width, lr
