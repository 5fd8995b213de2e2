"""No warning on any finite input: the extreme values a reader may try.

Each test runs with warnings as errors, so a numpy ``RuntimeWarning`` (overflow,
invalid value, divide by zero) fails it. Where the true result is beyond the
floats, the package gives what PyTorch gives (``tests/unit/test_extremes_pytorch.py``
compares them where PyTorch is installed): 0, 1, ±inf, never a NaN from finite logits.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from mlp_edu.activations import CATALOGUE
from mlp_edu.autograd import no_grad, tensor
from mlp_edu.losses import cross_entropy, log_softmax, softmax, squared_loss
from mlp_edu.mlp import MLP

BIG = np.finfo(np.float64).max  # 1.797…e308
EXTREMES = np.array([-BIG, -1e308, -1e300, -745.2, -1.0, -5e-324, 0.0, 5e-324, 1.0, 709.8,
                     1e300, 1e308, BIG])


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_softmax_of_logits_at_the_ends_of_the_floats():
    logits = np.array([[1e308, -1e308], [-BIG, BIG], [BIG, BIG]])
    assert softmax(logits).tolist() == [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]
    assert log_softmax(logits).tolist() == [[0.0, -np.inf], [-np.inf, 0.0],
                                            [-np.log(2), -np.log(2)]]


@pytest.mark.parametrize(("label", "expected"), [(0, 0.0), (1, np.inf)])
def test_cross_entropy_of_logits_at_the_ends_of_the_floats(label, expected):
    # PyTorch: F.cross_entropy(torch.tensor([[1e308, -1e308]], dtype=torch.float64),
    # torch.tensor([label])) is 0 for label 0 and inf for label 1.
    assert cross_entropy(np.array([[1e308, -1e308]]), [label]) == expected


def test_the_gradient_of_cross_entropy_at_the_ends_of_the_floats_is_finite():
    logits = tensor([[1e308, -1e308, 0.0], [BIG, BIG, -BIG]], requires_grad=True)
    cross_entropy(logits, [1, 0]).backward()
    grad = logits.grad.numpy()
    # (softmax(o) - one_hot(y)) / n, exactly: the rows' softmaxes are (1, 0, 0), (½, ½, 0).
    assert grad.tolist() == [[0.5, -0.5, 0.0], [-0.25, 0.25, 0.0]]


@pytest.mark.parametrize("name", sorted(CATALOGUE))
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_every_activation_and_its_derivative_take_the_extremes_unwarned(name, dtype):
    activation = CATALOGUE[name]
    with np.errstate(over="ignore"):  # the cast itself: 1e308 is inf in float16
        x = EXTREMES.astype(dtype)
    x = x[np.isfinite(x)]  # finite input only
    for values in (activation.f(x), activation.grad(x)):
        assert values.dtype == dtype and not np.isnan(values).any(), (name, values)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_activation_backpropagates_the_extremes_unwarned(name):
    x = tensor(EXTREMES, requires_grad=True)
    getattr(x, name)().sum().backward()
    assert not np.isnan(x.grad.numpy()).any(), (name, x.grad)


def test_the_squared_loss_beyond_the_floats_is_inf_and_its_gradient_too():
    predictions = tensor([[1e308], [-1e308]], requires_grad=True)
    loss = squared_loss(predictions, [-1e308, 1e308])
    assert loss.item() == np.inf  # ½ mean((o - y)²): (2e308)² is beyond the floats
    loss.backward()
    assert np.isinf(predictions.grad.numpy()).all()


@pytest.mark.parametrize("activation", sorted(CATALOGUE))
def test_an_mlp_with_extreme_weights_runs_forward_and_backward_unwarned(activation):
    model = MLP(4, 5, 3, activation=activation)
    with no_grad():
        for p, value in zip(model.parameters(), [1e300, -1e300, 1e300, 1e308], strict=True):
            p.array[...] = value
    X = np.array([[1.0, -2.0, 3e8, -4e300], [0.0, 0.0, 0.0, 0.0]])
    loss = cross_entropy(model(X), [0, 2])
    loss.backward()
    assert all(p.grad is not None for p in model.parameters())
    model.predict(X)
