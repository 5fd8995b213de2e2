"""The op catalogue: everything a :class:`~mlp_edu.autograd.engine.Tensor` can compute.

Each op computes its result with numpy and, right beside it, its local
``grad_fn``: given the gradient g of the result, the gradients of its inputs
(the chain rule for one step). :func:`~mlp_edu.autograd.engine.record` links
the result into the graph. Composite ops (``-``, unary minus, ``mean``,
``prelu``) are written through the primitive ones, so each derivative exists
once.

- Activations: :func:`relu` is written out as the worked example; every other
  activation of :data:`mlp_edu.activations.CATALOGUE` is made by
  :func:`activation_op` from its formula and derivative in that catalogue.
- Elementwise: :func:`exp`, :func:`log`, :func:`power` (``x ** p``).
- Arithmetic with broadcasting: :func:`add`, :func:`mul`, :func:`div`, and
  through them :func:`neg` and :func:`sub`; in-place updates for an SGD step.
- Matrices and shapes: :func:`matmul` (``@``), :func:`transpose` (``.T``),
  :func:`reshape`.
- Reductions: :func:`sum`, :func:`mean`.

At the end of this module every op becomes a method or an operator of
``Tensor`` (``x.relu()``, ``x.sum(axis=0)``, ``a + b``, ``a @ b``, ``x.T``),
so the chapter's PyTorch code runs unchanged.

>>> from mlp_edu.autograd import tensor
>>> x = tensor([-1.0, 2.0], requires_grad=True)
>>> (x.relu() * 3).sum().backward()
>>> x.grad
tensor([0., 3.])
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from mlp_edu import activations
from mlp_edu.activations import CATALOGUE, Activation
from mlp_edu.autograd.engine import Array, Tensor, grad_enabled, record
from mlp_edu.checks import as_real_array, real_parameter

__all__ = [
    "ACTIVATION_OPS",
    "activation_op",
    "add",
    "as_tensor",
    "div",
    "exp",
    "log",
    "matmul",
    "mean",
    "mul",
    "neg",
    "power",
    "prelu",
    "relu",
    "reshape",
    "sub",
    "sum",
    "transpose",
]


def as_tensor(x: Tensor | ArrayLike, name: str = "x") -> Tensor:
    """``x`` itself if it is a Tensor, else a Tensor of its numbers (checked, named ``name``).

    >>> as_tensor([1, 2])
    tensor([1., 2.])
    """
    return x if isinstance(x, Tensor) else Tensor(as_real_array(x, name))


def _operand(other: Tensor | ArrayLike, like: Tensor, symbol: str) -> Tensor:
    """The other operand of ``like <symbol> other`` as a Tensor; a Python number takes
    ``like``'s dtype, so float32 stays float32."""
    if isinstance(other, Tensor):
        return other
    if isinstance(other, int | float) and not isinstance(other, bool):
        return Tensor(np.asarray(other, dtype=like.array.dtype))
    return Tensor(as_real_array(other, f"the other operand of {symbol}"))


# ---- activation functions: formulas and derivatives from mlp_edu.activations ------


# --8<-- [start:relu_op]
def relu(x: Tensor | ArrayLike) -> Tensor:
    """ReLU, elementwise: max(x, 0). Also ``x.relu()``.

    >>> x = Tensor([-1.0, 2.0], requires_grad=True)
    >>> relu(x).sum().backward()
    >>> x.grad
    tensor([0., 1.])
    """
    x = as_tensor(x)

    def grad_fn(g: Array) -> tuple[Array]:
        return (g * activations.relu_grad(x.array),)

    return record(activations.relu(x.array), (x,), "relu", grad_fn)
# --8<-- [end:relu_op]


# --8<-- [start:activation_op]
def activation_op(activation: Activation) -> Callable[..., Tensor]:
    """The op of an activation of the catalogue, in the pattern of :func:`relu`.

    Its forward value is ``activation.f`` and its local backward multiplies
    the gradient by ``activation.grad`` at the same x, with the same
    parameters (leaky ReLU's ``negative_slope``, ELU's ``alpha``).

    >>> gelu = activation_op(CATALOGUE["gelu"])
    >>> x = Tensor([0.0], requires_grad=True)
    >>> gelu(x).sum().backward()
    >>> x.grad
    tensor([0.5])
    """

    def op(x: Tensor | ArrayLike, *parameters: float, **named: float) -> Tensor:
        x = as_tensor(x)

        def grad_fn(g: Array) -> tuple[Array]:
            return (g * activation.grad(x.array, *parameters, **named),)

        value = activation.f(x.array, *parameters, **named)
        return record(value, (x,), activation.name, grad_fn)

    return _named(op, activation)
# --8<-- [end:activation_op]


def _named(op: Callable[..., Tensor], activation: Activation) -> Callable[..., Tensor]:
    """``op`` with the activation's name and a docstring saying where its formulas are."""
    op.__name__ = op.__qualname__ = activation.name
    name = activation.name
    op.__doc__ = (f"{activation.label}, elementwise: ``mlp_edu.activations.{name}``, with its "
                  f"derivative ``{name}_grad``. Also ``x.{name}()``.")
    return op


# Every activation of the catalogue as an op: ReLU's written out above, the others built.
ACTIVATION_OPS: dict[str, Callable[..., Tensor]] = {
    name: relu if name == "relu" else activation_op(activation)
    for name, activation in CATALOGUE.items()
}


# --8<-- [start:prelu]
def prelu(x: Tensor | ArrayLike, weight: Tensor | ArrayLike) -> Tensor:
    """pReLU(x) = max(0, x) + a · min(0, x) with a learnable slope a (``weight``).

    Composed from ops that already have their derivatives: min(0, x) is
    −ReLU(−x), so ``backward()`` gives d/da = Σ g · min(0, x) with no new
    formula. At exactly x = 0 the derivative in x is 0, ReLU's convention on
    both sides (PyTorch takes a there).

    >>> a = Tensor([0.25], requires_grad=True)
    >>> prelu(Tensor([-2.0, 3.0]), a).sum().backward()
    >>> a.grad
    tensor([-2.])
    """
    x, a = as_tensor(x), as_tensor(weight, "weight")
    return x.relu() - a * (-x).relu()
# --8<-- [end:prelu]


# ---- other elementwise functions ------------------------------------------------


def exp(x: Tensor) -> Tensor:
    """e to the power x, elementwise; its derivative is itself. Also ``x.exp()``.

    >>> x = Tensor([0.0, 1.0], requires_grad=True)
    >>> x.exp().sum().backward()
    >>> print(x.grad.numpy().round(4))
    [1.     2.7183]
    """
    y = np.exp(x.array)

    def grad_fn(g: Array) -> tuple[Array]:
        return (g * y,)

    return record(y, (x,), "exp", grad_fn)


def log(x: Tensor) -> Tensor:
    """The natural logarithm, elementwise; d log(x) / dx = 1 / x. Also ``x.log()``.

    >>> x = Tensor([1.0, 4.0], requires_grad=True)
    >>> x.log().sum().backward()
    >>> x.grad
    tensor([1.  , 0.25])
    """

    def grad_fn(g: Array) -> tuple[Array]:
        return (g / x.array,)

    return record(np.log(x.array), (x,), "log", grad_fn)


def power(x: Tensor, exponent: float) -> Tensor:
    """``x ** p`` for a Python number p; d(x^p)/dx = p x^(p-1).

    >>> x = Tensor([3.0], requires_grad=True)
    >>> (x ** 2).sum().backward()
    >>> x.grad
    tensor([6.])
    """
    real_parameter(exponent, "the exponent of **")  # a real number, or a TypeError saying so

    def grad_fn(g: Array) -> tuple[Array]:
        if exponent == 0:  # x ** 0 is constant; p x^(p-1) would give 0 * inf at x = 0
            return (np.zeros_like(g),)
        return (g * (exponent * x.array ** (exponent - 1)),)

    return record(x.array**exponent, (x,), "pow", grad_fn)


# ---- arithmetic with broadcasting ----------------------------------------------------


def _broadcasting(op: np.ufunc, a: Tensor, b: Tensor) -> Array:
    """``op(a, b)`` with numpy broadcasting, or a ValueError naming both shapes."""
    try:
        return op(a.array, b.array)
    except ValueError:
        raise ValueError(f"shapes {a.shape} and {b.shape} cannot be broadcast together") from None


def add(a: Tensor, b: Tensor | ArrayLike) -> Tensor:
    """``a + b``; each input receives the result's gradient (summed to its shape).

    >>> a = Tensor([[1.0, 2.0]], requires_grad=True)
    >>> (a + Tensor([[10.0], [20.0]])).sum().backward()
    >>> a.grad
    tensor([[2., 2.]])
    """
    b = _operand(b, a, "+")

    def grad_fn(g: Array) -> tuple[Array, Array]:
        return g, g

    return record(_broadcasting(np.add, a, b), (a, b), "add", grad_fn)


def mul(a: Tensor, b: Tensor | ArrayLike) -> Tensor:
    """``a * b``; d(ab)/da = b and d(ab)/db = a.

    >>> a = Tensor([2.0, 3.0], requires_grad=True)
    >>> (a * Tensor([5.0, 7.0])).sum().backward()
    >>> a.grad
    tensor([5., 7.])
    """
    b = _operand(b, a, "*")

    def grad_fn(g: Array) -> tuple[Array | None, Array | None]:
        return (
            g * b.array if a.requires_grad else None,
            g * a.array if b.requires_grad else None,
        )

    return record(_broadcasting(np.multiply, a, b), (a, b), "mul", grad_fn)


def div(a: Tensor, b: Tensor | ArrayLike) -> Tensor:
    """``a / b``; d(a/b)/da = 1/b and d(a/b)/db = -a/b².

    >>> b = Tensor([2.0, 4.0], requires_grad=True)
    >>> (1 / b).sum().backward()
    >>> b.grad
    tensor([-0.25  , -0.0625])
    """
    b = _operand(b, a, "/")

    def grad_fn(g: Array) -> tuple[Array | None, Array | None]:
        return (
            g / b.array if a.requires_grad else None,
            -g * a.array / (b.array * b.array) if b.requires_grad else None,
        )

    return record(_broadcasting(np.divide, a, b), (a, b), "div", grad_fn)


def neg(x: Tensor) -> Tensor:
    """``-x``, written as ``x * -1`` so that its derivative is mul's."""
    return mul(x, -1)


def sub(a: Tensor, b: Tensor | ArrayLike) -> Tensor:
    """``a - b``, written as ``a + (-b)`` (exact in floating point).

    >>> b = Tensor([1.0], requires_grad=True)
    >>> (1 - b).sum().backward()
    >>> b.grad
    tensor([-1.])
    """
    return add(a, neg(_operand(b, a, "-")))


def _reflected(op: Callable[[Tensor, Tensor], Tensor], symbol: str) -> Callable:
    """``other <symbol> x`` for a Tensor x on the right (``2 * x``, ``array - x``)."""

    def reflected(x: Tensor, other: ArrayLike) -> Tensor:
        return op(_operand(other, x, symbol), x)

    return reflected


def _in_place(op: np.ufunc, symbol: str) -> Callable:
    """``x <symbol>= other``, allowed on a tensor that requires grad only inside no_grad()."""

    def update(x: Tensor, other: Tensor | ArrayLike) -> Tensor:
        """In-place update, e.g. SGD: ``with no_grad(): w -= lr * w.grad``."""
        if x.requires_grad and grad_enabled():
            raise RuntimeError(
                f"a tensor that requires grad can be changed in place ({symbol}=) only inside "
                "`with no_grad():`, as in an SGD update"
            )
        op(x.array, _operand(other, x, symbol).array, out=x.array)
        return x

    return update


# ---- matrices and shapes -------------------------------------------------


def matmul(a: Tensor, b: Tensor | ArrayLike) -> Tensor:
    """Matrix product ``a @ b``; d/da = g bᵀ and d/db = aᵀ g.

    As in numpy, a vector on the left is a row, one on the right a column,
    and leading axes of stacks of matrices broadcast.

    >>> w = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> (Tensor([[1.0, 1.0]]) @ w).sum().backward()
    >>> w.grad
    tensor([[1., 1.],
            [1., 1.]])
    """
    b = _operand(b, a, "@")
    x, y = a.array, b.array
    try:
        out = np.matmul(x, y)
    except ValueError:
        raise ValueError(
            f"cannot matrix-multiply shapes {x.shape} and {y.shape}: the last axis of the "
            "first must match the second-to-last (or only) axis of the second"
        ) from None

    def grad_fn(g: Array) -> tuple[Array | None, Array | None]:
        # Make vectors matrices (row on the left, column on the right) ...
        x2 = x[None, :] if x.ndim == 1 else x
        y2 = y[:, None] if y.ndim == 1 else y
        g2 = g[..., None] if y.ndim == 1 else g
        g2 = g2[..., None, :] if x.ndim == 1 else g2
        gx = g2 @ y2.mT if a.requires_grad else None  # .mT: swap the last two axes
        gy = x2.mT @ g2 if b.requires_grad else None
        # ... and vectors again.
        if gx is not None and x.ndim == 1:
            gx = gx[..., 0, :]
        if gy is not None and y.ndim == 1:
            gy = gy[..., 0]
        return gx, gy

    return record(out, (a, b), "matmul", grad_fn)


def transpose(x: Tensor) -> Tensor:
    """The transpose ``x.T`` (all axes reversed, as numpy's ``.T``).

    >>> Tensor([[1.0, 2.0]]).T
    tensor([[1.],
            [2.]])
    """

    def grad_fn(g: Array) -> tuple[Array]:
        return (g.T,)

    return record(x.array.T, (x,), "T", grad_fn)


def reshape(x: Tensor, *shape: int | tuple[int, ...]) -> Tensor:
    """The same numbers in a new shape: ``x.reshape(2, 3)`` or ``x.reshape((2, 3))``.

    >>> Tensor([1.0, 2.0, 3.0, 4.0]).reshape(2, -1)
    tensor([[1., 2.],
            [3., 4.]])
    """
    if len(shape) == 1 and isinstance(shape[0], tuple | list):
        shape = tuple(shape[0])
    old_shape = x.shape

    def grad_fn(g: Array) -> tuple[Array]:
        return (g.reshape(old_shape),)

    return record(x.array.reshape(shape), (x,), "reshape", grad_fn)


# ---- reductions -------------------------------------------------------------


# --8<-- [start:sum_op]
def sum(x: Tensor, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
    """Sum of all elements, or along ``axis``; each element's derivative is 1. Also ``x.sum()``.

    >>> x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> x.sum(axis=0)
    tensor([4., 6.], grad_fn=<sum>)
    >>> x.sum().backward()
    >>> x.grad
    tensor([[1., 1.],
            [1., 1.]])
    """
    total = x.array.sum(axis=axis, keepdims=True)  # summed axes kept, with length 1
    kept_shape, old_shape = total.shape, x.shape

    def grad_fn(g: Array) -> tuple[Array]:
        # Each element gets the gradient of the sum it went into: copy g along the axes.
        return (np.broadcast_to(g.reshape(kept_shape), old_shape),)

    return record(total if keepdims else total.squeeze(axis), (x,), "sum", grad_fn)
# --8<-- [end:sum_op]


def mean(x: Tensor, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
    """Mean of all elements, or along ``axis``: the sum divided by the count.

    >>> x = Tensor([1.0, 2.0, 3.0, 6.0], requires_grad=True)
    >>> x.mean().backward()
    >>> x.grad
    tensor([0.25, 0.25, 0.25, 0.25])
    """
    total = sum(x, axis, keepdims)
    count = x.array.size // max(total.array.size, 1)  # numbers added into each sum
    return div(total, count)


# ---- the ops as Tensor methods and operators -------------------------------------

for _name, _op in {
    **ACTIVATION_OPS,
    "exp": exp,
    "log": log,
    "__pow__": power,
    "__add__": add,
    "__radd__": _reflected(add, "+"),
    "__mul__": mul,
    "__rmul__": _reflected(mul, "*"),
    "__truediv__": div,
    "__rtruediv__": _reflected(div, "/"),
    "__neg__": neg,
    "__sub__": sub,
    "__rsub__": _reflected(sub, "-"),
    "__iadd__": _in_place(np.add, "+"),
    "__isub__": _in_place(np.subtract, "-"),
    "__imul__": _in_place(np.multiply, "*"),
    "__itruediv__": _in_place(np.divide, "/"),
    "__matmul__": matmul,
    "__rmatmul__": _reflected(matmul, "@"),
    "T": property(transpose),
    "reshape": reshape,
    "sum": sum,
    "mean": mean,
}.items():
    setattr(Tensor, _name, _op)
del _name, _op
