"""A size no one means is refused at once, naming the argument, before any work is done.

``checks.MAX_NUMBERS`` (2**24 numbers in one thing the package makes),
``MAX_DEPTH`` (layers of a stack) and ``MAX_EPOCHS`` (passes of training) are
the limits; a size beyond them would run for hours, take the machine's memory
or fail inside numpy with a MemoryError that names nothing. Each call below
would do so without its check: the test fails by hanging or by the MemoryError
(``pytest.raises(ValueError)`` does not catch it).
"""

from __future__ import annotations

import numpy as np
import pytest

from mlp_edu.approximation import hinge_fit, least_squares_fit, max_error, sawtooth_layers
from mlp_edu.autograd import arange
from mlp_edu.backprop import training_memory
from mlp_edu.checks import MAX_DEPTH, MAX_EPOCHS, MAX_NUMBERS, check_numbers
from mlp_edu.depth import deep_mlp_gradient_norms
from mlp_edu.init_variance import draw_layer, signal_variances
from mlp_edu.losses import one_hot
from mlp_edu.mlp import MLP
from mlp_edu.playground import plane_data, train_playground
from mlp_edu.training import train

HUGE = 2**40  # a few times 2**40 numbers: terabytes

ABSURD = {
    "num_hiddens": lambda: MLP(4, HUGE, 3),
    "num_inputs": lambda: MLP(HUGE, 5, 3),
    "num_outputs": lambda: MLP(4, 5, HUGE),
    "epochs": lambda: train(epochs=MAX_EPOCHS + 1),
    "depth": lambda: deep_mlp_gradient_norms(MAX_DEPTH + 1, "relu", width=1, batch=1),
    "width": lambda: deep_mlp_gradient_norms(2, "relu", width=2**13),
    "batch": lambda: signal_variances("he", "relu", depth=2, width=4, batch=HUGE),
    "fan_out": lambda: draw_layer("he", 4, HUGE, np.random.default_rng(0)),
    "num_classes": lambda: one_hot([0, 1], HUGE),
    "k": lambda: hinge_fit(np.sin, HUGE, (0, 1)),
    "samples": lambda: max_error(np.sin, np.sin, (0, 1), samples=HUGE),
    "samples ": lambda: least_squares_fit(np.sin, 8, (0, 1), np.tanh, samples=2**22),
    "depth ": lambda: sawtooth_layers(HUGE),
    "end": lambda: arange(0, HUGE),
    "resolution": lambda: plane_data("xor").grid(2**13),
    "num_hiddens ": lambda: train_playground("xor", "relu", 2**17, 1.0),
    "epochs ": lambda: train_playground("xor", "relu", 2, 1.0, epochs=MAX_EPOCHS + 1),
    "batch ": lambda: training_memory(4, 5, 3, batch=HUGE),
}


@pytest.mark.parametrize("argument", sorted(ABSURD))
def test_an_absurd_size_is_a_value_error_naming_it(argument):
    with pytest.raises(ValueError, match=argument.strip()):
        ABSURD[argument]()


def test_the_limit_itself_is_allowed_and_one_more_is_not():
    assert check_numbers([("rows", 2**12), ("columns", 2**12)], "X") == MAX_NUMBERS
    with pytest.raises(ValueError, match=r"rows × columns = 4097 × 4096 = 16,781,312 numbers"):
        check_numbers([("rows", 2**12 + 1), ("columns", 2**12)], "X")


def test_what_the_pages_use_is_far_inside_the_limits():
    assert deep_mlp_gradient_norms(50, "relu", init="he").shape == (50,)
    assert signal_variances("he", "relu", depth=10)[0].shape == (10,)
    assert arange(-8.0, 8.0, 0.1).shape == (160,)
