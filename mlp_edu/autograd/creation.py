"""Making tensors: :func:`tensor`, :func:`arange`, :func:`ones_like`, :func:`zeros_like`.

They mirror the PyTorch functions of the same names; each returns a leaf
(a tensor computed from nothing), which records gradients if created with
``requires_grad=True``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from mlp_edu.autograd.engine import Array, Tensor
from mlp_edu.autograd.ops import as_tensor
from mlp_edu.checks import (
    MAX_NUMBERS,
    as_real_array,
    boolean,
    finite_real,
    float_dtype,
    like_pytorch,
)

__all__ = ["arange", "ones_like", "tensor", "zeros_like"]


def tensor(
    data: Tensor | ArrayLike, dtype: DTypeLike = None, requires_grad: bool = False
) -> Tensor:
    """A new tensor holding a copy of ``data``, like ``torch.tensor``.

    >>> tensor([0.0, 1.0], requires_grad=True)
    tensor([0., 1.], requires_grad=True)
    >>> tensor([1, 2], dtype=np.float32)
    tensor([1., 2.], dtype=float32)
    """
    array = as_real_array(data.array if isinstance(data, Tensor) else data, "data")
    dtype = float_dtype(dtype)
    with like_pytorch():  # 1e300 in float32 is inf, as in PyTorch
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
    >>> arange(0, 1, 0)
    Traceback (most recent call last):
    ValueError: step must not be zero
    """
    start = finite_real(start, "start")  # named as the caller named it, even alone
    if end is None:  # arange(end): count up from 0 to the one number given
        start, end = 0.0, start
    end = finite_real(end, "end")
    step = finite_real(step, "step")
    dtype, requires_grad = float_dtype(dtype), boolean(requires_grad, "requires_grad")
    if step == 0:
        raise ValueError("step must not be zero")
    with like_pytorch():  # (end - start) / step may overflow: caught just below
        count = (end - start) / step
    if count < 0:
        raise ValueError(f"a step of {step} never reaches end {end} from start {start}")
    if count > MAX_NUMBERS:  # a slip of the keyboard, not an experiment (checks.py)
        raise ValueError(f"from start {start} to end {end} by step {step} makes more than "
                         f"{MAX_NUMBERS:,} (2**24) numbers")
    values = _fused_affine(start, step, np.arange(math.ceil(count), dtype=np.float64))
    with like_pytorch():
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
    return Tensor(np.ones_like(as_tensor(x).array, dtype=float_dtype(dtype)),
                  requires_grad=requires_grad)


def zeros_like(
    x: Tensor | ArrayLike, dtype: DTypeLike = None, requires_grad: bool = False
) -> Tensor:
    """Zeros with the shape and dtype of ``x``.

    >>> zeros_like(tensor([5.0, 6.0], dtype=np.float32))
    tensor([0., 0.], dtype=float32)
    """
    return Tensor(np.zeros_like(as_tensor(x).array, dtype=float_dtype(dtype)),
                  requires_grad=requires_grad)
