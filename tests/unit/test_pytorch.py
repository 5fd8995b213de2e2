"""What the pages say about PyTorch, checked against PyTorch itself.

PyTorch is never a dependency of mlp_edu. These tests run wherever ``torch`` can
be imported (``.ci/run`` installs torch==2.13.0 into the project's venv, a CPU
wheel); elsewhere they skip with the reason, and under ``CI=true`` a missing
PyTorch fails them, so CI cannot pass without checking.
"""

from __future__ import annotations

import math
import os
import warnings

import numpy as np
import pytest

import mlp_edu.autograd as ag
from mlp_edu import activations, chapter


@pytest.fixture(scope="module")
def torch():
    try:
        import torch
    except ImportError as error:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI=true and PyTorch cannot be imported ({error}): the pages' "
                        "statements about PyTorch go unchecked (.ci/run installs torch==2.13.0)")
        pytest.skip(f"PyTorch is not installed ({error}); pip install torch==2.13.0 to check "
                    "what the pages say about it")
    return torch


# ---- section 1.2: the chapter's cells --------------------------------------------------

def run_the_chapters_cells(torch) -> list[tuple[np.ndarray, np.ndarray, str]]:
    """The chapter's cells as it writes them (PyTorch version 3.8.2, 3.8_mlp.ipynb),
    with its xyplot recording what it would plot instead of drawing it."""
    plots = []

    def xyplot(x_vals, y_vals, name):  # the chapter's: plot x_vals.detach().numpy() ...
        plots.append((x_vals.detach().numpy().copy(), y_vals.detach().numpy().copy(), name))

    x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
    y = x.relu()
    xyplot(x, y, 'relu')
    y.sum().backward()
    xyplot(x, x.grad, 'grad of relu')
    y = x.sigmoid()
    xyplot(x, y, 'sigmoid')
    x.grad.zero_()
    y.sum().backward()
    xyplot(x, x.grad, 'grad of sigmoid')
    y = x.tanh()
    xyplot(x, y, 'tanh')
    x.grad.zero_()
    y.sum().backward()
    xyplot(x, x.grad, 'grad of tanh')
    return plots


def test_the_chapters_cells_plot_the_same_numbers_in_pytorch(torch):
    in_pytorch = run_the_chapters_cells(torch)
    here = chapter.cell_plots()
    assert [name for *_, name in in_pytorch] == [
        "relu", "grad of relu", "sigmoid", "grad of sigmoid", "tanh", "grad of tanh"]
    for (x, y, name), (ours_x, ours_y) in zip(in_pytorch, here.values(), strict=True):
        assert x.dtype == y.dtype == np.float32, name  # PyTorch's default
        assert x.shape == ours_x.shape == (160,)
        # Within 1e-6, float32's precision at the plots' scale (|x| <= 8, |y| <= 8); a
        # float32 sigmoid derivative s(1 - s) is off by up to 7.5e-8 where 1 - s cancels.
        np.testing.assert_allclose(x, ours_x, rtol=0, atol=1e-6, err_msg=name)
        np.testing.assert_allclose(y, ours_y, rtol=0, atol=1e-6, err_msg=name)
    # ReLU's derivative is the same step in both, x[80] = 2^-51 > 0 included.
    np.testing.assert_array_equal(in_pytorch[1][1], here["relu_grad"][1])


def test_pytorch_computes_the_chapters_cells_in_float32(torch):
    assert torch.get_default_dtype() == torch.float32
    assert torch.arange(-8.0, 8.0, 0.1).dtype == torch.float32
    assert ag.arange(-8.0, 8.0, 0.1).dtype == np.float64


def run_d2l_ens_cells(torch) -> list[np.ndarray]:
    """d2l-en's spelling of the derivative cells (section 5.1, PyTorch tab): torch.relu,
    backward with a vector of ones and retain_graph, x.grad.data.zero_()."""
    x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
    y = torch.relu(x)
    y.backward(torch.ones_like(x), retain_graph=True)
    grads = [x.grad.detach().numpy().copy()]
    for f in (torch.sigmoid, torch.tanh):
        y = f(x)
        x.grad.data.zero_()
        y.backward(torch.ones_like(x), retain_graph=True)
        grads.append(x.grad.detach().numpy().copy())
    return grads


def test_d2l_ens_spelling_runs_alike_and_gives_the_chapters_derivatives(torch):
    """The twins table of "What backward() does": every call of both spellings exists in
    mlp_edu.autograd and gives what it gives in PyTorch."""
    ours, theirs = run_d2l_ens_cells(ag), run_d2l_ens_cells(torch)
    chapters = [data for _, data, name in run_the_chapters_cells(ag) if name.startswith("grad")]
    for mine, pytorchs, chapter_grad in zip(ours, theirs, chapters, strict=True):
        np.testing.assert_array_equal(mine, chapter_grad)
        np.testing.assert_allclose(pytorchs, mine, rtol=0, atol=1e-6)


def test_relu_derivative_at_zero_is_zero_in_pytorch(torch):
    x = torch.tensor([-1.0, 0.0, 1.0], requires_grad=True)
    x.relu().sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 1.0] == activations.relu_grad([-1.0, 0.0, 1.0]).tolist()


def test_arange_gives_pytorchs_point_at_index_80(torch):
    for torch_dtype, dtype in [(torch.float64, np.float64), (torch.float32, np.float32)]:
        theirs = torch.arange(-8.0, 8.0, 0.1, dtype=torch_dtype).numpy()
        ours = ag.arange(-8.0, 8.0, 0.1, dtype=dtype).numpy()
        assert theirs[80] == ours[80] == 2.0**-51, torch_dtype
    assert -8.0 + 80 * 0.1 == 0.0  # what two roundings would have given


def test_arange_agrees_with_pytorchs_to_1e_15_and_at_index_80(torch):
    theirs = torch.arange(-8.0, 8.0, 0.1, dtype=torch.float64).numpy()
    ours = ag.arange(-8.0, 8.0, 0.1).numpy()
    assert len(theirs) == len(ours) == 160
    assert np.max(np.abs(theirs - ours)) <= 1e-15
    assert theirs[80] == ours[80]


def test_backward_of_a_vector_without_a_gradient_fails_in_pytorch_too(torch):
    message = "grad can be implicitly created only for scalar outputs"
    with pytest.raises(RuntimeError, match=message):
        torch.arange(-8.0, 8.0, 0.1, requires_grad=True).relu().backward()
    with pytest.raises(RuntimeError, match=message):
        ag.arange(-8.0, 8.0, 0.1, requires_grad=True).relu().backward()


def test_backward_adds_into_grad_in_pytorch_too(torch):
    points = [-1.0, 0.5, 2.0]
    x = torch.tensor(points, requires_grad=True)
    y = torch.sigmoid(x)
    y.sum().backward(retain_graph=True)
    y.sum().backward(retain_graph=True)
    np.testing.assert_allclose(x.grad.numpy(), 2 * activations.sigmoid_grad(points), rtol=1e-6)


def test_pytorch_keeps_grad_for_leaves_only(torch):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    h = x * 3
    h.sum().backward()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch warns when a non-leaf's .grad is read
        assert h.grad is None
    assert x.grad is not None


def test_pytorch_frees_the_graph_after_backward(torch):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = torch.sigmoid(x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.backward()
    ours = ag.tensor([1.0, 2.0], requires_grad=True)
    y = ag.sigmoid(ours).sum()
    y.backward()
    y.backward()  # never freed
    np.testing.assert_allclose(ours.grad.numpy(), 2 * activations.sigmoid_grad([1.0, 2.0]))


# ---- "Modern activations" ---------------------------------------------------------------

def test_pytorch_has_the_five_in_functional_and_prelu_also_as_torch_and_tensor(torch):
    F = torch.nn.functional
    five = ["leaky_relu", "elu", "softplus", "gelu", "silu"]
    assert all(callable(getattr(F, name)) for name in [*five, "prelu"])
    assert not any(hasattr(torch, name) for name in five)
    assert not any(hasattr(torch.Tensor, name) for name in five)
    assert callable(torch.prelu) and hasattr(torch.Tensor, "prelu")
    for name in ["relu", "sigmoid", "tanh"]:  # the chapter's: torch.relu(x) and x.relu()
        assert hasattr(torch, name) and hasattr(torch.Tensor, name)


def test_leaky_relus_derivative_at_zero_is_its_slope_in_pytorch(torch):
    x = torch.tensor([0.0], dtype=torch.float64, requires_grad=True)
    torch.nn.functional.leaky_relu(x, negative_slope=0.01).sum().backward()
    assert x.grad.item() == 0.01 == float(activations.leaky_relu_grad(0.0))


def test_pytorchs_prelu_takes_the_slope_at_zero(torch):
    x = torch.tensor([0.0], dtype=torch.float64, requires_grad=True)
    weight = torch.tensor([0.25], dtype=torch.float64)
    torch.prelu(x, weight).sum().backward()
    assert x.grad.item() == 0.25  # mlp_edu's prelu takes ReLU's 0 there, as it says
    ours = ag.tensor([0.0], requires_grad=True)
    ag.prelu(ours, ag.tensor([0.25])).sum().backward()
    assert ours.grad.item() == 0.0


def test_pytorchs_gelu_is_the_exact_form_and_its_tanh_approximation_the_pages_formula(torch):
    grid = np.linspace(-8, 8, 16_001)
    x = torch.tensor(grid, dtype=torch.float64)
    F = torch.nn.functional
    np.testing.assert_allclose(F.gelu(x).numpy(), activations.gelu(grid), rtol=0, atol=1e-15)
    approx = 0.5 * grid * (1 + np.tanh(math.sqrt(2 / math.pi) * (grid + 0.044715 * grid**3)))
    np.testing.assert_allclose(F.gelu(x, approximate="tanh").numpy(), approx, rtol=0,
                               atol=1e-15)


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "leaky_relu", "elu", "softplus",
                                  "gelu", "silu"])
def test_every_activation_and_its_derivative_match_pytorchs(torch, name):
    grid = np.linspace(-8, 8, 1601)
    x = torch.tensor(grid, dtype=torch.float64, requires_grad=True)
    function = getattr(torch, name, None) or getattr(torch.nn.functional, name)
    function(x).sum().backward()
    np.testing.assert_allclose(function(x).detach().numpy(), getattr(activations, name)(grid),
                               rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(x.grad.numpy(), getattr(activations, f"{name}_grad")(grid),
                               rtol=1e-13, atol=1e-15)


# ---- "Initialisation, derived" ----------------------------------------------------------

def test_nn_linear_draws_weights_and_biases_from_its_documented_uniform(torch):
    """U(-√k, √k), k = 1/in_features, for the weights and the biases alike."""
    from mlp_edu.init_variance import pytorch_linear_bound

    torch.manual_seed(0)
    for fan_in in (4, 256):
        layer = torch.nn.Linear(fan_in, 300)
        bound = pytorch_linear_bound(fan_in)
        assert bound == pytest.approx(math.sqrt(1 / fan_in))
        for values in (layer.weight, layer.bias):
            values = values.detach().numpy()
            assert values.min() >= -bound and values.max() <= bound
            assert values.max() > 0.9 * bound and values.min() < -0.9 * bound
        # The variance of U(-a, a) is a²/3: 1/(3 n_in), a third of 1/n_in.
        assert layer.weight.detach().numpy().var() == pytest.approx(1 / (3 * fan_in), rel=0.05)


def test_nn_linear_is_kaiming_uniform_with_a_sqrt5_and_kaimings_defaults_are_hes(torch):
    import inspect

    from mlp_edu.init_variance import kaiming_uniform_bound, pytorch_linear_bound

    source = inspect.getsource(torch.nn.Linear.reset_parameters)
    assert "init.kaiming_uniform_(self.weight, a=math.sqrt(5))" in source
    # The leaky ReLU's gain √(2 / (1 + a²)); with a = √5 it is √(1/3).
    for a in (0.0, 0.2, math.sqrt(5)):
        assert torch.nn.init.calculate_gain("leaky_relu", a) == pytest.approx(
            math.sqrt(2 / (1 + a * a)))
    assert torch.nn.init.calculate_gain("leaky_relu", math.sqrt(5)) == pytest.approx(
        math.sqrt(1 / 3))
    for name in ("kaiming_normal_", "kaiming_uniform_"):
        defaults = inspect.signature(getattr(torch.nn.init, name)).parameters
        assert defaults["a"].default == 0 and defaults["mode"].default == "fan_in", name
    torch.manual_seed(0)
    for a, fan_in in [(math.sqrt(5), 256), (0.0, 256), (0.0, 784)]:
        weight = torch.empty(300, fan_in)
        torch.nn.init.kaiming_uniform_(weight, a=a)
        bound = kaiming_uniform_bound(fan_in, a)
        assert weight.abs().max().item() <= bound and weight.abs().max().item() > 0.99 * bound
    assert kaiming_uniform_bound(256, math.sqrt(5)) == pytest.approx(pytorch_linear_bound(256))
    # He's rule, √(6 / n_in) uniform, and √(2 / n_in) for kaiming_normal_.
    weight = torch.empty(2000, 256)
    torch.nn.init.kaiming_normal_(weight)
    assert weight.std().item() == pytest.approx(math.sqrt(2 / 256), rel=0.01)


# ---- "Forward and backward propagation" -------------------------------------------------

def test_pytorch_saves_for_backward_the_intermediates_the_page_names(torch):
    """The 4-5-3 network in PyTorch on the page's minibatch: the tensors autograd saves for
    the backward pass ("saved tensors", seen through torch.autograd.graph.saved_tensors_hooks)
    include X, the hidden layer's values and the outputs' softmax, each of the minibatch's
    shape; the gradients equal the hand-derived ones of mlp_edu.backprop."""
    from mlp_edu.backprop import backward, example_minibatch, forward

    net, X, y = example_minibatch()
    params = {name: torch.tensor(p.detach().numpy(), requires_grad=True)
              for name, p in net.named_parameters().items()}
    saved = []

    def pack(tensor):
        saved.append(tuple(tensor.shape))
        return tensor

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        H = torch.relu(torch.tensor(X) @ params["W_h"] + params["b_h"])
        loss = torch.nn.functional.cross_entropy(H @ params["W_o"] + params["b_o"],
                                                 torch.tensor(y))
    assert {(8, 4), (8, 5), (5, 3), (8, 3)} <= set(saved), saved
    loss.backward()
    grads = backward(forward(net, X, y), net)
    for name, p in params.items():
        np.testing.assert_allclose(p.grad.numpy(), grads[name], rtol=1e-12, atol=1e-15)
