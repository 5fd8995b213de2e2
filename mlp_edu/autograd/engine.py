"""The engine: a :class:`Tensor`, how an op records itself, and :meth:`Tensor.backward`.

This is all the machinery there is; what a tensor can compute (``+``, ``@``,
``relu``, ``sum``, ...) is the op catalogue, :mod:`mlp_edu.autograd.ops`. An
op computes its result with numpy and hands it to :func:`record` together with
its inputs and a local ``grad_fn``: a function that turns the gradient of the
result into gradients of the inputs. ``record`` links the result into the
graph when an input requires a gradient. ``backward()`` puts the graph in order
and calls those ``grad_fn`` from the output back to the leaves.

The model is micrograd's engine (one scalar ``Value``, about a hundred lines);
this one works on numpy arrays with broadcasting, and its topological sort uses
an explicit stack, so a graph of any depth stays within Python's recursion limit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

from mlp_edu.checks import as_real_array

__all__ = ["Tensor", "float32", "float64", "grad_enabled", "no_grad", "record"]

float32 = np.float32
float64 = np.float64

Array = NDArray[np.floating]
# Gradient of the result -> gradient of each input (None where none is needed).
GradFn = Callable[[Array], tuple[Array | None, ...]]

_grad_enabled = True


@contextlib.contextmanager
def no_grad() -> Iterator[None]:
    """Inside this ``with`` block, operations build no graph (like ``torch.no_grad()``).

    >>> w = Tensor([1.0, 2.0], requires_grad=True)
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


def grad_enabled() -> bool:
    """False inside :func:`no_grad`, True elsewhere."""
    return _grad_enabled


class Tensor:
    """A numpy array that remembers how it was computed.

    Parameters
    ----------
    data
        Real numbers. A numpy array is shared, not copied (``tensor()`` copies).
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
            data = as_real_array(data, "data")
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

        >>> x = Tensor([1.0], requires_grad=True)
        >>> x.detach()
        tensor([1.])
        """
        return _wrap(self.array)

    def numpy(self) -> Array:
        """The numpy array itself (not a copy); like PyTorch, refused if grad is required.

        >>> Tensor([1.0, 2.0]).numpy()
        array([1., 2.])
        """
        if self.requires_grad:
            raise RuntimeError(
                "can't call numpy() on a tensor that requires grad; use tensor.detach().numpy()"
            )
        return self.array

    def item(self) -> float:
        """The single number of a one-element tensor, as a Python float.

        >>> Tensor([[2.5]]).item()
        2.5
        """
        if self.array.size != 1:
            raise ValueError(f"item() needs a one-element tensor; this one has shape {self.shape}")
        return self.array.item()

    def zero_(self) -> Tensor:
        """Set every number to 0 in place and return ``self`` (used as ``x.grad.zero_()``).

        >>> Tensor([1.0, 2.0]).zero_()
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

        Examples
        --------
        >>> x = Tensor([1.0, 2.0], requires_grad=True)
        >>> y = x * x
        >>> y.backward([1.0, 1.0])
        >>> y.backward([1.0, 1.0])  # gradients accumulate
        >>> x.grad
        tensor([4., 8.])
        """
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
                stack.extend([(p, False) for p in node._parents if p.requires_grad])

        # Seed the output's gradient (checked apart), then walk from the output back to
        # the leaves; grads[t] is d(self)/d(t) so far.
        grads = {self: _seed_gradient(self, gradient)}
        for node in reversed(order):
            g = grads.pop(node)
            if node._grad_fn is None:  # a leaf keeps its gradient, added to earlier ones
                if node.grad is None:
                    node.grad = _wrap(np.array(g, dtype=node.dtype))  # a copy of its own
                else:
                    node.grad.array += g
                continue
            for parent, parent_g in zip(node._parents, node._grad_fn(g), strict=True):
                if not parent.requires_grad:
                    continue
                if parent_g.shape != parent.array.shape:  # the op broadcast this input
                    parent_g = _sum_to_shape(parent_g, parent.array.shape)
                earlier = grads.get(parent)
                grads[parent] = parent_g if earlier is None else earlier + parent_g
    # --8<-- [end:backward]


def _seed_gradient(output: Tensor, gradient: Tensor | ArrayLike | None) -> Array:
    """The gradient ``backward()`` starts from, checked against the output it belongs to.

    >>> _seed_gradient(Tensor([2.0], requires_grad=True), None)
    array([1.])
    >>> _seed_gradient(Tensor([1.0, 2.0], requires_grad=True), [1.0])
    Traceback (most recent call last):
    ValueError: gradient has shape (1,) but the output has shape (2,)
    """
    if not output.requires_grad:
        raise RuntimeError(
            "backward() called on a tensor that does not require grad: no input was "
            "created with requires_grad=True (or it was computed inside no_grad())"
        )
    if gradient is None:
        if output.array.size != 1:
            raise RuntimeError(
                f"grad can be implicitly created only for scalar outputs; this output has "
                f"shape {output.shape}, so pass a gradient of that shape, e.g. ones_like(y)"
            )
        return np.ones_like(output.array)
    gradient = gradient.array if isinstance(gradient, Tensor) else as_real_array(
        gradient, "gradient")
    if gradient.shape != output.shape:
        raise ValueError(
            f"gradient has shape {gradient.shape} but the output has shape {output.shape}"
        )
    return gradient


# --8<-- [start:record]
def record(array: Array, parents: tuple[Tensor, ...], op: str, grad_fn: GradFn) -> Tensor:
    """Wrap an op's result; link it into the graph if some input requires grad.

    ``grad_fn(g)`` returns one gradient for each of ``parents`` (or None for
    an input that requires none), given the gradient ``g`` of the result.
    """
    out = _wrap(array)
    if _grad_enabled:
        for parent in parents:
            if parent.requires_grad:
                out.requires_grad = True
                out._parents, out._grad_fn, out._op = parents, grad_fn, op
                break
    return out
# --8<-- [end:record]


def _wrap(array: Array) -> Tensor:
    """A leaf holding ``array``, a floating numpy array an op computed: nothing to check."""
    out = object.__new__(Tensor)
    out.array, out.requires_grad, out.grad = array, False, None
    out._parents, out._grad_fn, out._op = (), None, ""
    return out


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
