"""Every public callable of mlp_edu refuses bad input clearly, and warns never.

The callables are found from the modules' ``__all__`` (``tests/unit/public_api.py``),
so a new public function is fuzzed as soon as it exists, or this file fails
naming it. For each callable, hypothesis draws:

- valid calls: they return without an error and without a warning (numpy's
  warnings included: an undefined result is NaN or inf, as in PyTorch, unwarned);
- a valid call with one argument replaced by a value that cannot mean anything:
  it raises a ``TypeError`` or ``ValueError`` whose message names that argument;
- a valid call with one argument replaced by anything at all (None, strings,
  bools, nested lists, numpy scalars, 0-d and empty arrays, NaN, ±inf, huge
  numbers, other dtypes): it returns, or raises a ``TypeError`` or ``ValueError``
  naming one of the callable's arguments; never another exception, never a warning.

autograd raises PyTorch's ``RuntimeError`` where PyTorch does (numpy() of a tensor
that requires grad, backward() of one that does not, an in-place change outside
no_grad()); those are allowed, and only those.
"""

from __future__ import annotations

import os
import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlp_edu.autograd import Tensor, tensor
from tests.unit.public_api import (
    ARGS,
    CASES,
    _caller_parameters,
    argument,
    call,
    examples_for,
    fuzzed_parameters,
    missing_strategies,
    not_fuzzed,
    public_callables,
    valid_calls,
    words_for,
)

FOUND = public_callables()
FUZZED = sorted(key for key, thing in FOUND.items()
                if not not_fuzzed(key) and (key in CASES or _caller_parameters(key, thing)
                                              or key.count(".") >= 3 and key.split(".")[-2][:1]
                                              .isupper()))
# The RuntimeErrors autograd raises as PyTorch does.
PYTORCH_RUNTIME_ERRORS = re.compile(r"requires grad|does not require grad|implicitly created")

SETTINGS = dict(deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
# Examples per callable and test: few by default, so `make test-unit` stays quick; more in
# CI (CI=true), or as many as MLP_EDU_FUZZ_EXAMPLES says (README, "The fuzz").
EXAMPLES = int(os.environ.get("MLP_EDU_FUZZ_EXAMPLES")
               or (15 if os.environ.get("CI", "").lower() == "true" else 4))

JUNK = st.one_of(
    st.sampled_from([None, True, False, "", "x", b"x", [], [[]], [1, [2]], {}, (), object(),
                     1j, np.nan, np.inf, -np.inf, 1e308, -1e308, 10**30, -(10**30), 2**64,
                     np.float32(np.nan), np.int8(-3), np.bool_(True), np.array(2.0),
                     np.array(np.nan), np.zeros(0), np.zeros((0, 3)), np.zeros((2, 0)),
                     np.ones(3, dtype=np.float32), np.array([1, 2], dtype=np.uint8),
                     np.array(["a", "b"]), np.ones((2, 2), dtype=complex),
                     np.zeros(2, dtype=object), [[1.0, 2.0], [3.0]], [np.nan, 1.0],
                     tensor([1.0, 2.0]), tensor([[1.0]], requires_grad=True), plt]),
    # Integers small enough to run quickly, or far beyond any size the package makes
    # (checks.MAX_NUMBERS, MAX_DEPTH, MAX_EPOCHS): a size in between would only be slow.
    st.integers(-10, 12), st.sampled_from([2**24 + 1, 2**31, 2**63, -(2**70), 10**30]),
    st.floats(), st.text(max_size=4),
    st.lists(st.floats(), max_size=4), st.lists(st.integers(-3, 300), max_size=4),
)


def _run(key: str, arguments: dict):
    """Call ``key`` with warnings as errors; close any figure it drew."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return call(FOUND[key], key, arguments)
        finally:
            plt.close("all")


def _allowed(error: BaseException) -> bool:
    """TypeError, ValueError, PyTorch's RuntimeErrors, and load_iris's documented
    FileNotFoundError for a path where there is no file."""
    return isinstance(error, TypeError | ValueError) or (
        type(error) is FileNotFoundError and "no iris data file at path" in str(error).lower()) or (
        type(error) is RuntimeError and PYTORCH_RUNTIME_ERRORS.search(str(error)) is not None)


def test_the_public_api_is_found():
    for key in ["mlp_edu.losses.cross_entropy", "mlp_edu.mlp.MLP", "mlp_edu.mlp.MLP.predict",
                "mlp_edu.autograd.engine.Tensor.__add__", "mlp_edu.autograd.engine.Tensor.sum",
                "mlp_edu.autograd.ops.leaky_relu", "mlp_edu.training.train",
                "mlp_edu.data.load_iris"]:
        assert key in FOUND, key
    assert "mlp_edu.autograd.engine.Tensor.leaky_relu" in FOUND
    assert not any(key.startswith("numpy") for key in FOUND)


def test_every_public_callable_has_a_strategy():
    missing = missing_strategies(FOUND)
    assert missing == {}, (
        "public callables with arguments that tests/unit/public_api.py has no strategy for "
        f"(add the argument's name to ARGS, or a Case to CASES): {missing}")


def test_a_new_public_function_without_a_strategy_is_named(monkeypatch):
    def new_public_function(unheard_of_argument):
        return unheard_of_argument

    found = {**FOUND, "mlp_edu.new.new_public_function": new_public_function}
    assert missing_strategies(found) == {
        "mlp_edu.new.new_public_function": ["unheard_of_argument"]}


@pytest.mark.parametrize("key", FUZZED)
def test_valid_calls_return_without_an_error_or_a_warning(key):
    @settings(max_examples=examples_for(key, EXAMPLES), **SETTINGS)
    @given(arguments=valid_calls(key, FOUND[key]))
    def check(arguments):
        _run(key, arguments)

    check()


def _bad_arguments(key: str) -> list[str]:
    names = set(CASES[key].args) if key in CASES else set()
    names |= {p.name for p in _caller_parameters(key, FOUND[key])}
    return sorted(n for n in names if argument(key, n) and argument(key, n).bad is not None)


BAD = [key for key in FUZZED if _bad_arguments(key)]


@pytest.mark.parametrize("key", BAD)
def test_a_bad_argument_raises_a_type_or_value_error_naming_it(key):
    @settings(max_examples=examples_for(key, EXAMPLES), **SETTINGS)
    @given(data=st.data())
    def check(data):
        arguments = data.draw(valid_calls(key, FOUND[key]), label="valid call")
        name = data.draw(st.sampled_from(_bad_arguments(key)), label="argument")
        arguments[name] = data.draw(argument(key, name).bad, label="bad value")
        with pytest.raises(Exception) as raised:
            _run(key, arguments)
        assert _allowed(raised.value), f"{key}({name}=...) raised {raised.value!r}"
        message = str(raised.value).lower()
        assert any(word.lower() in message for word in words_for(key, name)), (
            f"{key}: the error for a bad {name} does not name it: {raised.value}")

    check()


TAKE_ARGUMENTS = [key for key in FUZZED if fuzzed_parameters(key, FOUND[key])]


@pytest.mark.parametrize("key", TAKE_ARGUMENTS)
def test_anything_in_any_argument_is_refused_clearly_or_taken(key):
    names = fuzzed_parameters(key, FOUND[key])
    every_word = {w.lower() for n in names for w in words_for(key, n)} | {
        "operand", "shape", "axis", "logits", "labels", "activation", "tensor"}

    @settings(max_examples=examples_for(key, EXAMPLES), **SETTINGS)
    @given(data=st.data())
    def check(data):
        arguments = data.draw(valid_calls(key, FOUND[key]), label="valid call")
        name = data.draw(st.sampled_from(names), label="argument")
        arguments[name] = data.draw(JUNK, label="value")
        try:
            _run(key, arguments)
        except Exception as error:  # noqa: BLE001 - the point is which errors escape
            assert _allowed(error), f"{key}({name}=...) raised {error!r}"
            message = str(error).lower()
            assert any(word in message for word in every_word), (
                f"{key}({name}=...): the error names none of its arguments: {error}")

    check()


def test_the_runtime_errors_allowed_are_pytorchs():
    with pytest.raises(RuntimeError, match="requires grad"):
        tensor([1.0], requires_grad=True).numpy()
    assert not _allowed(RuntimeError("something else"))
    assert not _allowed(KeyError("x")) and not _allowed(ZeroDivisionError())
    assert isinstance(ARGS["x"].bad, st.SearchStrategy) and Tensor
