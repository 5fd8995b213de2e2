"""Training the 4-5-3 network on Iris: accurate, fast, reproducible, and SGD does what it says."""

from __future__ import annotations

import numpy as np
import pytest

from mlp_edu.autograd import tensor
from mlp_edu.mlp import MLP
from mlp_edu.training import (
    EPOCHS,
    PETALS,
    TrainingDiverged,
    accuracy,
    decision_regions,
    iris_split,
    sgd,
    train,
    trained,
)

ACTIVATIONS = ["relu", "sigmoid", "tanh"]


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_each_activation_reaches_093_test_accuracy(activation):
    result = train(activation)
    assert result.history.test_accuracy[-1] >= 0.93


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_history_has_one_entry_per_epoch_and_the_loss_falls(activation):
    history = train(activation).history
    assert len(history.loss) == len(history.test_accuracy) == EPOCHS
    assert history.loss[-1] < history.loss[0] / 5
    assert all(0.0 <= a <= 1.0 for a in history.test_accuracy)


def test_the_network_beats_chance_by_far_before_and_after():
    untrained = MLP(4, 5, 3, seed=0)
    split = iris_split()
    before = accuracy(untrained, split.X_test, split.y_test)
    after = train("relu").history.test_accuracy[-1]
    assert after - before > 0.3


def test_training_is_reproducible():
    a, b = train("tanh"), train("tanh")
    assert a.history.loss == b.history.loss
    for p, q in zip(a.model.parameters(), b.model.parameters(), strict=True):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())


def test_seed_changes_the_run():
    assert train("relu", seed=1).history.loss != train("relu", seed=2).history.loss


def test_sgd_steps_against_the_gradient_and_clears_it():
    w = tensor([1.0, -2.0], requires_grad=True)
    (w * tensor([3.0, 4.0])).sum().backward()  # gradient [3, 4]
    sgd([w], lr=0.5)
    assert w.detach().numpy().tolist() == [1.0 - 1.5, -2.0 - 2.0]
    assert w.grad.numpy().tolist() == [0.0, 0.0]
    assert w.requires_grad


def test_accuracy_counts_correct_argmax():
    net = MLP(1, 1, 2, activation="relu")
    # Output = [0, relu(x)] with these weights: class 1 wins exactly when x > 0.
    net.W_h.detach().numpy()[...] = 1.0
    net.W_o.detach().numpy()[...] = [[0.0, 1.0]]
    X = np.array([[-1.0], [2.0], [3.0], [-4.0]])
    assert accuracy(net, X, np.array([0, 1, 0, 0])) == 0.75


def test_split_is_standardised_with_training_statistics():
    split = iris_split()
    np.testing.assert_allclose(split.X_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(split.X_train.std(axis=0), 1.0)
    mean, std = split.X_train_raw.mean(axis=0), split.X_train_raw.std(axis=0)
    np.testing.assert_allclose(split.X_test, (split.X_test_raw - mean) / std)


def test_two_feature_network_on_petals():
    result = trained("relu", PETALS)
    assert result.model.num_inputs == 2
    assert result.history.test_accuracy[-1] >= 0.9


def test_trained_is_remembered():
    assert trained("sigmoid") is trained("sigmoid")
    assert trained("sigmoid") is not trained("tanh")


def test_decision_regions_cover_the_flowers_and_agree_with_predict():
    result = trained("relu", PETALS)
    xx, yy, classes = decision_regions(result, resolution=40)
    assert xx.shape == yy.shape == classes.shape == (40, 40)
    assert xx.min() < 1.0 and xx.max() > 6.9 and yy.min() < 0.1 and yy.max() > 2.5
    assert set(np.unique(classes)) == {0, 1, 2}  # all three species appear
    # The lower-left corner (short, narrow petals) is setosa; the upper right, virginica.
    assert classes[0, 0] == 0 and classes[-1, -1] == 2


def test_decision_regions_need_two_features():
    with pytest.raises(ValueError, match="2 features; this one has 4"):
        decision_regions(trained("relu"))


def test_the_default_initialisation_learns_faster_than_the_books_001_scale():
    for activation in ACTIVATIONS:
        default = train(activation).history.loss
        small = train(activation, init_std=0.01).history.loss
        assert default[4] < 0.7 * small[4], activation


def test_training_that_diverges_stops_naming_the_epoch_and_the_learning_rate():
    # At lr=100 the loss grows by orders of magnitude each epoch until it is NaN.
    with pytest.raises(TrainingDiverged, match=r"epoch 9: lr=100 is too large") as raised:
        train("relu", lr=100.0)
    assert (raised.value.epoch, raised.value.lr) == (9, 100.0)
    assert isinstance(raised.value, ValueError)  # the value of lr was bad for this problem


@pytest.mark.parametrize(("argument", "value", "message"), [
    ("epochs", 0, "epochs must be a positive integer of at most 10000; got 0"),
    ("lr", -0.1, "lr must be a finite number greater than 0; got -0.1"),
    ("lr", float("nan"), "lr must be a finite number greater than 0; got nan"),
    ("batch_size", 121, "batch_size must be a positive integer of at most 120; got 121"),
    ("split_seed", -1, "split_seed must be a non-negative integer; got -1"),
    ("features", (0, 4), "features must be distinct column indices from 0 to 3; got (0, 4)"),
])
def test_train_refuses_arguments_that_cannot_mean_anything(argument, value, message):
    with pytest.raises(ValueError) as raised:
        train("relu", **{argument: value})
    assert str(raised.value) == message
