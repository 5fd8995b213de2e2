"""mlp_edu.playground: the data sets are what their names say, a run is the package's
training loop, and its frames, divergences, dead units and verdicts are what they claim."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from mlp_edu import playground
from mlp_edu.autograd import no_grad, tensor
from mlp_edu.losses import cross_entropy, softmax
from mlp_edu.mlp import MLP
from mlp_edu.playground import (
    GRID,
    HIDDEN_GRID,
    RECORDED_EPOCHS,
    PlaygroundRun,
    cached_run,
    dead_units,
    plane_data,
    train_playground,
)
from mlp_edu.training import PETALS, iris_split, sgd

MADE_UP = ["xor", "circles", "spiral", "blobs"]


# --- the data ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", playground.DATASETS)
def test_every_data_set_is_split_stratified_and_lies_inside_its_plane(name):
    data = plane_data(name)
    everything = np.concatenate([data.X_train, data.X_test])
    assert data.X_train.shape[1] == 2 and np.all(np.isfinite(everything))
    assert len(data.X_train) == len(data.y_train) and len(data.X_test) == len(data.y_test)
    assert np.abs(everything).max() + playground.MARGIN <= data.half_width + 1e-12
    train_shares = np.bincount(data.y_train) / len(data.y_train)
    test_shares = np.bincount(data.y_test) / len(data.y_test)
    assert np.allclose(train_shares, 1 / len(data.classes))
    assert np.allclose(test_shares, 1 / len(data.classes))


@pytest.mark.parametrize("name", MADE_UP)
def test_made_up_data_sets_are_drawn_the_same_every_time(name):
    first = plane_data(name)
    playground._plane_data.cache_clear()
    again = plane_data(name)
    assert again is not first
    for field in ["X_train", "y_train", "X_test", "y_test"]:
        assert np.array_equal(getattr(first, field), getattr(again, field)), field
    assert len(first.y_train) + len(first.y_test) == playground.POINTS


def _all(name):
    data = plane_data(name)
    return np.concatenate([data.X_train, data.X_test]), np.concatenate([data.y_train,
                                                                        data.y_test])


def test_xor_class_1_is_where_exactly_one_coordinate_is_negative():
    X, y = _all("xor")
    assert np.array_equal(y, (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(int))
    assert np.abs(X).min() >= 0.1  # kept away from the axes
    quadrants = np.unique(np.sign(X), axis=0, return_counts=True)[1]
    assert quadrants.tolist() == [50, 50, 50, 50]


def test_circles_are_a_disc_and_a_ring_around_it():
    X, y = _all("circles")
    radius = np.hypot(X[:, 0], X[:, 1])
    assert radius[y == 0].max() <= 0.5
    assert radius[y == 1].min() >= 0.7 and radius[y == 1].max() <= 1.0


def test_spiral_arms_wind_once_and_are_each_other_turned_half_a_turn():
    X, y = _all("spiral")
    radius = np.hypot(X[:, 0], X[:, 1])
    assert 0.25 - 0.2 < radius.min() and radius.max() < 1.0 + 0.2  # noise 0.03
    # Without the noise a point of arm k at radius r sits at angle 2πr + πk.
    angle = np.arctan2(X[:, 1], X[:, 0])
    expected = playground.SPIRAL_TURNS * 2 * np.pi * radius + np.pi * y
    off = np.angle(np.exp(1j * (angle - expected)))
    assert np.median(np.abs(off)) < 0.15


def test_blobs_are_centred_where_the_page_says():
    X, y = _all("blobs")
    assert np.allclose(X[y == 0].mean(axis=0), -0.45, atol=0.1)
    assert np.allclose(X[y == 1].mean(axis=0), 0.45, atol=0.1)


def test_iris_is_the_training_pages_petal_split():
    data, split = plane_data("iris"), iris_split(PETALS)
    assert np.array_equal(data.X_train, split.X_train)
    assert np.array_equal(data.y_test, split.y_test)
    assert data.features == ("petal length", "petal width")


def test_the_grid_tiles_the_plane_row_by_row_from_the_top():
    data = plane_data("circles")
    points = data.grid(4).reshape(4, 4, 2)
    step = 2 * data.half_width / 4
    assert np.allclose(points[0, 0], [-data.half_width + step / 2, data.half_width - step / 2])
    assert np.all(np.diff(points[:, :, 0], axis=1) > 0)  # x1 grows to the right
    assert np.all(np.diff(points[:, :, 1], axis=0) < 0)  # x2 falls downwards
    assert not data.grid(GRID).flags.writeable


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: plane_data("moons"), ValueError, "unknown dataset 'moons'"),
    (lambda: plane_data("xor").grid(0), ValueError, "resolution must be a positive integer"),
    (lambda: train_playground("xor", "step", 2, 1.0), ValueError, "unknown activation 'step'"),
    (lambda: train_playground("xor", "relu", 0, 1.0), ValueError,
     "num_hiddens must be a positive"),
    (lambda: train_playground("xor", "relu", 2, 0.0), ValueError, "lr must be a finite number"),
    (lambda: train_playground("xor", "relu", 2, float("nan")), ValueError,
     "lr must be a finite number"),
    (lambda: train_playground("xor", "relu", 2, "1"), TypeError, "lr must be a real number"),
    (lambda: train_playground("xor", "relu", 2, 1.0, epochs=-1), ValueError,
     "epochs must be an integer of at least 0"),
    (lambda: train_playground("xor", "relu", 2, 1.0, batch_size=0), ValueError,
     "batch_size must be a positive integer"),
    (lambda: train_playground("xor", "relu", 2, 1.0, seed="0"), ValueError,
     "seed must be an integer"),
    (lambda: cached_run("xor", "relu", 2.5, 1.0), ValueError, "num_hiddens must be a positive"),
    (lambda: cached_run(["xor"], "relu", 2, 1.0), ValueError, r"unknown dataset \['xor'\]"),
    (lambda: dead_units("net", [[0.0, 0.0]]), TypeError, "model must be an mlp_edu.mlp.MLP"),
    (lambda: dead_units(MLP(2, 3, 2), [[0.0, 0.0, 0.0]]), ValueError,
     r"X must have shape \(n, 2\)"),
    (lambda: dead_units(MLP(2, 3, 2), [["a", "b"]]), TypeError, "X must be a real number"),
])
def test_bad_arguments_fail_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- a run --------------------------------------------------------------------------------

def test_a_run_is_the_packages_sgd_loop_step_for_step():
    run = train_playground("xor", "tanh", 3, 1.0, epochs=3)
    data = plane_data("xor")
    model = MLP(2, 3, 2, "tanh", seed=0)
    rng = np.random.default_rng(0)
    for _ in range(3):
        order = rng.permutation(len(data.y_train))
        for first in range(0, len(order), playground.BATCH_SIZE):
            batch = order[first:first + playground.BATCH_SIZE]
            cross_entropy(model(data.X_train[batch]), data.y_train[batch]).backward()
            sgd(model.parameters(), 1.0)
    last = run.frames[-1]
    for name, p in model.named_parameters().items():
        assert np.array_equal(getattr(last, name), p.detach().numpy()), name


def test_a_run_measures_every_epoch_and_keeps_the_recorded_frames():
    run = cached_run("circles", "relu", 4, 1.0)
    assert len(run.train_loss) == len(run.test_accuracy) == playground.EPOCHS + 1
    assert [f.epoch for f in run.frames] == list(RECORDED_EPOCHS)
    assert run.diverged_at is None
    data = plane_data("circles")
    assert run.test_accuracy[-1] == np.mean(_network(run.frames[-1], run).predict(data.X_test)
                                            == data.y_test)


def _network(frame, run) -> MLP:
    model = MLP(2, run.num_hiddens, len(plane_data(run.dataset).classes), run.activation)
    model.W_h, model.b_h, model.W_o, model.b_o = (tensor(getattr(frame, name)) for name in
                                                  ["W_h", "b_h", "W_o", "b_o"])
    return model


@pytest.mark.parametrize("setting", [("iris", "tanh", 3, 1.0), ("spiral", "relu", 8, 10.0)])
def test_a_frame_shows_what_the_network_with_its_weights_computes(setting):
    run = cached_run(*setting)
    data = plane_data(run.dataset)
    for frame in run.frames[::6]:
        model = _network(frame, run)
        with no_grad():
            outputs = model(data.grid(GRID)).numpy()
            hidden = model.hidden(data.grid(HIDDEN_GRID)).numpy()
        assert np.array_equal(frame.probabilities, softmax(outputs).reshape(GRID, GRID, -1))
        assert np.array_equal(frame.hidden[1].ravel(), hidden[:, 1])
        assert frame.dead == dead_units(model, data.X_train)


@pytest.mark.parametrize("width", playground.WIDTHS)
def test_without_activation_the_boundary_is_a_line_at_any_width(width):
    # log(p1 / p0) is then affine in (x1, x2): a least-squares plane fits it exactly.
    frame = cached_run("circles", "identity", width, 1.0).frames[-1]
    log_odds = np.log(frame.probabilities[..., 1] / frame.probabilities[..., 0]).ravel()
    points = plane_data("circles").grid(GRID)
    design = np.column_stack([points, np.ones(len(points))])
    coefficients = np.linalg.lstsq(design, log_odds, rcond=None)[0]
    assert np.allclose(design @ coefficients, log_odds, atol=1e-9)


@pytest.mark.parametrize("name", ["xor", "circles", "spiral"])
def test_with_relu_the_boundary_is_not_a_line(name):
    frame = cached_run(name, "relu", 8, 1.0).frames[-1]
    log_odds = np.log(frame.probabilities[..., 1] / frame.probabilities[..., 0]).ravel()
    points = plane_data(name).grid(GRID)
    design = np.column_stack([points, np.ones(len(points))])
    residual = log_odds - design @ np.linalg.lstsq(design, log_odds, rcond=None)[0]
    assert np.abs(residual).max() > 1.0


def test_divergence_is_reported_with_its_epoch_and_training_stops_there_silently():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's overflow warnings would be errors here
        run = train_playground("blobs", "identity", 4, 10.0)
    assert run.diverged_at is not None and run.verdict == "diverged"
    assert len(run.train_loss) == run.diverged_at  # epochs 0 .. diverged_at - 1
    assert run.frames[-1].epoch == run.diverged_at - 1
    assert all(math.isfinite(v) for v in run.train_loss + run.test_loss)
    last = run.frames[-1]
    assert all(np.all(np.isfinite(a)) for a in [last.W_h, last.W_o, last.probabilities])
    assert f"stopped being finite in epoch {run.diverged_at}" in run.summary()


def test_dead_units_are_relu_units_with_no_positive_input_on_the_training_points():
    run = cached_run("xor", "relu", 8, 10.0)
    data = plane_data("xor")
    assert any(frame.dead for frame in run.frames)
    for frame in run.frames:
        inputs = data.X_train @ frame.W_h + frame.b_h
        assert frame.dead == tuple(np.flatnonzero((inputs <= 0).all(axis=0)).tolist())
    for activation in ["identity", "sigmoid", "tanh"]:
        assert all(f.dead == () for f in cached_run("xor", activation, 8, 10.0).frames)


def test_a_dead_unit_gets_no_gradient():
    run = cached_run("xor", "relu", 8, 10.0)
    frame = next(f for f in run.frames if f.dead)
    model = _network(frame, run)
    for p in model.parameters():
        p.requires_grad = True
    data = plane_data("xor")
    cross_entropy(model(data.X_train), data.y_train).backward()
    for unit in frame.dead:
        assert np.all(model.W_h.grad.numpy()[:, unit] == 0)
        assert model.b_h.grad.numpy()[0, unit] == 0
        assert np.all(model.W_o.grad.numpy()[unit] == 0)


@pytest.mark.parametrize(("losses", "diverged_at", "verdict"), [
    ([0.7, 0.3], None, "learned"),
    ([0.7, 0.64], None, "stalled"),  # fell by 0.06, less than a tenth of 0.7
    ([0.7, 0.62], None, "learned"),
    ([0.7, 0.9], None, "rose"),
    ([0.7, 0.6], 2, "diverged"),
])
def test_the_verdict_names_how_the_loss_went(losses, diverged_at, verdict):
    run = PlaygroundRun("xor", "relu", 2, 1.0, 1, train_loss=losses, diverged_at=diverged_at)
    assert run.verdict == verdict


def test_the_settings_are_every_combination_of_the_choices():
    settings = list(playground.settings())
    assert len(settings) == len(set(settings)) == (
        len(playground.DATASETS) * len(playground.ACTIVATIONS) * len(playground.WIDTHS)
        * len(playground.LEARNING_RATES))
    assert {"identity", "relu", "sigmoid", "tanh"} <= set(playground.ACTIVATIONS)
    assert {1, 2, 3, 4, 8} <= set(playground.WIDTHS)


def test_a_line_separates_the_blobs_almost_perfectly():
    # The network without activation draws a line; it gets 49 of the 50 test points right.
    assert cached_run("blobs", "identity", 8, 1.0).test_accuracy[-1] == 49 / 50


def test_the_end_figure_shows_the_runs_its_caption_names():
    # sitebuild/figures.toml: "epoch 50", "8 hidden units, learning rate 1", no activation
    # on the left, ReLU on the right, one row a data set.
    from mlp_edu import figures_playground as figure

    assert (figure.FIGURE_WIDTH, figure.FIGURE_RATE, playground.EPOCHS) == (8, 1.0, 50)
    assert list(figure.FIGURE_ACTIVATIONS) == ["identity", "relu"]
    assert list(figure.DATASET_TITLES) == list(playground.DATASETS)
    assert cached_run("xor", "identity", 8, 1.0).frames[-1].epoch == 50
