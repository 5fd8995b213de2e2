"""The activation functions match their formulas, their derivatives, and fail loudly."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from mlp_edu import activations as act

FUNCTIONS = {
    "relu": (act.relu, act.relu_grad),
    "sigmoid": (act.sigmoid, act.sigmoid_grad),
    "tanh": (act.tanh, act.tanh_grad),
}


# Textbook formulas, written out independently with Python's math module in
# exact-enough arithmetic (mpmath-free: these inputs keep exp() in range).
def relu_reference(x: float) -> float:
    return max(x, 0.0)


def sigmoid_reference(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def tanh_reference(x: float) -> float:
    return math.tanh(x)  # libm's tanh; the chapter's formula is checked separately below


def sigmoid_grad_reference(x: float) -> float:
    # exp(-|x|) / (1 + exp(-|x|))^2: sigma'(x) written without cancellation (it is even).
    z = math.exp(-abs(x))
    return z / (1.0 + z) ** 2


# The rules every activation follows (shape, dtype, bad input, NaN) are checked
# below over all of them: the chapter's three and the modern five.
EVERY_ACTIVATION = {
    **FUNCTIONS,
    "leaky_relu": (act.leaky_relu, act.leaky_relu_grad),
    "elu": (act.elu, act.elu_grad),
    "softplus": (act.softplus, act.softplus_grad),
    "gelu": (act.gelu, act.gelu_grad),
    "silu": (act.silu, act.silu_grad),
}

REFERENCES = {"relu": relu_reference, "sigmoid": sigmoid_reference, "tanh": tanh_reference}
MODERATE = np.concatenate([np.linspace(-20, 20, 801), [-1e-8, 1e-8, -0.3, 0.7]])


@pytest.mark.parametrize("name", FUNCTIONS)
def test_function_matches_its_formula_in_float64(name):
    f, _ = FUNCTIONS[name]
    expected = np.array([REFERENCES[name](float(v)) for v in MODERATE])
    np.testing.assert_allclose(f(MODERATE), expected, rtol=1e-14, atol=1e-300)


def test_tanh_matches_numpy_tanh_including_tiny_inputs():
    x = np.concatenate([np.logspace(-300, 2, 400), -np.logspace(-300, 2, 400)])
    np.testing.assert_allclose(act.tanh(x), np.tanh(x), rtol=4e-16, atol=0)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-7), (np.float32, 5e-3)])
def test_derivative_matches_centred_finite_difference(name, dtype, rtol):
    f, grad = FUNCTIONS[name]
    x = np.linspace(-6, 6, 241, dtype=dtype)
    x = x[np.abs(x) > 0.05]  # ReLU has a kink at 0; the difference quotient straddles it
    h = dtype(1e-5 if dtype == np.float64 else 1e-2)
    numeric = (f(x + h) - f(x - h)) / (2 * h)
    np.testing.assert_allclose(grad(x), numeric, rtol=rtol, atol=rtol * 1e-2)


def test_tanh_follows_the_chapters_formula_where_it_is_well_conditioned():
    x = MODERATE[np.abs(MODERATE) >= 0.5]
    formula = (1 - np.exp(-2 * x)) / (1 + np.exp(-2 * x))
    np.testing.assert_allclose(act.tanh(x), formula, rtol=1e-14)


def test_sigmoid_derivative_equals_closed_form():
    x = MODERATE
    expected = np.array([sigmoid_grad_reference(float(v)) for v in x])
    np.testing.assert_allclose(act.sigmoid_grad(x), expected, rtol=1e-14, atol=1e-300)
    s = act.sigmoid(x)  # and sigma(1 - sigma) where 1 - sigma loses no digits
    np.testing.assert_allclose(act.sigmoid_grad(x[x < 2]), (s * (1 - s))[x < 2], rtol=1e-12)


def test_tanh_derivative_equals_closed_form():
    x = MODERATE
    t = np.tanh(x)
    np.testing.assert_allclose(act.tanh_grad(x), 1 - t**2, rtol=1e-9, atol=1e-15)


def test_relu_derivative_is_zero_at_zero_by_convention():
    assert act.relu_grad(0.0) == 0.0
    assert act.relu_grad(-0.0) == 0.0
    np.testing.assert_array_equal(act.relu_grad([-1e-300, 1e-300]), [0.0, 1.0])


def test_the_numbers_the_chapter_states():
    assert act.sigmoid(0.0) == 0.5
    assert act.sigmoid_grad(0.0) == 0.25
    assert act.tanh(0.0) == 0.0
    assert act.tanh_grad(0.0) == 1.0
    x = np.linspace(-8, 8, 16001)
    assert act.sigmoid_grad(x).max() == 0.25
    assert act.tanh_grad(x).max() == 1.0


EXTREMES = [-np.inf, -1e308, -1e300, -800.0, -89.0, -50.0, 0.0, 50.0, 89.0, 800.0, 1e300, 1e308,
            np.inf]


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_no_warning_and_no_nan_at_extremes(name, dtype):
    info = np.finfo(dtype)
    x = np.array([v for v in EXTREMES if abs(v) <= float(info.max) or math.isinf(v)] + [info.max,
                 -info.max, info.tiny, -info.tiny], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any overflow / invalid-value warning fails
        for f in FUNCTIONS[name]:
            y = f(x)
            assert y.dtype == dtype
            assert not np.any(np.isnan(y)), f"{f.__name__} gave NaN for {x[np.isnan(y)]}"


def test_saturation_values_at_extremes():
    x = np.array([-1e308, 1e308])
    np.testing.assert_array_equal(act.sigmoid(x), [0.0, 1.0])
    np.testing.assert_array_equal(act.tanh(x), [-1.0, 1.0])
    np.testing.assert_array_equal(act.sigmoid_grad(x), [0.0, 0.0])
    np.testing.assert_array_equal(act.tanh_grad(x), [0.0, 0.0])
    np.testing.assert_array_equal(act.relu(x), [0.0, 1e308])


def test_sigmoid_keeps_relative_accuracy_in_the_far_left_tail():
    # exp(x)/(1+exp(x)) ~ exp(x): the naive 1/(1+exp(-x)) overflows here instead.
    np.testing.assert_allclose(act.sigmoid(-700.0), math.exp(-700.0), rtol=1e-13)
    np.testing.assert_allclose(act.sigmoid_grad(-700.0), math.exp(-700.0), rtol=1e-13)


@pytest.mark.parametrize("name", EVERY_ACTIVATION)
@pytest.mark.parametrize("shape", [(), (1,), (3, 4), (2, 0, 5), (2, 3, 4, 1)])
def test_any_shape_in_same_shape_out(name, shape):
    x = np.random.default_rng(0).normal(size=shape)
    for f in EVERY_ACTIVATION[name]:
        assert np.shape(f(x)) == shape


@pytest.mark.parametrize("name", EVERY_ACTIVATION)
def test_numbers_lists_and_ints_are_accepted_as_float64(name):
    for f in EVERY_ACTIVATION[name]:
        assert f(1).dtype == np.float64
        assert f([1, -2]).dtype == np.float64
        assert f([[0.5], [1.5]]).shape == (2, 1)
        np.testing.assert_array_equal(f([1, -2]), f(np.array([1.0, -2.0])))


@pytest.mark.parametrize("name", EVERY_ACTIVATION)
def test_float32_stays_float32_and_agrees_with_float64(name):
    x = np.linspace(-8, 8, 161)
    for f in EVERY_ACTIVATION[name]:
        y32 = f(x.astype(np.float32))
        assert y32.dtype == np.float32
        np.testing.assert_allclose(y32, f(x), rtol=1e-5, atol=1e-6)


BAD_INPUTS = [
    ("a string", "0.5", "got str '0.5'"),
    ("None", None, "got NoneType None"),
    ("an object", object(), "got object <object"),
    ("a complex array", np.array([1 + 2j]), "dtype complex128 with shape \\(1,\\)"),
    ("an object array", np.array([1.0, None], dtype=object), "dtype object with shape \\(2,\\)"),
    ("a string array", np.array(["1", "2"]), "dtype <U1 with shape \\(2,\\)"),
    ("a bool array", np.array([True, False]), "dtype bool with shape \\(2,\\)"),
    ("a complex number", 1j, "got complex 1j"),
]


@pytest.mark.parametrize("name", EVERY_ACTIVATION)
@pytest.mark.parametrize("label, value, message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_raises_type_error_naming_argument_and_value(name, label, value, message):
    for f in EVERY_ACTIVATION[name]:
        with pytest.raises(TypeError, match=r"^x must be a real number .*" + message):
            f(value)


def test_ragged_lists_raise_a_value_error_naming_the_argument():
    with pytest.raises(ValueError, match="^x must be a rectangular array"):
        act.sigmoid([[1.0, 2.0], [3.0]])


def test_nan_propagates_rather_than_being_hidden():
    for name, (f, grad) in EVERY_ACTIVATION.items():
        assert np.isnan(f(np.nan)), name
        assert np.isnan(grad(np.nan)), name
