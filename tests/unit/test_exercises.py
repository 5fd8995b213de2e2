"""The exercises' self-checks (mlp_edu.exercises): each accepts the solution's answer, turns
down the wrong answers a student is likely to give, and raises on a wrong kind of answer."""

import numpy as np
import pytest

from mlp_edu.exercises import check

# ---- hidden-layer, autograd, backprop, initialization, approximation ----------------------

def _rejected(exercise, answer, says, capsys):
    """Whether check() turns ``answer`` down with a message containing ``says``, in both
    languages (the Chinese message is checked only to exist)."""
    assert check(exercise, answer) is False
    english = capsys.readouterr().out
    assert english.startswith("Not yet: ") and says in english, english
    assert check(exercise, answer, lang="zh") is False
    assert capsys.readouterr().out.startswith("还不对：")
    return True


def _accepted(exercise, answer, capsys):
    assert check(exercise, answer) is True
    return capsys.readouterr().out == "Right.\n"


# hidden-layer

def test_hidden_layer_1_counts_two_layers_and_every_weight_and_bias(capsys):
    assert _accepted("hidden-layer/1", (2, 203530), capsys)
    assert _rejected("hidden-layer/1", (3, 203530), "the input layer computes nothing", capsys)
    assert _rejected("hidden-layer/1", (2, 784 * 256 + 256 * 10), "weights only", capsys)
    assert _rejected("hidden-layer/1", (2, 203530 + 784), "too many", capsys)


def test_hidden_layer_2_runs_the_readers_network_on_temperatures(capsys):
    W_h, w_o = np.array([[1.0, -1.0]]), np.array([[1.0], [1.0]])
    assert _accepted("hidden-layer/2", (W_h, np.array([[-37.0, 37.0]]), w_o), capsys)
    assert _rejected("hidden-layer/2", (W_h, np.array([[37.0, -37.0]]), w_o), "at t = ", capsys)
    # one unit alone is right on one side of 37 only
    assert _rejected("hidden-layer/2", (W_h, np.array([[-37.0, 37.0]]), np.array([[1.0], [0.0]])),
                    "at t = 30 °C", capsys)


def test_hidden_layer_3_wants_none_and_shows_where_weights_fail(capsys):
    assert _accepted("hidden-layer/3", None, capsys)
    assert _rejected("hidden-layer/3", (1, 1, -0.5, 2, 0), "corner (1, 1)", capsys)
    assert _rejected("hidden-layer/3", (1, -1, 0, 1, 0), "corner (0, 1)", capsys)


def test_hidden_layer_4_accepts_the_two_widths_around_the_budget(capsys):
    assert _accepted("hidden-layer/4", 11, capsys)
    assert _accepted("hidden-layer/4", 12, capsys)  # 99 parameters: "about as many" too
    assert _rejected("hidden-layer/4", 13, "107 parameters, more than 93", capsys)
    assert _rejected("hidden-layer/4", 10, "fewer than 93", capsys)
    assert _rejected("hidden-layer/4", 11.25, "whole number", capsys)


@pytest.mark.parametrize("exercise, answer, error, says", [
    ("hidden-layer/1", 203530, TypeError, "(layers, parameters)"),
    ("hidden-layer/1", (2, "203530"), TypeError, "must be a real number"),
    ("hidden-layer/2", (np.ones(2), np.ones(2)), TypeError, "(W_h, b_h, w_o)"),
    ("hidden-layer/2", (np.ones(2), np.ones((1, 2)), np.ones((2, 1))), ValueError, "W_h, 1×2"),
    ("hidden-layer/3", False, TypeError, "or None"),
    ("hidden-layer/3", (1, 1, 0, 1), TypeError, "(w1, w2, b, a, c)"),
    ("hidden-layer/4", "11", TypeError, "hidden units"),
    ("hidden-layer/4", float("nan"), ValueError, "finite"),
])
def test_hidden_layer_wrong_kinds_of_answer_raise(exercise, answer, error, says):
    with pytest.raises(error, match="answer") as raised:
        check(exercise, answer)
    assert says in str(raised.value)
