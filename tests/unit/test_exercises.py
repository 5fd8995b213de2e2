"""The exercises' self-checks (mlp_edu.exercises): each accepts the solution's answer, turns
down the wrong answers a student is likely to give, and raises on a wrong kind of answer."""

from __future__ import annotations

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
    assert _rejected("hidden-layer/4", 0, "at least one unit", capsys)
    assert _rejected("hidden-layer/4", 10**12, "far more than 93", capsys)  # builds no network


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


# autograd

def test_autograd_1_wants_v_times_the_slope(capsys):
    assert _accepted("autograd/1", np.array([0.25, 0.5, 0.75]), capsys)
    assert _rejected("autograd/1", [0.25, 0.25, 0.25], "same in every place", capsys)
    assert _rejected("autograd/1", [1.0, 2.0, 3.0], "x.grad[0] is too large", capsys)
    assert _rejected("autograd/1", [0.5, 1.0, 1.5], "x.grad[0] is too large", capsys)  # sigma(0) v


def test_autograd_2_wants_the_gradients_added_up(capsys):
    assert _accepted("autograd/2", lambda k: k, capsys)
    assert _rejected("autograd/2", lambda k: 2 ** k, "after 1 call", capsys)
    assert _rejected("autograd/2", lambda k: 1, "after 2 calls x.grad holds more", capsys)
    assert _rejected("autograd/2", lambda k: "k", "one number", capsys)


def test_autograd_3_wants_the_gradient_of_the_sum(capsys):
    assert _accepted("autograd/3", [0.0, 0.0, 0.0], capsys)
    assert _rejected("autograd/3", [2 / 3, 2 / 3, 2 / 3], "through the mean", capsys)
    assert _rejected("autograd/3", [1.0, 1.0, 1.0], "not every entry", capsys)


def test_autograd_4_names_the_path_left_out(capsys):
    from mlp_edu.activations import sigmoid, sigmoid_grad, silu_grad
    assert _accepted("autograd/4", lambda x: sigmoid(x) + x * sigmoid_grad(x), capsys)
    assert _accepted("autograd/4", silu_grad, capsys)
    assert _rejected("autograd/4", sigmoid, "through the sigmoid", capsys)
    assert _rejected("autograd/4", lambda x: x * sigmoid_grad(x), "left factor", capsys)
    assert _rejected("autograd/4", sigmoid_grad, "at x = -4 your derivative", capsys)
    assert _rejected("autograd/4", lambda x: 1.0, "one number for each x", capsys)


@pytest.mark.parametrize("exercise, answer, error, says", [
    ("autograd/1", [0.25, 0.5], ValueError, "shape (3,)"),
    ("autograd/1", "0.25", TypeError, "x.grad"),
    ("autograd/1", [0.25, float("inf"), 0.75], ValueError, "finite"),
    ("autograd/2", 2, TypeError, "a function of k"),
    ("autograd/3", None, TypeError, "x.grad"),
    ("autograd/4", [0.5], TypeError, "a function of a numpy array"),
])
def test_autograd_wrong_kinds_of_answer_raise(exercise, answer, error, says):
    with pytest.raises(error, match="answer") as raised:
        check(exercise, answer)
    assert says in str(raised.value)


# backprop

def test_backprop_1_wants_the_gradient_for_the_inputs_in_its_shape(capsys):
    from mlp_edu.backprop import grad_input
    assert _accepted("backprop/1", grad_input, capsys)
    assert _accepted("backprop/1", lambda grad_Z, W_h: grad_Z @ W_h.T, capsys)
    assert _rejected("backprop/1", lambda grad_Z, W_h: W_h @ grad_Z.T, "returns shape (3, 7)",
                     capsys)
    assert _rejected("backprop/1", lambda grad_Z, W_h: grad_Z @ W_h, "shapes in a product",
                     capsys)
    assert _rejected("backprop/1", lambda grad_Z, W_h: 2 * grad_Z @ W_h.T, "numbers are not",
                     capsys)


def test_backprop_2_wants_the_mean_over_the_minibatch(capsys):
    assert _accepted("backprop/2", lambda o, t: (o - t) / len(o), capsys)
    assert _rejected("backprop/2", lambda o, t: o - t, "7 times", capsys)
    assert _rejected("backprop/2", lambda o, t: (t - o) / len(o), "-1 times", capsys)
    assert _rejected("backprop/2", lambda o, t: 2 * (o - t) / len(o), "2 times", capsys)
    assert _rejected("backprop/2", lambda o, t: (o - t) ** 2 / len(o), "not a multiple", capsys)
    assert _rejected("backprop/2", lambda o, t: (o - t).sum(), "shape of O", capsys)


def test_backprop_3_wants_step_3_and_the_ratio_of_relu_to_sigmoid(capsys):
    assert _accepted("backprop/3", (3, 3.7), capsys)
    assert _rejected("backprop/3", (4, 3.7), "step 4", capsys)
    assert _rejected("backprop/3", (2, 3.7), "step 2", capsys)
    assert _rejected("backprop/3", (3, 1 / 3.7), "ReLU's size over the sigmoid's", capsys)
    assert _rejected("backprop/3", (3, 4.0), "less than 4 times", capsys)  # 1/σ'(0)


def test_backprop_4_wants_every_array_of_every_image(capsys):
    assert _accepted("backprop/4", 191424, capsys)
    assert _rejected("backprop/4", 191425, "more than 10^9 bytes", capsys)  # rounded up
    assert _rejected("backprop/4", 238095, "more than 10^9 bytes", capsys)  # Z or H forgotten
    assert _rejected("backprop/4", 191424 // 2, "room for more", capsys)
    assert _rejected("backprop/4", 10**9 / 5224, "whole number", capsys)
    assert _rejected("backprop/4", 0, "at least one", capsys)


@pytest.mark.parametrize("exercise, answer, error, says", [
    ("backprop/1", np.zeros((8, 4)), TypeError, "a function of (grad_Z, W_h)"),
    ("backprop/2", "(O - T) / n", TypeError, "a function of (O, T)"),
    ("backprop/3", 3, TypeError, "(the step that changes"),
    ("backprop/3", (3, None), TypeError, "must be a real number"),
    ("backprop/4", [191424], TypeError, "number of images"),
])
def test_backprop_wrong_kinds_of_answer_raise(exercise, answer, error, says):
    with pytest.raises(error, match="answer") as raised:
        check(exercise, answer)
    assert says in str(raised.value)


# initialization

def test_initialization_1_wants_the_leaky_relu_variance(capsys):
    assert _accepted("initialization/1", lambda alpha, n_in: 2 / ((1 + alpha**2) * n_in), capsys)
    assert _rejected("initialization/1", lambda alpha, n_in: 2 / n_in, "too large", capsys)
    assert _rejected("initialization/1", lambda alpha, n_in: 2 / ((1 + alpha) * n_in),
                     "too small", capsys)  # the slope, not its square
    assert _rejected("initialization/1", lambda alpha, n_in: (2 / ((1 + alpha**2) * n_in)) ** 0.5,
                     "standard deviation", capsys)
    assert _rejected("initialization/1", lambda alpha, n_in: [2 / n_in], "one number", capsys)


def test_initialization_2_wants_four_factors_before_the_activation(capsys):
    assert _accepted("initialization/2", (1.51, 0.49, 2.00, 0.65), capsys)
    assert _rejected("initialization/2", (1.51, 0.49, 1.0, 0.65), "He's forward", capsys)
    assert _rejected("initialization/2", (0.49, 1.51, 2.0, 0.65), "wrong way round", capsys)
    assert _rejected("initialization/2", (1.0, 1.0, 2.0, 0.65), "Xavier's forward factor is too "
                     "small", capsys)  # as if the layer were square
    assert _rejected("initialization/2", (1.51, 0.49, 2.0, 2.0), "He's backward", capsys)


def test_initialization_3_wants_standard_deviations_not_bounds(capsys):
    assert _accepted("initialization/3", (0.289, 0.258, 0.408), capsys)
    assert _rejected("initialization/3", (0.5, 0.447, 0.408), "bounds", capsys)
    assert _rejected("initialization/3", (0.289, 0.258, 2.449), "ratio", capsys)  # He's over
    assert _rejected("initialization/3", (0.707, 0.632, 1.0), "nn.Linear(4, 5)'s", capsys)


@pytest.mark.parametrize("exercise, answer, error, says", [
    ("initialization/1", 2 / 256, TypeError, "a function of (alpha, n_in)"),
    ("initialization/2", (1.51, 0.49), TypeError, "(Xavier forward"),
    ("initialization/2", (1.51, 0.49, 2.0, float("nan")), ValueError, "finite"),
    ("initialization/3", "0.289, 0.258, 0.408", TypeError, "a tuple of 3 numbers"),
])
def test_initialization_wrong_kinds_of_answer_raise(exercise, answer, error, says):
    with pytest.raises(error, match="answer") as raised:
        check(exercise, answer)
    assert says in str(raised.value)


# approximation

def test_approximation_1_wants_every_bend_once(capsys):
    assert _accepted("approximation/1", [-1, 0, 1], capsys)
    assert _accepted("approximation/1", (1.0, -1.0, 0.0), capsys)  # in any order
    assert _rejected("approximation/1", [-1, 1], "at more points", capsys)
    assert _rejected("approximation/1", [0], "at more points", capsys)
    assert _rejected("approximation/1", [-2, -1, 0, 1, 2], "does not bend at x = -2", capsys)
    assert _rejected("approximation/1", [-1, 0, 0, 1], "twice", capsys)


def _to_sigmoid(W_h, b_h, W_o, b_o):
    return 2 * W_h, 2 * b_h, 2 * W_o, b_o - W_o.sum(axis=0, keepdims=True)


def test_approximation_2_runs_the_readers_sigmoid_network(capsys):
    assert _accepted("approximation/2", _to_sigmoid, capsys)
    assert _rejected("approximation/2", lambda W_h, b_h, W_o, b_o: (2 * W_h, 2 * b_h, 2 * W_o, b_o),
                     "the same amount for every input", capsys)
    assert _rejected("approximation/2", lambda W_h, b_h, W_o, b_o: _to_sigmoid(W_h, b_h / 2, W_o,
                                                                               b_o),
                     "follow each 2", capsys)  # the hidden bias not doubled
    assert _rejected("approximation/2", lambda W_h, b_h, W_o, b_o: (W_h, b_h, W_o, b_o),
                     "other outputs", capsys)
    assert _rejected("approximation/2", lambda W_h, b_h, W_o, b_o: (2 * W_h, 2 * W_o),
                     "four arrays", capsys)
    assert _rejected("approximation/2", lambda W_h, b_h, W_o, b_o: (W_h.T, b_h, W_o, b_o),
                     "shape", capsys)


def test_approximation_3_wants_the_fewest_hinges(capsys):
    assert _accepted("approximation/3", 71, capsys)
    assert _rejected("approximation/3", 70, "with 70 hinges the largest error is", capsys)
    assert _rejected("approximation/3", 100, "fewer are too", capsys)
    assert _rejected("approximation/3", 70.2, "whole number", capsys)


@pytest.mark.parametrize("exercise, answer, error, says", [
    ("approximation/1", [[-1, 0], [0, 1]], ValueError, "a list of finite numbers"),
    ("approximation/1", ["-1", "0"], TypeError, "where the network bends"),
    ("approximation/2", (2, 2, 2, -1), TypeError, "a function of (W_h, b_h, W_o, b_o)"),
    ("approximation/3", "71", TypeError, "number of hinges"),
])
def test_approximation_wrong_kinds_of_answer_raise(exercise, answer, error, says):
    with pytest.raises(error, match="answer") as raised:
        check(exercise, answer)
    assert says in str(raised.value)


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
