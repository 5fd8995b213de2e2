"""The exercises' self-checks accept the right answers and turn down likely wrong ones."""

from __future__ import annotations

import numpy as np
import pytest

from mlp_edu.exercises import check

# ---- mlp, training, modern-activations, vanishing-gradients, playground ----------------


def _collapse(W1, b1, W2, b2, W3, b3):
    return W1 @ W2 @ W3, (b1 @ W2 + b2) @ W3 + b3


@pytest.mark.parametrize("exercise, answer", [
    ("mlp/1", _collapse),
    ("mlp/2", 1),
    ("mlp/3", (0.0, 0.0)),
    ("mlp/3", (1e-16, -5e-17)),  # rounding errors of a computed answer
    ("mlp/4", (0.0011, 0.54)),  # as the solution prints them
    ("training/1", 1),
    ("training/2", (0.3, 1.0)),
    ("training/2", [1.0, 0.3]),
    ("training/3", 16),
    ("training/4", (23 / 30, 29 / 30)),
    ("training/4", (0.767, 0.967)),
    ("modern-activations/1", lambda x, a: np.minimum(x, a * x)),
    ("modern-activations/2", lambda y, alpha: y + alpha),
    ("modern-activations/3", lambda x: np.log1p(np.exp(-np.abs(x)))),
    ("modern-activations/4", (0.0095, 0.0203)),
    ("vanishing-gradients/1", 25),
    ("vanishing-gradients/2", (0.35, 0.24, 0.34)),
    ("vanishing-gradients/3", (0.80, 0.77)),
    ("playground/1", (4, 8)),
    ("playground/2", (10, 1)),
    ("playground/3", (0.76, 0.94)),
])
def test_the_right_answers_are_accepted(exercise, answer, capsys):
    assert check(exercise, answer)
    assert capsys.readouterr().out == "Right.\n"


@pytest.mark.parametrize("exercise, answer, says", [
    ("mlp/1", lambda W1, b1, W2, b2, W3, b3: (W1 @ W2 @ W3, b3), "b is not"),
    ("mlp/1", lambda W1, b1, W2, b2, W3, b3: (W1 @ W2 @ W3, b1 + b2 + b3), "shapes do not fit"),
    ("mlp/1", lambda W1, b1, W2, b2, W3, b3: (W3.T @ W2.T @ W1.T, b3), "shape (3, 4)"),
    ("mlp/1", lambda W1, b1, W2, b2, W3, b3: W1 @ W2 @ W3, "a pair"),
    ("mlp/2", 5, "five different units"),
    ("mlp/2", 3, "count again"),
    ("mlp/3", (0.0, 1.0), "row sum is not"),
    ("mlp/3", (5.0, 0.0), "change of the loss is off"),
    ("mlp/4", (0.54, 0.0011), "first distance is larger"),
    ("mlp/4", (0.01, 0.54), "init_std=0.01 is too large"),
    ("training/1", 5, "not the smallest"),
    ("training/2", (0.03, 0.3, 1.0), "lr 0.03"),
    ("training/2", (0.3, 1.0, 3.0), "lr 3"),
    ("training/2", (0.3,), "missing"),
    ("training/3", 5, "still above"),
    ("training/3", 20, "fewer than 20"),
    ("training/4", (0.967, 0.767), "sepals alone is too large"),
    ("modern-activations/1", lambda x, a: np.maximum(x, a * x), "x = -3.0, a = 3.0"),
    ("modern-activations/2", lambda y, alpha: alpha * np.exp(y), "too large"),
    ("modern-activations/2", lambda y, alpha: y, "too small"),
    ("modern-activations/3", lambda x: np.exp(-np.abs(x)), "x = -5.0"),
    ("modern-activations/4", (0.19, 0.1), "too large"),
    ("modern-activations/4", (0.0095, 0.0095), "x sigma(1.702 x) on [-8, 8] is too small"),
    ("vanishing-gradients/1", 30, "shallower than 30"),
    ("vanishing-gradients/1", 20, "still moves"),
    ("vanishing-gradients/2", (1 / 0.35, 1 / 0.24, 1 / 0.34), "above 1"),
    ("vanishing-gradients/2", (0.35, 0.35, 0.35), "width 64"),
    ("vanishing-gradients/3", (1.3e-3, 0.77), "in all"),
    ("vanishing-gradients/3", (0.80, 0.55), "rule-of-thumb factor is too small"),
    ("playground/1", (3, 4, 8), "3 hidden units"),
    ("playground/1", (8,), "missing"),
    ("playground/2", (1, 1), "sigmoid"),
    ("playground/2", (10, 10), "tanh"),
    ("playground/3", (0.5, 0.94), "without an activation is too small"),
])
def test_likely_wrong_answers_are_turned_down_with_a_reason(exercise, answer, says, capsys):
    assert not check(exercise, answer)
    out = capsys.readouterr().out
    assert out.startswith("Not yet: ") and says in out, out
    assert not check(exercise, answer, lang="zh")
    assert capsys.readouterr().out.startswith("还不对：")


@pytest.mark.parametrize("exercise, answer, error, says", [
    ("mlp/1", (np.eye(4), np.zeros(3)), TypeError, "a function"),
    ("mlp/2", 1.5, ValueError, "whole number"),
    ("mlp/2", 0, ValueError, "one of 1, 2, 3, 4, 5"),
    ("mlp/2", "one", TypeError, "real number"),
    ("mlp/3", 0.0, TypeError, "a tuple of 2 numbers"),
    ("mlp/4", (0.001, float("nan")), ValueError, "finite"),
    ("training/1", 3, ValueError, "one of 1, 2, 5, 20, 50"),
    ("training/2", 0.3, TypeError, "a tuple of numbers"),
    ("training/2", (0.3, 0.5), ValueError, "may hold only"),
    ("training/2", (0.3, 0.3), ValueError, "twice"),
    ("training/3", 51, ValueError, "whole number"),
    ("training/4", (23, 29), ValueError, "fractions of the test flowers"),
    ("modern-activations/1", 0.01, TypeError, "a function"),
    ("modern-activations/2", None, TypeError, "a function"),
    ("modern-activations/3", "log(1 + exp(-|x|))", TypeError, "a function"),
    ("modern-activations/4", (0.0095,), TypeError, "a tuple of 2 numbers"),
    ("vanishing-gradients/1", 31, ValueError, "whole number"),
    ("vanishing-gradients/2", (0.35, 0.24), TypeError, "a tuple of 3 numbers"),
    ("vanishing-gradients/3", ("0.80", 0.77), TypeError, "real number"),
    ("playground/1", 4, TypeError, "a tuple of numbers"),
    ("playground/1", (5,), ValueError, "may hold only"),
    ("playground/2", (3, 1), ValueError, "rates 1 or 10"),
    ("playground/3", (76, 94), ValueError, "fractions of the test points"),
])
def test_a_wrong_kind_of_answer_is_an_error_naming_the_answer(exercise, answer, error, says):
    with pytest.raises(error, match="answer") as raised:
        check(exercise, answer)
    assert says in str(raised.value)


def test_the_gelu_self_checks_wrong_example_is_the_sigmoid_without_its_factor():
    # docs/modern-activations.md turns down (0.12, 0.19) as the gaps of sigma(x) itself.
    from mlp_edu.activations import gelu, normal_cdf, sigmoid
    x = np.linspace(-8, 8, 1_600_001)
    gaps = (np.max(np.abs(normal_cdf(x) - sigmoid(x))), np.max(np.abs(gelu(x) - x * sigmoid(x))))
    assert [round(float(gap), 2) for gap in gaps] == [0.12, 0.19]
