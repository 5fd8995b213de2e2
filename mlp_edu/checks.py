"""Every argument check of the package, once: bad input gets a clear error.

Each check returns the value it accepts (converted where that is its job) or
raises an error that names the argument and says what was wrong with it: its
type, shape, dtype or value. Never a silent NaN or a message from inside numpy.
The other modules call these; none writes its own.

>>> as_real_array([1, 2], "x")
array([1., 2.])
>>> positive_int(0, "depth")
Traceback (most recent call last):
ValueError: depth must be a positive integer; got 0
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["as_real_array", "check_labels", "finite_interval", "known_name", "non_negative_int",
           "positive_int", "positive_real", "real_parameter"]


def as_real_array(x: ArrayLike, name: str = "x") -> NDArray[np.floating]:
    """Convert ``x`` to a floating numpy array, or explain why it cannot be.

    Floating arrays keep their dtype; integers become float64. Booleans,
    complex numbers, strings, ``None`` and other objects raise a ``TypeError``
    that names the argument and what it got.

    >>> as_real_array([1, 2]).dtype
    dtype('float64')
    >>> as_real_array(np.zeros(3, dtype=np.float32)).dtype
    dtype('float32')
    >>> as_real_array("1.5")
    Traceback (most recent call last):
    TypeError: x must be a real number or an array of real numbers; got str '1.5'
    """
    if x is None or isinstance(x, str | bytes):
        raise TypeError(
            f"{name} must be a real number or an array of real numbers; "
            f"got {type(x).__name__} {x!r}"
        )
    try:
        array = np.asarray(x)
    except ValueError as error:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers: {error}") from None
    kind = array.dtype.kind
    if kind == "f":
        return array
    if kind in "iu":
        return array.astype(np.float64)
    got = (
        f"{type(x).__name__} {x!r}"
        if array.ndim == 0
        else f"an array of dtype {array.dtype} with shape {array.shape}"
    )
    raise TypeError(f"{name} must be a real number or an array of real numbers; got {got}")


def real_parameter(value: Any, name: str) -> float:
    """``value`` as a float if it is a real number (not a bool), else a TypeError naming ``name``.

    >>> real_parameter(1, "alpha")
    1.0
    >>> real_parameter("0.1", "negative_slope")
    Traceback (most recent call last):
    TypeError: negative_slope must be a real number; got str '0.1'
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {type(value).__name__} {value!r}")
    return float(value)


def positive_int(value: Any, name: str) -> int:
    """``value`` as an int if it is a positive integer (not a bool), else a ValueError.

    >>> positive_int(np.int64(3), "width")
    3
    >>> positive_int(2.0, "num_hiddens")
    Traceback (most recent call last):
    ValueError: num_hiddens must be a positive integer; got 2.0
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


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


def check_labels(labels: ArrayLike, num_examples: int, num_classes: int) -> NDArray[np.int64]:
    """The labels as an int64 array of shape (n,) with entries in [0, num_classes).

    A tensor is read through its numbers (``labels.detach().numpy()``).

    >>> check_labels([0, 2], 2, 3)
    array([0, 2])
    >>> check_labels([0, 3], 2, 3)
    Traceback (most recent call last):
    ValueError: labels must lie in [0, 3) for 3 classes; got values from 0 to 3
    """
    if hasattr(labels, "detach"):  # an autograd tensor (no import: autograd imports this)
        labels = labels.detach().numpy()
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":
        raise TypeError(f"labels must be integers (class indices); got dtype {labels.dtype}")
    if labels.shape != (num_examples,):
        raise ValueError(
            f"labels must have shape ({num_examples},), one per row of logits; "
            f"got {labels.shape}"
        )
    if num_examples and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"labels must lie in [0, {num_classes}) for {num_classes} classes; "
            f"got values from {labels.min()} to {labels.max()}"
        )
    return labels.astype(np.int64)


def positive_real(value: Any, name: str) -> float:
    """``value`` as a float if it is a finite real number above 0, else an error naming ``name``.

    >>> positive_real(1, "lr")
    1.0
    >>> positive_real(float("inf"), "lr")
    Traceback (most recent call last):
    ValueError: lr must be a finite number above 0; got inf
    """
    number = real_parameter(value, name)
    if not (np.isfinite(number) and number > 0):
        raise ValueError(f"{name} must be a finite number above 0; got {value!r}")
    return number


def non_negative_int(value: Any, name: str) -> int:
    """``value`` as an int if it is an integer of at least 0 (not a bool), else a ValueError.

    >>> non_negative_int(0, "seed")
    0
    >>> non_negative_int(-1, "seed")
    Traceback (most recent call last):
    ValueError: seed must be an integer of at least 0; got -1
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise ValueError(f"{name} must be an integer of at least 0; got {value!r}")
    return int(value)
