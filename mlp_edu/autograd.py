"""A small reverse-mode autograd on numpy arrays: the part of PyTorch the chapter uses.

A :class:`Tensor` wraps a numpy array. Every operation computes its result and,
right beside it, a local ``grad_fn`` closure that turns the gradient of the
result into gradients of its inputs. :meth:`Tensor.backward` puts the graph in
order, seeds the output's gradient and calls those closures from the output
back to the leaves.

The chapter's cells run with only the import changed (see :mod:`mlp_edu.chapter`):

>>> import mlp_edu.autograd as torch
>>> x = torch.arange(-2.0, 2.0, 1.0, requires_grad=True)
>>> y = x.relu()
>>> y.sum().backward()
>>> x.grad
tensor([0., 0., 0., 1.])

Where it differs from PyTorch:

- Real numbers only. The default dtype is float64 (PyTorch's is float32);
  float32 data stay float32 and integer data become float64.
- The graph is never freed, so ``backward`` may always be called again;
  ``retain_graph`` is accepted and ignored.
- ``arange`` computes ``start + i * step`` rounded once; PyTorch's SIMD kernel
  may differ in the last bits of some values (the length is the same).
- Only leaves (tensors created with ``requires_grad=True``) keep ``.grad``.
- In-place ``+= -= *= /=`` are allowed on a tensor that requires grad only
  inside ``no_grad()`` (an SGD update), and nothing checks that the graph still
  needs the old values.
"""

from __future__ import annotations

import contextlib
import math
import numbers
from collections.abc import Callable, Iterator

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

from mlp_edu import activations

__all__ = [
    "Tensor",
    "arange",
    "elu",
    "float32",
    "float64",
    "gelu",
    "leaky_relu",
    "no_grad",
    "ones_like",
    "prelu",
    "relu",
    "sigmoid",
    "silu",
    "softplus",
    "tanh",
    "tensor",
    "zeros_like",
]

float32 = np.float32
float64 = np.float64

Array = NDArray[np.floating]
# Gradient of the result -> gradient of each input (None where none is needed).
GradFn = Callable[[Array], tuple[Array | None, ...]]

_grad_enabled = True


@contextlib.contextmanager
def no_grad() -> Iterator[None]:
    """Inside this ``with`` block, operations build no graph (like ``torch.no_grad()``).

    >>> w = tensor([1.0, 2.0], requires_grad=True)
    >>> with no_grad():
    ...     y = w * 2
    >>> y.requires_grad
    False
    """
    global _grad_enabled
    previous, _grad_enabled = _grad_enabled, False
    try:
        yield
    finally:
        _grad_enabled = previous


class Tensor:
    """A numpy array that remembers how it was computed.

    Parameters
    ----------
    data
        Real numbers. A numpy array is shared, not copied (:func:`tensor` copies).
    requires_grad
        Whether :meth:`backward` computes a gradient for this tensor.

    Attributes
    ----------
    array : numpy.ndarray
        The numbers.
    requires_grad : bool
        True for leaves created with ``requires_grad=True`` and for every
        result computed from one (outside :func:`no_grad`).
    grad : Tensor or None
        For a leaf, the gradient summed over all ``backward`` calls so far;
        None before the first one.

    Examples
    --------
    >>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> y = (x * x).sum()
    >>> y
    tensor(14., grad_fn=<sum>)
    >>> y.backward()
    >>> x.grad
    tensor([2., 4., 6.])
    """

    __slots__ = ("array", "requires_grad", "grad", "_parents", "_grad_fn", "_op")
    __array_ufunc__ = None  # `numpy_array + tensor` then calls Tensor.__radd__

    def __init__(self, data: Tensor | ArrayLike, requires_grad: bool = False) -> None:
        if isinstance(data, Tensor):
            data = data.array
        if not (isinstance(data, np.ndarray) and data.dtype.kind == "f"):  # else nothing to check
            data = activations.as_real_array(data, "data")
        self.array: Array = data
        self.requires_grad = bool(requires_grad)
        self.grad: Tensor | None = None
        self._parents: tuple[Tensor, ...] = ()
        self._grad_fn: GradFn | None = None  # None for a leaf
        self._op = ""

    # ---- looking at a tensor -------------------------------------------------

    @property
    def shape(self) -> tuple[int, ...]:
        """The array's shape, e.g. ``(2, 3)``."""
        return self.array.shape

    @property
    def dtype(self) -> np.dtype:
        """The array's dtype; compares equal to :data:`float32` or :data:`float64`."""
        return self.array.dtype

    @property
    def data(self) -> Tensor:
        """A tensor sharing this one's numbers, outside the graph (same as :meth:`detach`)."""
        return self.detach()

    def detach(self) -> Tensor:
        """A tensor sharing this one's numbers that requires no grad and has no graph.

        >>> x = tensor([1.0], requires_grad=True)
        >>> x.detach()
        tensor([1.])
        """
        return Tensor(self.array)

    def numpy(self) -> Array:
        """The numpy array itself (not a copy); like PyTorch, refused if grad is required.

        >>> tensor([1.0, 2.0]).numpy()
        array([1., 2.])
        """
        if self.requires_grad:
            raise RuntimeError(
                "can't call numpy() on a tensor that requires grad; use tensor.detach().numpy()"
            )
        return self.array

    def item(self) -> float:
        """The single number of a one-element tensor, as a Python float.

        >>> tensor([[2.5]]).item()
        2.5
        """
        if self.array.size != 1:
            raise ValueError(f"item() needs a one-element tensor; this one has shape {self.shape}")
        return self.array.item()

    def zero_(self) -> Tensor:
        """Set every number to 0 in place and return ``self`` (used as ``x.grad.zero_()``).

        >>> tensor([1.0, 2.0]).zero_()
        tensor([0., 0.])
        """
        self.array.fill(0)
        return self

    def __array__(self, dtype: DTypeLike = None, copy: bool | None = None) -> Array:
        return np.array(self.numpy(), dtype=dtype, copy=copy)

    def __repr__(self) -> str:
        parts = [np.array2string(self.array, separator=", ", prefix="tensor(")]
        if self.dtype != np.float64:
            parts.append(f"dtype={self.dtype}")
        if self._grad_fn is not None:
            parts.append(f"grad_fn=<{self._op}>")
        elif self.requires_grad:
            parts.append("requires_grad=True")
        return f"tensor({', '.join(parts)})"

    def _lift(self, other: Tensor | ArrayLike, symbol: str) -> Tensor:
        """``other`` as a Tensor; a Python number takes this tensor's dtype."""
        if isinstance(other, Tensor):
            return other
        if isinstance(other, int | float) and not isinstance(other, bool):
            return Tensor(np.asarray(other, dtype=self.dtype))
        return Tensor(activations.as_real_array(other, f"the other operand of {symbol}"))

    # ---- activation functions: derivatives from mlp_edu.activations ---------

    # --8<-- [start:relu_op]
    def relu(self) -> Tensor:
        """ReLU, elementwise: max(x, 0).

        >>> x = tensor([-1.0, 2.0], requires_grad=True)
        >>> x.relu().sum().backward()
        >>> x.grad
        tensor([0., 1.])
        """
        x = self.array

        def grad_fn(g: Array) -> tuple[Array]:
            return (g * activations.relu_grad(x),)

        return _result(activations.relu(x), (self,), "relu", grad_fn)
    # --8<-- [end:relu_op]

    # --8<-- [start:sigmoid_op]
    def sigmoid(self) -> Tensor:
        """The sigmoid 1 / (1 + exp(-x)), elementwise.

        >>> x = tensor([0.0], requires_grad=True)
        >>> x.sigmoid().sum().backward()
        >>> x.grad
        tensor([0.25])
        """
        x = self.array

        def grad_fn(g: Array) -> tuple[Array]:
            return (g * activations.sigmoid_grad(x),)

        return _result(activations.sigmoid(x), (self,), "sigmoid", grad_fn)
    # --8<-- [end:sigmoid_op]

    # --8<-- [start:tanh_op]
    def tanh(self) -> Tensor:
        """The hyperbolic tangent, elementwise.

        >>> x = tensor([0.0], requires_grad=True)
        >>> x.tanh().sum().backward()
        >>> x.grad
        tensor([1.])
        """
        x = self.array

        def grad_fn(g: Array) -> tuple[Array]:
            return (g * activations.tanh_grad(x),)

        return _result(activations.tanh(x), (self,), "tanh", grad_fn)
    # --8<-- [end:tanh_op]

    # The activations that followed ReLU (page "Modern activations"), same pattern.

    # --8<-- [start:leaky_relu_op]
    def leaky_relu(self, negative_slope: float = 0.01) -> Tensor:
        """Leaky ReLU, elementwise: x for x ≥ 0, ``negative_slope`` · x below.

        >>> x = tensor([-1.0, 2.0], requires_grad=True)
        >>> x.leaky_relu().sum().backward()
        >>> x.grad
        tensor([0.01, 1.  ])
        """
        x = self.array

        def grad_fn(g: Array) -> tuple[Array]:
            return (g * activations.leaky_relu_grad(x, negative_slope),)

        return _result(activations.leaky_relu(x, negative_slope), (self,), "leaky_relu", grad_fn)
    # --8<-- [end:leaky_relu_op]

    # --8<-- [start:elu_op]
    def elu(self, alpha: float = 1.0) -> Tensor:
        """ELU, elementwise: x for x > 0, α(exp(x) − 1) below.

        >>> x = tensor([0.0, 2.0], requires_grad=True)
        >>> x.elu().sum().backward()
        >>> x.grad
        tensor([1., 1.])
        """
        x = self.array

        def grad_fn(g: Array) -> tuple[Array]:
            return (g * activations.elu_grad(x, alpha),)

        return _result(activations.elu(x, alpha), (self,), "elu", grad_fn)
    # --8<-- [end:elu_op]

    # --8<-- [start:softplus_op]
    def softplus(self) -> Tensor:
        """softplus, elementwise: log(1 + exp(x)).

        >>> x = tensor([0.0], requires_grad=True)
        >>> x.softplus().sum().backward()
        >>> x.grad
        tensor([0.5])
        """
        x = self.array

        def grad_fn(g: Array) -> tuple[Array]:
            return (g * activations.softplus_grad(x),)

        return _result(activations.softplus(x), (self,), "softplus", grad_fn)
    # --8<-- [end:softplus_op]

    # --8<-- [start:gelu_op]
    def gelu(self) -> Tensor:
        """GELU, elementwise: x · Φ(x), Φ the standard normal distribution function.

        >>> x = tensor([0.0], requires_grad=True)
        >>> x.gelu().sum().backward()
        >>> x.grad
        tensor([0.5])
        """
        x = self.array

        def grad_fn(g: Array) -> tuple[Array]:
            return (g * activations.gelu_grad(x),)

        return _result(activations.gelu(x), (self,), "gelu", grad_fn)
    # --8<-- [end:gelu_op]

    # --8<-- [start:silu_op]
    def silu(self) -> Tensor:
        """SiLU (Swish), elementwise: x · σ(x).

        >>> x = tensor([0.0], requires_grad=True)
        >>> x.silu().sum().backward()
        >>> x.grad
        tensor([0.5])
        """
        x = self.array

        def grad_fn(g: Array) -> tuple[Array]:
            return (g * activations.silu_grad(x),)

        return _result(activations.silu(x), (self,), "silu", grad_fn)
    # --8<-- [end:silu_op]

    # ---- other elementwise functions ------------------------------------------

    def exp(self) -> Tensor:
        """e to the power x, elementwise; its derivative is itself.

        >>> x = tensor([0.0, 1.0], requires_grad=True)
        >>> x.exp().sum().backward()
        >>> print(x.grad.numpy().round(4))
        [1.     2.7183]
        """
        y = np.exp(self.array)

        def grad_fn(g: Array) -> tuple[Array]:
            return (g * y,)

        return _result(y, (self,), "exp", grad_fn)

    def log(self) -> Tensor:
        """The natural logarithm, elementwise; d log(x) / dx = 1 / x.

        >>> x = tensor([1.0, 4.0], requires_grad=True)
        >>> x.log().sum().backward()
        >>> x.grad
        tensor([1.  , 0.25])
        """
        x = self.array

        def grad_fn(g: Array) -> tuple[Array]:
            return (g / x,)

        return _result(np.log(x), (self,), "log", grad_fn)

    def __pow__(self, exponent: float) -> Tensor:
        """``x ** p`` for a Python number p; d(x^p)/dx = p x^(p-1).

        >>> x = tensor([3.0], requires_grad=True)
        >>> (x ** 2).sum().backward()
        >>> x.grad
        tensor([6.])
        """
        if not isinstance(exponent, numbers.Real) or isinstance(exponent, bool):
            got = type(exponent).__name__
            raise TypeError(f"the exponent of ** must be a real number; got {got}")
        x = self.array

        def grad_fn(g: Array) -> tuple[Array]:
            if exponent == 0:  # x ** 0 is constant; p x^(p-1) would give 0 * inf at x = 0
                return (np.zeros_like(g),)
            return (g * (exponent * x ** (exponent - 1)),)

        return _result(x**exponent, (self,), "pow", grad_fn)

    # ---- arithmetic with broadcasting -------------------------------------------

    def __add__(self, other: Tensor | ArrayLike) -> Tensor:
        """``a + b``; each input receives the result's gradient (summed to its shape).

        >>> a = tensor([[1.0, 2.0]], requires_grad=True)
        >>> (a + tensor([[10.0], [20.0]])).sum().backward()
        >>> a.grad
        tensor([[2., 2.]])
        """
        other = self._lift(other, "+")

        def grad_fn(g: Array) -> tuple[Array, Array]:
            return g, g

        return _result(_broadcasting(np.add, self, other), (self, other), "add", grad_fn)

    def __mul__(self, other: Tensor | ArrayLike) -> Tensor:
        """``a * b``; d(ab)/da = b and d(ab)/db = a.

        >>> a = tensor([2.0, 3.0], requires_grad=True)
        >>> (a * tensor([5.0, 7.0])).sum().backward()
        >>> a.grad
        tensor([5., 7.])
        """
        other = self._lift(other, "*")
        a, b = self.array, other.array

        def grad_fn(g: Array) -> tuple[Array | None, Array | None]:
            return (
                g * b if self.requires_grad else None,
                g * a if other.requires_grad else None,
            )

        return _result(_broadcasting(np.multiply, self, other), (self, other), "mul", grad_fn)

    def __truediv__(self, other: Tensor | ArrayLike) -> Tensor:
        """``a / b``; d(a/b)/da = 1/b and d(a/b)/db = -a/b².

        >>> b = tensor([2.0, 4.0], requires_grad=True)
        >>> (1 / b).sum().backward()
        >>> b.grad
        tensor([-0.25  , -0.0625])
        """
        other = self._lift(other, "/")
        a, b = self.array, other.array

        def grad_fn(g: Array) -> tuple[Array | None, Array | None]:
            return (
                g / b if self.requires_grad else None,
                -g * a / (b * b) if other.requires_grad else None,
            )

        return _result(_broadcasting(np.divide, self, other), (self, other), "div", grad_fn)

    def __neg__(self) -> Tensor:
        """``-x``, written as ``x * -1`` so that its derivative is mul's."""
        return self * -1

    def __sub__(self, other: Tensor | ArrayLike) -> Tensor:
        """``a - b``, written as ``a + (-b)`` (exact in floating point).

        >>> b = tensor([1.0], requires_grad=True)
        >>> (1 - b).sum().backward()
        >>> b.grad
        tensor([-1.])
        """
        return self + -self._lift(other, "-")

    def __radd__(self, other: ArrayLike) -> Tensor:
        return self._lift(other, "+") + self

    def __rsub__(self, other: ArrayLike) -> Tensor:
        return self._lift(other, "-") - self

    def __rmul__(self, other: ArrayLike) -> Tensor:
        return self._lift(other, "*") * self

    def __rtruediv__(self, other: ArrayLike) -> Tensor:
        return self._lift(other, "/") / self

    def _in_place(self, op: np.ufunc, other: Tensor | ArrayLike, symbol: str) -> Tensor:
        if _grad_enabled and self.requires_grad:
            raise RuntimeError(
                f"a tensor that requires grad can be changed in place ({symbol}=) only inside "
                "`with no_grad():`, as in an SGD update"
            )
        op(self.array, self._lift(other, symbol).array, out=self.array)
        return self

    def __iadd__(self, other: Tensor | ArrayLike) -> Tensor:
        return self._in_place(np.add, other, "+")

    def __isub__(self, other: Tensor | ArrayLike) -> Tensor:
        """In-place update, e.g. SGD: ``with no_grad(): w -= lr * w.grad``.

        >>> w = tensor([1.0], requires_grad=True)
        >>> (w * 3).sum().backward()
        >>> with no_grad():
        ...     w -= 0.1 * w.grad
        >>> w
        tensor([0.7], requires_grad=True)
        """
        return self._in_place(np.subtract, other, "-")

    def __imul__(self, other: Tensor | ArrayLike) -> Tensor:
        return self._in_place(np.multiply, other, "*")

    def __itruediv__(self, other: Tensor | ArrayLike) -> Tensor:
        return self._in_place(np.divide, other, "/")

    # ---- matrices and shapes -------------------------------------------------

    def __matmul__(self, other: Tensor | ArrayLike) -> Tensor:
        """Matrix product ``a @ b``; d/da = g bᵀ and d/db = aᵀ g.

        As in numpy, a vector on the left is a row, one on the right a column,
        and leading axes of stacks of matrices broadcast.

        >>> w = tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        >>> (tensor([[1.0, 1.0]]) @ w).sum().backward()
        >>> w.grad
        tensor([[1., 1.],
                [1., 1.]])
        """
        other = self._lift(other, "@")
        a, b = self.array, other.array
        try:
            out = np.matmul(a, b)
        except ValueError:
            raise ValueError(
                f"cannot matrix-multiply shapes {a.shape} and {b.shape}: the last axis of the "
                "first must match the second-to-last (or only) axis of the second"
            ) from None

        def grad_fn(g: Array) -> tuple[Array | None, Array | None]:
            # Make vectors matrices (row on the left, column on the right) ...
            a2 = a[None, :] if a.ndim == 1 else a
            b2 = b[:, None] if b.ndim == 1 else b
            g2 = g[..., None] if b.ndim == 1 else g
            g2 = g2[..., None, :] if a.ndim == 1 else g2
            ga = g2 @ b2.mT if self.requires_grad else None  # .mT: swap the last two axes
            gb = a2.mT @ g2 if other.requires_grad else None
            # ... and vectors again.
            if ga is not None and a.ndim == 1:
                ga = ga[..., 0, :]
            if gb is not None and b.ndim == 1:
                gb = gb[..., 0]
            return ga, gb

        return _result(out, (self, other), "matmul", grad_fn)

    def __rmatmul__(self, other: ArrayLike) -> Tensor:
        return self._lift(other, "@") @ self

    @property
    def T(self) -> Tensor:
        """The transpose (all axes reversed, as numpy's ``.T``).

        >>> tensor([[1.0, 2.0]]).T
        tensor([[1.],
                [2.]])
        """

        def grad_fn(g: Array) -> tuple[Array]:
            return (g.T,)

        return _result(self.array.T, (self,), "T", grad_fn)

    def reshape(self, *shape: int | tuple[int, ...]) -> Tensor:
        """The same numbers in a new shape: ``x.reshape(2, 3)`` or ``x.reshape((2, 3))``.

        >>> tensor([1.0, 2.0, 3.0, 4.0]).reshape(2, -1)
        tensor([[1., 2.],
                [3., 4.]])
        """
        if len(shape) == 1 and isinstance(shape[0], tuple | list):
            shape = tuple(shape[0])
        old_shape = self.shape

        def grad_fn(g: Array) -> tuple[Array]:
            return (g.reshape(old_shape),)

        return _result(self.array.reshape(shape), (self,), "reshape", grad_fn)

    # ---- reductions -------------------------------------------------------------

    # --8<-- [start:sum_op]
    def sum(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """Sum of all elements, or along ``axis``; each element's derivative is 1.

        >>> x = tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        >>> x.sum(axis=0)
        tensor([4., 6.], grad_fn=<sum>)
        >>> x.sum().backward()
        >>> x.grad
        tensor([[1., 1.],
                [1., 1.]])
        """
        total = self.array.sum(axis=axis, keepdims=True)  # summed axes kept, with length 1
        kept_shape, old_shape = total.shape, self.shape

        def grad_fn(g: Array) -> tuple[Array]:
            # Each element gets the gradient of the sum it went into: copy g along the axes.
            return (np.broadcast_to(g.reshape(kept_shape), old_shape),)

        return _result(total if keepdims else total.squeeze(axis), (self,), "sum", grad_fn)
    # --8<-- [end:sum_op]

    def mean(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """Mean of all elements, or along ``axis``: the sum divided by the count.

        >>> x = tensor([1.0, 2.0, 3.0, 6.0], requires_grad=True)
        >>> x.mean().backward()
        >>> x.grad
        tensor([0.25, 0.25, 0.25, 0.25])
        """
        total = self.sum(axis, keepdims)
        count = self.array.size // max(total.array.size, 1)  # numbers added into each sum
        return total / count

    # ---- the backward pass ----------------------------------------------------

    # --8<-- [start:backward]
    def backward(
        self, gradient: Tensor | ArrayLike | None = None, retain_graph: bool | None = None
    ) -> None:
        """Add d(self)/d(leaf) to the ``.grad`` of every leaf that requires grad.

        Parameters
        ----------
        gradient
            The gradient of some final scalar with respect to ``self`` (same
            shape). It may be left out when ``self`` holds a single number.
        retain_graph
            Accepted for PyTorch's sake and ignored: this graph is never freed.

        >>> x = tensor([1.0, 2.0], requires_grad=True)
        >>> y = x * x
        >>> y.backward(ones_like(y))
        >>> y.backward(ones_like(y))  # gradients accumulate
        >>> x.grad
        tensor([4., 8.])
        """
        if not self.requires_grad:
            raise RuntimeError(
                "backward() called on a tensor that does not require grad: no input was "
                "created with requires_grad=True (or it was computed inside no_grad())"
            )
        if gradient is None:
            if self.array.size != 1:
                raise RuntimeError(
                    f"grad can be implicitly created only for scalar outputs; this output has "
                    f"shape {self.shape}, so pass a gradient of that shape, e.g. ones_like(y)"
                )
            gradient = np.ones_like(self.array)
        elif isinstance(gradient, Tensor):
            gradient = gradient.array
        else:
            gradient = activations.as_real_array(gradient, "gradient")
        if gradient.shape != self.shape:
            raise ValueError(
                f"gradient has shape {gradient.shape} but the output has shape {self.shape}"
            )

        # Order the graph so that every tensor comes after all tensors it was
        # computed from: a depth-first search with an explicit stack (a recursive
        # one would exceed Python's recursion limit on a deep graph).
        order: list[Tensor] = []
        visited: set[Tensor] = set()
        stack: list[tuple[Tensor, bool]] = [(self, False)]
        while stack:
            node, parents_done = stack.pop()
            if parents_done:
                order.append(node)
            elif node not in visited:
                visited.add(node)
                stack.append((node, True))
                stack.extend((p, False) for p in node._parents if p.requires_grad)

        # Walk from the output back to the leaves; grads[t] is d(output)/d(t) so far.
        grads = {self: gradient}
        for node in reversed(order):
            g = grads.pop(node)
            if node._grad_fn is None:  # a leaf keeps its gradient, added to earlier ones
                if node.grad is None:
                    node.grad = Tensor(np.array(g, dtype=node.dtype))  # a copy of its own
                else:
                    node.grad.array += g
                continue
            for parent, parent_g in zip(node._parents, node._grad_fn(g), strict=True):
                if not parent.requires_grad:
                    continue
                if parent_g.shape != parent.shape:  # the op broadcast this input
                    parent_g = _sum_to_shape(parent_g, parent.shape)
                grads[parent] = grads[parent] + parent_g if parent in grads else parent_g
    # --8<-- [end:backward]


def _result(array: ArrayLike, parents: tuple[Tensor, ...], op: str, grad_fn: GradFn) -> Tensor:
    """Wrap an op's result; link it into the graph if some input requires grad."""
    out = Tensor(array)
    if _grad_enabled and any([p.requires_grad for p in parents]):
        out.requires_grad = True
        out._parents, out._grad_fn, out._op = parents, grad_fn, op
    return out


def _broadcasting(op: np.ufunc, a: Tensor, b: Tensor) -> Array:
    """``op(a, b)`` with numpy broadcasting, or a ValueError naming both shapes."""
    try:
        return op(a.array, b.array)
    except ValueError:
        raise ValueError(f"shapes {a.shape} and {b.shape} cannot be broadcast together") from None


def _sum_to_shape(g: Array, shape: tuple[int, ...]) -> Array:
    """Sum a gradient over the axes that broadcasting added or stretched.

    >>> _sum_to_shape(np.ones((2, 3)), (3,))
    array([2., 2., 2.])
    >>> _sum_to_shape(np.ones((2, 3)), (2, 1))
    array([[3.],
           [3.]])
    """
    lead = g.ndim - len(shape)  # axes added in front
    stretched = [lead + i for i, n in enumerate(shape) if n == 1 and g.shape[lead + i] != 1]
    return g.sum(axis=(*range(lead), *stretched), keepdims=True).reshape(shape)


# ---- functions in the torch namespace ---------------------------------------------


def tensor(
    data: Tensor | ArrayLike, dtype: DTypeLike = None, requires_grad: bool = False
) -> Tensor:
    """A new tensor holding a copy of ``data``, like ``torch.tensor``.

    >>> tensor([0.0, 1.0], requires_grad=True)
    tensor([0., 1.], requires_grad=True)
    >>> tensor([1, 2], dtype=float32)
    tensor([1., 2.], dtype=float32)
    """
    array = activations.as_real_array(data.array if isinstance(data, Tensor) else data, "data")
    return Tensor(np.array(array, dtype=dtype), requires_grad=requires_grad)


def arange(
    start: float,
    end: float | None = None,
    step: float = 1,
    *,
    dtype: DTypeLike = None,
    requires_grad: bool = False,
) -> Tensor:
    """``start, start + step, ...`` up to but excluding ``end``, like ``torch.arange``.

    The length is ceil((end - start) / step), as in PyTorch (numpy's
    ``arange`` can give one more), and value i is start + i * step in float64,
    rounded once (see :func:`_fused_affine`), then cast to ``dtype``.

    >>> x = arange(-8.0, 8.0, 0.1)
    >>> x.shape
    (160,)
    >>> print(x.numpy()[80])  # PyTorch gets this too; two roundings would give 0.0
    4.440892098500626e-16
    >>> arange(3)
    tensor([0., 1., 2.])
    """
    if end is None:
        start, end = 0, start
    if step == 0:
        raise ValueError("arange: step must not be zero")
    count = math.ceil((end - start) / step)
    if count < 0:
        raise ValueError(f"arange: a step of {step} never reaches end {end} from start {start}")
    values = _fused_affine(start, step, np.arange(count, dtype=np.float64))
    values = values.astype(np.float64 if dtype is None else dtype, copy=False)
    return Tensor(values, requires_grad=requires_grad)


def _fused_affine(start: float, step: float, i: Array) -> Array:
    """``start + i * step`` rounded once, as a fused multiply-add computes it.

    PyTorch's CPU ``arange`` uses fused multiply-adds; plain ``start + i * step``
    rounds the product first and the sum again, and the two can differ in the
    last bit. That bit matters at a kink: -8 + 80 * 0.1 is exactly 0 in two
    roundings but 4.4e-16 in one (0.1 is slightly more than 1/10), and PyTorch's
    ReLU derivative there is 1, not 0. So the rounding errors of the product
    (Dekker's split) and of the sum (Knuth's two-sum) are recovered exactly
    and added back before the final rounding.

    >>> print(-8.0 + 80 * 0.1, _fused_affine(-8.0, 0.1, np.array([80.0]))[0])
    0.0 4.440892098500626e-16
    """

    def split(a: Array) -> tuple[Array, Array]:  # a = hi + lo, each with at most 26 bits
        c = 134217729.0 * a  # 2**27 + 1
        hi = c - (c - a)
        return hi, a - hi

    product = i * step
    (i_hi, i_lo), (s_hi, s_lo) = split(i), split(np.float64(step))
    product_error = ((i_hi * s_hi - product) + i_hi * s_lo + i_lo * s_hi) + i_lo * s_lo
    total = start + product
    part = total - start
    sum_error = (start - (total - part)) + (product - part)
    return total + (sum_error + product_error)


def ones_like(
    x: Tensor | ArrayLike, dtype: DTypeLike = None, requires_grad: bool = False
) -> Tensor:
    """Ones with the shape and dtype of ``x``.

    >>> ones_like(tensor([[5.0, 6.0]]))
    tensor([[1., 1.]])
    """
    return Tensor(np.ones_like(_as_tensor(x).array, dtype=dtype), requires_grad=requires_grad)


def zeros_like(
    x: Tensor | ArrayLike, dtype: DTypeLike = None, requires_grad: bool = False
) -> Tensor:
    """Zeros with the shape and dtype of ``x``.

    >>> zeros_like(tensor([5.0, 6.0], dtype=float32))
    tensor([0., 0.], dtype=float32)
    """
    return Tensor(np.zeros_like(_as_tensor(x).array, dtype=dtype), requires_grad=requires_grad)


def relu(x: Tensor | ArrayLike) -> Tensor:
    """``torch.relu(x)``: the same as ``x.relu()``.

    >>> relu(tensor([-1.0, 1.0]))
    tensor([0., 1.])
    """
    return _as_tensor(x).relu()


def sigmoid(x: Tensor | ArrayLike) -> Tensor:
    """``torch.sigmoid(x)``: the same as ``x.sigmoid()``.

    >>> sigmoid(tensor([0.0]))
    tensor([0.5])
    """
    return _as_tensor(x).sigmoid()


def tanh(x: Tensor | ArrayLike) -> Tensor:
    """``torch.tanh(x)``: the same as ``x.tanh()``.

    >>> tanh(tensor([0.0]))
    tensor([0.])
    """
    return _as_tensor(x).tanh()


# PyTorch keeps these in torch.nn.functional (F.leaky_relu, F.elu, F.softplus,
# F.gelu, F.silu); torch.prelu is at the top level, as here.
def leaky_relu(x: Tensor | ArrayLike, negative_slope: float = 0.01) -> Tensor:
    """The same as ``x.leaky_relu(negative_slope)``.

    >>> leaky_relu(tensor([-1.0, 1.0]))
    tensor([-0.01,  1.  ])
    """
    return _as_tensor(x).leaky_relu(negative_slope)


def elu(x: Tensor | ArrayLike, alpha: float = 1.0) -> Tensor:
    """The same as ``x.elu(alpha)``.

    >>> elu(tensor([0.0, 1.0]))
    tensor([0., 1.])
    """
    return _as_tensor(x).elu(alpha)


def softplus(x: Tensor | ArrayLike) -> Tensor:
    """The same as ``x.softplus()``.

    >>> print(softplus(tensor([0.0])).item())
    0.6931471805599453
    """
    return _as_tensor(x).softplus()


def gelu(x: Tensor | ArrayLike) -> Tensor:
    """The same as ``x.gelu()``.

    >>> gelu(tensor([0.0]))
    tensor([0.])
    """
    return _as_tensor(x).gelu()


def silu(x: Tensor | ArrayLike) -> Tensor:
    """The same as ``x.silu()``.

    >>> silu(tensor([0.0]))
    tensor([0.])
    """
    return _as_tensor(x).silu()


# --8<-- [start:prelu]
def prelu(x: Tensor | ArrayLike, weight: Tensor | ArrayLike) -> Tensor:
    """pReLU(x) = max(0, x) + a · min(0, x) with a learnable slope a (``weight``).

    Composed from ops that already have their derivatives: min(0, x) is
    −ReLU(−x), so ``backward()`` gives d/da = Σ g · min(0, x) with no new
    formula. At exactly x = 0 the derivative in x is 0, ReLU's convention on
    both sides (PyTorch takes a there).

    >>> a = tensor([0.25], requires_grad=True)
    >>> prelu(tensor([-2.0, 3.0]), a).sum().backward()
    >>> a.grad
    tensor([-2.])
    """
    x, a = _as_tensor(x), weight if isinstance(weight, Tensor) else _as_tensor(weight)
    return x.relu() - a * (-x).relu()
# --8<-- [end:prelu]


def _as_tensor(x: Tensor | ArrayLike) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(activations.as_real_array(x, "x"))
