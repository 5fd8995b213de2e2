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

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mlp_edu.checks import as_real_array, real_parameter

__all__ = [
    "Activation",
    "CATALOGUE",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "elu",
    "elu_grad",
    "softplus",
    "softplus_grad",
    "gelu",
    "gelu_grad",
    "normal_cdf",
    "silu",
    "silu_grad",
]


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
    grad = np.array(x > 0, dtype=x.dtype)  # 1 where x > 0, else 0: a step with step(0) = 0
    nan = np.isnan(x)
    grad[nan] = x[nan]  # NaN in, NaN out: a bad input must not look like slope 0
    return grad[()]  # a number for a number, the array itself otherwise
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


# ---------------------------------------------------------------------------
# Beyond the chapter: the activations that followed ReLU (page "Modern
# activations"). Same rules as above: any shape, dtype kept, no overflow.
# ---------------------------------------------------------------------------


def _finite(x: NDArray[np.floating], upper: bool = True) -> NDArray[np.floating]:
    """``x`` with -inf (and +inf, if ``upper``) replaced by the largest finite float.

    Used where x multiplies a factor that is 0 at an infinite x (SiLU, GELU and
    SiLU's derivative): 0 · inf would be NaN, 0 · max is 0, which is the limit.
    """
    big = np.finfo(x.dtype).max
    return np.clip(x, -big, big if upper else None)  # clip keeps NaN as NaN


# --8<-- [start:leaky_relu]
def leaky_relu(x: ArrayLike, negative_slope: float = 0.01) -> NDArray[np.floating]:
    """Leaky ReLU: x for x ≥ 0 and ``negative_slope`` · x for x < 0, elementwise.

    >>> leaky_relu([-100.0, 0.0, 3.0])
    array([-1.,  0.,  3.])
    """
    x = as_real_array(x)
    a = x.dtype.type(real_parameter(negative_slope, "negative_slope"))
    if a == 0:  # plain ReLU (below, 0 · (−inf) would be NaN)
        return relu(x)
    return np.where(x >= 0, x, a * np.minimum(x, 0))  # min: a · (+inf) is never formed


def leaky_relu_grad(x: ArrayLike, negative_slope: float = 0.01) -> NDArray[np.floating]:
    """Leaky ReLU'(x): 1 for x > 0, ``negative_slope`` for x ≤ 0 (at 0, as PyTorch).

    >>> leaky_relu_grad([-2.0, 0.0, 3.0])
    array([0.01, 0.01, 1.  ])
    """
    x = as_real_array(x)
    a = x.dtype.type(real_parameter(negative_slope, "negative_slope"))
    one = x.dtype.type(1)
    # x <= 0 is False for NaN, so NaN falls through to x itself and stays NaN.
    return np.where(x > 0, one, np.where(x <= 0, a, x))
# --8<-- [end:leaky_relu]


# --8<-- [start:elu]
def elu(x: ArrayLike, alpha: float = 1.0) -> NDArray[np.floating]:
    """ELU: x for x > 0 and α(exp(x) − 1) for x ≤ 0, elementwise.

    ``expm1`` computes exp(x) − 1 without cancellation for x near 0, and it
    only ever sees x ≤ 0, so it cannot overflow.

    >>> elu([-1e308, 0.0, 2.0])
    array([-1.,  0.,  2.])
    """
    x = as_real_array(x)
    alpha = x.dtype.type(real_parameter(alpha, "alpha"))
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))


def elu_grad(x: ArrayLike, alpha: float = 1.0) -> NDArray[np.floating]:
    """ELU'(x): 1 for x > 0 and α·exp(x) for x ≤ 0; with α = 1 it is continuous at 0.

    >>> elu_grad([-1.0, 0.0, 2.0]).round(4)
    array([0.3679, 1.    , 1.    ])
    """
    x = as_real_array(x)
    alpha = x.dtype.type(real_parameter(alpha, "alpha"))
    return np.where(x > 0, x.dtype.type(1), alpha * np.exp(np.minimum(x, 0)))
# --8<-- [end:elu]


# --8<-- [start:softplus]
def softplus(x: ArrayLike) -> NDArray[np.floating]:
    """softplus(x) = log(1 + exp(x)), elementwise: a smooth ReLU.

    Written as max(x, 0) + log1p(exp(−|x|)): the same number, but ``exp``
    only sees −|x| and ``log1p`` keeps the digits of a tiny argument.

    >>> softplus([-1e308, 0.0, 1e308])
    array([0.00000000e+000, 6.93147181e-001, 1.00000000e+308])
    """
    x = as_real_array(x)
    return np.maximum(x, x.dtype.type(0)) + np.log1p(np.exp(-np.abs(x)))


def softplus_grad(x: ArrayLike) -> NDArray[np.floating]:
    """softplus'(x) = exp(x) / (1 + exp(x)) = σ(x): the sigmoid, computed by :func:`sigmoid`.

    >>> softplus_grad([0.0])
    array([0.5])
    """
    return sigmoid(x)
# --8<-- [end:softplus]


# --8<-- [start:gelu]
# numpy has no erf; Python's math module has an accurate erfc, which we apply
# element by element (about 0.15 µs a number: fast enough here).
_erfc = np.frompyfunc(math.erfc, 1, 1)


def normal_cdf(x: ArrayLike) -> NDArray[np.float64]:
    """Φ(x), the standard normal distribution function, as ½ erfc(−x/√2), in float64.

    erfc keeps its relative accuracy far in the left tail, where the textbook
    ½(1 + erf(x/√2)) would cancel to 0. (Only the rounding of x/√2 is felt
    there: about x² · 1e-16 relative, so 1e-13 at x = −30.)

    >>> normal_cdf([-30.0, 0.0, 30.0])
    array([4.90671393e-198, 5.00000000e-001, 1.00000000e+000])
    >>> 0.5 * (1 + math.erf(-30 / math.sqrt(2)))
    0.0
    """
    t = as_real_array(x).astype(np.float64)
    return 0.5 * np.asarray(_erfc(-t / math.sqrt(2)), dtype=np.float64)


def gelu(x: ArrayLike) -> NDArray[np.floating]:
    """GELU(x) = x · Φ(x), elementwise (the exact form, not the tanh approximation).

    Computed in float64 and rounded once to the input's dtype.

    >>> gelu([-1e308, 0.0, 1.0]).round(6)
    array([-0.      ,  0.      ,  0.841345])
    """
    x = as_real_array(x)
    t = x.astype(np.float64)
    return (_finite(t, upper=False) * normal_cdf(t)).astype(x.dtype, copy=False)


def gelu_grad(x: ArrayLike) -> NDArray[np.floating]:
    """GELU'(x) = Φ(x) + x · φ(x), with φ(x) = exp(−x²/2)/√(2π) the normal density.

    >>> gelu_grad([0.0])
    array([0.5])
    """
    x = as_real_array(x)
    t = x.astype(np.float64)
    c = np.clip(t, -40, 40)  # beyond ±40, x·φ(x) < 1e-340 is 0 in float64; x² never overflows
    density = np.exp(-0.5 * c * c) / math.sqrt(2 * math.pi)
    return (normal_cdf(t) + c * density).astype(x.dtype, copy=False)
# --8<-- [end:gelu]


# --8<-- [start:silu]
def silu(x: ArrayLike) -> NDArray[np.floating]:
    """SiLU (Swish): x · σ(x), elementwise.

    >>> silu([-1e308, 0.0, 1e308])
    array([-0.e+000,  0.e+000,  1.e+308])
    """
    x = as_real_array(x)
    return _finite(x, upper=False) * sigmoid(x)  # +inf · σ(+inf) = +inf stays


def silu_grad(x: ArrayLike) -> NDArray[np.floating]:
    """SiLU'(x) = σ(x) + x · σ'(x), the product rule with σ and σ' from above.

    >>> silu_grad([0.0])
    array([0.5])
    """
    x = as_real_array(x)
    return sigmoid(x) + _finite(x) * sigmoid_grad(x)
# --8<-- [end:silu]


# ---------------------------------------------------------------------------
# The catalogue: every activation above with its derivative, in one place.
# The MLP's φ, the depth study, the autograd ops, the figures, the derivative
# explorer and the words the figures keep untranslated all read it, so a new
# activation is added here (and to the tests' table of reference formulas).
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Activation:
    """One activation of the catalogue: f, its derivative f', and how a reader sees it named.

    ``f`` and ``grad`` take x (and the same optional parameters, such as
    leaky ReLU's ``negative_slope``); :attr:`name` is f's own name.

    >>> CATALOGUE["relu"].grad([-1.0, 2.0])
    array([0., 1.])
    """

    f: Callable[..., NDArray[np.floating]]
    grad: Callable[..., NDArray[np.floating]]
    label: str

    @property
    def name(self) -> str:
        """The function's name, e.g. ``"leaky_relu"``: its key in :data:`CATALOGUE`."""
        return self.f.__name__


# The chapter's three in its order, then the ones that followed ReLU.
CATALOGUE: dict[str, Activation] = {
    activation.name: activation
    for activation in [
        Activation(relu, relu_grad, "ReLU"),
        Activation(sigmoid, sigmoid_grad, "sigmoid"),
        Activation(tanh, tanh_grad, "tanh"),
        Activation(leaky_relu, leaky_relu_grad, "leaky ReLU"),
        Activation(elu, elu_grad, "ELU"),
        Activation(softplus, softplus_grad, "softplus"),
        Activation(gelu, gelu_grad, "GELU"),
        Activation(silu, silu_grad, "SiLU"),
    ]
}
