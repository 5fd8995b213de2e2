"""Every activation of the catalogue matches its formula and derivative, and fails loudly.

The tests that every activation must pass (its formula, its derivative, finite
differences, extremes, shapes, dtypes, bad input, NaN, autograd) are
parametrised over :data:`mlp_edu.activations.CATALOGUE`, so an activation added
there is tested here once it has its reference formulas in ``REFERENCES``.
The tests after them check what one function promises on its own.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlp_edu.autograd as torch
from mlp_edu import activations as act
from mlp_edu.activations import CATALOGUE
from tests.unit.gradcheck import centred_difference, numeric_gradient

# Properties over many inputs: no time limit (a loaded machine is slow), same examples every run.
PROPERTY = settings(max_examples=300, deadline=None, derandomize=True, database=None)
SQRT2 = math.sqrt(2.0)


# The textbook formulas, written out independently, one number at a time with
# Python's math module: (f, f') for every activation of the catalogue.
def sigmoid_ref(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-v))


def normal_cdf_ref(v: float) -> float:
    return 0.5 * math.erfc(-v / SQRT2)


REFERENCES = {
    "relu": (lambda v: max(v, 0.0),
             lambda v: 1.0 if v > 0 else 0.0),
    # exp(-|v|) / (1 + exp(-|v|))^2: sigma'(v) written without cancellation (it is even).
    "sigmoid": (sigmoid_ref,
                lambda v: math.exp(-abs(v)) / (1.0 + math.exp(-abs(v))) ** 2),
    # libm's tanh; the chapter's formula is checked separately below.
    "tanh": (math.tanh,
             lambda v: 1.0 / math.cosh(v) ** 2),
    "leaky_relu": (lambda v: v if v >= 0 else 0.01 * v,
                   lambda v: 1.0 if v > 0 else 0.01),
    "elu": (lambda v: v if v > 0 else math.expm1(v),
            lambda v: 1.0 if v > 0 else math.exp(v)),
    "softplus": (lambda v: math.log1p(math.exp(v)),
                 sigmoid_ref),
    "gelu": (lambda v: v * normal_cdf_ref(v),
             lambda v: normal_cdf_ref(v) + v * math.exp(-v * v / 2) / math.sqrt(2 * math.pi)),
    "silu": (lambda v: v * sigmoid_ref(v),
             lambda v: sigmoid_ref(v) * (1 + v * (1 - sigmoid_ref(v)))),
}
MODERATE = np.concatenate([np.linspace(-30, 30, 1201), [-1e-8, 1e-8, -0.3, 0.7, -1e-300]])
ALL = list(CATALOGUE)


def test_every_activation_of_the_catalogue_has_its_reference_formulas():
    assert list(REFERENCES) == ALL


# ---- every activation of the catalogue ----------------------------------------------------

@pytest.mark.parametrize("name", ALL)
def test_function_matches_its_formula_in_float64(name):
    reference, _ = REFERENCES[name]
    expected = np.array([reference(float(v)) for v in MODERATE])
    np.testing.assert_allclose(CATALOGUE[name].f(MODERATE), expected, rtol=1e-14, atol=1e-300)


@pytest.mark.parametrize("name", ALL)
def test_derivative_matches_its_closed_form_in_float64(name):
    _, reference = REFERENCES[name]
    expected = np.array([reference(float(v)) for v in MODERATE])
    # atol only matters next to the zeros of GELU' and SiLU' (x ≈ -0.75, -1.28)
    np.testing.assert_allclose(CATALOGUE[name].grad(MODERATE), expected, rtol=1e-14,
                               atol=1e-15)


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-7), (np.float32, 5e-3)])
def test_derivative_matches_centred_finite_difference(name, dtype, rtol):
    activation = CATALOGUE[name]
    x = np.linspace(-6, 6, 241, dtype=dtype)
    x = x[np.abs(x) > 0.05]  # ReLU and leaky ReLU have a kink at 0
    numeric = centred_difference(activation.f, x, dtype(1e-5 if dtype == np.float64 else 1e-2))
    np.testing.assert_allclose(activation.grad(x), numeric, rtol=rtol, atol=rtol * 1e-2)


EXTREMES = [-np.inf, -1e308, -1e300, -800.0, -89.0, -50.0, -1.0, 0.0, 1.0, 50.0, 89.0, 800.0,
            1e300, 1e308, np.inf]


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_no_warning_and_no_nan_at_extremes(name, dtype):
    info = np.finfo(dtype)
    x = np.array([v for v in EXTREMES if abs(v) <= float(info.max) or math.isinf(v)]
                 + [info.max, -info.max, info.tiny, -info.tiny], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any overflow / invalid-value warning fails
        for f in (CATALOGUE[name].f, CATALOGUE[name].grad):
            y = f(x)
            assert y.dtype == dtype
            assert not np.any(np.isnan(y)), f"{f.__name__} gave NaN for {x[np.isnan(y)]}"


LIMITS = {  # f(-inf), f(-1e308), f(1e308), f(inf); then the same for f'
    "relu": ([0.0, 0.0, 1e308, np.inf], [0.0, 0.0, 1.0, 1.0]),
    "sigmoid": ([0.0, 0.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0]),
    "tanh": ([-1.0, -1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0]),
    "leaky_relu": ([-np.inf, -1e306, 1e308, np.inf], [0.01, 0.01, 1.0, 1.0]),
    "elu": ([-1.0, -1.0, 1e308, np.inf], [0.0, 0.0, 1.0, 1.0]),
    "softplus": ([0.0, 0.0, 1e308, np.inf], [0.0, 0.0, 1.0, 1.0]),
    "gelu": ([0.0, 0.0, 1e308, np.inf], [0.0, 0.0, 1.0, 1.0]),
    "silu": ([0.0, 0.0, 1e308, np.inf], [0.0, 0.0, 1.0, 1.0]),
}


@pytest.mark.parametrize("name", ALL)
def test_values_at_the_extremes(name):
    x = np.array([-np.inf, -1e308, 1e308, np.inf])
    values, slopes = LIMITS[name]
    np.testing.assert_array_equal(CATALOGUE[name].f(x), values)
    np.testing.assert_array_equal(CATALOGUE[name].grad(x), slopes)


# Shapes, dtypes, bad input and NaN: the same rules for every activation.

@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("shape", [(), (1,), (3, 4), (2, 0, 5), (2, 3, 4, 1)])
def test_any_shape_in_same_shape_out(name, shape):
    x = np.random.default_rng(0).normal(size=shape)
    for f in (CATALOGUE[name].f, CATALOGUE[name].grad):
        assert np.shape(f(x)) == shape


@pytest.mark.parametrize("name", ALL)
def test_numbers_lists_and_ints_are_accepted_as_float64(name):
    for f in (CATALOGUE[name].f, CATALOGUE[name].grad):
        assert f(1).dtype == np.float64
        assert f([1, -2]).dtype == np.float64
        assert f([[0.5], [1.5]]).shape == (2, 1)
        np.testing.assert_array_equal(f([1, -2]), f(np.array([1.0, -2.0])))


@pytest.mark.parametrize("name", ALL)
def test_float32_stays_float32_and_agrees_with_float64(name):
    x = np.linspace(-8, 8, 161)
    for f in (CATALOGUE[name].f, CATALOGUE[name].grad):
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


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("label, value, message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_raises_type_error_naming_argument_and_value(name, label, value, message):
    for f in (CATALOGUE[name].f, CATALOGUE[name].grad):
        with pytest.raises(TypeError, match=r"^x must be a real number .*" + message):
            f(value)


def test_ragged_lists_raise_a_value_error_naming_the_argument():
    with pytest.raises(ValueError, match="^x must be a rectangular array"):
        act.sigmoid([[1.0, 2.0], [3.0]])


def test_nan_propagates_rather_than_being_hidden():
    for name, activation in CATALOGUE.items():
        assert np.isnan(activation.f(np.nan)), name
        assert np.isnan(activation.grad(np.nan)), name

# ---- in autograd: one op for each activation of the catalogue ----------------------------

GRID = np.concatenate([np.linspace(-8, 8, 161), [-30.0, 30.0]])


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("spelling", ["method", "function"])
def test_autograd_gradient_equals_the_closed_form(name, spelling):
    x = torch.tensor(GRID, requires_grad=True)
    y = getattr(x, name)() if spelling == "method" else getattr(torch, name)(x)
    assert repr(y).endswith(f"grad_fn=<{name}>)")
    np.testing.assert_array_equal(y.detach().numpy(), CATALOGUE[name].f(GRID))
    weights = np.linspace(0.5, 2.0, GRID.size)  # a non-uniform upstream gradient
    y.backward(weights)
    _, reference = REFERENCES[name]
    expected = weights * np.array([reference(float(v)) for v in GRID])
    np.testing.assert_allclose(x.grad.numpy(), expected, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name", ALL)
def test_autograd_backward_is_the_catalogues_derivative_to_the_last_bit(name):
    x = torch.tensor(GRID, requires_grad=True)
    getattr(torch, name)(x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), CATALOGUE[name].grad(GRID))


@pytest.mark.parametrize("name", ALL)
def test_autograd_keeps_float32(name):
    x = torch.tensor([-1.0, 0.5], dtype=torch.float32, requires_grad=True)
    y = getattr(x, name)()
    y.sum().backward()
    assert y.dtype == np.float32 and x.grad.dtype == np.float32


# ---- the chapter's three, one promise at a time -------------------------------------------

CHAPTER = ["relu", "sigmoid", "tanh"]


def test_tanh_matches_numpy_tanh_including_tiny_inputs():
    x = np.concatenate([np.logspace(-300, 2, 400), -np.logspace(-300, 2, 400)])
    np.testing.assert_allclose(act.tanh(x), np.tanh(x), rtol=4e-16, atol=0)


def test_tanh_follows_the_chapters_formula_where_it_is_well_conditioned():
    x = MODERATE[np.abs(MODERATE) >= 0.5]
    formula = (1 - np.exp(-2 * x)) / (1 + np.exp(-2 * x))
    np.testing.assert_allclose(act.tanh(x), formula, rtol=1e-14)


def test_sigmoid_derivative_is_sigma_times_one_minus_sigma():
    x = MODERATE
    s = act.sigmoid(x)  # sigma(1 - sigma) where 1 - sigma loses no digits
    np.testing.assert_allclose(act.sigmoid_grad(x[x < 2]), (s * (1 - s))[x < 2], rtol=1e-12)


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


def test_sigmoid_keeps_relative_accuracy_in_the_far_left_tail():
    # exp(x)/(1+exp(x)) ~ exp(x): the naive 1/(1+exp(-x)) overflows here instead.
    np.testing.assert_allclose(act.sigmoid(-700.0), math.exp(-700.0), rtol=1e-13)
    np.testing.assert_allclose(act.sigmoid_grad(-700.0), math.exp(-700.0), rtol=1e-13)


# ---- the ones that followed ReLU, one promise at a time -----------------------------------

def test_gelu_matches_the_erf_form_where_it_does_not_cancel():
    x = MODERATE[MODERATE > -2]
    expected = np.array([v * 0.5 * (1 + math.erf(v / SQRT2)) for v in x])
    np.testing.assert_allclose(act.gelu(x), expected, rtol=1e-14, atol=0)


def test_normal_cdf_matches_math_erf_and_keeps_the_left_tail():
    x = np.linspace(-3, 8, 221)
    expected = np.array([0.5 * (1 + math.erf(v / SQRT2)) for v in x])
    np.testing.assert_allclose(act.normal_cdf(x), expected, rtol=1e-14)
    tail = np.array([-10.0, -20.0, -37.0])
    assert np.all(act.normal_cdf(tail) > 0)  # the erf form gives exactly 0 here
    np.testing.assert_allclose(act.normal_cdf(tail), [normal_cdf_ref(v) for v in tail],
                               rtol=1e-14)


@pytest.mark.parametrize("name", ["softplus", "gelu", "silu"])
def test_odd_part_is_the_identity(name):
    # softplus(x) - softplus(-x) = x, and the same for x·Φ(x) and x·σ(x), since
    # σ(x) + σ(-x) = Φ(x) + Φ(-x) = 1; so f'(x) + f'(-x) = 1 as well.
    f, grad = CATALOGUE[name].f, CATALOGUE[name].grad
    x = np.linspace(-20, 20, 801)
    assert np.max(np.abs(f(x) - f(-x) - x) / np.maximum(1, np.abs(x))) < 1e-15
    assert np.max(np.abs(grad(x) + grad(-x) - 1)) < 1e-15


def test_the_numbers_the_page_states():
    assert act.gelu(0.0) == 0.0 and act.gelu_grad(0.0) == 0.5
    assert act.silu(0.0) == 0.0 and act.silu_grad(0.0) == 0.5
    assert act.softplus(0.0) == math.log(2) and act.softplus_grad(0.0) == 0.5
    assert act.leaky_relu_grad(-3.0) == 0.01 and act.leaky_relu_grad(0.0) == 0.01
    assert act.elu_grad(0.0) == 1.0 and act.elu_grad(1e-9) == 1.0
    x = np.linspace(-3, 3, 600_001)
    assert abs(x[act.silu(x).argmin()] - -1.27846) < 2e-5
    assert abs(act.silu(x).min() - -0.278465) < 1e-6
    assert abs(act.gelu(x).min() - -0.169971) < 1e-6
    assert abs(act.gelu_grad(x).max() - 1.128904) < 1e-6


def test_parameters_change_the_negative_side_only():
    x = np.array([-2.0, -0.5, 0.0, 3.0])
    np.testing.assert_array_equal(act.leaky_relu(x, negative_slope=0.2), [-0.4, -0.1, 0.0, 3.0])
    np.testing.assert_array_equal(act.leaky_relu_grad(x, 0.2), [0.2, 0.2, 0.2, 1.0])
    np.testing.assert_allclose(act.elu(x, alpha=2.0), [2 * math.expm1(-2), 2 * math.expm1(-0.5),
                                                        0.0, 3.0], rtol=1e-15)
    np.testing.assert_allclose(act.elu_grad(x, 2.0), [2 * math.exp(-2), 2 * math.exp(-0.5),
                                                      2.0, 1.0], rtol=1e-15)
    np.testing.assert_array_equal(act.leaky_relu(x, 0), act.relu(x))
    np.testing.assert_array_equal(act.leaky_relu_grad(x, 0), act.relu_grad(x))


def test_no_warning_for_slope_zero_at_infinity():
    x = np.array([-np.inf, np.inf])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(act.leaky_relu(x, 0.0), [0.0, np.inf])


def test_far_left_tails_keep_relative_accuracy():
    np.testing.assert_allclose(act.softplus(-700.0), math.exp(-700.0), rtol=1e-13)
    np.testing.assert_allclose(act.silu(-700.0), -700.0 * math.exp(-700.0), rtol=1e-13)
    np.testing.assert_allclose(act.gelu(-20.0), -20.0 * normal_cdf_ref(-20.0), rtol=1e-14)
    np.testing.assert_allclose(act.elu(-1e-20), -1e-20, rtol=1e-15)  # expm1, not exp - 1


def test_a_float64_parameter_does_not_promote_float32():
    x = np.ones(3, dtype=np.float32)
    assert act.leaky_relu(-x, np.float64(0.1)).dtype == np.float32
    assert act.elu_grad(-x, np.float64(2.0)).dtype == np.float32


@pytest.mark.parametrize("f, parameter", [(act.leaky_relu, "negative_slope"),
                                          (act.leaky_relu_grad, "negative_slope"),
                                          (act.elu, "alpha"), (act.elu_grad, "alpha")])
@pytest.mark.parametrize("value, got", [("0.1", "str '0.1'"), (None, "NoneType None"),
                                        (True, "bool True"), ([0.1], r"list \[0.1\]")])
def test_bad_parameter_raises_type_error_naming_it(f, parameter, value, got):
    with pytest.raises(TypeError, match=f"^{parameter} must be a real number; got {got}$"):
        f([1.0], value)


# ---- properties over all finite floats ----------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False)


@PROPERTY
@given(st.lists(finite, min_size=1, max_size=20))
def test_finite_inputs_give_finite_values_and_bounded_derivatives(values):
    x = np.array(values)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for f, grad in [(a.f, a.grad) for name, a in CATALOGUE.items() if name not in CHAPTER]:
            assert np.all(np.isfinite(f(x))) and np.all(np.isfinite(grad(x)))
            assert np.all(np.abs(f(x)) <= np.abs(x) + math.log(2) + 1e-12)
        assert np.all(np.isin(act.leaky_relu_grad(x), [0.01, 1.0]))
        assert np.all((act.elu_grad(x) >= 0) & (act.elu_grad(x) <= 1))
        assert np.all((act.softplus_grad(x) >= 0) & (act.softplus_grad(x) <= 1))
        assert np.all((act.gelu_grad(x) >= -0.12891) & (act.gelu_grad(x) <= 1.12891))
        assert np.all((act.silu_grad(x) >= -0.09984) & (act.silu_grad(x) <= 1.09984))


@PROPERTY
@given(finite, finite)
def test_monotone_ones_are_monotone(a, b):
    lo, hi = min(a, b), max(a, b)
    for f in (act.leaky_relu, act.elu, act.softplus):
        assert f(lo) <= f(hi)


def test_autograd_parameters_reach_the_derivative():
    x = torch.tensor([-2.0, 3.0], requires_grad=True)
    x.leaky_relu(0.2).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.2, 1.0])
    x = torch.tensor([-2.0, 3.0], requires_grad=True)
    torch.elu(x, alpha=2.0).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [2 * math.exp(-2.0), 1.0], rtol=1e-15)


def test_module_functions_accept_lists():
    np.testing.assert_array_equal(torch.gelu([0.0, 1e308]).numpy(), [0.0, 1e308])
    np.testing.assert_array_equal(torch.leaky_relu([-1.0], 0.5).numpy(), [-0.5])


def test_prelu_gradients_for_the_input_and_the_learned_slope():
    rng = np.random.default_rng(0)
    x_np, g = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    a_np = np.array([0.1, 0.25, -0.5])  # one slope per column ("channel")
    x = torch.tensor(x_np, requires_grad=True)
    a = torch.tensor(a_np, requires_grad=True)
    y = torch.prelu(x, a)
    np.testing.assert_allclose(y.detach().numpy(), np.where(x_np > 0, x_np, a_np * x_np),
                               rtol=1e-15)
    y.backward(g)
    np.testing.assert_allclose(a.grad.numpy(), (g * np.minimum(x_np, 0)).sum(axis=0),
                               rtol=1e-14)
    np.testing.assert_allclose(x.grad.numpy(), g * np.where(x_np > 0, 1.0, a_np), rtol=1e-15)


def test_prelu_slope_gradient_matches_finite_differences():
    x = np.array([-2.0, -0.3, 0.7, 4.0])

    def loss(slope: np.ndarray) -> float:
        return float((torch.prelu(x, torch.tensor(slope)) ** 2).sum().item())

    a = torch.tensor([0.3], requires_grad=True)
    (torch.prelu(x, a) ** 2).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), numeric_gradient(loss, np.array([0.3])),
                               rtol=1e-8)


def test_prelu_with_slope_equal_to_leaky_relus_default_gives_the_same_values():
    x = np.linspace(-5, 5, 101)
    y = torch.prelu(x, 0.01)
    np.testing.assert_allclose(y.numpy(), act.leaky_relu(x), rtol=1e-15, atol=0)
