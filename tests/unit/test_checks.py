"""Every argument check of the package lives in mlp_edu.checks and says what was wrong."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

import mlp_edu
from mlp_edu.checks import as_real_array, check_labels, known_name, positive_int, real_parameter


@pytest.mark.parametrize("value", [1, 7, np.int64(3), np.uint8(2)])
def test_positive_int_accepts_positive_integers_as_int(value):
    assert positive_int(value, "n") == int(value) and type(positive_int(value, "n")) is int


@pytest.mark.parametrize("value", [0, -1, 2.0, True, "3", None, [1]])
def test_positive_int_names_the_argument_and_the_value(value):
    with pytest.raises(ValueError, match=r"^width must be a positive integer; got "):
        positive_int(value, "width")


@pytest.mark.parametrize("value, got", [("1", "str '1'"), (True, "bool True"),
                                        (None, "NoneType None"), (1j, "complex 1j")])
def test_real_parameter_names_the_argument_and_what_it_got(value, got):
    with pytest.raises(TypeError, match=rf"^alpha must be a real number; got {got}$"):
        real_parameter(value, "alpha")


def test_real_parameter_gives_a_float():
    assert real_parameter(np.float32(0.5), "alpha") == 0.5
    assert type(real_parameter(2, "alpha")) is float


def test_known_name_lists_what_is_known():
    assert known_name("b", ["a", "b"], "init") == "b"
    with pytest.raises(ValueError, match=r"^unknown init 'c'; known: 'a', 'b'$"):
        known_name("c", ["a", "b"], "init")
    with pytest.raises(ValueError, match=r"^unknown init \['a'\]"):
        known_name(["a"], ["a", "b"], "init")


def test_as_real_array_names_the_argument():
    with pytest.raises(TypeError, match=r"^logits must be a real number or an array of real"):
        as_real_array(np.array(["a"]), "logits")
    assert as_real_array(np.float32(1.0), "x").dtype == np.float32


def test_check_labels_reads_a_tensor_through_its_numbers():
    import mlp_edu.autograd as torch
    labels = check_labels(torch.tensor([0.0, 1.0]).detach().numpy().astype(int), 2, 2)
    assert labels.dtype == np.int64


def test_no_module_but_checks_writes_its_own_argument_check():
    # The errors these checks raise are raised in mlp_edu/checks.py only.
    phrases = ["must be a positive integer", "must be a real number", "; known: "]
    package = Path(mlp_edu.__file__).parent
    for path in sorted(package.rglob("*.py")):
        if path.name == "checks.py":
            continue
        raised = [node.value for statement in ast.walk(ast.parse(path.read_text("utf-8")))
                  if isinstance(statement, ast.Raise) for node in ast.walk(statement)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)]
        for phrase in phrases:
            assert not any(phrase in s for s in raised), f"{path.name} checks on its own: {phrase}"
