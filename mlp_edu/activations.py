"""Activation functions of section 1.2 and their derivatives.

Every function takes a Python number, a (nested) list or a numpy array of any
shape and returns a numpy array of the same shape. Floating inputs keep their
dtype (float32 stays float32); integers are computed in float64. Each formula
is written once, here; the pages, the figures and the autograd all call these.

The implementations are exact rewrites of the textbook formulas that never
evaluate ``exp`` of a large positive number, so no finite input, not even
±1e308, overflows or produces NaN.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "as_real_array",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
]


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


# --8<-- [start:relu]
def relu(x: ArrayLike) -> NDArray[np.floating]:
    """ReLU(x) = max(x, 0), elementwise.

    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    x = as_real_array(x)
    return np.maximum(x, x.dtype.type(0))  # maximum propagates NaN


def relu_grad(x: ArrayLike) -> NDArray[np.floating]:
    """ReLU'(x): 0 for x < 0, 1 for x > 0, and 0 at x = 0 by convention.

    >>> relu_grad([-2.0, 0.0, 3.0])
    array([0., 0., 1.])
    """
    x = as_real_array(x)
    # The Heaviside step with H(0) = 0 is exactly this derivative.
    return np.heaviside(x, x.dtype.type(0))
# --8<-- [end:relu]


# --8<-- [start:sigmoid]
def sigmoid(x: ArrayLike) -> NDArray[np.floating]:
    """σ(x) = 1 / (1 + exp(-x)), elementwise.

    For x < 0 the same value is computed as exp(x) / (1 + exp(x)), so that
    ``exp`` only ever sees -|x| and cannot overflow.

    >>> sigmoid([-1e308, 0.0, 1e308])
    array([0. , 0.5, 1. ])
    """
    x = as_real_array(x)
    z = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    one = x.dtype.type(1)
    return np.where(x >= 0, one / (one + z), z / (one + z))


def sigmoid_grad(x: ArrayLike) -> NDArray[np.floating]:
    """σ'(x) = σ(x)(1 - σ(x)), elementwise.

    1 - σ(x) is computed as σ(-x), the same number without the cancellation
    that ``1 - 0.99999…`` suffers for large x.

    >>> sigmoid_grad([0.0])
    array([0.25])
    """
    x = as_real_array(x)
    return sigmoid(x) * sigmoid(-x)
# --8<-- [end:sigmoid]


# --8<-- [start:tanh]
def tanh(x: ArrayLike) -> NDArray[np.floating]:
    """tanh(x) = (1 - exp(-2x)) / (1 + exp(-2x)), elementwise.

    tanh is odd, so it is evaluated at |x| and given the sign of x; with
    m = expm1(-2|x|) = exp(-2|x|) - 1 the formula reads -m / (2 + m), which
    neither overflows for large |x| nor loses digits for tiny |x|.

    >>> tanh([-1e308, 0.0, 1e308])
    array([-1.,  0.,  1.])
    """
    x = as_real_array(x)
    # tanh(350) is 1 in every float format; the cap keeps 2|x| finite for |x| near 1e308.
    m = np.expm1(-2 * np.minimum(np.abs(x), 350))
    return np.sign(x) * (-m / (2 + m))


def tanh_grad(x: ArrayLike) -> NDArray[np.floating]:
    """tanh'(x) = 1 - tanh²(x), elementwise (written (1 - t)(1 + t)).

    >>> tanh_grad([0.0])
    array([1.])
    """
    t = tanh(x)
    return (1 - t) * (1 + t)
# --8<-- [end:tanh]
