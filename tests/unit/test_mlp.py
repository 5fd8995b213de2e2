"""The MLP computes H = φ(X W_h + b_h), O = H W_o + b_o, and backpropagates through it."""

from __future__ import annotations

import numpy as np
import pytest

from mlp_edu import activations
from mlp_edu.autograd import Tensor, no_grad, tensor
from mlp_edu.losses import cross_entropy
from mlp_edu.mlp import ACTIVATIONS, MLP
from tests.unit.gradcheck import numeric_gradient

PHI = {"relu": activations.relu, "sigmoid": activations.sigmoid, "tanh": activations.tanh}


def set_parameters(net: MLP, **values) -> None:
    """Overwrite parameters in place, by name (detach() shares the parameter's numbers)."""
    params = net.named_parameters()
    for name, value in values.items():
        params[name].detach().numpy()[...] = value


def test_forward_pass_by_hand():
    # d = 2 inputs, h = 2 hidden units, q = 1 output, ReLU.
    net = MLP(2, 2, 1, activation="relu")
    set_parameters(
        net,
        W_h=[[1.0, -1.0], [2.0, 0.5]],
        b_h=[[0.5, -1.0]],
        W_o=[[3.0], [-2.0]],
        b_o=[[0.25]],
    )
    X = np.array([[1.0, 1.0], [-1.0, 2.0]])
    # Example 1: X W_h + b_h = [1 + 2 + 0.5, -1 + 0.5 - 1] = [3.5, -1.5] -> ReLU [3.5, 0]
    #            O = 3.5 * 3 + 0 * (-2) + 0.25 = 10.75
    # Example 2: [-1 + 4 + 0.5, 1 + 1 - 1] = [3.5, 1.0] -> ReLU [3.5, 1.0]
    #            O = 10.5 - 2 + 0.25 = 8.75
    assert net.hidden(X).detach().numpy().tolist() == [[3.5, 0.0], [3.5, 1.0]]
    assert net(X).detach().numpy().tolist() == [[10.75], [8.75]]


def test_forward_pass_by_hand_with_sigmoid():
    net = MLP(1, 1, 2, activation="sigmoid")
    set_parameters(net, W_h=[[2.0]], b_h=[[-2.0]], W_o=[[4.0, -4.0]], b_o=[[1.0, 0.0]])
    # X W_h + b_h = 2 * 1 - 2 = 0 -> σ(0) = 0.5 -> O = [0.5 * 4 + 1, 0.5 * (-4)] = [3, -2]
    assert net(np.array([[1.0]])).detach().numpy().tolist() == [[3.0, -2.0]]


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_forward_pass_is_the_formula(activation):
    rng = np.random.default_rng(1)
    net = MLP(4, 5, 3, activation=activation, seed=7)
    X = rng.normal(size=(6, 4))
    W_h, b_h, W_o, b_o = (p.detach().numpy() for p in net.parameters())
    H = PHI[activation](X @ W_h + b_h)
    np.testing.assert_allclose(net.hidden(X).detach().numpy(), H, rtol=1e-15)
    np.testing.assert_allclose(net(X).detach().numpy(), H @ W_o + b_o, rtol=1e-15)


def test_tensor_input_gives_the_same_output_as_numpy():
    net = MLP(4, 5, 3)
    X = np.random.default_rng(2).normal(size=(3, 4))
    np.testing.assert_array_equal(net(tensor(X)).detach().numpy(), net(X).detach().numpy())


def test_parameters_are_named_and_shaped_as_in_the_math():
    net = MLP(4, 5, 3)
    shapes = {name: p.shape for name, p in net.named_parameters().items()}
    assert shapes == {"W_h": (4, 5), "b_h": (1, 5), "W_o": (5, 3), "b_o": (1, 3)}
    assert net.parameters() == [net.W_h, net.b_h, net.W_o, net.b_o]
    assert all(isinstance(p, Tensor) and p.requires_grad for p in net.parameters())
    assert sum(p.detach().numpy().size for p in net.parameters()) == 43


def test_initialisation_is_seeded():
    a, b, c = MLP(4, 5, 3, seed=1), MLP(4, 5, 3, seed=1), MLP(4, 5, 3, seed=2)
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())
    assert not np.array_equal(a.W_h.detach().numpy(), c.W_h.detach().numpy())


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "gelu"])
def test_initialisation_is_xavier_with_zero_biases_except_for_relu(activation):
    net = MLP(200, 300, 100, activation=activation, seed=0)
    assert net.init == "xavier"
    assert np.std(net.W_h.detach().numpy()) == pytest.approx(np.sqrt(2 / 500), rel=0.02)
    assert np.std(net.W_o.detach().numpy()) == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert not net.b_h.detach().numpy().any() and not net.b_o.detach().numpy().any()


def test_relu_networks_start_with_he_initialisation_as_the_pages_advise():
    net = MLP(200, 300, 100, activation="relu", seed=0)
    assert net.init == "he"
    assert np.std(net.W_h.detach().numpy()) == pytest.approx(np.sqrt(2 / 200), rel=0.02)
    assert np.std(net.W_o.detach().numpy()) == pytest.approx(np.sqrt(2 / 300), rel=0.02)
    assert not net.b_h.detach().numpy().any() and not net.b_o.detach().numpy().any()


def test_init_can_be_chosen_and_an_unknown_one_is_named():
    assert MLP(4, 5, 3, activation="relu", init="xavier").init == "xavier"
    with pytest.raises(ValueError, match="unknown init 'glorot'"):
        MLP(4, 5, 3, init="glorot")


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_gradients_match_finite_differences(activation):
    rng = np.random.default_rng(3)
    net = MLP(4, 5, 3, activation=activation, seed=3)
    with no_grad():  # non-zero biases, so their gradients are tested in general position
        net.b_h += rng.normal(size=(1, 5))
        net.b_o += rng.normal(size=(1, 3))
    X = rng.normal(size=(8, 4))
    y = rng.integers(0, 3, size=8)
    cross_entropy(net(X), y).backward()

    for name, p in net.named_parameters().items():
        def loss(values: np.ndarray, p=p) -> float:
            kept, p.array = p.array, values  # the network computed with this parameter changed
            try:
                return cross_entropy(net(X).detach().numpy(), y)
            finally:
                p.array = kept

        numeric = numeric_gradient(loss, p.detach().numpy().copy())
        np.testing.assert_allclose(p.grad.numpy(), numeric, atol=1e-7, err_msg=name)


@pytest.mark.parametrize(
    ("shape", "got"),
    [((4,), r"\(4,\)"), ((2, 3), r"\(2, 3\)"), ((2, 5), r"\(2, 5\)"), ((1, 2, 4), r"\(1, 2, 4\)")],
)
def test_wrong_input_shape_names_expected_and_actual(shape, got):
    net = MLP(4, 5, 3)
    with pytest.raises(ValueError, match=r"expected an input of shape \(n, 4\).*got shape " + got):
        net(np.zeros(shape))


def test_wrong_input_shape_as_tensor():
    with pytest.raises(ValueError, match=r"got shape \(3, 2\)"):
        MLP(4, 5, 3)(tensor(np.zeros((3, 2))))


def test_unknown_activation_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown activation 'step'; known: 'relu', "
                                         r"'sigmoid', 'tanh', 'leaky_relu', 'elu', 'softplus', "
                                         r"'gelu', 'silu', 'identity'$"):
        MLP(4, 5, 3, activation="step")
    assert list(ACTIVATIONS)[:3] == ["relu", "sigmoid", "tanh"]


@pytest.mark.parametrize("name", ["leaky_relu", "elu", "softplus", "gelu", "silu"])
def test_modern_activations_work_as_phi(name):
    from mlp_edu import activations
    model = MLP(4, 5, 3, activation=name, seed=1)
    X = np.random.default_rng(2).normal(size=(6, 4))
    W_h, b_h, W_o, b_o = (p.detach().numpy() for p in model.parameters())
    H = getattr(activations, name)(X @ W_h + b_h)
    np.testing.assert_allclose(model(X).detach().numpy(), H @ W_o + b_o,
                               rtol=1e-12)


@pytest.mark.parametrize("sizes", [(0, 5, 3), (4, -1, 3), (4, 5, 2.0), (True, 5, 3)])
def test_bad_layer_sizes(sizes):
    with pytest.raises(ValueError, match="must be a positive integer"):
        MLP(*sizes)


def test_predict_is_argmax_of_outputs():
    net = MLP(4, 5, 3, seed=5)
    X = np.random.default_rng(5).normal(size=(20, 4))
    assert net.predict(X).tolist() == net(X).detach().numpy().argmax(axis=1).tolist()


def test_predict_builds_no_graph():
    net = MLP(4, 5, 3)
    net.predict(np.zeros((2, 4)))
    assert all(p.grad is None for p in net.parameters())


def test_init_std_sets_the_scale_of_the_weights():
    net = MLP(200, 300, 100, seed=0, init_std=0.01)
    assert np.std(net.W_h.detach().numpy()) == pytest.approx(0.01, rel=0.02)
    assert np.std(net.W_o.detach().numpy()) == pytest.approx(0.01, rel=0.02)
