"""Train the network of section 1.1 on the Iris flowers, with minibatch SGD.

Everything is in ``mlp_edu``: the data (:mod:`mlp_edu.data`), the network
(:class:`mlp_edu.mlp.MLP`), the loss (:func:`mlp_edu.losses.cross_entropy`),
the gradients (:mod:`mlp_edu.autograd`) and the update below. One epoch
shuffles the 120 training flowers, cuts them into minibatches and, for each
minibatch, computes the loss, backpropagates and takes one SGD step.

>>> result = train("relu")
>>> result.history.test_accuracy[-1] >= 0.93
True
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from numpy.typing import NDArray

from mlp_edu.autograd import Tensor, no_grad
from mlp_edu.checks import (
    MAX_EPOCHS,
    as_real_array,
    check_labels,
    check_type,
    feature_indices,
    finite_real,
    known_name,
    nonnegative_int,
    positive_int,
)
from mlp_edu.data import FEATURES, load_iris, standardize, train_test_split
from mlp_edu.losses import cross_entropy
from mlp_edu.mlp import ACTIVATIONS, MLP

__all__ = [
    "EPOCHS",
    "LEARNING_RATE",
    "BATCH_SIZE",
    "History",
    "TrainResult",
    "TrainingDiverged",
    "IrisSplit",
    "iris_split",
    "sgd",
    "accuracy",
    "train",
    "trained",
    "PETALS",
    "decision_regions",
]

EPOCHS = 50
LEARNING_RATE = 0.3
BATCH_SIZE = 10
SPLIT_SEED = 4
PETALS = (2, 3)  # petal length and petal width: the two columns that separate the species best


@dataclass
class History:
    """What happened in each epoch: the mean training loss and the test accuracy."""

    loss: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)


class TrainingDiverged(ValueError):
    """The training loss stopped being finite: the learning rate is too large for this run.

    ``epoch`` (counted from 1) is the epoch in which it happened and ``lr`` the
    learning rate. A ``ValueError``: the value of ``lr`` was bad for this problem.
    """

    def __init__(self, epoch: int, lr: float) -> None:
        super().__init__(f"the training loss stopped being finite in epoch {epoch}: "
                         f"lr={lr:g} is too large here; try a smaller learning rate")
        self.epoch, self.lr = epoch, lr


@dataclass
class IrisSplit:
    """Iris flowers split into training and test sets, scaled with training statistics.

    ``X_train_raw`` and ``X_test_raw`` keep the measurements in cm, for plots;
    new points (a grid) are scaled like the flowers with
    ``standardize(X_train_raw, points)``.
    """

    X_train: NDArray[np.float64]
    X_test: NDArray[np.float64]
    y_train: NDArray[np.int64]
    y_test: NDArray[np.int64]
    X_train_raw: NDArray[np.float64]
    X_test_raw: NDArray[np.float64]
    features: tuple[int, ...]


@dataclass
class TrainResult:
    """A trained network, its history, the data it saw and the seconds it took."""

    model: MLP
    history: History
    data: IrisSplit
    seconds: float


def iris_split(features: Sequence[int] = (0, 1, 2, 3), seed: int = SPLIT_SEED) -> IrisSplit:
    """Load Iris, keep the columns ``features``, split 120/30 (stratified) and standardise.

    >>> split = iris_split()
    >>> split.X_train.shape, split.X_test.shape
    ((120, 4), (30, 4))
    >>> iris_split(features=(2, 3)).X_train.shape
    (120, 2)
    """
    X, y = load_iris()
    features = feature_indices(features, len(FEATURES))
    X_train, X_test, y_train, y_test = train_test_split(X[:, features], y, 0.2, seed)
    train_scaled, test_scaled = standardize(X_train, X_test)
    return IrisSplit(train_scaled, test_scaled, y_train, y_test, X_train, X_test, features)


# --8<-- [start:sgd]
def sgd(params: Sequence[Tensor], lr: float) -> None:
    """One step of gradient descent: ``p -= lr * p.grad``, then clear the gradient.

    The update runs inside ``no_grad()``: it changes the parameters, it is not
    part of the function being differentiated. Every parameter must have a
    gradient (call ``loss.backward()`` first) and ``lr`` must be a positive number.
    """
    params, lr = _sgd_arguments(params, lr)
    with no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad.zero_()
# --8<-- [end:sgd]


def _sgd_arguments(params: Sequence[Tensor], lr: float) -> tuple[list[Tensor], float]:
    """The parameters (tensors that have a gradient) and the learning rate, checked."""
    if isinstance(params, Tensor) or isinstance(params, str | bytes) or not isinstance(
            params, Sequence):
        check_type(params, list, "params", "a list of tensors")
    for k, p in enumerate(params):
        check_type(p, Tensor, f"params[{k}]", "a Tensor")
        if p.grad is None:
            raise ValueError(f"params[{k}] has no gradient: call loss.backward() first")
    return list(params), finite_real(lr, "lr", above=0)


def accuracy(model: MLP, X: NDArray, y: NDArray) -> float:
    """The fraction of examples whose largest output is the true class.

    >>> split = iris_split()
    >>> 0.0 <= accuracy(MLP(4, 5, 3), split.X_test, split.y_test) <= 1.0
    True
    """
    check_type(model, MLP, "model", "an MLP")
    X = as_real_array(X, "X", ndim=2)
    if len(X) == 0:
        raise ValueError("X must hold at least one example; got shape (0, ...)")
    y = check_labels(y, len(X), model.num_outputs, name="y")
    return float(np.mean(model.predict(X) == y))


# --8<-- [start:train]
def train(
    activation: str = "relu",
    *,
    num_hiddens: int = 5,
    epochs: int = EPOCHS,
    lr: float = LEARNING_RATE,
    batch_size: int = BATCH_SIZE,
    features: Sequence[int] = (0, 1, 2, 3),
    seed: int = 0,
    split_seed: int = SPLIT_SEED,
    init_std: float | None = None,
) -> TrainResult:
    """Train a d-``num_hiddens``-3 MLP on Iris; d is the number of ``features`` used.

    ``seed`` draws the initial weights and the order of the minibatches;
    ``split_seed`` draws which flowers are held out for testing; ``init_std``
    is passed to :class:`~mlp_edu.mlp.MLP` (None: its default, He
    initialisation for ReLU and Xavier for the other activations).
    ``batch_size`` is at most the 120 training flowers.

    A learning rate too large makes the loss grow until it is no longer a
    finite number; training then stops with :class:`TrainingDiverged`, which
    names the epoch and the learning rate:

    >>> train("relu", lr=100.0)
    Traceback (most recent call last):
    mlp_edu.training.TrainingDiverged: the training loss stopped being finite in epoch 9: lr=100 ...
    """
    start = time.perf_counter()
    epochs = positive_int(epochs, "epochs", maximum=MAX_EPOCHS)
    lr = finite_real(lr, "lr", above=0)
    data = iris_split(features, nonnegative_int(split_seed, "split_seed"))
    model = MLP(len(data.features), num_hiddens, 3, activation, seed, init_std)
    rng = np.random.default_rng(seed)
    history = History()
    n = len(data.y_train)
    batch_size = positive_int(batch_size, "batch_size", maximum=n)
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n)  # a new order of the flowers every epoch
        total = 0.0
        for first in range(0, n, batch_size):
            batch = order[first:first + batch_size]
            loss = cross_entropy(model(data.X_train[batch]), data.y_train[batch])
            if not math.isfinite(loss.item()):  # no step from an infinite or NaN loss
                raise TrainingDiverged(epoch, lr)
            loss.backward()
            sgd(model.parameters(), lr)
            total += loss.item() * len(batch)
        history.loss.append(total / n)
        history.test_accuracy.append(accuracy(model, data.X_test, data.y_test))
    return TrainResult(model, history, data, time.perf_counter() - start)
# --8<-- [end:train]


def trained(activation: str = "relu", features: Sequence[int] = (0, 1, 2, 3)) -> TrainResult:
    """:func:`train` with the defaults, remembered for the rest of the process.

    The figures call this, so that two figures of one network train it once.
    Treat the result as read-only: it is shared.

    >>> trained("tanh") is trained("tanh")
    True
    """
    return _trained(known_name(activation, ACTIVATIONS, "activation"),
                    feature_indices(features, len(FEATURES)))


@cache
def _trained(activation: str, features: tuple[int, ...]) -> TrainResult:
    return train(activation, features=features)


def decision_regions(
    result: TrainResult, resolution: int = 200, margin: float = 0.5
) -> tuple[NDArray, NDArray, NDArray]:
    """The class a two-feature network predicts on a grid over the data, in raw units (cm).

    Returns ``xx, yy, classes``, three (resolution, resolution) arrays: the
    grid's coordinates and the predicted class at each point. The grid covers
    all 150 flowers plus ``margin`` on every side; its points are scaled with
    the training statistics, exactly as the training flowers were.

    >>> xx, yy, classes = decision_regions(trained("relu", PETALS), resolution=50)
    >>> xx.shape == classes.shape == (50, 50)
    True
    """
    check_type(result, TrainResult, "result", "a TrainResult (from train or trained)")
    resolution = positive_int(resolution, "resolution", maximum=2000)
    margin = finite_real(margin, "margin", at_least=0, at_most=10)
    if len(result.data.features) != 2:
        raise ValueError(
            f"decision regions need a network on 2 features; this one has "
            f"{len(result.data.features)}"
        )
    X, _ = load_iris()
    shown = X[:, result.data.features]
    low, high = shown.min(axis=0) - margin, shown.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(low[0], high[0], resolution),
                         np.linspace(low[1], high[1], resolution))
    points = np.column_stack([xx.ravel(), yy.ravel()])
    _, scaled = standardize(result.data.X_train_raw, points)
    return xx, yy, result.model.predict(scaled).reshape(xx.shape)
