"""Fisher's Iris data, split and scaled for training (the network of section 1.1).

The chapter's network has 4 inputs and 3 outputs, exactly the shape of the
Iris data: 150 flowers, 4 measurements each (in cm), 3 species, 50 flowers
of each. The CSV ships inside the package (``mlp_edu/data/iris.csv``; its
source and licence are in ``mlp_edu/data/README.md``), so nothing is
downloaded.

>>> X, y = load_iris()
>>> X.shape, y.shape
((150, 4), (150,))
>>> [SPECIES[k] for k in y[[0, 50, 100]]]
['setosa', 'versicolor', 'virginica']
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from mlp_edu.checks import (
    as_real_array,
    check_labels,
    finite_real,
    like_pytorch,
    nonnegative_int,
    path_like,
    read_text_lines,
)

__all__ = [
    "FEATURES",
    "SPECIES",
    "IRIS_PATH",
    "load_iris",
    "train_test_split",
    "standardize",
]

FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")
SPECIES = ("setosa", "versicolor", "virginica")
IRIS_PATH = Path(__file__).parent / "data" / "iris.csv"
IRIS_ROWS = 150


def load_iris(
    path: str | Path | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Read the Iris CSV: measurements ``X`` (150, 4) and species indices ``y`` (150,).

    ``y[i]`` indexes :data:`SPECIES` (0 setosa, 1 versicolor, 2 virginica).
    ``path`` defaults to the copy shipped in the package. Every line is
    checked; a problem (a byte that is not UTF-8 text included) raises
    ``ValueError`` naming the file, the line and what is wrong, and a missing
    file raises ``FileNotFoundError``.

    >>> X, y = load_iris()
    >>> X.dtype, y.dtype
    (dtype('float64'), dtype('int64'))
    >>> np.bincount(y).tolist()
    [50, 50, 50]
    >>> X[0].tolist()
    [5.1, 3.5, 1.4, 0.2]
    >>> load_iris("no/such/iris.csv")
    Traceback (most recent call last):
    FileNotFoundError: no Iris data file at path no/such/iris.csv
    """
    path = IRIS_PATH if path is None else path_like(path)
    if not path.is_file():
        raise FileNotFoundError(f"no Iris data file at path {path}")
    lines = read_text_lines(path)
    header = ",".join(FEATURES) + ",species"
    if not lines or lines[0].strip() != header:
        got = repr(lines[0]) if lines else "an empty file"
        raise ValueError(f"{path}, line 1: expected the header {header!r}; got {got}")

    rows: list[list[float]] = []
    labels: list[int] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue  # a blank line (e.g. at the end) carries no flower
        where = f"{path}, line {number}"
        fields = [field.strip() for field in line.split(",")]
        if len(fields) != len(FEATURES) + 1:
            raise ValueError(
                f"{where}: expected {len(FEATURES) + 1} comma-separated fields; "
                f"got {len(fields)} in {line!r}"
            )
        values = []
        for name, field in zip(FEATURES, fields, strict=False):
            try:
                value = float(field)
            except ValueError:
                raise ValueError(f"{where}: {name} is not a number: {field!r}") from None
            if not math.isfinite(value) or value <= 0:
                raise ValueError(f"{where}: {name} must be a positive length in cm; got {field}")
            values.append(value)
        species = fields[-1]
        if species not in SPECIES:
            raise ValueError(f"{where}: unknown species {species!r}; expected one of {SPECIES}")
        rows.append(values)
        labels.append(SPECIES.index(species))

    if len(rows) != IRIS_ROWS:
        raise ValueError(f"{path}: expected {IRIS_ROWS} flowers; got {len(rows)}")
    return np.array(rows, dtype=np.float64), np.array(labels, dtype=np.int64)


# --8<-- [start:split]
def train_test_split(
    X: NDArray, y: NDArray, test_fraction: float = 0.2, seed: int = 0
) -> tuple[NDArray, NDArray, NDArray, NDArray]:
    """Split into ``X_train, X_test, y_train, y_test``, keeping the species' shares.

    The split is *stratified*: from every class the same fraction goes to the
    test set (10 of each 50 flowers for 0.2), so neither set is short of a
    species. Which flowers go where is drawn with ``seed``.

    >>> X, y = load_iris()
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y)
    >>> X_train.shape, X_test.shape
    ((120, 4), (30, 4))
    >>> np.bincount(y_test).tolist()
    [10, 10, 10]
    """
    X = as_real_array(X, "X")
    if X.ndim == 0:
        raise ValueError("X must hold one row per example; got a single number")
    y = check_labels(y, name="y")  # class indices, 1-D
    if len(X) != len(y):
        raise ValueError(f"X and y must have one length; got {len(X)} and {len(y)}")
    test_fraction = finite_real(test_fraction, "test_fraction", above=0, below=1)
    rng = np.random.default_rng(nonnegative_int(seed, "seed"))
    test_parts = []
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        test_parts.append(members[: round(test_fraction * len(members))])
    test = rng.permutation(np.concatenate(test_parts or [np.zeros(0, dtype=int)]))
    if not 0 < len(test) < len(y):
        raise ValueError(f"test_fraction {test_fraction} of {len(y)} examples leaves the "
                         f"{'test' if len(test) == 0 else 'training'} set empty")
    is_test = np.zeros(len(y), dtype=bool)
    is_test[test] = True
    train = rng.permutation(np.flatnonzero(~is_test))
    return X[train], X[test], y[train], y[test]
# --8<-- [end:split]


# --8<-- [start:standardize]
def standardize(train: NDArray, test: NDArray) -> tuple[NDArray, NDArray]:
    """Scale each column to mean 0 and standard deviation 1, with the training statistics.

    The test set is shifted and scaled with the *training* mean and standard
    deviation: it plays the part of flowers not seen yet, so nothing about it
    may leak into the model, not even its average.

    >>> train, test = standardize(np.array([[1.0], [3.0]]), np.array([[5.0]]))
    >>> train.ravel().tolist(), test.ravel().tolist()
    ([-1.0, 1.0], [3.0])
    """
    train = as_real_array(train, "train", ndim=2, finite=True).astype(np.float64)
    test = as_real_array(test, "test", ndim=2, finite=True).astype(np.float64)
    if test.shape[1] != train.shape[1]:
        raise ValueError(f"test must have the {train.shape[1]} columns of train; "
                         f"got shape {test.shape}")
    if len(train) == 0:
        raise ValueError(f"train must hold at least one row; got shape {train.shape}")
    # Divided first by a power of two near each column's largest magnitude (exact), so
    # that neither the mean nor the variance of values near 1e308 overflows.
    scale = _power_of_two_scale(train)
    train, test = train / scale, test / scale
    mean, std = train.mean(axis=0), train.std(axis=0)
    if np.any(std == 0):
        column = int(np.flatnonzero(std == 0)[0])
        raise ValueError(f"column {column} is constant in the training set: cannot scale it")
    with like_pytorch():  # a test value far outside the training range may be ±inf
        return (train - mean) / std, (test - mean) / std
# --8<-- [end:standardize]


def _power_of_two_scale(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """Per column, a power of two between half the largest magnitude and that magnitude.

    (A column of zeros gets ½.) Dividing by it is exact and brings every value
    within ±2.

    >>> _power_of_two_scale(np.array([[3.0, 0.0], [-1.0, 0.0]])).tolist()
    [2.0, 0.5]
    """
    _, exponent = np.frexp(np.abs(values).max(axis=0))
    return np.ldexp(1.0, exponent - 1)
