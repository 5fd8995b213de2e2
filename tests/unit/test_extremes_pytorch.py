"""At the ends of the floats, and where a result is undefined, the package gives PyTorch's numbers.

``tests/unit/test_no_warnings.py`` shows these computations raise no warning;
here the numbers are compared with PyTorch 2.13 (float64), case by case: ±1e308
logits, the activations and their gradients at ±1.8e308, a squared loss beyond
the floats, an MLP with weights of 1e300. Like ``test_pytorch.py`` they skip
without PyTorch, and fail under ``CI=true`` without it (``tests/unit/conftest.py``).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import mlp_edu.autograd as ag
from mlp_edu import activations
from mlp_edu.losses import cross_entropy, log_softmax, softmax, squared_loss
from mlp_edu.mlp import MLP

BIG = np.finfo(np.float64).max
EXTREMES = np.array([-BIG, -1e308, -1e300, -745.2, -1.0, -5e-324, 0.0, 5e-324, 1.0, 709.8,
                     1e300, 1e308, BIG])
# Rows of logits: far apart, at both ends, and undefined ones (inf − inf, NaN): NaN in both.
LOGITS = np.array([[1e308, -1e308], [-BIG, BIG], [BIG, BIG], [-BIG, -BIG],
                   [np.inf, 0.0], [-np.inf, 0.0], [np.inf, np.inf], [np.nan, 0.0]])
ACTIVATIONS = ["relu", "sigmoid", "tanh", "leaky_relu", "elu", "softplus", "gelu", "silu"]


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def same(ours, theirs, rtol: float = 0.0, atol: float = 0.0) -> None:
    """Equal numbers, NaN where PyTorch has NaN, the same infinities."""
    np.testing.assert_allclose(np.asarray(ours), theirs.detach().numpy(), rtol=rtol, atol=atol,
                               equal_nan=True)


def test_softmax_and_log_softmax_of_extreme_and_undefined_logits_are_pytorchs(torch):
    logits = torch.tensor(LOGITS)
    same(softmax(LOGITS), torch.softmax(logits, dim=1))
    same(log_softmax(LOGITS), torch.log_softmax(logits, dim=1))


@pytest.mark.parametrize("labels", [[0, 1, 0, 1], [1, 0, 1, 0]])
def test_cross_entropy_of_logits_at_the_ends_of_the_floats_and_its_gradient_are_pytorchs(
        torch, labels):
    theirs = torch.tensor(LOGITS[:4], requires_grad=True)
    expected = torch.nn.functional.cross_entropy(theirs, torch.tensor(labels))
    expected.backward()
    ours = ag.tensor(LOGITS[:4], requires_grad=True)
    loss = cross_entropy(ours, labels)
    loss.backward()
    same(loss.item(), expected)  # 0.35 for the first labels, inf for the second
    same(ours.grad.numpy(), theirs.grad)


@pytest.mark.parametrize(("row", "label"), [([np.inf, 0.0], 0), ([np.inf, 0.0], 1),
                                            ([-np.inf, 0.0], 0), ([np.inf, np.inf], 0),
                                            ([np.nan, 0.0], 1)])
def test_cross_entropy_of_infinite_or_nan_logits_is_pytorchs(torch, row, label):
    theirs = torch.tensor([row], requires_grad=True)
    expected = torch.nn.functional.cross_entropy(theirs, torch.tensor([label]))
    expected.backward()
    ours = ag.tensor([row], requires_grad=True)
    loss = cross_entropy(ours, [label])
    loss.backward()
    same(loss.item(), expected)
    same(ours.grad.numpy(), theirs.grad)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_every_activation_and_its_gradient_at_the_ends_of_the_floats_are_pytorchs(torch, name):
    x = torch.tensor(EXTREMES, requires_grad=True)
    function = getattr(torch, name, None) or getattr(torch.nn.functional, name)
    function(x).sum().backward()
    ours = ag.tensor(EXTREMES, requires_grad=True)
    getattr(ours, name)().sum().backward()
    same(getattr(activations, name)(EXTREMES), function(x), rtol=1e-14)
    # σ'(709.8) = e^-709.8 ≈ 5.5e-309, a subnormal: the package computes it, PyTorch's
    # σ(x)(1 − σ(x)) rounds it to 0. Below 1e-300 the two are taken as equal.
    same(getattr(activations, f"{name}_grad")(EXTREMES), x.grad, rtol=1e-13, atol=1e-300)
    same(ours.grad.numpy(), x.grad, rtol=1e-13, atol=1e-300)


def test_a_squared_loss_beyond_the_floats_is_inf_with_infinite_gradients_as_in_pytorch(torch):
    predictions, targets = [[1e308], [-1e308]], [[-1e308], [1e308]]
    theirs = torch.tensor(predictions, requires_grad=True)
    expected = 0.5 * ((theirs - torch.tensor(targets)) ** 2).mean()
    expected.backward()
    ours = ag.tensor(predictions, requires_grad=True)
    loss = squared_loss(ours, np.ravel(targets))
    loss.backward()
    same(loss.item(), expected)
    same(ours.grad.numpy(), theirs.grad)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("weights", [(1e300, -1e300, 1e300, 1e308),
                                     (1e-300, 1e300, -1e300, 1e308)])
def test_an_mlp_with_extreme_weights_gives_pytorchs_loss_and_gradients(torch, activation,
                                                                       weights):
    # No row of X meets both an inf and a -inf product in X @ W_h: there numpy's matmul
    # gives inf and PyTorch's NaN, an accident of summation order in either library.
    X = np.array([[1.0, -2.0, 0.5, 3.0], [0.0, 0.0, 0.0, 0.0], [1e8, 1e8, 1e8, 1e8]])
    labels = [0, 2, 1]
    model = MLP(4, 5, 3, activation=activation)
    with ag.no_grad():
        for p, value in zip(model.parameters(), weights, strict=True):
            p.array[...] = value
    W_h, b_h, W_o, b_o = (torch.tensor(p.array.copy(), requires_grad=True)
                          for p in model.parameters())
    phi = getattr(torch, activation, None) or getattr(torch.nn.functional, activation)
    expected = torch.nn.functional.cross_entropy(
        phi(torch.tensor(X) @ W_h + b_h) @ W_o + b_o, torch.tensor(labels))
    expected.backward()
    loss = cross_entropy(model(X), labels)
    loss.backward()
    same(loss.item(), expected, rtol=1e-12)
    for ours, theirs in zip(model.parameters(), [W_h, b_h, W_o, b_o], strict=True):
        same(ours.grad.numpy(), theirs.grad, rtol=1e-12)
