"""The hand-derived backward pass gives autograd's gradients and finite differences' too.

Every gradient of :func:`mlp_edu.backprop.backward` (parameters and
intermediates) is checked against ``loss.backward()`` of mlp_edu.autograd and
against centred finite differences of the loss, for every activation the MLP
knows, on random networks and minibatches; the memory numbers are the arrays'
sizes; bad input is refused with a message naming it.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import mlp_edu.autograd as torch
from mlp_edu.backprop import (
    PARAMETERS,
    SAVED_FOR_BACKWARD,
    autograd_forward,
    backward,
    example_minibatch,
    forward,
    grad_logits,
    graph_bytes,
    parameters_of,
    saved_bytes,
    training_memory,
)
from mlp_edu.losses import cross_entropy
from mlp_edu.mlp import ACTIVATIONS, MLP
from tests.unit.gradcheck import numeric_gradient


def random_case(activation: str, seed: int, n: int = 7, sizes=(4, 5, 3)):
    rng = np.random.default_rng(seed)
    net = MLP(*sizes, activation=activation, seed=seed)
    with torch.no_grad():  # random biases too, so no unit sits exactly at its kink
        for p in (net.b_h, net.b_o):
            p += rng.normal(size=p.shape)
    X = rng.normal(size=(n, sizes[0]))
    y = rng.integers(sizes[2], size=n)
    return net, X, y


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_parameter_gradients_equal_autograds(activation, seed):
    net, X, y = random_case(activation, seed)
    grads = backward(forward(net, X, y), net)
    cross_entropy(net(X), y).backward()
    for name, p in net.named_parameters().items():
        assert grads[name].shape == p.shape, name
        np.testing.assert_allclose(grads[name], p.grad.numpy(), rtol=1e-10, atol=1e-13,
                                   err_msg=f"{activation}: {name}")


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_intermediate_gradients_equal_autograds_with_the_intermediate_as_a_leaf(activation):
    # autograd keeps .grad on leaves only: restart the graph at O, H and Z in turn.
    net, X, y = random_case(activation, 3)
    fp = forward(net, X, y)
    grads = backward(fp, net)
    rest = {
        "O": lambda logits: logits,
        "H": lambda H: H @ net.W_o + net.b_o,
        "Z": lambda Z: net.phi(Z) @ net.W_o + net.b_o,
    }
    for name, from_here in rest.items():
        leaf = torch.tensor(getattr(fp, name), requires_grad=True)
        cross_entropy(from_here(leaf), y).backward()
        np.testing.assert_allclose(grads[name], leaf.grad.numpy(), rtol=1e-10, atol=1e-13,
                                   err_msg=name)


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_parameter_gradients_equal_finite_differences(activation):
    net, X, y = random_case(activation, 4, n=5)
    params = parameters_of(net)
    grads = backward(forward(params, X, y, activation), params)
    for name in PARAMETERS:
        def loss(value, name=name):
            return forward({**params, name: value}, X, y, activation).loss
        np.testing.assert_allclose(grads[name], numeric_gradient(loss, params[name]),
                                   rtol=1e-6, atol=1e-9, err_msg=f"{activation}: {name}")


def test_a_wrong_gradient_fails_the_finite_difference_check():
    """The check can fail: the gradient without the 1/n of the mean is caught."""
    net, X, y = random_case("relu", 5)
    params = parameters_of(net)
    wrong = backward(forward(params, X, y), params)["W_o"] * len(y)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(
            wrong, numeric_gradient(lambda w: forward({**params, "W_o": w}, X, y).loss,
                                      params["W_o"]), rtol=1e-6, atol=1e-9)


def test_forward_is_the_networks_forward_and_loss():
    net, X, y = example_minibatch()
    fp = forward(net, X, y)
    np.testing.assert_allclose(fp.O, net(X).detach().numpy(), rtol=0, atol=1e-15)
    np.testing.assert_allclose(fp.H, net.hidden(X).detach().numpy(), rtol=0, atol=1e-15)
    assert fp.loss == pytest.approx(cross_entropy(net(X), y).item(), rel=1e-15)
    assert fp.shapes() == {"X": (8, 4), "Z": (8, 5), "H": (8, 5), "O": (8, 3), "loss": ()}


def test_autograd_forward_records_the_same_numbers_in_a_graph():
    net, X, y = example_minibatch()
    recorded, fp = autograd_forward(net, X, y), forward(net, X, y)
    for name in ("Z", "H", "O"):
        np.testing.assert_array_equal(recorded[name].detach().numpy(), getattr(fp, name))
    recorded["loss"].backward()
    grads = backward(fp, net)
    for name in PARAMETERS:
        np.testing.assert_allclose(grads[name], recorded[name].grad.numpy(), atol=1e-15)


def test_backward_reads_only_what_is_saved():
    net, X, y = random_case("tanh", 6)
    fp = forward(net, X, y)
    unsaved = {f.name: None for f in dataclasses.fields(fp)
               if f.name not in {*SAVED_FOR_BACKWARD, "y", "activation"}}
    assert set(unsaved) == {"loss"}
    stripped = dataclasses.replace(fp, **unsaved)
    for name, value in backward(stripped, net).items():
        np.testing.assert_array_equal(value, backward(fp, net)[name])


def test_the_logit_gradient_rows_sum_to_zero_and_are_probabilities_minus_one_hot():
    logits = np.random.default_rng(7).normal(size=(6, 3))
    y = np.array([0, 1, 2, 2, 1, 0])
    g = grad_logits(logits, y)
    np.testing.assert_allclose(g.sum(axis=1), 0, atol=1e-16)
    assert np.all((g < 0) == (np.eye(3)[y] == 1))


def test_memory_is_batch_times_width_times_bytes_per_number():
    sizes, batch = (784, 256, 10), 256
    for dtype in (np.float32, np.float64):
        kept = training_memory(*sizes, batch=batch, dtype=dtype)
        size = np.dtype(dtype).itemsize
        assert kept == {"X": batch * 784 * size, "Z": batch * 256 * size,
                        "H": batch * 256 * size, "O": batch * 10 * size,
                        "parameters": (784 * 256 + 256 + 256 * 10 + 10) * size}
    double = training_memory(*sizes, batch=2 * batch)
    single = training_memory(*sizes, batch=batch)
    assert all(double[k] == 2 * single[k] for k in SAVED_FOR_BACKWARD)
    assert double["parameters"] == single["parameters"]


def test_saved_bytes_and_graph_bytes_count_the_arrays():
    net, X, y = example_minibatch()
    fp = forward(net, X, y)
    assert saved_bytes(fp) == {name: getattr(fp, name).nbytes for name in SAVED_FOR_BACKWARD}
    counted = graph_bytes(autograd_forward(net, X, y)["loss"])
    assert counted["leaves"] >= 5  # X and the four parameters, plus the loss's constants
    assert counted["intermediate_bytes"] > sum(saved_bytes(fp).values()) - X.nbytes


@pytest.mark.parametrize("call, message", [
    (lambda: forward(MLP(4, 5, 3), np.zeros((2, 3)), [0, 1]),
     r"X must have shape \(n, 4\): n examples with 4 features each; got \(2, 3\)"),
    (lambda: forward(MLP(4, 5, 3), np.zeros((2, 4)), [0, 3]),
     r"labels must lie in \[0, 3\)"),
    (lambda: forward(MLP(4, 5, 3), np.zeros((2, 4)), [0]), r"labels must have shape \(2,\)"),
    (lambda: forward({"W_h": np.zeros((4, 5))}, np.zeros((2, 4)), [0, 1]),
     "the parameters lack b_h, W_o, b_o"),
    (lambda: forward({**parameters_of(MLP(4, 5, 3)), "b_o": np.zeros((1, 4))},
                     np.zeros((2, 4)), [0, 1]), r"got b_o of shape \(1, 4\)"),
    (lambda: forward(MLP(4, 5, 3), np.zeros((2, 4)), [0, 1], activation="step"),
     "unknown activation 'step'; known: 'relu'"),
    (lambda: training_memory(4, 5, 3, batch=0), "batch must be a positive integer; got 0"),
    (lambda: example_minibatch(0), "size must be a positive integer; got 0"),
    (lambda: example_minibatch(121), "size must be at most 120, the training flowers; got 121"),
])
def test_bad_input_is_refused_by_name(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_network_that_is_not_one_is_refused():
    with pytest.raises(TypeError, match="net must be an MLP or a mapping"):
        forward([1, 2], np.zeros((1, 4)), [0])
    with pytest.raises(TypeError, match="net must be an mlp_edu.mlp.MLP; got dict"):
        parameters_of({})


def test_the_example_is_the_untrained_relu_network_of_seed_0_on_the_first_8_training_flowers():
    """What the page says of example_minibatch(): MLP(4, 5, 3), ReLU (so He), seed 0, and
    the first 8 flowers of the training split, standardised, with their labels."""
    from mlp_edu.training import iris_split

    net, X, y = example_minibatch()
    reference = MLP(4, 5, 3, activation="relu", seed=0)
    assert (net.activation, net.init) == ("relu", "he")
    for mine, theirs in zip(net.parameters(), reference.parameters(), strict=True):
        np.testing.assert_array_equal(mine.detach().numpy(), theirs.detach().numpy())
    data = iris_split()
    np.testing.assert_array_equal(X, data.X_train[:8])
    np.testing.assert_array_equal(y, data.y_train[:8])
    np.testing.assert_allclose(data.X_train.mean(axis=0), 0, atol=1e-12)  # standardised
    assert example_minibatch(1)[1].shape == (1, 4) and int(y[0]) == 0  # the first: a setosa
