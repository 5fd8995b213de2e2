"""mlp_edu.autograd computes PyTorch's gradients, runs the chapter's cells, and fails loudly.

Every op's backward pass is checked against centred finite differences of its
own forward pass on random shapes and values, broadcasting included; a
derivative off by 0.1 % fails (see the tests that break one on purpose).
"""

from __future__ import annotations

import math
import operator
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import mlp_edu.autograd as ag
from mlp_edu import activations
from mlp_edu.activations import CATALOGUE
from mlp_edu.autograd import engine
from mlp_edu.autograd.ops import activation_op
from tests.unit.gradcheck import assert_gradients_match_finite_differences, values

# Same examples every run (reproducible failures), few enough to stay fast.
CHECK = settings(max_examples=50, deadline=None, derandomize=True, database=None)

SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)
BROADCASTABLE = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=4)
SEEDS = st.integers(0, 2**32 - 1)


# ---- every op against finite differences -------------------------------------------

UNARY = {
    # Every activation of the catalogue, as a method and as a function (away from
    # 0, where ReLU and leaky ReLU have their kink).
    **{name: (lambda x, name=name: getattr(x, name)(), "nonzero") for name in CATALOGUE},
    **{f"torch.{name}": (getattr(ag, name), "nonzero") for name in CATALOGUE},
    "exp": (lambda x: x.exp(), "any"),
    "log": (lambda x: x.log(), "positive"),
    "neg": (lambda x: -x, "any"),
    "pow 2": (lambda x: x**2, "any"),
    "pow 3": (lambda x: x**3, "any"),
    "pow 0": (lambda x: x**0, "any"),
    "pow -1": (lambda x: x**-1, "nonzero"),
    "pow 0.5": (lambda x: x**0.5, "positive"),
    "pow -1.5": (lambda x: x**-1.5, "positive"),
    "T": (lambda x: x.T, "any"),
    "reshape -1": (lambda x: x.reshape(-1), "any"),
    "reshape tuple": (lambda x: x.reshape((1, *x.shape[::-1])), "any"),
    "1.0 + t": (lambda x: 1.0 + x, "any"),
    "t * 2": (lambda x: x * 2, "any"),
    "1 - t": (lambda x: 1 - x, "any"),
    "2 / t": (lambda x: 2 / x, "nonzero"),
    "t / 3": (lambda x: x / 3, "any"),
    "t - 0.5": (lambda x: x - 0.5, "any"),
    "sum": (lambda x: x.sum(), "any"),
    "mean": (lambda x: x.mean(), "any"),
    "x reused": (lambda x: x * x.sigmoid() + x, "any"),
}


@pytest.mark.parametrize("name", UNARY)
@CHECK
@given(shape=SHAPES, seed=SEEDS)
def test_unary_op_gradient_matches_finite_differences(name, shape, seed):
    f, domain = UNARY[name]
    rng = np.random.default_rng(seed)
    assert_gradients_match_finite_differences(f, [values(rng, shape, domain)], rng)


BINARY = {
    "+": (lambda a, b: a + b, "any"),
    "-": (lambda a, b: a - b, "any"),
    "*": (lambda a, b: a * b, "any"),
    "/": (lambda a, b: a / b, "nonzero"),
    "a * b + a / b - b": (lambda a, b: a * b + a / b - b, "nonzero"),
}


@pytest.mark.parametrize("name", BINARY)
@CHECK
@given(shapes=BROADCASTABLE, seed=SEEDS)
def test_binary_op_gradient_matches_finite_differences_when_broadcasting(name, shapes, seed):
    f, domain = BINARY[name]
    rng = np.random.default_rng(seed)
    inputs = [values(rng, shape, domain) for shape in shapes.input_shapes]
    assert_gradients_match_finite_differences(f, inputs, rng)


@st.composite
def shape_and_axis(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
    axes = draw(st.lists(st.integers(-len(shape), len(shape) - 1), min_size=1, max_size=len(shape)))
    unique = sorted({a % len(shape) for a in axes})
    axis = draw(st.sampled_from([axes[0], tuple(unique)]))
    return shape, axis, draw(st.booleans())


@pytest.mark.parametrize("reduction", ["sum", "mean"])
@CHECK
@given(case=shape_and_axis(), seed=SEEDS)
def test_sum_and_mean_along_axes_gradients_match_finite_differences(reduction, case, seed):
    shape, axis, keepdims = case
    rng = np.random.default_rng(seed)
    x = values(rng, shape, "any")
    f = (lambda t: t.sum(axis=axis, keepdims=keepdims)) if reduction == "sum" else (
        lambda t: t.mean(axis=axis, keepdims=keepdims)
    )
    expected = getattr(np, reduction)(x, axis=axis, keepdims=keepdims)
    np.testing.assert_allclose(f(ag.tensor(x)).numpy(), expected, rtol=1e-14)
    assert_gradients_match_finite_differences(f, [x], rng)


@st.composite
def matmul_shapes(draw):
    n, k, m = (draw(st.integers(1, 4)) for _ in range(3))
    batch = draw(hnp.array_shapes(min_dims=0, max_dims=2, max_side=3))
    left_batch, right_batch = draw(
        st.sampled_from([((), ()), (batch, ()), ((), batch), (batch, batch)])
    )
    kinds = ["matrix", "vector @ matrix", "matrix @ vector", "vector @ vector"]
    kind = draw(st.sampled_from(kinds))
    left = (k,) if kind.startswith("vector") else (*left_batch, n, k)
    right = (k,) if kind.endswith("@ vector") else (*right_batch, k, m)
    return left, right


@CHECK
@given(shapes=matmul_shapes(), seed=SEEDS)
def test_matmul_gradient_matches_finite_differences_for_matrices_vectors_and_stacks(shapes, seed):
    rng = np.random.default_rng(seed)
    a, b = (values(rng, shape, "any") for shape in shapes)
    np.testing.assert_allclose((ag.tensor(a) @ ag.tensor(b)).numpy(), a @ b, rtol=1e-14)
    assert_gradients_match_finite_differences(lambda x, y: x @ y, [a, b], rng)


@CHECK
@given(seed=SEEDS, batch=st.integers(1, 5))
def test_gradients_of_a_small_mlp_with_softmax_cross_entropy_match_finite_differences(seed, batch):
    rng = np.random.default_rng(seed)
    x = values(rng, (batch, 3), "any")
    onehot = np.eye(2)[rng.integers(0, 2, size=batch)]

    def loss(w1, b1, w2, b2):
        logits = (x @ w1 + b1).relu() @ w2 + b2
        log_sum_exp = logits.exp().sum(axis=1).log()
        return (log_sum_exp - (logits * onehot).sum(axis=1)).mean()

    shapes = [(3, 4), (4,), (4, 2), (2,)]
    params = [values(rng, shape, "nonzero") for shape in shapes]
    assert_gradients_match_finite_differences(loss, params, rng)


def test_relu_op_calls_the_derivative_of_section_1_2(monkeypatch):
    right = activations.relu_grad
    monkeypatch.setattr(activations, "relu_grad", lambda x: right(x) * 1.001)
    rng = np.random.default_rng(0)
    with pytest.raises(AssertionError, match="Not equal to tolerance"):
        assert_gradients_match_finite_differences(ag.relu, [values(rng, (3, 2), "nonzero")], rng)


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh"])
def test_a_derivative_wrong_by_a_tenth_of_a_percent_fails_the_check(name):
    right = activations.CATALOGUE[name]
    wrong = activations.Activation(right.f, lambda x: right.grad(x) * 1.001, right.label)
    rng = np.random.default_rng(0)
    with pytest.raises(AssertionError, match="Not equal to tolerance"):
        assert_gradients_match_finite_differences(
            activation_op(wrong), [values(rng, (3, 2), "nonzero")], rng)


def test_a_gradient_summed_over_the_wrong_axis_fails_the_check(monkeypatch):
    monkeypatch.setattr(engine, "_sum_to_shape", lambda g, shape: g.sum(axis=-1).reshape(shape))
    rng = np.random.default_rng(0)
    inputs = [values(rng, (3, 3), "any"), values(rng, (3,), "any")]
    with pytest.raises(AssertionError, match="Not equal to tolerance"):
        assert_gradients_match_finite_differences(lambda a, b: a * b, inputs, rng)


# ---- the chapter's cells, unchanged but for the import -------------------------------


def sigmoid_closed_form(x):
    s = 1 / (1 + np.exp(-x))
    return s * (1 - s)


def test_chapter_cells_give_the_closed_form_derivatives():
    import mlp_edu.autograd as torch

    x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
    y = torch.relu(x)
    y.backward(torch.ones_like(x), retain_graph=True)
    relu_grad = x.grad.numpy().copy()

    y = torch.sigmoid(x)
    # Clear out previous gradients
    x.grad.data.zero_()
    y.backward(torch.ones_like(x), retain_graph=True)
    sigmoid_grad = x.grad.numpy().copy()

    y = torch.tanh(x)
    # Clear out previous gradients
    x.grad.data.zero_()
    y.backward(torch.ones_like(x), retain_graph=True)
    tanh_grad = x.grad.numpy().copy()

    x.grad.zero_()
    y.sum().backward()
    summed_tanh_grad = x.grad.numpy().copy()
    x.grad.zero_()
    points = x.detach().numpy()

    assert len(points) == x.shape[0] == 160
    assert points[0] == -8.0 and abs(points[-1] - 7.9) < 1e-12
    np.testing.assert_allclose(relu_grad, (points > 0).astype(float), rtol=0, atol=1e-12)
    assert relu_grad.sum() == 80  # as in PyTorch: x[80] is 4.4e-16 > 0, not 0
    np.testing.assert_allclose(sigmoid_grad, sigmoid_closed_form(points), rtol=0, atol=1e-12)
    np.testing.assert_allclose(tanh_grad, 1 - np.tanh(points) ** 2, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(summed_tanh_grad, tanh_grad)
    assert not x.grad.numpy().any()
    y2 = x.relu()  # the method spelling gives the same
    np.testing.assert_array_equal(y2.detach().numpy(), torch.relu(x).detach().numpy())


def test_chapter_cells_keep_float32_float32():
    import mlp_edu.autograd as torch

    x = torch.arange(-8.0, 8.0, 0.1, dtype=torch.float32, requires_grad=True)
    y = torch.sigmoid(x)
    y.backward(torch.ones_like(x), retain_graph=True)
    assert x.dtype == y.dtype == x.grad.dtype == torch.float32
    assert x.shape == (160,)
    points = x.detach().numpy().astype(np.float64)
    np.testing.assert_allclose(x.grad.numpy(), sigmoid_closed_form(points), rtol=0, atol=1e-7)


@CHECK
@given(
    start=st.integers(-1000, 1000).map(lambda n: n / 10),
    step=st.sampled_from([0.1, 0.01, 0.3, 1 / 3, 0.25, 2.5, -0.1, -0.7]),
    count=st.integers(0, 300),
)
def test_arange_has_pytorchs_length_and_rounds_start_plus_i_step_once(start, step, count):
    end = start + count * step
    x = ag.arange(start, end, step).numpy()
    assert len(x) == math.ceil((end - start) / step)
    exact = [float(Fraction(start) + i * Fraction(step)) for i in range(len(x))]
    np.testing.assert_array_equal(x, exact)


def test_arange_with_one_argument_counts_from_zero_and_rejects_bad_steps():
    np.testing.assert_array_equal(ag.arange(4).numpy(), [0.0, 1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="step must not be zero"):
        ag.arange(0.0, 1.0, 0.0)
    with pytest.raises(ValueError, match="never reaches end 1.0"):
        ag.arange(0.0, 1.0, -0.1)


# ---- accumulation, zero_, no_grad, detach ---------------------------------------------


def test_grad_is_none_before_backward_and_kept_only_for_leaves():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    hidden = x * 3
    assert x.grad is None
    hidden.sum().backward()
    assert hidden.grad is None
    np.testing.assert_array_equal(x.grad.numpy(), [3.0, 3.0])


def test_gradients_accumulate_across_two_backward_calls():
    x = ag.tensor([1.0, -2.0], requires_grad=True)
    (x * x).sum().backward()
    (x * 10).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2 + 10, -4 + 10])


def test_a_leaf_used_twice_gets_both_contributions():
    x = ag.tensor(3.0, requires_grad=True)
    (x * x + x).backward()
    assert x.grad.item() == 2 * 3 + 1


def test_zero__clears_the_gradient_in_place_and_returns_the_same_tensor():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    (x * 5).sum().backward()
    grad = x.grad
    assert grad.zero_() is grad
    assert x.grad is grad and not x.grad.numpy().any()
    (x * 5).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [5.0, 5.0])


def test_grad_data_zero__clears_the_same_storage():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    (x * 5).sum().backward()
    x.grad.data.zero_()
    assert not x.grad.numpy().any()


def test_the_seed_gradient_is_not_aliased_by_a_leafs_grad():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    seed = ag.ones_like(x)
    x.backward(seed)
    x.grad.zero_()
    np.testing.assert_array_equal(seed.numpy(), [1.0, 1.0])


def test_no_grad_results_require_no_grad_and_build_no_graph():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    with ag.no_grad():
        y = (w * 2).relu().sum()
        assert not y.requires_grad
        with pytest.raises(RuntimeError, match="does not require grad"):
            y.backward()
    assert (w * 2).requires_grad  # switched back on after the block


def test_no_grad_is_switched_back_on_after_an_exception():
    with pytest.raises(KeyError), ag.no_grad():
        raise KeyError("inside the block")
    assert (ag.tensor([1.0], requires_grad=True) * 2).requires_grad


def test_detach_shares_the_numbers_but_leaves_the_graph():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    d = y.detach()
    assert not d.requires_grad and d.numpy() is y.array
    (d * x).sum().backward()  # d is a constant here
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 4.0])


def test_in_place_sgd_update_works_only_under_no_grad():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    (w * w).sum().backward()
    with pytest.raises(RuntimeError, match="only inside `with no_grad\\(\\):`"):
        w -= 0.5 * w.grad
    with ag.no_grad():
        w -= 0.5 * w.grad
    np.testing.assert_array_equal(w.detach().numpy(), [0.0, 0.0])
    assert w.requires_grad and w.grad is not None


# ---- dtype, repr and the small conveniences --------------------------------------------


def test_float32_stays_float32_through_ops_with_python_numbers():
    x = ag.tensor(np.array([[1.0, 2.0]], dtype=np.float32), requires_grad=True)
    w = ag.tensor(np.ones((2, 3), dtype=np.float32), requires_grad=True)
    y = ((1.0 + x * 2 - 1) / 3 @ w).tanh().sigmoid().relu().exp().log() ** 2
    loss = y.mean()
    assert loss.dtype == ag.float32
    loss.backward()
    assert x.grad.dtype == w.grad.dtype == np.float32


def test_repr_reads_like_pytorch():
    assert repr(ag.tensor([0.0, 1.0], requires_grad=True)) == "tensor([0., 1.], requires_grad=True)"
    assert repr(ag.tensor(3.0)) == "tensor(3.)"
    assert repr(ag.tensor([1.0], dtype=ag.float32)) == "tensor([1.], dtype=float32)"
    assert repr(ag.tensor([1.0], requires_grad=True).relu()) == "tensor([1.], grad_fn=<relu>)"
    assert repr(ag.tensor([[1.0, 2.0], [3.0, 4.0]])) == "tensor([[1., 2.],\n        [3., 4.]])"


def test_item_shape_dtype_numpy_and_zeros_like():
    t = ag.tensor([[2.5]])
    assert t.item() == 2.5 and isinstance(t.item(), float)
    assert t.shape == (1, 1) and t.dtype == ag.float64
    assert isinstance(t.numpy(), np.ndarray)
    np.testing.assert_array_equal(ag.zeros_like(t).numpy(), [[0.0]])
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        ag.tensor([1.0, 2.0]).item()


def test_numpy_arrays_mix_in_on_either_side():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = np.array([3.0, 4.0]) * x + x * np.array([1.0, 1.0])
    assert isinstance(y, ag.Tensor)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [4.0, 5.0])


def test_tensor_copies_its_data():
    data = np.array([1.0, 2.0])
    t = ag.tensor(data)
    t.zero_()
    np.testing.assert_array_equal(data, [1.0, 2.0])


# ---- each error names what is wrong -----------------------------------------------------


def test_backward_of_a_non_scalar_without_a_gradient_says_only_scalars_can():
    y = ag.tensor([1.0, 2.0], requires_grad=True) * 2
    with pytest.raises(RuntimeError, match=r"only for scalar outputs.*shape \(2,\)"):
        y.backward()


def test_backward_with_a_gradient_of_the_wrong_shape_names_both_shapes():
    y = ag.tensor([1.0, 2.0], requires_grad=True) * 2
    with pytest.raises(ValueError, match=r"gradient has shape \(3,\).*output has shape \(2,\)"):
        y.backward(ag.ones_like(ag.tensor([1.0, 2.0, 3.0])))


def test_backward_on_a_tensor_that_does_not_require_grad_says_so():
    with pytest.raises(RuntimeError, match="does not require grad"):
        (ag.tensor([1.0]) * 2).sum().backward()


@pytest.mark.parametrize("op", [operator.add, operator.sub, operator.mul, operator.truediv])
def test_incompatible_shapes_raise_a_value_error_naming_both(op):
    a = ag.tensor(np.ones((2, 3)), requires_grad=True)
    b = ag.tensor(np.ones(4))
    with pytest.raises(ValueError, match=r"shapes \(2, 3\) and \(4,\)"):
        op(a, b)


def test_matmul_of_incompatible_shapes_names_both():
    with pytest.raises(ValueError, match=r"shapes \(2, 3\) and \(2, 3\)"):
        ag.tensor(np.ones((2, 3))) @ ag.tensor(np.ones((2, 3)))


@pytest.mark.parametrize("bad", ["1.5", None, 1j, object(), [1.0, "a"], True])
def test_bad_data_raises_a_type_error_naming_the_argument(bad):
    with pytest.raises(TypeError, match="^data must be a real number"):
        ag.tensor(bad)


@pytest.mark.parametrize("bad", ["1.5", None, 1j, object()])
def test_a_bad_operand_raises_a_type_error_naming_the_operator(bad):
    x = ag.tensor([1.0])
    with pytest.raises(TypeError, match=r"other operand of \* must be a real number"):
        x * bad
    with pytest.raises(TypeError, match=r"other operand of \+ must be a real number"):
        bad + x


def test_bad_gradient_and_exponent_raise_type_errors_naming_them():
    y = ag.tensor([1.0], requires_grad=True) * 2
    with pytest.raises(TypeError, match="^gradient must be a real number"):
        y.backward("1")
    with pytest.raises(TypeError, match=r"exponent of \*\* must be a real number; got Tensor"):
        y ** ag.tensor(2.0)


def test_numpy_of_a_tensor_that_requires_grad_points_to_detach():
    with pytest.raises(RuntimeError, match=r"detach\(\)\.numpy\(\)"):
        ag.tensor([1.0], requires_grad=True).numpy()


# ---- deep graphs ---------------------------------------------------------------------------


def test_a_chain_of_100000_ops_backpropagates_without_recursion_error():
    x = ag.tensor(0.5, requires_grad=True)
    y = x
    for _ in range(50_000):
        y = (y * 1.0) + 1.0
    y.backward()
    assert x.grad.item() == 1.0
    del y  # freeing the 100,000 nodes must not overflow the C stack either
