"""A small reverse-mode autograd on numpy arrays: the part of PyTorch the chapter uses.

A :class:`Tensor` wraps a numpy array. Every operation computes its result and,
right beside it, a local ``grad_fn`` closure that turns the gradient of the
result into gradients of its inputs. :meth:`Tensor.backward` puts the graph in
order, seeds the output's gradient and calls those closures from the output
back to the leaves. Three modules, each readable next to the page "What
backward() does":

- :mod:`~mlp_edu.autograd.engine`: ``Tensor``, ``record`` (how an op joins
  the graph), ``no_grad`` and ``backward``;
- :mod:`~mlp_edu.autograd.ops`: the op catalogue (arithmetic, ``@``,
  reductions, shapes, and one op for each activation of
  :data:`mlp_edu.activations.CATALOGUE`), also the methods of ``Tensor``;
- :mod:`~mlp_edu.autograd.creation`: ``tensor``, ``arange``, ``ones_like``,
  ``zeros_like``.

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
- PyTorch keeps leaky_relu, elu, softplus, gelu and silu in
  ``torch.nn.functional``; here they sit beside ``relu``, as ``prelu`` does in both.
"""

from mlp_edu.autograd.creation import arange, ones_like, tensor, zeros_like
from mlp_edu.autograd.engine import Tensor, float32, float64, no_grad
from mlp_edu.autograd.ops import ACTIVATION_OPS, prelu

# torch.relu(x), torch.sigmoid(x), ...: one function for each activation of the catalogue.
globals().update(ACTIVATION_OPS)

__all__ = [
    "Tensor",
    "arange",
    "float32",
    "float64",
    "no_grad",
    "ones_like",
    "prelu",
    "tensor",
    "zeros_like",
    *ACTIVATION_OPS,
]
