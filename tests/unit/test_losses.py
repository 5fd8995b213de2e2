"""Softmax, cross-entropy and the squared loss: right values, no overflow, gradients that
match finite differences."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mlp_edu.autograd import Tensor, tensor
from mlp_edu.losses import (
    check_labels,
    cross_entropy,
    log_softmax,
    one_hot,
    softmax,
    squared_loss,
)
from mlp_edu.mlp import MLP
from tests.unit.gradcheck import numeric_gradient

RNG = np.random.default_rng(12345)


def naive_softmax(o: np.ndarray) -> np.ndarray:
    e = np.exp(o)
    return e / e.sum(axis=1, keepdims=True)


logit_matrices = arrays(
    np.float64,
    st.tuples(st.integers(1, 5), st.integers(2, 5)),
    elements=st.floats(-30, 30),
)


@settings(max_examples=50, deadline=None)
@given(logit_matrices)
def test_softmax_matches_the_textbook_formula_where_that_is_safe(o):
    np.testing.assert_allclose(softmax(o), naive_softmax(o), rtol=1e-12, atol=1e-300)


@settings(max_examples=50, deadline=None)
@given(logit_matrices, st.floats(-1e3, 1e3))
def test_softmax_is_a_distribution_unchanged_by_a_shift(o, c):
    p = softmax(o)
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(softmax(o + c), p, atol=1e-9)


def test_softmax_does_not_overflow():
    o = np.array([[1000.0, 0.0, -1000.0], [1e308, 1e308, 0.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        p = softmax(o)
    np.testing.assert_allclose(p, [[1.0, 0.0, 0.0], [0.5, 0.5, 0.0]])


def test_log_softmax_is_log_of_softmax_and_stays_finite():
    o = RNG.normal(size=(4, 3)) * 5
    np.testing.assert_allclose(log_softmax(o), np.log(softmax(o)))
    far = log_softmax(np.array([[0.0, -2000.0]]))
    assert far.tolist() == [[0.0, -2000.0]]  # log(softmax) would give log(0) = -inf


def test_cross_entropy_by_hand():
    # Row 1: log(e^1 + e^2 + e^3) - 3; row 2: log 2 - 0.
    o = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, -1e300]])  # exp(-1e300) is 0: two classes left
    expected = ((np.log(np.exp(1) + np.exp(2) + np.exp(3)) - 3) + np.log(2)) / 2
    assert cross_entropy(o, [2, 1]) == pytest.approx(expected, rel=1e-14)


def test_cross_entropy_of_a_confident_wrong_answer_is_large_not_infinite():
    assert cross_entropy(np.array([[1000.0, 0.0]]), [1]) == pytest.approx(1000.0)
    assert cross_entropy(np.array([[1000.0, 0.0]]), [0]) == pytest.approx(0.0, abs=1e-300)


def test_tensor_and_numpy_give_the_same_numbers():
    o = RNG.normal(size=(6, 3))
    y = RNG.integers(0, 3, size=6)
    np.testing.assert_allclose(softmax(tensor(o)).numpy(), softmax(o))
    np.testing.assert_allclose(log_softmax(tensor(o)).numpy(), log_softmax(o))
    loss = cross_entropy(tensor(o), y)
    assert isinstance(loss, Tensor) and loss.shape == ()
    assert loss.item() == pytest.approx(cross_entropy(o, y), rel=1e-14)


def test_cross_entropy_gradient_is_softmax_minus_one_hot_over_n():
    n, q = 7, 3
    o = RNG.normal(size=(n, q)) * 3
    y = RNG.integers(0, q, size=n)
    logits = tensor(o, requires_grad=True)
    cross_entropy(logits, y).backward()
    np.testing.assert_allclose(logits.grad.numpy(), (softmax(o) - one_hot(y, q)) / n, atol=1e-15)


def test_cross_entropy_gradient_matches_finite_differences():
    o = RNG.normal(size=(5, 4))
    y = np.array([0, 3, 1, 1, 2])
    logits = tensor(o, requires_grad=True)
    cross_entropy(logits, y).backward()
    numeric = numeric_gradient(lambda z: cross_entropy(z, y), o)
    np.testing.assert_allclose(logits.grad.numpy(), numeric, atol=1e-8)


def test_cross_entropy_gradient_with_huge_logits_is_still_exact():
    o = np.array([[500.0, -500.0, 0.0], [0.0, 800.0, 799.0]])
    y = np.array([1, 2])
    logits = tensor(o, requires_grad=True)
    cross_entropy(logits, y).backward()
    grad = logits.grad.numpy()
    assert np.all(np.isfinite(grad))
    np.testing.assert_allclose(grad, (softmax(o) - one_hot(y, 3)) / 2, atol=1e-15)


def test_softmax_gradient_matches_finite_differences():
    o = RNG.normal(size=(3, 4))
    weights = RNG.normal(size=(3, 4))  # a scalar from softmax: sum(weights * softmax(o))
    logits = tensor(o, requires_grad=True)
    (softmax(logits) * weights).sum().backward()
    numeric = numeric_gradient(lambda z: float((softmax(z) * weights).sum()), o)
    np.testing.assert_allclose(logits.grad.numpy(), numeric, atol=1e-8)


def test_one_hot():
    assert one_hot(np.array([1, 0, 2]), 3).tolist() == [[0, 1, 0], [1, 0, 0], [0, 0, 1]]


@pytest.mark.parametrize(
    ("labels", "error", "message"),
    [
        ([0.0, 1.0], TypeError, "labels must be integers"),
        ([0, 1, 2], ValueError, r"shape \(2,\), one per row of logits; got \(3,\)"),
        ([[0], [1]], ValueError, r"must have shape \(2,\)"),
        ([0, 3], ValueError, r"labels must lie in \[0, 3\)"),
        ([-1, 0], ValueError, r"labels must lie in \[0, 3\)"),
    ],
)
def test_bad_labels_are_explained(labels, error, message):
    with pytest.raises(error, match=message):
        cross_entropy(np.zeros((2, 3)), np.array(labels))


def test_logits_must_be_a_matrix():
    with pytest.raises(ValueError, match=r"logits must be a 2-D array .* got shape \(3,\)"):
        softmax(np.zeros(3))
    with pytest.raises(ValueError, match=r"got shape \(1, 2, 3\)"):
        cross_entropy(tensor(np.zeros((1, 2, 3))), [0])


def test_check_labels_returns_int64():
    assert check_labels(np.array([1, 2], dtype=np.uint8), 2, 3).dtype == np.int64


def test_cross_entropy_is_log_sum_exp_minus_the_true_logit():
    # -log softmax(o)_y = log sum_k exp(o_k) - o_y = m + log sum_k exp(o_k - m) - o_y
    o = RNG.normal(size=(6, 4)) * 5
    y = np.array([0, 1, 2, 3, 0, 1])
    m = o.max(axis=1)
    by_hand = m + np.log(np.exp(o - m[:, None]).sum(axis=1)) - o[np.arange(6), y]
    assert cross_entropy(o, y) == pytest.approx(by_hand.mean(), rel=1e-14)
    wrong_sign = o[np.arange(6), y] - m - np.log(np.exp(o - m[:, None]).sum(axis=1))
    assert cross_entropy(o, y) == pytest.approx(-wrong_sign.mean(), rel=1e-14)
    assert cross_entropy(o, y) > 0 > wrong_sign.mean()


def test_squared_loss_by_hand():
    o = np.array([[1.0], [2.0], [4.0]])
    assert squared_loss(o, [1.0, 3.0, 2.0]) == pytest.approx((0 + 1 + 4) / 3 / 2)
    assert squared_loss(o, np.array([[1.0], [3.0], [2.0]])) == squared_loss(o, [1.0, 3.0, 2.0])
    assert squared_loss(o, [1.0, 2.0, 4.0]) == 0.0


def test_squared_loss_gradient_is_error_over_n_and_matches_finite_differences():
    o = RNG.normal(size=(7, 1))
    y = RNG.normal(size=7)
    predictions = tensor(o, requires_grad=True)
    squared_loss(predictions, y).backward()
    np.testing.assert_allclose(predictions.grad.numpy(), (o - y[:, None]) / 7, atol=1e-15)
    numeric = numeric_gradient(lambda z: float(squared_loss(z, y)), o)
    np.testing.assert_allclose(predictions.grad.numpy(), numeric, atol=1e-8)


def test_squared_loss_trains_a_one_output_network():
    X = RNG.normal(size=(8, 4))
    y = RNG.normal(size=8)
    net = MLP(4, 5, 1, seed=0)
    loss = squared_loss(net(X), y)
    assert isinstance(loss, Tensor)
    loss.backward()
    assert {name: p.grad.shape for name, p in net.named_parameters().items()} == {
        "W_h": (4, 5), "b_h": (1, 5), "W_o": (5, 1), "b_o": (1, 1)}
    assert loss.item() == pytest.approx(squared_loss(net(X).detach().numpy(), y))


@pytest.mark.parametrize(
    ("predictions", "targets", "error", "message"),
    [
        (np.zeros((3, 2)), [1.0, 2.0, 3.0], ValueError, r"shape \(n, 1\).* got shape \(3, 2\)"),
        (np.zeros(3), [1.0, 2.0, 3.0], ValueError, r"shape \(n, 1\).* got shape \(3,\)"),
        (np.zeros((3, 1)), [1.0, 2.0], ValueError, r"targets must have shape \(3,\) or \(3, 1\)"),
        (np.zeros((2, 1)), [1.0, np.inf], ValueError, "targets must be finite numbers; got inf"),
        (np.zeros((0, 1)), [], ValueError, "at least one example"),
        (np.zeros((2, 1)), ["a", "b"], TypeError, "targets must be a real number"),
        ("zero", [1.0], TypeError, "predictions must be a real number"),
    ],
)
def test_bad_squared_loss_input_is_explained(predictions, targets, error, message):
    with pytest.raises(error, match=message):
        squared_loss(predictions, targets)
