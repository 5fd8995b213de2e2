"""Every argument check of the package, once: bad input gets a clear error.

Each check returns the value it accepts (converted where that is its job) or
raises an error that names the argument and says what was wrong with it: its
type, shape, dtype or value. Never a silent NaN or a message from inside numpy.
The other modules call these; none writes its own.

Wrong types raise ``TypeError``; a value of the right type that cannot mean
anything (a NaN learning rate, zero epochs, an index past the end, a file that
is not UTF-8 text) raises ``ValueError``. So does a size beyond what the package
makes (:data:`MAX_NUMBERS` numbers for one array or stack, :data:`MAX_DEPTH`
layers, :data:`MAX_EPOCHS` epochs): it would run for hours or take all the memory.

>>> as_real_array([1, 2], "x")
array([1., 2.])
>>> positive_int(0, "depth")
Traceback (most recent call last):
ValueError: depth must be a positive integer; got 0
>>> finite_real(float("nan"), "lr", above=0)
Traceback (most recent call last):
ValueError: lr must be a finite number greater than 0; got nan
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

__all__ = [
    "as_real_array",
    "boolean",
    "check_axis",
    "check_callable",
    "check_labels",
    "check_numbers",
    "check_shape",
    "check_type",
    "feature_indices",
    "finite_real",
    "finite_interval",
    "float_dtype",
    "floating_array",
    "known_name",
    "like_pytorch",
    "nonnegative_int",
    "numpy_dtype",
    "path_like",
    "positive_int",
    "read_text_lines",
    "real_parameter",
    "string",
]

# The floating dtypes an array may have (PyTorch's, less bfloat16, which numpy lacks).
FLOAT_DTYPES = (np.float16, np.float32, np.float64)

# The most numbers the package makes for one thing (an array, a stack's weights): 2**24 =
# 16,777,216 (128 MiB of float64), thousands of times what the chapter's networks need.
# More is a slip of the keyboard, not an experiment: numpy would take minutes or all the
# memory, or fail with a MemoryError that names no argument.
MAX_NUMBERS = 2**24
# The most layers a stack the package builds may have, and the most epochs it trains:
# each is a Python loop, and more would run for hours.
MAX_DEPTH = 1000
MAX_EPOCHS = 10_000


def _got(value: Any) -> str:
    """What a check got, for its message: the type and a short repr."""
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 60 else text[:57] + '...'}"


def as_real_array(x: ArrayLike, name: str = "x", *, ndim: int | None = None,
                  finite: bool = False) -> NDArray[np.floating]:
    """Convert ``x`` to a floating numpy array, or explain why it cannot be.

    float16, float32 and float64 arrays keep their dtype; integers become
    float64. Booleans, complex numbers, strings, ``None``, other objects and
    other float formats (such as ``longdouble``) raise a ``TypeError`` that
    names the argument and what it got. ``ndim`` asks for that many axes;
    ``finite`` refuses NaN and ±inf (a ``ValueError`` naming the first one).

    >>> as_real_array([1, 2]).dtype
    dtype('float64')
    >>> as_real_array(np.zeros(3, dtype=np.float32)).dtype
    dtype('float32')
    >>> as_real_array("1.5")
    Traceback (most recent call last):
    TypeError: x must be a real number or an array of real numbers; got str '1.5'
    >>> as_real_array([1.0, 2.0], "X", ndim=2)
    Traceback (most recent call last):
    ValueError: X must be a 2-D array; got shape (2,)
    >>> as_real_array([[1.0, float("inf")]], "X", finite=True)
    Traceback (most recent call last):
    ValueError: X must hold finite numbers; got inf at index (0, 1)
    """
    if x is None or isinstance(x, str | bytes):
        raise TypeError(f"{name} must be a real number or an array of real numbers; got {_got(x)}")
    try:
        array = np.asarray(x)
    except ValueError as error:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers: {error}") from None
    kind = array.dtype.kind
    if kind == "O" and array.size and all(
            isinstance(v, int) and not isinstance(v, bool) for v in array.flat):
        try:  # Python integers too large for int64 are still real numbers
            array = np.array(array, dtype=np.float64)
        except OverflowError:
            raise ValueError(f"{name} holds an integer too large for a float64") from None
        kind = "f"
    if kind == "f" and array.dtype.type not in FLOAT_DTYPES:
        raise TypeError(f"{name} must have dtype float16, float32 or float64; "
                        f"got {array.dtype}")
    if kind in "iu":
        array = array.astype(np.float64)
    elif kind != "f":
        got = (_got(x) if array.ndim == 0
               else f"an array of dtype {array.dtype} with shape {array.shape}")
        raise TypeError(f"{name} must be a real number or an array of real numbers; got {got}")
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array; got shape {array.shape}")
    if finite and not np.all(np.isfinite(array)):
        where = np.argwhere(~np.isfinite(array))[0]
        raise ValueError(f"{name} must hold finite numbers; got {array[tuple(where)]} at index "
                         f"{tuple(int(i) for i in where)}")
    return array


def floating_array(value: Any, name: str) -> NDArray[np.floating]:
    """``value`` itself if it is a numpy array (or scalar) of float16, float32 or float64.

    Anything else is a TypeError: an op hands its result over as it computed it.

    >>> floating_array([1.0], "array")
    Traceback (most recent call last):
    TypeError: array must be a numpy array of float16, float32 or float64; got list [1.0]
    """
    if not (isinstance(value, np.ndarray | np.floating) and value.dtype.type in FLOAT_DTYPES):
        got = (f"an array of dtype {value.dtype}" if isinstance(value, np.ndarray)
               else _got(value))
        raise TypeError(f"{name} must be a numpy array of float16, float32 or float64; got {got}")
    return value


def real_parameter(value: Any, name: str) -> float:
    """``value`` as a float if it is a real number (not a bool), else a TypeError naming ``name``.

    >>> real_parameter(1, "alpha")
    1.0
    >>> real_parameter("0.1", "negative_slope")
    Traceback (most recent call last):
    TypeError: negative_slope must be a real number; got str '0.1'
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {_got(value)}")
    try:
        return float(value)
    except OverflowError:  # an int beyond float64
        raise ValueError(f"{name} is too large for a float64; got {value}") from None


def finite_real(value: Any, name: str, *, above: float | None = None,
                at_least: float | None = None, below: float | None = None,
                at_most: float | None = None) -> float:
    """``value`` as a float if it is a finite real number within the bounds given.

    ``above``/``below`` are strict bounds, ``at_least``/``at_most`` inclusive ones.
    A NaN or an infinity is never accepted: a learning rate, a slope or a margin
    that is not a number cannot mean anything.

    >>> finite_real(0.5, "test_fraction", above=0, below=1)
    0.5
    >>> finite_real(1.5, "test_fraction", above=0, below=1)
    Traceback (most recent call last):
    ValueError: test_fraction must be a finite number greater than 0 and less than 1; got 1.5
    >>> finite_real(float("inf"), "negative_slope")
    Traceback (most recent call last):
    ValueError: negative_slope must be a finite number; got inf
    """
    number = real_parameter(value, name)
    bounds = [(above, "greater than", number > (above or 0)),
              (at_least, "at least", number >= (at_least or 0)),
              (below, "less than", number < (below or 0)),
              (at_most, "at most", number <= (at_most or 0))]
    if not math.isfinite(number) or any(b is not None and not ok for b, _, ok in bounds):
        wanted = " and ".join(f"{words} {b:g}" for b, words, _ in bounds if b is not None)
        raise ValueError(f"{name} must be a finite number{' ' + wanted if wanted else ''}; "
                         f"got {number!r}")
    return number


def _integer(value: Any, name: str, what: str, minimum: int, maximum: int | None) -> int:
    if (isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer)
            or value < minimum or (maximum is not None and value > maximum)):
        limit = "" if maximum is None else f" of at most {maximum}"
        raise ValueError(f"{name} must be {what}{limit}; got {value!r}")
    return int(value)


def positive_int(value: Any, name: str, maximum: int | None = None) -> int:
    """``value`` as an int if it is a positive integer (not a bool), else a ValueError.

    ``maximum``, if given, is the largest value that means something here.

    >>> positive_int(np.int64(3), "width")
    3
    >>> positive_int(2.0, "num_hiddens")
    Traceback (most recent call last):
    ValueError: num_hiddens must be a positive integer; got 2.0
    >>> positive_int(500, "batch_size", maximum=120)
    Traceback (most recent call last):
    ValueError: batch_size must be a positive integer of at most 120; got 500
    """
    return _integer(value, name, "a positive integer", 1, maximum)


def check_numbers(sizes: Sequence[tuple[str, int]], what: str) -> int:
    """The count of numbers in ``what``, an array of the ``sizes`` given as (argument, size)
    pairs; a ValueError naming those arguments if it is more than :data:`MAX_NUMBERS`.

    >>> check_numbers([("num_inputs", 4), ("num_hiddens", 5)], "W_h")
    20
    >>> check_numbers([("num_inputs", 100_000), ("num_hiddens", 1000)], "W_h")
    Traceback (most recent call last):
    ValueError: W_h would hold num_inputs × num_hiddens = 100000 × 1000 = 100,000,000 numbers, ...
    """
    if isinstance(sizes, str) or not isinstance(sizes, Sequence) or not all(
            isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)
            and isinstance(pair[1], int | np.integer) and not isinstance(pair[1], bool | np.bool_)
            for pair in sizes):
        raise TypeError(f"sizes must be (argument, size) pairs; got {_got(sizes)}")
    count = math.prod(int(size) for _, size in sizes)
    if count > MAX_NUMBERS:
        names = " × ".join(name for name, _ in sizes)
        values = " × ".join(str(size) for _, size in sizes)
        raise ValueError(f"{what} would hold {names} = {values} = {count:,} numbers, more "
                         f"than the {MAX_NUMBERS:,} (2**24) the package makes for one")
    return count


def nonnegative_int(value: Any, name: str, maximum: int | None = None) -> int:
    """``value`` as an int if it is an integer ≥ 0 (a seed, say), else a ValueError.

    ``maximum``, if given, is the largest value that means something here.

    >>> nonnegative_int(0, "seed")
    0
    >>> nonnegative_int(-1, "seed")
    Traceback (most recent call last):
    ValueError: seed must be a non-negative integer; got -1
    """
    return _integer(value, name, "a non-negative integer", 0, maximum)


def boolean(value: Any, name: str) -> bool:
    """``value`` if it is ``True`` or ``False`` (numpy's too), else a TypeError, as PyTorch.

    >>> boolean(1, "requires_grad")
    Traceback (most recent call last):
    TypeError: requires_grad must be True or False; got int 1
    """
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False; got {_got(value)}")
    return bool(value)


def string(value: Any, name: str) -> str:
    """``value`` if it is a str, else a TypeError.

    >>> string(3, "name")
    Traceback (most recent call last):
    TypeError: name must be a string; got int 3
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string; got {_got(value)}")
    return value


def check_type(value: Any, kind: type | tuple[type, ...], name: str, what: str) -> Any:
    """``value`` if it is an instance of ``kind``, else a TypeError saying it must be ``what``.

    >>> check_type([1], dict, "names", "a dict")
    Traceback (most recent call last):
    TypeError: names must be a dict; got list [1]
    """
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be {what}; got {_got(value)}")
    return value


def check_callable(value: Any, name: str) -> Callable:
    """``value`` if it can be called, else a TypeError.

    >>> check_callable(None, "grad")
    Traceback (most recent call last):
    TypeError: grad must be a function; got NoneType None
    """
    if not callable(value):
        raise TypeError(f"{name} must be a function; got {_got(value)}")
    return value


def finite_interval(interval: Any, name: str = "interval") -> tuple[float, float]:
    """``interval`` as two floats ``(a, b)`` with a < b, both finite, else a ValueError.

    >>> finite_interval((0, np.pi))
    (0.0, 3.141592653589793)
    >>> finite_interval((1, 1))
    Traceback (most recent call last):
    ValueError: interval must be finite with a < b; got (1.0, 1.0)
    >>> finite_interval(3)
    Traceback (most recent call last):
    ValueError: interval must be two numbers (a, b); got 3
    """
    try:
        a, b = (float(v) for v in interval)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be two numbers (a, b); got {interval!r}") from None
    if not (math.isfinite(a) and math.isfinite(b) and a < b):
        raise ValueError(f"{name} must be finite with a < b; got ({a}, {b})")
    return a, b


def known_name(value: Any, known: Iterable[str], what: str) -> str:
    """``value`` if it is one of the ``known`` names, else a ValueError listing them.

    >>> known_name("tanh", ["relu", "tanh"], "activation")
    'tanh'
    >>> known_name("step", ["relu", "tanh"], "activation")
    Traceback (most recent call last):
    ValueError: unknown activation 'step'; known: 'relu', 'tanh'
    """
    known = list(known)
    if not isinstance(value, str) or value not in known:
        raise ValueError(f"unknown {what} {value!r}; known: {', '.join(map(repr, known))}")
    return value


def float_dtype(dtype: DTypeLike, name: str = "dtype") -> np.dtype | None:
    """None, or float32 or float64 as a numpy dtype; anything else a TypeError.

    >>> float_dtype(np.float32)
    dtype('float32')
    >>> float_dtype(np.int64)
    Traceback (most recent call last):
    TypeError: dtype must be float32 or float64 (or None); got int64
    """
    if dtype is None:
        return None
    try:
        resolved = np.dtype(dtype)
    except (TypeError, ValueError):
        resolved = None
    if resolved is None or resolved.type not in (np.float32, np.float64) or isinstance(
            dtype, str | bool):
        got = getattr(dtype, "__name__", None) or _got(dtype)
        raise TypeError(f"{name} must be float32 or float64 (or None); got {got}")
    return resolved


def numpy_dtype(dtype: DTypeLike, name: str = "dtype") -> np.dtype | None:
    """None, or ``dtype`` as a numpy dtype (any numpy understands); else a TypeError.

    >>> numpy_dtype("float16")
    dtype('float16')
    >>> numpy_dtype(3)
    Traceback (most recent call last):
    TypeError: dtype must be a numpy dtype (or None); got int 3
    """
    if dtype is None:
        return None
    try:
        return np.dtype(dtype)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a numpy dtype (or None); got {_got(dtype)}") from None


def check_axis(axis: Any, ndim: int, name: str = "axis") -> tuple[int, ...] | None:
    """None (every axis), or ``axis`` (an int or a tuple of ints) as distinct axes in range.

    >>> check_axis(-1, 2)
    (1,)
    >>> check_axis(2, 2)
    Traceback (most recent call last):
    ValueError: axis 2 is out of range for a tensor with 2 axes (from -2 to 1)
    """
    if axis is None:
        return None
    axes = axis if isinstance(axis, tuple) else (axis,)
    for a in axes:
        if isinstance(a, bool | np.bool_) or not isinstance(a, int | np.integer):
            raise TypeError(f"{name} must be None, an integer or a tuple of integers; "
                            f"got {_got(axis)}")
        if not -ndim <= a < ndim:
            raise ValueError(f"{name} {a} is out of range for a tensor with {ndim} axes "
                             f"(from {-ndim} to {ndim - 1})")
    normal = tuple(int(a) % ndim for a in axes)
    if len(set(normal)) != len(normal):
        raise ValueError(f"{name} names an axis twice; got {axis!r}")
    return normal


def check_shape(shape: Sequence[Any], size: int, name: str = "shape") -> tuple[int, ...]:
    """``shape`` as a tuple of ints that holds exactly ``size`` numbers (one -1 is inferred).

    >>> check_shape((2, -1), 6)
    (2, 3)
    >>> check_shape((4,), 6)
    Traceback (most recent call last):
    ValueError: shape (4,) is invalid for 6 numbers
    """
    if not isinstance(shape, tuple | list):
        raise TypeError(f"{name} must be a tuple of integers; got {_got(shape)}")
    dims = []
    for d in shape:
        if isinstance(d, bool | np.bool_) or not isinstance(d, int | np.integer):
            raise TypeError(f"{name} must be integers; got {_got(tuple(shape))}")
        dims.append(int(d))
    if dims.count(-1) > 1 or any(d < -1 for d in dims):
        raise ValueError(f"{name} may hold one -1 and otherwise sizes ≥ 0; got {tuple(dims)}")
    known = math.prod(d for d in dims if d != -1)
    if -1 in dims:
        if known == 0 or size % known:
            raise ValueError(f"{name} {tuple(dims)} is invalid for {size} numbers")
        dims[dims.index(-1)] = size // known
    elif known != size:
        raise ValueError(f"{name} {tuple(dims)} is invalid for {size} numbers")
    return tuple(dims)


def feature_indices(features: Any, count: int, name: str = "features") -> tuple[int, ...]:
    """``features`` as a tuple of distinct column indices in [0, count), at least one.

    >>> feature_indices([2, 3], 4)
    (2, 3)
    >>> feature_indices((0, 4), 4)
    Traceback (most recent call last):
    ValueError: features must be distinct column indices from 0 to 3; got (0, 4)
    """
    if isinstance(features, str | bytes) or not isinstance(features, Sequence | np.ndarray):
        raise TypeError(f"{name} must be a sequence of column indices; got {_got(features)}")
    chosen = tuple(features)
    if not all(isinstance(i, int | np.integer) and not isinstance(i, bool | np.bool_)
               for i in chosen):
        raise TypeError(f"{name} must be integers (column indices); got {_got(chosen)}")
    chosen = tuple(int(i) for i in chosen)
    if not chosen or len(set(chosen)) != len(chosen) or not all(0 <= i < count for i in chosen):
        raise ValueError(f"{name} must be distinct column indices from 0 to {count - 1}; "
                         f"got {chosen}")
    return chosen


def path_like(value: Any, name: str = "path") -> Path:
    """``value`` as a Path if it is a str or an ``os.PathLike``, else a TypeError.

    >>> path_like(3)
    Traceback (most recent call last):
    TypeError: path must be a str or an os.PathLike; got int 3
    >>> path_like("")
    Traceback (most recent call last):
    ValueError: path must not be empty
    """
    if not isinstance(value, str | os.PathLike) or isinstance(os.fspath(value), bytes):
        raise TypeError(f"{name} must be a str or an os.PathLike; got {_got(value)}")
    if not os.fspath(value):  # Path("") would be the working folder
        raise ValueError(f"{name} must not be empty")
    return Path(value)


def like_pytorch() -> np.errstate:
    """A ``with`` block in which numpy gives IEEE's answer (NaN, ±inf) without a warning.

    Valid input can still have an undefined or unrepresentable result: the log
    of a negative number, 1e308 · 10, inf − inf. PyTorch returns NaN or ±inf
    there and says nothing; so does the package, inside this block. (A new
    object each time: numpy's ``errstate`` cannot be entered twice.)

    >>> with like_pytorch():
    ...     print(np.log(-1.0), np.float64(1e308) * 10)
    nan inf
    """
    return np.errstate(all="ignore")


def read_text_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 text file; a byte that is not UTF-8 is a ValueError naming the line.

    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "bad.csv"
    >>> _ = bad.write_bytes(b"a,b\\n1,\\xff\\n")
    >>> read_text_lines(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: .../bad.csv, line 2: not UTF-8 text (byte 0xff at column 3)
    """
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ValueError(f"{path}, line {line}: not UTF-8 text "
                         f"(byte 0x{data[error.start]:02x} at column {column})") from None


def check_labels(labels: ArrayLike, num_examples: int | None = None,
                 num_classes: int | None = None, name: str = "labels") -> NDArray[np.int64]:
    """The labels as an int64 array of shape (n,): class indices in [0, num_classes).

    ``num_examples`` is n, or None for labels of any length; ``num_classes``
    None only asks for indices ≥ 0. A tensor is read through its numbers
    (``labels.detach().numpy()``).

    >>> check_labels([0, 2], 2, 3)
    array([0, 2])
    >>> check_labels([0, 3], 2, 3)
    Traceback (most recent call last):
    ValueError: labels must lie in [0, 3) for 3 classes; got values from 0 to 3
    """
    if hasattr(labels, "detach"):  # an autograd tensor (no import: autograd imports this)
        labels = labels.detach().numpy()
    try:
        labels = np.asarray(labels)
    except ValueError as error:  # ragged nested lists
        raise ValueError(f"{name} must be a 1-D array of class indices: {error}") from None
    if labels.dtype.kind not in "iu":
        raise TypeError(f"{name} must be integers (class indices); got dtype {labels.dtype}")
    if num_examples is None and labels.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class indices; got shape {labels.shape}")
    if num_examples is not None and labels.shape != (num_examples,):
        raise ValueError(
            f"{name} must have shape ({num_examples},), one per row of logits; "
            f"got {labels.shape}"
        )
    if labels.size and num_classes is None and labels.min() < 0:
        raise ValueError(f"{name} must be class indices ≥ 0; got {labels.min()}")
    if labels.size and num_classes is not None and (
            labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"{name} must lie in [0, {num_classes}) for {num_classes} classes; "
            f"got values from {labels.min()} to {labels.max()}"
        )
    return labels.astype(np.int64)

