"""The public API of mlp_edu and, for every argument of it, what is valid and what is not.

:func:`public_callables` finds the API itself: every name in a module's
``__all__`` (every module of the package, found by walking it), and for a class
its constructor, its public methods and its operators. A module added later is
found without touching this file; ``tests/unit/test_bad_input.py`` then fails,
naming each callable that has no strategy here.

How to give a callable its strategy
-----------------------------------
Most arguments are known by their name. :data:`ARGS` maps a parameter name to
an :class:`Arg`: a strategy of valid values, a strategy of values that must be
refused (with a ``TypeError`` or ``ValueError``), and the words one of which the
error message must contain (the argument's name, by default). A function whose
parameters all have entries there needs nothing more.

Where the valid values of two arguments depend on each other (labels on the
number of rows of the logits, a gradient on the shape of its output), add a
:class:`Case` to :data:`CASES` under the callable's key (``module.name``, or
``module.Class.method``): a strategy of whole valid calls (a dict of keyword
arguments; ``"self"`` for a method's receiver) and, per argument, an
:class:`Arg` when its bad values differ from :data:`ARGS`'.

A callable that takes no argument needs no strategy. A class whose instances
the package makes and hands back (a result record) is listed in
:data:`NOT_FUZZED` with the reason.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import mlp_edu
from mlp_edu.activations import CATALOGUE
from mlp_edu.autograd import Tensor, tensor
from mlp_edu.data import IRIS_PATH
from mlp_edu.mlp import MLP
from mlp_edu.training import PETALS, trained

# Operators and protocols of a public class that are part of its API.
OPERATORS = {"__call__", "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
             "__truediv__", "__rtruediv__", "__matmul__", "__rmatmul__", "__pow__", "__neg__",
             "__iadd__", "__isub__", "__imul__", "__itruediv__", "__array__", "__repr__"}

NOT_FUZZED = {
    "mlp_edu.training.History": "a record that train() fills and returns",
    "mlp_edu.training.IrisSplit": "a record that iris_split() makes and returns",
    "mlp_edu.training.TrainResult": "a record that train() makes and returns",
    "mlp_edu.training.TrainingDiverged": "the error train() raises; it is not called with input",
    "mlp_edu.approximation.HingeFit": "a record that hinge_fit() makes and returns",
    "mlp_edu.approximation.Layer": "a record that network_layers() and sawtooth_layers() make",
    "mlp_edu.backprop.ForwardPass": "a record that forward() makes and returns",
    "mlp_edu.playground.PlaneData": "a record that plane_data() makes and returns",
    "mlp_edu.playground.Frame": "a record that train_playground() makes and returns",
    "mlp_edu.playground.PlaygroundRun": "a record that train_playground() makes and returns",
}


# The records' methods a reader calls with arguments, or to read a record: fuzzed, with a
# record the package made as the receiver (RECEIVERS). dataclass's own __repr__ is not.
RECORD_METHODS = {"mlp_edu.approximation.HingeFit.__call__",
                  "mlp_edu.approximation.HingeFit.network", "mlp_edu.backprop.ForwardPass.shapes",
                  "mlp_edu.playground.PlaneData.grid", "mlp_edu.playground.PlaygroundRun.summary"}


def not_fuzzed(key: str) -> bool:
    """Whether ``key`` is a class of :data:`NOT_FUZZED`, or one of its methods that is not
    in :data:`RECORD_METHODS`."""
    return key in NOT_FUZZED or (key.rsplit(".", 1)[0] in NOT_FUZZED
                                 and key not in RECORD_METHODS)


def public_callables() -> dict[str, Callable]:
    """Every public function, class, method and operator of mlp_edu, by its key.

    The key is where it is defined: ``mlp_edu.losses.softmax``,
    ``mlp_edu.mlp.MLP`` (the constructor), ``mlp_edu.autograd.engine.Tensor.sum``.
    Names re-exported elsewhere (``mlp_edu.depth.init_std``) are found once.
    Types from other packages (``mlp_edu.autograd.float32`` is numpy's) are not ours.
    """
    found: dict[str, Callable] = {}
    for info in pkgutil.walk_packages(mlp_edu.__path__, "mlp_edu."):
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", []):
            thing = getattr(module, name)
            home = getattr(thing, "__module__", "") or ""
            if not callable(thing) or not home.startswith("mlp_edu"):
                continue
            key = f"{home}.{getattr(thing, '__qualname__', name)}"
            found[key] = thing
            if inspect.isclass(thing):
                for attribute, member in vars(thing).items():
                    public = not attribute.startswith("_") or attribute in OPERATORS
                    if public and inspect.isfunction(member):
                        found[f"{key}.{attribute}"] = member
    return found


def parameters_of(key: str, thing: Callable) -> list[inspect.Parameter]:
    """The parameters a caller passes: a method's receiver comes first, named as it is."""
    try:
        return list(inspect.signature(thing).parameters.values())
    except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
        return []


# ---- values ----------------------------------------------------------------------------

FLOATS = ("float16", "float32", "float64")
SMALL_SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
NASTY_FLOATS = st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, np.nan, np.inf, -np.inf])


def real_arrays(shape=SMALL_SHAPES, finite: bool = False, dtypes=FLOATS) -> st.SearchStrategy:
    """float16/32/64 (and int64) arrays of small shapes, with ±1e308, NaN and inf unless finite."""
    return st.sampled_from([*dtypes, "int64"]).flatmap(lambda dtype: hnp.arrays(
        dtype, shape, elements=hnp.from_dtype(np.dtype(dtype), allow_nan=not finite,
                                              allow_infinity=not finite, allow_subnormal=False)
        if dtype != "int64" else st.integers(-(2**40), 2**40)))


def tensors(shape=SMALL_SHAPES, finite: bool = False, requires_grad=None):
    """Tensors of float32/64 numbers; ``requires_grad`` a strategy (default: either)."""
    return st.builds(lambda a, g: tensor(a, requires_grad=g),
                     real_arrays(shape, finite, ("float32", "float64")),
                     st.booleans() if requires_grad is None else requires_grad)


REALS = st.one_of(st.floats(allow_subnormal=False), st.integers(-(2**60), 2**60), NASTY_FLOATS,
                  st.floats(width=32).map(np.float32), st.integers(-5, 5).map(np.int64))
REAL_INPUTS = st.one_of(REALS, real_arrays(), real_arrays().map(lambda a: a.tolist()))
NOT_REAL = st.sampled_from([
    None, "1.5", b"1", True, 1j, [1, "a"], [[1.0], [2.0, 3.0]], {"x": 1}, object(),
    np.array([True, False]), np.array([1 + 2j]), np.array(["a"]), np.array([1.0], dtype=object),
    np.zeros(2, dtype=np.longdouble), [None, 1.0],
])
NOT_BOOL = st.sampled_from([0, 1, None, "True", 1.0, np.array(True), [True]])
NOT_STR = st.sampled_from([None, 3, b"relu", ["relu"], 1.5, True])
NON_NEGATIVE_INTS = st.one_of(st.integers(0, 2**64), st.integers(0, 100).map(np.int64))
NOT_NON_NEGATIVE_INT = st.sampled_from([-1, -(2**70), 1.5, 2.0, True, "0", None, np.float64(1)])


def ints(low: int, high: int) -> st.SearchStrategy:
    return st.one_of(st.integers(low, high), st.integers(low, high).map(np.int64))


def not_int_in(low: int, high: int | None = None) -> st.SearchStrategy:
    beyond = [] if high is None else [high + 1, 10**30]
    return st.sampled_from([low - 1, -7, 2.0, 1.5, True, "3", None, np.float32(2), *beyond])


def finite_floats(low: float, high: float) -> st.SearchStrategy:
    """Floats in [low, high] as Python, numpy float64 and numpy float32 numbers."""
    return st.one_of(st.floats(low, high), st.floats(low, high).map(np.float64),
                     st.floats(low, high).map(np.float32).filter(lambda v: low <= v <= high))


def not_finite_in(*outside: float) -> st.SearchStrategy:
    return st.sampled_from([np.nan, np.inf, -np.inf, "0.1", None, True, np.array(0.5), [0.5],
                            1j, *outside])


@dataclass
class Arg:
    """One argument: values it takes, values it must refuse, words naming it in an error."""

    valid: st.SearchStrategy
    bad: st.SearchStrategy | None = None
    words: tuple[str, ...] = ()


def _files() -> Path:
    """Bad Iris files: not UTF-8, a bad row, an empty file, a directory."""
    folder = Path(tempfile.mkdtemp(prefix="mlp-edu-bad-input-"))
    lines = IRIS_PATH.read_bytes().splitlines()
    (folder / "latin1.csv").write_bytes(b"\n".join([*lines[:5], b"5.1,3.5,1.4,0.2,s\xe9tosa"]))
    (folder / "bad_row.csv").write_bytes(b"\n".join([*lines[:5], b"5.1,x,1.4,0.2,setosa"]))
    (folder / "empty.csv").write_bytes(b"")
    return folder


BAD_FILES = _files()
FIGURE = st.builds(lambda: plt.figure())
NAMES = sorted(CATALOGUE)

ARGS: dict[str, Arg] = {
    "x": Arg(REAL_INPUTS, NOT_REAL),
    "data": Arg(st.one_of(REAL_INPUTS, tensors()), NOT_REAL),
    "negative_slope": Arg(st.one_of(finite_floats(-10, 10), st.just(1e300)),
                          not_finite_in()),
    "alpha": Arg(st.one_of(finite_floats(-10, 10), st.just(-1e300)), not_finite_in()),
    "requires_grad": Arg(st.booleans(), NOT_BOOL),
    "keepdims": Arg(st.booleans(), NOT_BOOL),
    "retain_graph": Arg(st.sampled_from([None, True, False]), NOT_BOOL.filter(
        lambda v: v is not None)),
    "dtype": Arg(st.sampled_from([None, np.float32, np.float64, np.dtype("float32")]),
                 st.sampled_from([np.int64, "float32", 3, np.bool_, object, np.float16])),
    "activation": Arg(st.sampled_from(NAMES), st.sampled_from(["step", "ReLU", 3, None,
                                                               ["relu"]])),
    "init": Arg(st.sampled_from(["naive", "xavier", "he"]), st.sampled_from(
        ["uniform", 0, "He", ["he"]])),
    "seed": Arg(NON_NEGATIVE_INTS, NOT_NON_NEGATIVE_INT),
    "split_seed": Arg(NON_NEGATIVE_INTS, NOT_NON_NEGATIVE_INT),
    "num_inputs": Arg(ints(1, 6), not_int_in(1)),
    "num_hiddens": Arg(ints(1, 6), not_int_in(1)),
    "num_outputs": Arg(ints(1, 6), not_int_in(1)),
    "init_std": Arg(st.one_of(st.none(), finite_floats(1e-3, 1)),  # None: by the activation
                    not_finite_in(0.0, -0.1).filter(lambda v: v is not None)),
    "epochs": Arg(ints(1, 2), not_int_in(1)),
    "lr": Arg(finite_floats(1e-3, 1), not_finite_in(0.0, -0.1)),
    "batch_size": Arg(ints(1, 120), not_int_in(1, 120)),
    "features": Arg(st.lists(ints(0, 3), min_size=1, max_size=4, unique=True),
                    st.sampled_from([[], [4], [0, 0], "01", 0, [1.0], [True], None, [-1]])),
    "test_fraction": Arg(finite_floats(0.1, 0.9), not_finite_in(0.0, 1.0, -0.5, 1.5, 0.001)),
    "resolution": Arg(ints(1, 30), not_int_in(1, 2000)),
    "margin": Arg(finite_floats(0, 5), not_finite_in(-1.0, 11.0, 1e308)),
    "depth": Arg(ints(1, 4), not_int_in(1)),
    "width": Arg(ints(1, 8), not_int_in(1)),
    "batch": Arg(ints(1, 8), not_int_in(1)),
    "fan_in": Arg(ints(1, 100), not_int_in(1)),
    "fan_out": Arg(ints(1, 100), not_int_in(1)),
    "layer_sizes": Arg(st.lists(ints(1, 6), min_size=2, max_size=4),
                       st.sampled_from([[4], [], [4, 0], [4, -1], "43", None, [4, 2.0],
                                        [65, 1], [1] * 17, 4, [True, 2]]), ("layer_sizes",
                                                                             "layers")),
    "num_layers": Arg(ints(2, 8), not_int_in(2, 16)),
    "unit_size": Arg(finite_floats(0.1, 1), not_finite_in(0.0, -1.0, 100.0)),
    "fig": Arg(FIGURE, st.sampled_from([None, 3, "fig", np.zeros(2)])),
    "name": Arg(st.text(max_size=8), NOT_STR),
    "code": Arg(st.sampled_from(["en", "zh"]), st.sampled_from(["fr", "", 3, None, "EN"]),
                ("language",)),
    "lang": Arg(st.sampled_from([None, "en", "zh"]), st.sampled_from(["fr", "", 3, b"zh"]),
                ("language",)),
    "path": Arg(st.sampled_from([None, IRIS_PATH, str(IRIS_PATH)]), st.sampled_from(
        [3, b"iris.csv", BAD_FILES / "latin1.csv", BAD_FILES / "bad_row.csv",
         BAD_FILES / "empty.csv", ["iris.csv"]]), ("path", "line")),
    "exponent": Arg(REALS, st.sampled_from(["2", None, [2], True, np.array([2.0]), 1j]),
                    ("exponent",)),
    "model": Arg(st.builds(lambda: MLP(4, 5, 3)), st.sampled_from([None, "net", 3])),
    "result": Arg(st.builds(lambda: trained("relu", PETALS)), st.sampled_from(
        [None, 3, "result"])),
    "output": Arg(tensors(requires_grad=st.just(True)).map(lambda t: (t * 2).relu().sum()),
                  st.sampled_from([None, np.zeros(2), 3.0])),
    "names": Arg(st.none(), st.sampled_from([[1], {"x": 3}, "x"])),
    "text": Arg(st.text(max_size=8), NOT_STR),
    "values": Arg(REAL_INPUTS, NOT_REAL),
    "gradient": Arg(st.none(), NOT_REAL),
    "copy": Arg(st.sampled_from([None, True])),
    "f": Arg(st.sampled_from([CATALOGUE["relu"].f]), st.sampled_from([None, 3, "relu"])),
    "grad": Arg(st.sampled_from([CATALOGUE["relu"].grad]), st.sampled_from([None, 3])),
    "label": Arg(st.text(min_size=1, max_size=8), NOT_STR),
}


# ---- calls whose arguments depend on each other ------------------------------------------

@dataclass
class Case:
    """Whole valid calls (dicts of keyword arguments), and bad values apart from ARGS'."""

    valid: st.SearchStrategy
    args: dict[str, Arg] = field(default_factory=dict)
    examples: int | None = None
    # Parameters the package itself passes as constants (a check's ``name``): no junk.
    fixed: tuple[str, ...] = ()


def calls(**arguments: st.SearchStrategy) -> st.SearchStrategy:
    return st.fixed_dictionaries(arguments)


@st.composite
def _logits_and_labels(draw, tensor_logits: bool = True):
    n, q = draw(st.integers(0, 4)), draw(st.integers(1, 4))
    logits = draw(real_arrays((n, q)))
    if tensor_logits and draw(st.booleans()):
        logits = tensor(logits, requires_grad=draw(st.booleans()))
    return logits, draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, q - 1)))


@st.composite
def _broadcasting_pair(draw, matmul: bool = False):
    if matmul:
        n, k, m = (draw(st.integers(1, 3)) for _ in range(3))
        shapes = draw(st.sampled_from([((n, k), (k, m)), ((k,), (k, m)), ((n, k), (k,)),
                                       ((2, n, k), (k, m))]))
    else:
        shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3)).input_shapes
    a = draw(tensors(shapes[0]))
    b = draw(st.one_of(tensors(shapes[1]), real_arrays(shapes[1], dtypes=("float64",)))
             if shapes[1] else st.one_of(tensors(()), REALS))
    return a, b


def _pair_calls(first: str, second: str, matmul: bool = False) -> st.SearchStrategy:
    return _broadcasting_pair(matmul).map(lambda pair: {first: pair[0], second: pair[1]})


def _in_place_calls() -> st.SearchStrategy:
    # x <op>= other inside no_grad: other broadcasts to x's own shape.
    return st.builds(lambda t, other: {"x": t, "other": other},
                     tensors((2, 3), requires_grad=st.just(False)),
                     st.one_of(real_arrays((3,), dtypes=("float64",)), REALS, tensors((2, 1))))


@st.composite
def _reduction_calls(draw, receiver: str = "x"):
    t = draw(tensors())
    ndim = len(t.shape)
    axes = st.integers(-ndim, ndim - 1) if ndim else st.nothing()
    axis = draw(st.one_of(st.none(), axes, st.lists(axes, unique_by=lambda a: a % ndim,
                                                       max_size=ndim).map(tuple))
                if ndim else st.none())
    return {receiver: t, "axis": axis, "keepdims": draw(st.booleans())}


@st.composite
def _reshape_calls(draw):
    t = draw(tensors(hnp.array_shapes(min_dims=1, max_dims=3, max_side=3)))
    shape = draw(st.sampled_from([(t.array.size,), (1, t.array.size), (-1,), (t.array.size, -1)]))
    return {"x": t, "shape": shape}


@st.composite
def _backward_calls(draw):
    x = draw(tensors(requires_grad=st.just(True)))
    y = (x * 2).exp()
    gradient = (None if y.array.size == 1 and draw(st.booleans())
                else draw(real_arrays(y.shape, dtypes=("float64",))))
    return {"self": y, "gradient": gradient, "retain_graph": draw(st.sampled_from(
        [None, True, False]))}


@st.composite
def _sgd_calls(draw):
    params = [tensor(np.ones(s), requires_grad=True) for s in draw(st.lists(
        hnp.array_shapes(max_dims=2, max_side=3), min_size=1, max_size=3))]
    for p in params:
        (p * p).sum().backward()
    return {"params": params, "lr": draw(finite_floats(1e-3, 1))}


@st.composite
def _mlp_input(draw, method: bool = True):
    model = MLP(draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(st.integers(1, 4)),
                draw(st.sampled_from(NAMES)))
    X = draw(real_arrays((draw(st.integers(0, 5)), model.num_inputs), finite=True))
    return {"self" if method else "model": model, "X": X}


@st.composite
def _accuracy_calls(draw):
    call = draw(_mlp_input(method=False))
    n = max(len(call["X"]), 1)
    call["X"] = np.resize(call["X"], (n, call["model"].num_inputs))
    call["y"] = draw(hnp.arrays(np.int64, (n,), elements=st.integers(
        0, call["model"].num_outputs - 1)))
    return call


@st.composite
def _split_calls(draw):
    # At least 10 examples and a fraction in [0.3, 0.7]: neither set can be empty.
    n = draw(st.integers(10, 30))
    y = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, 2)))
    X = draw(real_arrays((n, 2), dtypes=("float64",)))
    fraction = draw(st.floats(0.3, 0.7))
    return {"X": X, "y": y, "test_fraction": fraction, "seed": draw(NON_NEGATIVE_INTS)}


def _spread_out(a: np.ndarray) -> bool:
    """Whether every column holds two different values (a range of 1e308 - (-1e308) is inf)."""
    with np.errstate(over="ignore"):
        return bool(np.all(np.ptp(a, axis=0) > 0))


@st.composite
def _standardize_calls(draw):
    k = draw(st.integers(1, 3))
    train = draw(hnp.arrays(np.float64, (draw(st.integers(2, 6)), k), elements=st.one_of(
        st.floats(-1e308, 1e308), st.floats(-10, 10)), unique=True).filter(_spread_out))
    return {"train": train, "test": draw(real_arrays((draw(st.integers(0, 3)), k),
                                                     finite=True))}


ARRAY_2D_BAD = st.sampled_from([np.zeros(3), np.zeros((2, 2, 2)), np.array([[np.nan, 1.0]]),
                                None, "X", [[1, "a"]]])
ARRAY_2D_SHAPE_BAD = ARRAY_2D_BAD.filter(lambda v: not (isinstance(v, np.ndarray)
                                                       and np.isnan(v).any()))
LABELS_BAD = st.sampled_from([np.array([0.0, 1.0]), np.array([[0]]), np.array([5, 0]),
                              np.array([-1, 0]), None, "01", [0, 1, 2, 0, 1, 2, 0]])

CASES: dict[str, Case] = {
    # checks: each called as the package calls it, with the argument's name.
    "mlp_edu.checks.as_real_array": Case(calls(x=REAL_INPUTS, name=st.just("value")),
                                         {"x": Arg(REAL_INPUTS, NOT_REAL, ("value",))}),
    "mlp_edu.checks.real_parameter": Case(calls(value=REALS, name=st.just("rate")),
                                          {"value": Arg(REALS, NOT_REAL, ("rate",))}),
    "mlp_edu.checks.finite_real": Case(calls(value=finite_floats(-1, 1), name=st.just("rate")),
                                       {"value": Arg(REALS, not_finite_in(), ("rate",))}),
    "mlp_edu.checks.positive_int": Case(calls(value=ints(1, 10), name=st.just("width")),
                                        {"value": Arg(REALS, not_int_in(1), ("width",))}),
    "mlp_edu.checks.nonnegative_int": Case(calls(value=NON_NEGATIVE_INTS, name=st.just("seed")),
                                           {"value": Arg(REALS, NOT_NON_NEGATIVE_INT, ("seed",))}),
    "mlp_edu.checks.boolean": Case(calls(value=st.booleans(), name=st.just("flag")),
                                   {"value": Arg(st.booleans(), NOT_BOOL, ("flag",))}),
    "mlp_edu.checks.string": Case(calls(value=st.text(), name=st.just("label")),
                                  {"value": Arg(st.text(), NOT_STR, ("label",))}),
    "mlp_edu.checks.check_type": Case(
        calls(value=st.just(1), kind=st.just(int), name=st.just("n"), what=st.just("an int")),
        {"value": Arg(st.just(1), NOT_STR.filter(lambda v: not isinstance(v, int)), ("n",))}),
    "mlp_edu.checks.check_callable": Case(calls(value=st.just(len), name=st.just("f")),
                                          {"value": Arg(st.just(len), NOT_STR, ("f",))}),
    "mlp_edu.checks.known_name": Case(
        calls(value=st.sampled_from(["a", "b"]), known=st.just(["a", "b"]), what=st.just("init")),
        {"value": Arg(st.just("a"), NOT_STR, ("init",))}),
    "mlp_edu.checks.check_numbers": Case(
        calls(sizes=st.lists(st.tuples(st.sampled_from(["rows", "columns"]), ints(1, 100)),
                             max_size=3), what=st.just("X")),
        {"sizes": Arg(st.none(), st.sampled_from([[("rows", 2**13), ("columns", 2**12)],
                                                  [("rows", 2**25)], "rows", [("rows", 2.0)]]),
                      ("rows", "sizes"))}),
    "mlp_edu.checks.float_dtype": Case(calls(dtype=ARGS["dtype"].valid)),
    "mlp_edu.checks.numpy_dtype": Case(
        calls(dtype=st.sampled_from([None, np.float32, "int64", bool]), name=st.just("dtype")),
        {"dtype": Arg(st.none(), st.sampled_from([3, "no such dtype", [1], 1.5]))}),
    "mlp_edu.checks.floating_array": Case(
        calls(value=real_arrays(dtypes=FLOATS).filter(lambda a: a.dtype.kind == "f"),
              name=st.just("array")),
        {"value": Arg(st.none(), st.sampled_from([[1.0], 1.0, np.zeros(2, dtype=int), None]),
                      ("array",))}),
    "mlp_edu.checks.check_axis": Case(
        st.integers(1, 3).flatmap(lambda n: calls(axis=st.integers(-n, n - 1), ndim=st.just(n))),
        {"axis": Arg(st.none(), st.sampled_from([5, -9, 1.0, "0", (0, 0), True]), ("axis",))}),
    "mlp_edu.checks.check_shape": Case(
        calls(shape=st.sampled_from([(6,), (2, 3), (-1, 2)]), size=st.just(6)),
        {"shape": Arg(st.none(), st.sampled_from([(4,), (-1, -1), (2.0, 3), (-2, -3), (0, -1)]),
                      ("shape",))}),
    "mlp_edu.checks.feature_indices": Case(
        calls(features=ARGS["features"].valid, count=st.just(4))),
    "mlp_edu.checks.path_like": Case(calls(value=st.sampled_from(["a", Path("b")])),
                                     {"value": Arg(st.none(), st.sampled_from([3, b"a", None]),
                                                   ("path",))}),
    "mlp_edu.checks.read_text_lines": Case(
        calls(path=st.sampled_from([IRIS_PATH])),
        {"path": Arg(st.none(), st.sampled_from([BAD_FILES / "latin1.csv"]), ("line 6",))}),
    "mlp_edu.checks.check_labels": Case(
        _logits_and_labels(False).map(lambda p: {"labels": p[1], "num_examples": len(p[1]),
                                                 "num_classes": p[0].shape[1]}),
        {"labels": Arg(st.none(), LABELS_BAD, ("labels",))}),
    # autograd
    "mlp_edu.autograd.creation.arange": Case(
        # start < end, also when start alone is end (counting up from 0): a step of -1 or
        # 1e-300 is bad only then (arange(0, 0, -1) is empty, in PyTorch too).
        calls(start=finite_floats(1, 9), end=st.one_of(st.none(), finite_floats(10, 20)),
              step=st.sampled_from([0.5, 1, 0.1, np.float32(0.25)]),
              dtype=ARGS["dtype"].valid, requires_grad=st.booleans()),
        {"start": Arg(st.none(), not_finite_in(-1e308)),
         "end": Arg(st.none(), not_finite_in().filter(lambda v: v is not None)),
         "step": Arg(st.none(), not_finite_in(0.0, -1.0, 1e-300))}),
    "mlp_edu.autograd.engine.record": Case(
        calls(array=st.just(np.zeros(2)), parents=st.just(()), op=st.just("op"),
              grad_fn=st.just(lambda g: ())),
        {"array": Arg(st.none(), st.sampled_from([[1.0], None, np.zeros(2, dtype=int)])),
         "parents": Arg(st.none(), st.sampled_from([[1], (None,), None])),
         "op": Arg(st.none(), NOT_STR),
         "grad_fn": Arg(st.none(), NOT_STR)}),
    "mlp_edu.autograd.ops.activation_op": Case(
        calls(activation=st.sampled_from(list(CATALOGUE.values()))),
        {"activation": Arg(st.none(), st.sampled_from(["relu", None, len]))}),
    "mlp_edu.autograd.ops.as_tensor": Case(calls(x=REAL_INPUTS, name=st.just("input")),
                                           {"x": Arg(st.none(), NOT_REAL, ("input",))},
                                           fixed=("name",)),
    "mlp_edu.autograd.ops.prelu": Case(
        _pair_calls("x", "weight"), {"weight": Arg(st.none(), NOT_REAL)}),
    "mlp_edu.autograd.ops.reshape": Case(
        _reshape_calls(), {"shape": Arg(st.none(), st.sampled_from(
            [(7, 11), (2.0,), (-1, -1), ("a",)]))}),
    "mlp_edu.autograd.ops.sum": Case(_reduction_calls()),
    "mlp_edu.autograd.ops.mean": Case(_reduction_calls()),
    "mlp_edu.autograd.ops.matmul": Case(_pair_calls("a", "b", matmul=True),
                                        {"b": Arg(st.none(), NOT_REAL, ("operand",))}),
    "mlp_edu.autograd.engine.Tensor.backward": Case(_backward_calls(), {  # None: d(self)/d(self)
        "gradient": Arg(st.none(), NOT_REAL.filter(lambda v: v is not None))}),
    # losses
    # softmax of a NaN logit is NaN, as in PyTorch: not a bad argument there.
    "mlp_edu.losses.softmax": Case(_logits_and_labels().map(lambda p: {"logits": p[0]}),
                                   {"logits": Arg(st.none(), ARRAY_2D_SHAPE_BAD)}),
    "mlp_edu.losses.log_softmax": Case(_logits_and_labels().map(lambda p: {"logits": p[0]}),
                                       {"logits": Arg(st.none(), ARRAY_2D_SHAPE_BAD)}),
    "mlp_edu.losses.cross_entropy": Case(
        _logits_and_labels().filter(lambda p: len(p[1])).map(
            lambda p: {"logits": p[0], "labels": p[1]}),
        {"logits": Arg(st.none(), ARRAY_2D_BAD, ("logits", "labels")),
         "labels": Arg(st.none(), LABELS_BAD)}),
    "mlp_edu.losses.one_hot": Case(
        _logits_and_labels(False).map(lambda p: {"labels": p[1], "num_classes": p[0].shape[1]}),
        {"labels": Arg(st.none(), LABELS_BAD.filter(lambda v: not isinstance(v, list))),
         "num_classes": Arg(st.none(), not_int_in(1))}),
    "mlp_edu.losses.squared_loss": Case(
        st.integers(1, 4).flatmap(lambda n: calls(
            predictions=st.one_of(real_arrays((n, 1)), tensors((n, 1))),
            targets=real_arrays(st.sampled_from([(n,), (n, 1)]), finite=True))),
        {"predictions": Arg(st.none(), ARRAY_2D_BAD),
         "targets": Arg(st.none(), st.sampled_from([[np.nan], None, "y", np.zeros((7, 3))]),
                        ("targets",))}),
    # the network and its training
    "mlp_edu.mlp.MLP.hidden": Case(_mlp_input(), {"X": Arg(st.none(), ARRAY_2D_BAD)}),
    "mlp_edu.mlp.MLP.__call__": Case(_mlp_input(), {"X": Arg(st.none(), ARRAY_2D_BAD)}),
    "mlp_edu.mlp.MLP.predict": Case(_mlp_input(), {"X": Arg(st.none(), ARRAY_2D_BAD)}),
    "mlp_edu.mlp.MLP": Case(calls(num_inputs=ints(1, 6), num_hiddens=ints(1, 6),
                                  num_outputs=ints(1, 6), activation=st.sampled_from(NAMES),
                                  seed=NON_NEGATIVE_INTS, init_std=ARGS["init_std"].valid,
                                  init=st.sampled_from([None, "naive", "xavier", "he"]))),
    "mlp_edu.training.sgd": Case(_sgd_calls(), {"params": Arg(st.none(), st.sampled_from(
        [None, tensor([1.0], requires_grad=True), [np.zeros(2)], [tensor([1.0])], "w"]))}),
    "mlp_edu.training.accuracy": Case(_accuracy_calls(), {
        "X": Arg(st.none(), ARRAY_2D_BAD, ("X", "y")), "y": Arg(st.none(), LABELS_BAD)}),
    "mlp_edu.training.train": Case(calls(
        activation=st.sampled_from(["relu", "tanh"]), num_hiddens=ints(1, 4),
        epochs=ints(1, 2), lr=finite_floats(1e-3, 1), batch_size=ints(10, 120),
        features=ARGS["features"].valid, seed=NON_NEGATIVE_INTS,
        split_seed=NON_NEGATIVE_INTS, init_std=ARGS["init_std"].valid), examples=8),
    "mlp_edu.training.trained": Case(calls(activation=st.sampled_from(["relu"]),
                                           features=st.sampled_from([PETALS, [2, 3]])),
                                     examples=4),
    "mlp_edu.training.iris_split": Case(calls(features=ARGS["features"].valid,
                                              seed=NON_NEGATIVE_INTS), examples=10),
    "mlp_edu.training.decision_regions": Case(calls(
        result=ARGS["result"].valid, resolution=ints(1, 30), margin=finite_floats(0, 5)),
        examples=10),
    "mlp_edu.data.train_test_split": Case(_split_calls(), {
        "X": Arg(st.none(), st.sampled_from([None, "X", np.float64(1.0), [[1, "a"]]])),
        "y": Arg(st.none(), LABELS_BAD, ("y",))}),
    "mlp_edu.data.standardize": Case(_standardize_calls(), {
        "train": Arg(st.none(), ARRAY_2D_BAD), "test": Arg(st.none(), ARRAY_2D_BAD)}),
    "mlp_edu.depth.deep_mlp_gradient_norms": Case(calls(
        depth=ints(1, 4), activation=st.sampled_from(NAMES), init=ARGS["init"].valid,
        width=ints(1, 8), batch=ints(1, 8), seed=NON_NEGATIVE_INTS), examples=15),
    "mlp_edu.plotting.xyplot": Case(
        st.integers(0, 5).flatmap(lambda n: calls(
            x_vals=st.one_of(real_arrays((n,), finite=True), tensors((n,), finite=True)),
            y_vals=real_arrays((n,), finite=True), name=st.text(max_size=5))),
        {"x_vals": Arg(st.none(), st.sampled_from([None, "x", np.zeros((2, 2)), [np.nan]])),
         "y_vals": Arg(st.none(), st.sampled_from([None, "y", np.zeros((2, 2)), [np.inf]]))},
        examples=15),
    "mlp_edu.plotting.to_numpy": Case(calls(values=st.one_of(REAL_INPUTS, tensors())),
                                      fixed=("name",)),
    "mlp_edu.i18n.t": Case(calls(text=st.sampled_from(["training loss", "epoch", "ReLU"]),
                                 lang=ARGS["lang"].valid)),
    "mlp_edu.i18n.words": Case(calls(lang=st.just("zh")),
                               {"lang": Arg(st.none(), st.sampled_from(["en", "fr", 3]),
                                            ("language",))}),
    # An answer's valid kind depends on the exercise: the calls pick exercises whose answer
    # is a number or a pair of numbers (any finite one is an answer, right or not).
    "mlp_edu.exercises.check": Case(
        st.one_of(calls(exercise=st.sampled_from(["activations/3", "activations/4"]),
                        answer=finite_floats(-1e6, 1e6), lang=st.sampled_from(["en", "zh"])),
                  calls(exercise=st.just("activations/2"),
                        answer=st.tuples(finite_floats(-10, 10), finite_floats(-10, 10)),
                        lang=st.sampled_from(["en", "zh"]))),
        {"exercise": Arg(st.none(), st.sampled_from(["activations/9", "", None, 3]),
                         ("exercise",)),
         "answer": Arg(st.none(), st.sampled_from([None, "0.25", np.nan, np.inf, [1, 2, 3]]),
                       ("answer",)),
         "lang": Arg(st.none(), st.sampled_from(["fr", None, 3]), ("language",))},
        examples=10),
    "mlp_edu.compgraph.draw_graph": Case(calls(output=ARGS["output"].valid, names=st.none()),
                                         examples=10),
    "mlp_edu.diagram.draw_network": Case(calls(layer_sizes=ARGS["layer_sizes"].valid,
                                               unit_size=ARGS["unit_size"].valid), examples=10),
}

# ---- the backprop, initialisation, approximation and playground pages' modules ----------

INTERVALS = st.sampled_from([(0, np.pi), (-1, 1), (0.0, 2.5), [np.float32(-2), 3]])
BAD_INTERVALS = st.sampled_from([(1, 1), (2, 1), (0, np.inf), (np.nan, 1), 3, None, "ab", (0,),
                                 (0, 1, 2)])
FUNCTIONS = st.sampled_from([np.sin, np.abs, lambda x: x ** 2])
ARGS.update({
    "k": Arg(ints(1, 8), not_int_in(1)),
    "interval": Arg(INTERVALS, BAD_INTERVALS),
    "samples": Arg(ints(2, 50), not_int_in(1)),
    "max_second_derivative": Arg(finite_floats(0, 10), not_finite_in(-1.0)),
    "std": Arg(finite_floats(0, 10), not_finite_in(-1.0)),
    "a": Arg(finite_floats(-10, 10), not_finite_in()),
    "in_features": Arg(ints(1, 100), not_int_in(1)),
    "rule": Arg(st.sampled_from(["naive", "xavier", "he", "pytorch"]),
                st.sampled_from(["kaiming", "", None, 3, ["he"]])),
    "rng": Arg(st.builds(np.random.default_rng, st.integers(0, 10)),
               st.sampled_from([None, 3, "rng", np.random.RandomState(0)])),
    "size": Arg(ints(1, 8), not_int_in(1, 120)),
    "dataset": Arg(st.sampled_from(["xor", "circles", "spiral", "blobs", "iris"]),
                   st.sampled_from(["moons", "", None, 3, ["xor"]])),
    "node": Arg(tensors(), st.sampled_from([None, 3, np.zeros(2), "x"])),
})


@st.composite
def _minibatch_calls(draw, net_name: str = "net"):
    from mlp_edu.backprop import example_minibatch
    net, X, y = example_minibatch(draw(st.integers(1, 8)))
    return {net_name: net, "X": X, "y": y}


@st.composite
def _forward_pass(draw):
    from mlp_edu.backprop import forward
    call = draw(_minibatch_calls())
    return call["net"], forward(call["net"], call["X"], call["y"])


def _autograd_tensors(call):
    from mlp_edu.backprop import autograd_forward
    return autograd_forward(call["net"], call["X"], call["y"])


@st.composite
def _gradient_arrays(draw):
    n, d, h = (draw(st.integers(1, 4)) for _ in range(3))
    return {"layer_input": draw(real_arrays((n, d), finite=True, dtypes=("float64",))),
            "grad_output": draw(real_arrays((n, h), finite=True, dtypes=("float64",))),
            "weight": draw(real_arrays((d, h), finite=True, dtypes=("float64",)))}


FORWARD_BAD = {"net": Arg(st.none(), st.sampled_from([None, "net", 3, {"W_h": 1}])),
               "X": Arg(st.none(), ARRAY_2D_BAD),
               "y": Arg(st.none(), LABELS_BAD)}
ARRAY_BAD = Arg(st.none(), st.sampled_from([None, "a", [[1, "a"]], np.zeros(3)]))
CASES.update({
    "mlp_edu.checks.finite_interval": Case(
        calls(interval=INTERVALS, name=st.just("interval")),
        {"interval": Arg(INTERVALS, BAD_INTERVALS, ("interval",))}),
    "mlp_edu.approximation.hinge_fit": Case(calls(f=FUNCTIONS, k=ints(1, 8),
                                                  interval=INTERVALS),
                                            {"f": Arg(st.none(), st.sampled_from([None, 3]))}),
    "mlp_edu.approximation.max_error": Case(
        st.builds(lambda k, f: {"fit": __import__("mlp_edu.approximation").approximation
                                .hinge_fit(f, k, (0, 1)), "f": f}, ints(1, 4), FUNCTIONS),
        {"fit": Arg(st.none(), st.sampled_from([None, 3])),
         "f": Arg(st.none(), st.sampled_from([None, 3]))}),
    "mlp_edu.approximation.least_squares_fit": Case(
        calls(f=FUNCTIONS, k=ints(1, 6), interval=INTERVALS,
              activation=st.sampled_from([CATALOGUE["relu"].f, np.tanh]),
              samples=ints(20, 60)),
        {"f": Arg(st.none(), st.sampled_from([None, 3])),
         "activation": Arg(st.none(), st.sampled_from([None, 3]))}),
    "mlp_edu.approximation.linear_pieces": Case(
        calls(layers=ints(1, 3).map(lambda d: __import__("mlp_edu.approximation")
                                    .approximation.sawtooth_layers(d)), interval=INTERVALS),
        {"layers": Arg(st.none(), st.sampled_from([None, 3, [1], "x", []]))}),
    "mlp_edu.approximation.network_layers": Case(
        st.integers(1, 4).flatmap(lambda h: calls(
            weights=st.just([np.ones((1, h)), np.ones((h, 1))]),
            biases=st.just([np.zeros(h), np.zeros(1)]))),
        {"weights": Arg(st.none(), st.sampled_from([None, [], [np.ones((2, 1))], "w"]),
                        ("weight", "bias", "layer")),
         "biases": Arg(st.none(), st.sampled_from([None, [], [[np.nan]], "b"]),
                       ("weight", "bias", "layer"))}),
    "mlp_edu.backprop.autograd_forward": Case(_minibatch_calls(), FORWARD_BAD, examples=10),
    "mlp_edu.backprop.forward": Case(_minibatch_calls(), FORWARD_BAD, examples=10),
    "mlp_edu.backprop.parameters_of": Case(_minibatch_calls().map(lambda c: {"net": c["net"]}),
                                           FORWARD_BAD),
    "mlp_edu.backprop.backward": Case(_forward_pass().map(lambda p: {"fp": p[1], "net": p[0]}),
                                      {"fp": Arg(st.none(), st.sampled_from([None, 3, "fp"])),
                                       "net": FORWARD_BAD["net"]}, examples=10),
    "mlp_edu.backprop.saved_bytes": Case(_forward_pass().map(lambda p: {"fp": p[1]}),
                                         {"fp": Arg(st.none(), st.sampled_from([None, 3]))}),
    "mlp_edu.backprop.grad_logits": Case(
        _logits_and_labels(False).filter(lambda p: len(p[1])).map(
            lambda p: {"O": p[0].astype(np.float64), "y": p[1]}),
        {"O": Arg(st.none(), ARRAY_2D_BAD, ("O", "y")), "y": Arg(st.none(), LABELS_BAD)}),
    "mlp_edu.backprop.grad_weight": Case(
        _gradient_arrays().map(lambda c: {k: c[k] for k in ("layer_input", "grad_output")}),
        {"layer_input": ARRAY_BAD, "grad_output": ARRAY_BAD}),
    "mlp_edu.backprop.grad_bias": Case(
        _gradient_arrays().map(lambda c: {"grad_output": c["grad_output"]}),
        {"grad_output": ARRAY_BAD}),
    "mlp_edu.backprop.grad_input": Case(
        _gradient_arrays().map(lambda c: {k: c[k] for k in ("grad_output", "weight")}),
        {"grad_output": ARRAY_BAD, "weight": ARRAY_BAD}),
    "mlp_edu.backprop.grad_preactivation": Case(
        _gradient_arrays().flatmap(lambda c: calls(
            grad_activation=st.just(c["grad_output"]), Z=st.just(c["grad_output"] * 0.5),
            activation=st.sampled_from(["relu", "sigmoid", "tanh", "identity"]))),
        {"grad_activation": ARRAY_BAD, "Z": ARRAY_BAD}),
    "mlp_edu.init_variance.draw_layer": Case(calls(rule=ARGS["rule"].valid, fan_in=ints(1, 50),
                                                   fan_out=ints(1, 50), rng=ARGS["rng"].valid)),
    "mlp_edu.init_variance.signal_variances": Case(calls(
        rule=ARGS["rule"].valid, activation=st.sampled_from(["relu", "tanh"]),
        depth=ints(1, 3), width=ints(1, 16), batch=ints(1, 16), seed=NON_NEGATIVE_INTS),
        examples=10),
    "mlp_edu.compgraph.operation": Case(calls(node=tensors())),
    "mlp_edu.compgraph.loss_graph_layout": Case(
        _minibatch_calls().map(lambda c: {"tensors": _autograd_tensors(c)}),
        {"tensors": Arg(st.none(), st.sampled_from([None, 3, {}, {"x": 1}]))}, examples=5),
    "mlp_edu.compgraph.draw_loss_graph": Case(
        _minibatch_calls().map(lambda c: {"tensors": _autograd_tensors(c)}),
        {"tensors": Arg(st.none(), st.sampled_from([None, 3, {}, {"x": 1}]))}, examples=3),
    "mlp_edu.playground.plane_data": Case(calls(name=ARGS["dataset"].valid),
                                          {"name": Arg(st.none(), ARGS["dataset"].bad,
                                                       ("dataset",))}),
    "mlp_edu.playground.dead_units": Case(
        st.integers(1, 4).flatmap(lambda h: calls(
            model=st.just(MLP(2, h, 2)), X=real_arrays((3, 2), finite=True))),
        {"X": Arg(st.none(), ARRAY_2D_BAD)}),
    "mlp_edu.playground.train_playground": Case(calls(
        dataset=ARGS["dataset"].valid, activation=st.sampled_from(["identity", "relu", "tanh"]),
        num_hiddens=ints(1, 4), lr=finite_floats(1e-3, 1), epochs=ints(0, 2),
        batch_size=ints(1, 50), seed=NON_NEGATIVE_INTS), examples=6),
    "mlp_edu.playground.cached_run": Case(calls(
        dataset=st.just("xor"), activation=st.just("relu"), num_hiddens=st.just(2),
        lr=st.just(1.0)), examples=2),
})

CASES["mlp_edu.approximation.breakpoints"] = CASES["mlp_edu.approximation.linear_pieces"]

# Tensor's operators and methods: a tensor receiver, the other operand broadcastable
# (named as the op names it: add(a, b) is also Tensor.__add__).
_TENSOR = "mlp_edu.autograd.engine.Tensor"


def _operand_name(method: str) -> str:
    return list(inspect.signature(getattr(Tensor, method)).parameters)[1]


def _swapped(strategy: st.SearchStrategy, first: str, second: str) -> st.SearchStrategy:
    """For a reflected operator (``other @ self``): the pair with its operands exchanged."""
    return strategy.map(lambda c: {first: c[second], second: c[first]})


for _method in ["__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
                "__truediv__", "__rtruediv__", "__matmul__", "__rmatmul__"]:
    _other = _operand_name(_method)
    _pairs = _pair_calls("self", _other, matmul="matmul" in _method)
    if _method == "__rmatmul__":
        _pairs = _swapped(_pairs, "self", _other).filter(lambda c: isinstance(c["self"], Tensor))
    CASES[f"{_TENSOR}.{_method}"] = Case(_pairs, {_other: Arg(st.none(), NOT_REAL, ("operand",))})
for _method in ["__iadd__", "__isub__", "__imul__", "__itruediv__"]:
    _other = _operand_name(_method)
    CASES[f"{_TENSOR}.{_method}"] = Case(
        _in_place_calls().map(lambda c, o=_other: {"self": c["x"], o: c["other"]}),
        {_other: Arg(st.none(), st.one_of(NOT_REAL, st.just(np.zeros((4, 3)))),
                     ("operand",))})
CASES[f"{_TENSOR}.item"] = Case(calls(self=tensors(st.sampled_from([(), (1,), (1, 1)]),
                                                   requires_grad=st.just(False))))
CASES[f"{_TENSOR}.__array__"] = Case(  # numpy's protocol: any dtype numpy knows
    calls(self=tensors(requires_grad=st.just(False)),
          dtype=st.sampled_from([None, np.float32, np.int64, "float16", np.dtype(bool)]),
          copy=st.sampled_from([None, True])),  # False: numpy refuses any cast
    {"dtype": Arg(st.none(), st.sampled_from([3, "no such dtype", [1], 1.5])),
     "copy": Arg(st.none(), NOT_BOOL.filter(lambda v: v is not None))})
CASES["mlp_edu.playground.PlaneData.grid"] = Case(
    calls(self=ARGS["dataset"].valid.map(lambda name: __import__("mlp_edu.playground")
                                         .playground.plane_data(name)), resolution=ints(1, 30)),
    {"resolution": Arg(st.none(), st.sampled_from([0, -1, 2.0, True, None, "3", 2**13]))})
CASES["mlp_edu.plotting.theme"] = Case(calls(name=st.sampled_from(["light", "dark"])),
                                       {"name": Arg(st.none(), st.sampled_from(
                                           ["sepia", "", None, 3, ["dark"]]), ("theme",))})
for _function in ["add", "sub", "mul", "div"]:
    CASES[f"mlp_edu.autograd.ops.{_function}"] = Case(
        _pair_calls("a", "b"), {"b": Arg(st.none(), NOT_REAL, ("operand",)),
                                "a": Arg(st.none(), NOT_REAL, ("a",))})
for _method in ["sum", "mean"]:
    CASES[f"{_TENSOR}.{_method}"] = Case(_reduction_calls("self"))
CASES[f"{_TENSOR}.reshape"] = Case(_reshape_calls().map(lambda c: {"self": c["x"],
                                                                   "shape": c["shape"]}),
                                   CASES["mlp_edu.autograd.ops.reshape"].args)
CASES[f"{_TENSOR}.prelu"] = Case(_pair_calls("self", "weight"),
                                 CASES["mlp_edu.autograd.ops.prelu"].args)

# mlp_edu.checks: the package passes each check the value to check and constants (the
# argument's name, bounds, the known names); only the value is fuzzed. read_text_lines
# is handed a path that path_like has checked: only its file's contents vary.
import mlp_edu.checks as _checks  # noqa: E402

for _name in _checks.__all__:
    _key = f"mlp_edu.checks.{_name}"
    _params = list(inspect.signature(getattr(_checks, _name)).parameters)
    if _key in CASES:
        CASES[_key].fixed = tuple(_params[0 if _name == "read_text_lines" else 1:])

# The receiver of a method when no case gives it.
RECEIVERS: dict[str, st.SearchStrategy] = {
    _TENSOR: tensors(),
    "mlp_edu.mlp.MLP": st.builds(lambda: MLP(3, 4, 2)),
    "mlp_edu.activations.Activation": st.sampled_from(list(CATALOGUE.values())),
    "mlp_edu.approximation.HingeFit": st.builds(
        lambda k: __import__("mlp_edu.approximation").approximation.hinge_fit(np.sin, k, (0, 3)),
        ints(1, 6)),
    "mlp_edu.backprop.ForwardPass": _forward_pass().map(lambda p: p[1]),
    "mlp_edu.playground.PlaneData": ARGS["dataset"].valid.map(
        lambda name: __import__("mlp_edu.playground").playground.plane_data(name)),
    "mlp_edu.playground.PlaygroundRun": st.sampled_from([("xor", "relu", 2, 1.0),
                                                         ("iris", "identity", 8, 10.0)]).map(
        lambda s: __import__("mlp_edu.playground").playground.cached_run(*s)),
}
# Methods whose receiver must not require grad, as in PyTorch: zero_ changes it in place,
# numpy() and np.asarray() would let a change escape the graph (both a RuntimeError).
NO_GRAD_RECEIVER = {f"{_TENSOR}.zero_", f"{_TENSOR}.numpy", f"{_TENSOR}.__array__"}


def receiver_of(key: str) -> st.SearchStrategy | None:
    owner = key.rsplit(".", 1)[0]
    if key in NO_GRAD_RECEIVER:
        return tensors(requires_grad=st.just(False))
    return RECEIVERS.get(owner)


def argument(key: str, name: str) -> Arg | None:
    """The Arg of parameter ``name`` of the callable ``key``: its case's, else ARGS'
    (None for a parameter the package fixes)."""
    case = CASES.get(key)
    if case and name in case.fixed:
        return None
    if case and name in case.args:
        return case.args[name]
    return ARGS.get(name)


def words_for(key: str, name: str) -> tuple[str, ...]:
    arg = argument(key, name)
    return (arg.words if arg and arg.words else (name,))


def missing_strategies(found: dict[str, Callable]) -> dict[str, list[str]]:
    """Callables that take arguments with no strategy here: key -> the arguments lacking one."""
    missing = {}
    for key, thing in found.items():
        if not_fuzzed(key) or key in CASES:
            continue
        lacking = [p.name for p in _caller_parameters(key, thing)
                   if ARGS.get(p.name) is None]
        if is_method(key, found) and receiver_of(key) is None:
            lacking.insert(0, "(the receiver: add it to RECEIVERS)")
        if lacking:
            missing[key] = lacking
    return missing


def is_method(key: str, found: dict[str, Callable]) -> bool:
    owner = key.rsplit(".", 1)[0]
    return owner in found and inspect.isclass(found[owner])


def _caller_parameters(key: str, thing: Callable) -> list[inspect.Parameter]:
    """The parameters a caller chooses (not a method's receiver, not self of a class)."""
    params = parameters_of(key, thing)
    if inspect.isclass(thing):
        return params
    found_method = key.count(".") >= 2 and key.rsplit(".", 2)[1][:1].isupper()
    return params[1:] if found_method else params


def valid_calls(key: str, thing: Callable) -> st.SearchStrategy:
    """Whole valid calls of ``key``: its case's, else one drawn from ARGS per parameter."""
    if key in CASES:
        return CASES[key].valid
    strategies = {p.name: ARGS[p.name].valid for p in _caller_parameters(key, thing)}
    receiver = receiver_of(key)
    if receiver is not None and _caller_parameters(key, thing) != parameters_of(key, thing):
        strategies["self"] = receiver
    return st.fixed_dictionaries(strategies)


def fuzzed_parameters(key: str, thing: Callable) -> list[str]:
    """The parameters a caller may pass anything to (not **kwargs, not fixed ones)."""
    case = CASES.get(key)
    fixed = case.fixed if case else ()
    return sorted(p.name for p in _caller_parameters(key, thing)
                  if p.kind is not p.VAR_KEYWORD and p.name not in fixed)


def examples_for(key: str, default: int) -> int:
    """``default`` examples, or fewer for a slow callable (its case's ``examples``)."""
    case = CASES.get(key)
    return min(case.examples, default) if case and case.examples else default


def call(thing: Callable, key: str, arguments: dict[str, Any]) -> Any:
    """Call ``thing`` with ``arguments``: the receiver (``self``) and *varargs by position,
    with the parameters before a *varargs."""
    arguments = dict(arguments)
    positional = []
    params = parameters_of(key, thing)
    if "self" in arguments:
        positional.append(arguments.pop("self"))
        params = params[1:]
    if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params):
        for p in params:
            if p.kind is inspect.Parameter.VAR_POSITIONAL:
                value = arguments.pop(p.name, ())
                positional.extend(value if isinstance(value, tuple) else (value,))
                break
            positional.append(arguments.pop(p.name))
    return thing(*positional, **arguments)
