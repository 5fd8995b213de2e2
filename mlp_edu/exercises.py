"""Self-checks for the exercises on the site's pages.

Every exercise on the site is followed by a hint, a self-check and a folded
solution. The self-check is :func:`check`: give it the exercise's name
(``"page/number"``, as the page shows it) and your answer, and it tells you
whether the answer is right and, if it is not, what is wrong with it, without
giving the answer away. It returns ``True`` or ``False`` and prints why.

>>> check("activations/4", 1.0)  # where is GELU steepest?
Not yet: GELU'(1) = 1.083, but the slope is larger a little further right.
False

Each self-check is one function below, registered under its exercise's name
by :func:`_exercise`; its answers come from ``mlp_edu`` itself, never typed in,
so a self-check cannot disagree with the page's solution (the solution ends by
passing its own answer to :func:`check`). A check returns ``None`` for a right
answer, else what is wrong, in English and in Chinese.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from mlp_edu import autograd
from mlp_edu.activations import gelu_grad, sigmoid_grad, tanh_grad
from mlp_edu.checks import known_name, real_parameter

__all__ = ["EXERCISES", "check"]

Feedback = tuple[str, str] | None  # (English, Chinese) when the answer is not right
_CHECKS: dict[str, Callable[[Any], Feedback]] = {}
_RIGHT = {"en": "Right.", "zh": "正确。"}
_NOT_YET = {"en": "Not yet: {}", "zh": "还不对：{}"}


def _exercise(name: str) -> Callable[[Callable[[Any], Feedback]], Callable[[Any], Feedback]]:
    """Register a self-check as the one for exercise ``name`` ("page/number")."""
    def register(function: Callable[[Any], Feedback]) -> Callable[[Any], Feedback]:
        if name in _CHECKS:
            raise ValueError(f"exercise {name!r} has two self-checks")
        _CHECKS[name] = function
        return function
    return register


def check(exercise: str, answer: Any, *, lang: str = "en") -> bool:
    """Check ``answer`` to ``exercise``; print whether it is right and, if not, why.

    Parameters
    ----------
    exercise : str
        The exercise, ``"page/number"``, as its self-check on the page names it
        (``"activations/1"`` is exercise 1 of the activation functions' page).
    answer : object
        Your answer, in the form the exercise's self-check asks for (a number,
        a tuple of numbers, or a function).
    lang : {"en", "zh"}
        The language of the message.

    Returns
    -------
    bool
        True if the answer is right.

    Raises
    ------
    ValueError
        If there is no such exercise, or ``lang`` is not a language of the site.
    TypeError
        If ``answer`` is not the kind of answer the exercise asks for.

    Examples
    --------
    >>> check("activations/4", float(np.sqrt(2)))
    Right.
    True
    >>> check("activations/4", 1.0, lang="zh")
    还不对：GELU'(1) = 1.083，但再往右一点斜率更大。
    False
    >>> check("activations/9", 1.0)
    Traceback (most recent call last):
    ValueError: unknown exercise 'activations/9'; known: 'activations/1', ...
    """
    known_name(lang, ("en", "zh"), "language")
    known_name(exercise, _CHECKS, "exercise")
    feedback = _CHECKS[exercise](answer)
    if feedback is None:
        print(_RIGHT[lang])
        return True
    print(_NOT_YET[lang].format(feedback[0] if lang == "en" else feedback[1]))
    return False


# ---- what an answer may be ------------------------------------------------------------

def _number(answer: Any, what: str) -> float:
    """``answer`` as a finite float, or a TypeError/ValueError saying what was asked."""
    value = real_parameter(answer, f"answer ({what})")
    if not np.isfinite(value):
        raise ValueError(f"answer ({what}) must be finite; got {value!r}")
    return value


def _numbers(answer: Any, count: int, what: str) -> tuple[float, ...]:
    """``answer`` as a tuple of ``count`` finite floats."""
    if not isinstance(answer, (tuple, list)) or len(answer) != count:
        raise TypeError(f"answer must be {what}, a tuple of {count} numbers; got {answer!r}")
    return tuple(_number(value, what) for value in answer)


def _function(answer: Any, what: str) -> Callable:
    """``answer`` if it can be called, else a TypeError saying what was asked."""
    if not callable(answer):
        raise TypeError(f"answer must be {what}, a function; got {type(answer).__name__}")
    return answer


def _close(got: float, right: float, rel: float = 1e-2) -> bool:
    """Whether ``got`` is ``right`` to within ``rel`` of its size (answers worked by hand)."""
    return abs(got - right) <= rel * max(abs(right), 1e-300)


# ---- 1.2 Activation functions ---------------------------------------------------------

@_exercise("activations/1")
def _prelu_derivatives(answer: Any) -> Feedback:
    """pReLU's derivatives: a function (x, alpha) -> (d/dx, d/dalpha) for an array x ≠ 0."""
    derivatives = _function(answer, "a function of (x, alpha) returning (d/dx, d/dalpha)")
    x = np.array([-3.0, -1.0, -0.25, 0.5, 2.0])
    for alpha in (0.25, 0.1):
        inputs = autograd.tensor(x, requires_grad=True)
        slope = autograd.tensor([alpha], requires_grad=True)
        autograd.prelu(inputs, slope).sum().backward()
        got = derivatives(x, alpha)
        if not isinstance(got, tuple) or len(got) != 2:
            return ("your function must return a pair: (d/dx, d/dalpha).",
                    "你的函数应返回一对值：(d/dx, d/dalpha)。")
        d_dx = np.broadcast_to(np.asarray(got[0], dtype=float), x.shape)
        d_dalpha = np.broadcast_to(np.asarray(got[1], dtype=float), x.shape)
        for i, value in enumerate(x):
            if not np.isclose(d_dx[i], inputs.grad.numpy()[i]):
                return (f"at x = {value}, alpha = {alpha} your d/dx is {d_dx[i]:g}.",
                        f"在 x = {value}、alpha = {alpha} 处，你的 d/dx 是 {d_dx[i]:g}。")
        # The slope alpha is shared by every x: its gradient is the sum over x.
        if not np.isclose(d_dalpha.sum(), slope.grad.numpy()[0]):
            wrong = next(v for v, d in zip(x, d_dalpha, strict=True) if d != min(0.0, v))
            return (f"at x = {wrong}, alpha = {alpha} your d/dalpha is wrong.",
                    f"在 x = {wrong}、alpha = {alpha} 处，你的 d/dalpha 不对。")
    return None


@_exercise("activations/2")
def _sigmoid_and_tanh_slopes_at_zero(answer: Any) -> Feedback:
    """(σ'(0), tanh'(0)), worked out by hand."""
    sigmoid_slope, tanh_slope = _numbers(answer, 2, "(sigmoid'(0), tanh'(0))")
    if not _close(sigmoid_slope, float(sigmoid_grad(0.0))):
        return ("your sigmoid'(0) is off: write sigma' in terms of sigma itself.",
                "你的 sigmoid'(0) 不对：把 σ' 写成 σ 本身的式子。")
    if not _close(tanh_slope, float(tanh_grad(0.0))):
        return ("sigmoid'(0) is right, tanh'(0) is not: differentiate 2 sigma(2x) - 1.",
                "sigmoid'(0) 对了，tanh'(0) 不对：对 2σ(2x) − 1 求导。")
    return None


def _through_ten_sigmoids() -> float:
    """The gradient at x = 0 through ten stacked sigmoids, by backward()."""
    x = autograd.tensor([0.0], requires_grad=True)
    h = x
    for _ in range(10):
        h = autograd.sigmoid(h)
    h.sum().backward()
    return float(x.grad.numpy()[0])


@_exercise("activations/3")
def _ten_sigmoids(answer: Any) -> Feedback:
    """The gradient at x = 0 through ten stacked sigmoids."""
    got = _number(answer, "the gradient at x = 0 through ten sigmoids")
    right = _through_ten_sigmoids()
    if _close(got, 0.25**10):
        return ("that is the bound 0.25**10; only the first sigmoid sees x = 0, the others "
                "see larger inputs, where the slope is smaller.",
                "这是上界 0.25**10；只有第一个 sigmoid 的输入是 0，其余的输入更大，斜率更小。")
    if not _close(got, right):
        return (f"the gradient is {'smaller' if got > right else 'larger'} than {got:.3g}.",
                f"梯度比 {got:.3g} {'更小' if got > right else '更大'}。")
    return None


@_exercise("activations/4")
def _gelu_steepest(answer: Any) -> Feedback:
    """Where GELU's slope peaks: x = √2, to two decimals."""
    got = _number(answer, "the x where GELU is steepest")
    peak = float(np.sqrt(2.0))  # where the second derivative φ(x)(2 − x²) is zero
    if abs(got - peak) <= 5e-3:
        return None
    further = "right" if got < peak else "left"
    return (f"GELU'({got:g}) = {float(gelu_grad(got)):.4g}, but the slope is larger a little "
            f"further {further}.",
            f"GELU'({got:g}) = {float(gelu_grad(got)):.4g}，但再往{'右' if got < peak else '左'}"
            f"一点斜率更大。")


EXERCISES = tuple(_CHECKS)  # every exercise with a self-check, "page/number"
