"""The Iris loader reads the shipped file exactly and explains every bad file."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from mlp_edu.data import (
    FEATURES,
    IRIS_PATH,
    SPECIES,
    load_iris,
    standardize,
    train_test_split,
)

HEADER = ",".join(FEATURES) + ",species"


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "iris.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def shipped_lines() -> list[str]:
    return IRIS_PATH.read_text(encoding="utf-8").splitlines()


def test_shipped_file_has_150_flowers_50_of_each_species():
    X, y = load_iris()
    assert X.shape == (150, 4) and X.dtype == np.float64
    assert y.shape == (150,) and y.dtype == np.int64
    assert np.bincount(y).tolist() == [50, 50, 50]


def test_shipped_file_matches_fishers_table_not_ucis_two_wrong_rows():
    X, _ = load_iris()
    assert X[34].tolist() == [4.9, 3.1, 1.5, 0.2]  # flower 35
    assert X[37].tolist() == [4.9, 3.6, 1.4, 0.1]  # flower 38


def test_shipped_file_summary_statistics():
    # Means of the four measurements over all 150 flowers, as usually quoted.
    X, _ = load_iris()
    assert np.round(X.mean(axis=0), 2).tolist() == [5.84, 3.06, 3.76, 1.2]
    assert X.min(axis=0).tolist() == [4.3, 2.0, 1.0, 0.1]
    assert X.max(axis=0).tolist() == [7.9, 4.4, 6.9, 2.5]


def test_rows_are_in_species_order():
    _, y = load_iris()
    assert y.tolist() == [0] * 50 + [1] * 50 + [2] * 50


def test_a_valid_copy_elsewhere_loads_the_same(tmp_path):
    X, y = load_iris(write(tmp_path, shipped_lines()))
    X0, y0 = load_iris()
    assert np.array_equal(X, X0) and np.array_equal(y, y0)


def test_missing_file_names_the_path(tmp_path):
    missing = tmp_path / "nowhere.csv"
    with pytest.raises(FileNotFoundError, match=re.escape(str(missing))):
        load_iris(missing)


def test_empty_file(tmp_path):
    path = tmp_path / "iris.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1: expected the header .* got an empty file"):
        load_iris(path)


def test_wrong_header(tmp_path):
    lines = shipped_lines()
    lines[0] = "150,4,setosa,versicolor,virginica"  # scikit-learn's count header
    with pytest.raises(ValueError, match=r"iris\.csv, line 1: expected the header"):
        load_iris(write(tmp_path, lines))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("5.1,3.5,1.4,setosa", r"line 7: expected 5 comma-separated fields; got 4"),
        ("5.1,3.5,1.4,0.2,0.3,setosa", r"line 7: expected 5 comma-separated fields; got 6"),
        ("5.1,abc,1.4,0.2,setosa", r"line 7: sepal_width is not a number: 'abc'"),
        ("5.1,3.5,nan,0.2,setosa", r"line 7: petal_length must be a positive length"),
        ("5.1,3.5,1.4,-0.2,setosa", r"line 7: petal_width must be a positive length"),
        ("5.1,3.5,1.4,0.2,Iris-setosa", r"line 7: unknown species 'Iris-setosa'"),
        ("5.1,3.5,1.4,0.2,0", r"line 7: unknown species '0'"),
    ],
)
def test_corrupt_row_names_file_line_and_problem(tmp_path, row, message):
    lines = shipped_lines()
    lines[6] = row  # the file's line 7
    path = write(tmp_path, lines)
    with pytest.raises(ValueError, match=re.escape(str(path)) + ", " + message):
        load_iris(path)


def test_missing_rows(tmp_path):
    path = write(tmp_path, shipped_lines()[:-3])
    with pytest.raises(ValueError, match=r"expected 150 flowers; got 147"):
        load_iris(path)


def test_extra_rows(tmp_path):
    path = write(tmp_path, [*shipped_lines(), "5.0,3.0,1.5,0.2,setosa"])
    with pytest.raises(ValueError, match=r"expected 150 flowers; got 151"):
        load_iris(path)


def test_species_names_and_features_are_the_csv_columns():
    assert shipped_lines()[0] == HEADER
    assert SPECIES == ("setosa", "versicolor", "virginica")


def test_split_is_stratified_disjoint_and_complete():
    X, y = load_iris()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction=0.2, seed=3)
    assert len(X_train) == len(y_train) == 120 and len(X_test) == len(y_test) == 30
    assert np.bincount(y_test).tolist() == [10, 10, 10]
    assert np.bincount(y_train).tolist() == [40, 40, 40]
    rows = {tuple(r) + (int(c),) for r, c in zip(np.vstack([X_train, X_test]),
                                                 np.concatenate([y_train, y_test]),
                                                 strict=True)}
    every = {tuple(r) + (int(c),) for r, c in zip(X, y, strict=True)}
    assert rows == every


def test_split_depends_on_seed_only():
    X, y = load_iris()
    a = train_test_split(X, y, seed=1)
    b = train_test_split(X, y, seed=1)
    c = train_test_split(X, y, seed=2)
    assert all(np.array_equal(p, q) for p, q in zip(a, b, strict=True))
    assert not np.array_equal(a[1], c[1])


def test_split_shuffles_the_species_order():
    X, y = load_iris()
    _, _, y_train, _ = train_test_split(X, y)
    assert not np.all(np.diff(y_train) >= 0)


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.1, 1.5])
def test_split_rejects_fractions_outside_0_1(fraction):
    X, y = load_iris()
    with pytest.raises(ValueError, match="test_fraction"):
        train_test_split(X, y, test_fraction=fraction)


def test_split_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="one length; got 3 and 2"):
        train_test_split(np.zeros((3, 1)), np.zeros(2))


def test_standardize_uses_training_statistics_only():
    rng = np.random.default_rng(0)
    train = rng.normal(5.0, 2.0, size=(50, 3))
    test = rng.normal(-10.0, 7.0, size=(20, 3))
    train_s, test_s = standardize(train, test)
    np.testing.assert_allclose(train_s.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(train_s.std(axis=0), 1.0)
    np.testing.assert_allclose(test_s, (test - train.mean(axis=0)) / train.std(axis=0))
    # The test set's own statistics are left alone: it is not centred itself.
    assert np.all(test_s.mean(axis=0) < -3)


def test_standardize_rejects_a_constant_column():
    with pytest.raises(ValueError, match="column 1 is constant"):
        standardize(np.array([[1.0, 2.0], [3.0, 2.0]]), np.zeros((1, 2)))
