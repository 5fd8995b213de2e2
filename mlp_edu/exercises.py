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

import functools
import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from mlp_edu import autograd
from mlp_edu.activations import gelu_grad, relu, sigmoid, sigmoid_grad, tanh_grad
from mlp_edu.approximation import breakpoints, hinge_fit, max_error, network_layers
from mlp_edu.backprop import backward, example_minibatch, forward, parameters_of, training_memory
from mlp_edu.checks import as_real_array, known_name, real_parameter
from mlp_edu.init import init_std
from mlp_edu.init_variance import (
    kaiming_uniform_bound,
    pytorch_linear_bound,
    uniform_bound,
    weight_std,
)
from mlp_edu.losses import cross_entropy
from mlp_edu.mlp import MLP

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
        a tuple of numbers, an array, a function, or None).
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


def _returned(value: Any, shape: tuple[int, ...]) -> np.ndarray | None:
    """What a reader's function returned, as a finite float array of ``shape``; else None
    (the check then says what the function should return, rather than raising)."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    if array.shape != shape or not np.all(np.isfinite(array)):
        return None
    return array


def _array(answer: Any, shape: tuple[int, ...], what: str) -> np.ndarray:
    """``answer`` as a finite float array of ``shape``, or a TypeError/ValueError."""
    array = as_real_array(answer, f"answer ({what})")
    if array.shape != shape:
        raise ValueError(f"answer must be {what}, an array of shape {shape}; "
                         f"got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"answer ({what}) must be finite numbers; got {array!r}")
    return array


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


# ---- 1.1 Hidden layer -----------------------------------------------------------------

@_exercise("hidden-layer/1")
def _image_network_size(answer: Any) -> Feedback:
    """(layers, parameters) of the 784-256-10 MLP."""
    layers, parameters = _numbers(answer, 2, "(layers, parameters) of the 784-256-10 network")
    sizes = {name: math.prod(p.shape)
             for name, p in MLP(784, 256, 10).named_parameters().items()}
    computing_layers = len(sizes) // 2  # each layer that computes has a weight and a bias
    if layers == computing_layers + 1:
        return ("the input layer computes nothing: count only the layers that have weights.",
                "输入层不做任何计算：只数有权重的层。")
    if layers != computing_layers:
        return ("count the layers that have weights and biases.",
                "数一数有权重和偏差的层。")
    total = sum(sizes.values())
    if parameters == sizes["W_h"] + sizes["W_o"]:
        return ("that counts the weights only: every unit that computes has a bias too.",
                "这只数了权重：每个做计算的单元还有一个偏差。")
    if parameters != total:
        return (f"the layers are right; {parameters:g} parameters are "
                f"{'too many' if parameters > total else 'too few'}.",
                f"层数对了；{parameters:g} 个参数{'太多' if parameters > total else '太少'}。")
    return None


@_exercise("hidden-layer/2")
def _distance_from_37(answer: Any) -> Feedback:
    """(W_h, b_h, w_o) of two ReLU units and an output computing |t - 37|."""
    what = "(W_h, b_h, w_o): a 1×2 W_h, a 1×2 b_h and a 2×1 w_o"
    if not isinstance(answer, (tuple, list)) or len(answer) != 3:
        raise TypeError(f"answer must be {what}; got {answer!r}")
    W_h = _array(answer[0], (1, 2), "W_h, 1×2")
    b_h = _array(answer[1], (1, 2), "b_h, 1×2")
    w_o = _array(answer[2], (2, 1), "w_o, 2×1")
    t = np.array([[30.0], [34.0], [36.5], [37.0], [38.2], [41.0], [45.0]])
    output = (relu(t @ W_h + b_h) @ w_o).ravel()
    for temperature, got, distance in zip(t.ravel(), output, np.abs(t.ravel() - 37.0),
                                          strict=True):
        if not np.isclose(got, distance, rtol=0, atol=1e-9):
            return (f"at t = {temperature:g} °C your network outputs {got:g}, not the distance "
                    f"from 37 °C.",
                    f"在 t = {temperature:g} °C 处，你的网络输出 {got:g}，而不是与 37 °C 的距离。")
    return None


_XOR_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_XOR_TARGETS = np.array([0.0, 1.0, 1.0, 0.0])


@_exercise("hidden-layer/3")
def _one_unit_for_xor(answer: Any) -> Feedback:
    """None (no weights can), or weights (w1, w2, b, a, c) to be tried on the four corners."""
    if answer is None:
        return None
    w1, w2, b, a, c = _numbers(answer, 5, "(w1, w2, b, a, c), or None if no weights can")
    outputs = a * relu(_XOR_CORNERS @ np.array([w1, w2]) + b) + c
    for corner, got, target in zip(_XOR_CORNERS, outputs, _XOR_TARGETS, strict=True):
        if not np.isclose(got, target, rtol=0, atol=1e-9):
            where = f"({corner[0]:g}, {corner[1]:g})"
            return (f"at the corner {where} your network outputs {got:g}, not {target:g}.",
                    f"在角 {where} 处，你的网络输出 {got:g}，而不是 {target:g}。")
    raise AssertionError("one ReLU unit solved exclusive or; the page's proof says it cannot")


@_exercise("hidden-layer/4")
def _wide_for_the_same_budget(answer: Any) -> Feedback:
    """h such that the 4-h-3 network has about the 4-6-6-3 network's parameters."""
    h = _number(answer, "the number of hidden units h of the 4-h-3 network")

    def count(units: int) -> int:
        return sum(math.prod(p.shape) for p in MLP(4, units, 3).parameters())

    sizes = [4, 6, 6, 3]  # the deeper network of the exercise: a weight and a bias per layer
    budget = sum((n_in + 1) * n_out for n_in, n_out in zip(sizes, sizes[1:], strict=False))
    if h < 1:
        return ("a hidden layer has at least one unit.", "隐藏层至少有一个单元。")
    if h != int(h):
        return ("a layer has a whole number of units: round to the nearest count that fits.",
                "一层的单元数是整数：取与之最接近的单元数。")
    h = int(h)
    if h > budget:  # every hidden unit brings at least one parameter (and no MLP so large)
        return (f"a 4-{h}-3 network has far more than {budget} parameters.",
                f"4-{h}-3 网络的参数远多于 {budget} 个。")
    if count(h) <= budget <= count(h + 1) or (h > 1 and count(h - 1) <= budget <= count(h)):
        return None  # h and its neighbour bracket the budget: both are "about as many"
    return (f"a 4-{h}-3 network has {count(h)} parameters, "
            f"{'more' if count(h) > budget else 'fewer'} than {budget}.",
            f"4-{h}-3 网络有 {count(h)} 个参数，比 {budget} "
            f"{'多' if count(h) > budget else '少'}。")


# ---- What backward() does ---------------------------------------------------------------

@_exercise("autograd/1")
def _backward_with_weights(answer: Any) -> Feedback:
    """x.grad for y = sigmoid(x) at x = [0, 0, 0] after y.backward([1, 2, 3])."""
    got = _array(answer, (3,), "x.grad, three numbers")
    x = autograd.tensor([0.0, 0.0, 0.0], requires_grad=True)
    autograd.sigmoid(x).backward(autograd.tensor([1.0, 2.0, 3.0]))
    right = x.grad.numpy()
    if np.allclose(got, right):
        return None
    if np.allclose(got, got[0]):
        return ("your x.grad is the same in every place, but v = [1, 2, 3] is not.",
                "你的 x.grad 处处相同，但 v = [1, 2, 3] 不是。")
    i = int(np.argmax(~np.isclose(got, right)))
    return (f"x.grad[{i}] is {'too large' if got[i] > right[i] else 'too small'}.",
            f"x.grad[{i}] {'太大' if got[i] > right[i] else '太小'}了。")


@_exercise("autograd/2")
def _backward_again_and_again(answer: Any) -> Feedback:
    """A function of k: x.grad after k calls of y.sum().backward(), in units of sigmoid'(x)."""
    times = _function(answer, "a function of k, the number of calls, giving x.grad / "
                              "sigmoid'(x)")
    points = np.array([-1.0, 0.5, 2.0])
    x = autograd.tensor(points, requires_grad=True)
    y = autograd.sigmoid(x)
    for k in range(1, 6):
        y.sum().backward(retain_graph=True)
        right = float(np.mean(x.grad.numpy() / sigmoid_grad(points)))
        got = times(k)
        if not isinstance(got, numbers.Real) or isinstance(got, bool):
            return ("your function must return one number for each k.",
                    "你的函数对每个 k 都应返回一个数。")
        if not np.isclose(got, right):
            return (f"after {k} call{'s' if k > 1 else ''} x.grad holds "
                    f"{'less' if got > right else 'more'} than {got:g} × sigmoid'(x).",
                    f"调用 {k} 次之后，x.grad 中的值{'少于' if got > right else '多于'} "
                    f"{got:g} × sigmoid'(x)。")
    return None


@_exercise("autograd/3")
def _gradient_of_a_centred_sum(answer: Any) -> Feedback:
    """x.grad after (x - x.mean()).sum().backward() at x = [1, 2, 6]."""
    got = _array(answer, (3,), "x.grad, three numbers")
    x = autograd.tensor([1.0, 2.0, 6.0], requires_grad=True)
    (x - x.mean()).sum().backward()
    right = x.grad.numpy()
    if np.allclose(got, right, rtol=0, atol=1e-9):
        return None
    n = len(got)
    if np.allclose(got, 1 - 1 / n):
        return ("that is each ∂y_i/∂x_i alone, but x_j reaches every y_i through the mean.",
                "这只是各个 ∂y_i/∂x_i，但 x_j 还通过均值影响每一个 y_i。")
    return ("not every entry is right: what does the sum of the y_i depend on?",
            "并非每个元素都对：y_i 之和取决于什么？")


@_exercise("autograd/4")
def _silu_by_the_product_rule(answer: Any) -> Feedback:
    """SiLU's derivative as a function of a numpy array x, by the product rule."""
    derivative = _function(answer, "SiLU's derivative, a function of a numpy array x")
    points = np.array([-4.0, -1.0, -0.25, 0.5, 2.0])
    x = autograd.tensor(points, requires_grad=True)
    (x * autograd.sigmoid(x)).sum().backward()
    right = x.grad.numpy()
    got = _returned(derivative(points.copy()), points.shape)
    if got is None:
        return ("your function must return one number for each x.",
                "你的函数对每个 x 都应返回一个数。")
    if np.allclose(got, right):
        return None
    for path, en, zh in [(sigmoid(points), "the path through the sigmoid", "经过 sigmoid 的路径"),
                         (points * sigmoid_grad(points), "the path where x is the left factor",
                          "x 作为左边因子的那条路径")]:
        if np.allclose(got, path):
            return (f"your derivative misses what reaches x along {en}.",
                    f"你的导数漏掉了沿{zh}到达 x 的部分。")
    i = int(np.argmax(~np.isclose(got, right)))
    return (f"at x = {points[i]:g} your derivative is {got[i]:.4g}, "
            f"{'too large' if got[i] > right[i] else 'too small'}.",
            f"在 x = {points[i]:g} 处，你的导数为 {got[i]:.4g}，"
            f"{'太大' if got[i] > right[i] else '太小'}了。")


# ---- Forward and backward propagation --------------------------------------------------

def _small_network() -> tuple[MLP, np.ndarray, np.ndarray]:
    """A 3-5-2 network and 7 examples: every dimension differs, so a product of the wrong
    matrices cannot have the right shape by chance."""
    rng = np.random.default_rng(1)
    return MLP(3, 5, 2, seed=1), rng.normal(size=(7, 3)), rng.integers(2, size=7)


@_exercise("backprop/1")
def _gradient_for_the_inputs(answer: Any) -> Feedback:
    """A function (grad_Z, W_h) -> ∂ℓ/∂X."""
    gradient_for_inputs = _function(answer, "a function of (grad_Z, W_h) returning the "
                                            "gradient of the loss with respect to X")
    net, X, y = _small_network()
    grads = backward(forward(net, X, y), net)
    leaf = autograd.tensor(X, requires_grad=True)
    cross_entropy(net(leaf), y).backward()
    shapes = "a 7×5 grad_Z and a 3×5 W_h"  # 7 examples, 3 inputs, 5 hidden units
    shapes_zh = "7×5 的 grad_Z 和 3×5 的 W_h"
    try:
        got = np.asarray(gradient_for_inputs(grads["Z"].copy(), parameters_of(net)["W_h"]),
                         dtype=float)
    except ValueError:  # numpy's complaint about a product of mismatched shapes
        return (f"for {shapes} your function fails: the shapes in a product do not fit.",
                f"对于 {shapes_zh}，你的函数出错：乘积中的形状对不上。")
    if got.shape != X.shape:
        return (f"your function returns shape {got.shape} for {shapes}; the gradient has "
                f"the shape of X.",
                f"对于 {shapes_zh}，你的函数返回形状 {got.shape}；梯度应与 X 形状相同。")
    if not np.allclose(got, leaf.grad.numpy(), rtol=1e-9, atol=1e-12):
        return ("the shape is right, the numbers are not.", "形状对了，数值不对。")
    return None


@_exercise("backprop/2")
def _squared_loss_step_one(answer: Any) -> Feedback:
    """A function (O, T) -> ∂ℓ/∂O for the squared loss (1/n) Σ_i ½‖o_i − t_i‖²."""
    gradient_for_outputs = _function(answer, "a function of (O, T) returning the gradient of "
                                             "the squared loss with respect to O")
    rng = np.random.default_rng(2)
    O, T = rng.normal(size=(7, 2)), rng.normal(size=(7, 2))  # noqa: E741 (the page's O)
    leaf = autograd.tensor(O, requires_grad=True)
    error = leaf - T
    ((error * error).sum(axis=1) * 0.5).mean().backward()
    right = leaf.grad.numpy()
    got = _returned(gradient_for_outputs(O.copy(), T.copy()), O.shape)
    if got is None:
        return ("your function must return an array of the shape of O.",
                "你的函数应返回与 O 形状相同的数组。")
    if np.allclose(got, right, rtol=1e-9, atol=1e-12):
        return None
    ratio = float(np.sum(got * right) / np.sum(right * right))
    if np.allclose(got, ratio * right, rtol=1e-9, atol=1e-12):
        return (f"for 7 examples of 2 outputs yours is {ratio:g} times the right gradient.",
                f"对于 7 个样本、每个 2 个输出，你的梯度是正确梯度的 {ratio:g} 倍。")
    return ("your gradient is not a multiple of O − T: differentiate one example's loss first.",
            "你的梯度不是 O − T 的倍数：先对单个样本的损失求导。")


_ACTIVATION_STEP = 3  # the page's four steps: outputs, output layer, activation, hidden layer


@_exercise("backprop/3")
def _sigmoid_network_step(answer: Any) -> Feedback:
    """(the step that changes, ReLU's ‖∂ℓ/∂W_h‖ over the sigmoid network's)."""
    step, ratio = _numbers(answer, 2, "(the step that changes, the ratio of the two "
                                      "gradients' sizes)")
    net, X, y = example_minibatch()
    slow = MLP(4, 5, 3, activation="sigmoid", seed=0)
    norms = [np.linalg.norm(backward(forward(n, X, y), n)["W_h"]) for n in (net, slow)]
    if step != _ACTIVATION_STEP:
        return (f"the formulas of step {step:g} are the same for every activation.",
                f"第 {step:g} 步的公式对任何激活函数都一样。")
    if _close(ratio, float(norms[1] / norms[0]), rel=2e-2):
        return ("the step is right; the ratio asked for is ReLU's size over the sigmoid's.",
                "步骤对了；要的比值是 ReLU 的大小除以 sigmoid 的。")
    if not _close(ratio, float(norms[0] / norms[1]), rel=2e-2):
        larger = ratio > norms[0] / norms[1]
        return (f"the step is right; ReLU's gradient is {'less' if larger else 'more'} than "
                f"{ratio:g} times the sigmoid's.",
                f"步骤对了；ReLU 的梯度{'不到' if larger else '超过'} sigmoid 的 {ratio:g} 倍。")
    return None


@_exercise("backprop/4")
def _images_in_a_gigabyte(answer: Any) -> Feedback:
    """How many images' intermediates of the 784-256-10 network fit in 10^9 bytes."""
    images = _number(answer, "the number of images in one minibatch")
    memory = training_memory(784, 256, 10, batch=1)
    per_image = sum(memory[name] for name in ("X", "Z", "H", "O"))
    most = 10**9 // per_image
    if images != int(images) or images < 1:
        return ("a minibatch holds a whole number of images, at least one.",
                "一个小批量包含整数张图像，至少一张。")
    if images > most:
        return (f"{images:,.0f} images need more than 10^9 bytes: count every array the "
                f"backward pass keeps, for each image.",
                f"{images:,.0f} 张图像需要超过 10^9 字节：逐一数清反向传播为每张图像保留的数组。")
    if images < most:
        return (f"{images:,.0f} images leave room for more.",
                f"{images:,.0f} 张图像还留有余地，能放下更多。")
    return None


# ---- Initialisation, derived ------------------------------------------------------------

@_exercise("initialization/1")
def _leaky_relu_variance(answer: Any) -> Feedback:
    """A function (alpha, n_in) -> the weight variance that keeps the forward variance."""
    variance = _function(answer, "a function of (alpha, n_in) returning the weights' variance")
    for n_in in (64, 256):
        for alpha in (0.0, 0.2, 0.5):
            # PyTorch's leaky-ReLU gain, as a standard deviation: the uniform bound over √3.
            right = (kaiming_uniform_bound(n_in, alpha) / uniform_bound(1.0)) ** 2
            got = variance(alpha, n_in)
            if not isinstance(got, numbers.Real) or isinstance(got, bool):
                return ("your function must return one number, the variance σ².",
                        "你的函数应返回一个数，即方差 σ²。")
            if _close(got, right, rel=1e-6):
                continue
            if _close(got, math.sqrt(right), rel=1e-6):
                return ("that is the standard deviation σ; the question asks for σ².",
                        "这是标准差 σ；题目要的是 σ²。")
            return (f"at alpha = {alpha:g}, n_in = {n_in} your variance is "
                    f"{'too large' if got > right else 'too small'}.",
                    f"在 alpha = {alpha:g}、n_in = {n_in} 处，你的方差"
                    f"{'太大' if got > right else '太小'}了。")
    return None


@_exercise("initialization/2")
def _factors_of_a_784_by_256_layer(answer: Any) -> Feedback:
    """(Xavier forward, Xavier backward, He forward, He backward) for the 784→256 layer."""
    got = _numbers(answer, 4, "(Xavier forward, Xavier backward, He forward, He backward)")
    right = [fan * init_std(rule, 784, 256) ** 2 for rule in ("xavier", "he")
             for fan in (784, 256)]
    names = [("Xavier's forward factor", "Xavier 的正向因子"),
             ("Xavier's backward factor", "Xavier 的反向因子"),
             ("He's forward factor", "He 的正向因子"), ("He's backward factor", "He 的反向因子")]
    if _close(got[0], right[1]) and _close(got[1], right[0]):
        return ("Xavier's forward and backward factors are the wrong way round.",
                "Xavier 的正向因子和反向因子弄反了。")
    for value, expected, (en, zh) in zip(got, right, names, strict=True):
        if not _close(value, expected):
            return (f"{en} is {'too large' if value > expected else 'too small'} (before the "
                    f"activation).",
                    f"{zh}{'太大' if value > expected else '太小'}了（激活函数之前）。")
    return None


@_exercise("initialization/3")
def _pytorch_linear_against_he(answer: Any) -> Feedback:
    """(std of nn.Linear(4, 5), std of nn.Linear(5, 3), their ratio to He's std)."""
    got = _numbers(answer, 3, "(std of nn.Linear(4, 5), std of nn.Linear(5, 3), ratio to "
                              "He's std)")
    layers = [(4, 5), (5, 3)]
    stds = [weight_std("pytorch", *layer) for layer in layers]
    ratio = stds[0] / init_std("he", *layers[0])
    bounds = [pytorch_linear_bound(n_in) for n_in, _ in layers]
    if all(_close(g, bound) for g, bound in zip(got[:2], bounds, strict=True)):
        return ("those are the bounds of the uniform distributions, not their standard "
                "deviations.",
                "这是均匀分布的边界，不是它们的标准差。")
    for value, expected, (en, zh) in zip(got, [*stds, ratio], [
            ("nn.Linear(4, 5)'s standard deviation", "nn.Linear(4, 5) 的标准差"),
            ("nn.Linear(5, 3)'s standard deviation", "nn.Linear(5, 3) 的标准差"),
            ("the ratio to He's (nn.Linear's over He's)",
             "与 He 的比值（nn.Linear 的除以 He 的）")],
            strict=True):
        if not _close(value, expected):
            return (f"{en} is {'too large' if value > expected else 'too small'}.",
                    f"{zh}{'太大' if value > expected else '太小'}了。")
    return None


# ---- Why one hidden layer can be enough -------------------------------------------------

@_exercise("approximation/1")
def _bends_of_a_small_network(answer: Any) -> Feedback:
    """The x where the exercise's 1-2-2-1 network bends on [-2, 2], as numbers."""
    bends = as_real_array(answer, "answer (the x where the network bends)")
    if bends.ndim != 1 or not np.all(np.isfinite(bends)):
        raise ValueError(f"answer must be the x where the network bends, a list of finite "
                         f"numbers; got {answer!r}")
    layers = network_layers([[[1, -1]], [[1, 1], [1, -1]], [[1], [1]]], [[0, 0], [-1, 0], [0]])
    right = [float(b) for b in breakpoints(layers, (-2, 2))]
    for bend in bends:
        if not np.any(np.isclose(bend, right, rtol=0, atol=1e-9)):
            return (f"the network does not bend at x = {bend:g}.",
                    f"网络在 x = {bend:g} 处没有弯折。")
    if len(set(np.round(bends, 9))) != len(bends):
        return ("your list names a bend twice.", "你的列表把一个弯折点列了两次。")
    if len(bends) < len(right):
        return ("the network bends there, and at more points: follow each unit of the "
                "second layer.",
                "网络在这些点处弯折，但不止这些：逐一考察第二层的每个单元。")
    return None


@_exercise("approximation/2")
def _sigmoid_weights_for_a_tanh_network(answer: Any) -> Feedback:
    """A function (W_h, b_h, W_o, b_o) of a tanh network -> a sigmoid network's four."""
    convert = _function(answer, "a function of (W_h, b_h, W_o, b_o) returning the sigmoid "
                                "network's (W_h, b_h, W_o, b_o)")
    tanh_net = MLP(4, 5, 3, activation="tanh", seed=2)
    rng = np.random.default_rng(3)
    for p in tanh_net.parameters():  # biases too (MLP starts them at 0): each 2 must show
        p.detach().numpy()[...] = rng.normal(size=p.shape)
    sigmoid_net = MLP(4, 5, 3, activation="sigmoid")
    given = [p.detach().numpy().copy() for p in tanh_net.parameters()]
    converted = convert(*(p.copy() for p in given))
    if not isinstance(converted, (tuple, list)) or len(converted) != 4:
        return ("your function must return four arrays: (W_h, b_h, W_o, b_o).",
                "你的函数应返回四个数组：(W_h, b_h, W_o, b_o)。")
    for p, value, like in zip(sigmoid_net.parameters(), converted, given, strict=True):
        array = _returned(value, like.shape)
        if array is None:
            return ("each array your function returns must have the shape of the one it "
                    "replaces.", "你的函数返回的每个数组都应与它所替换的数组形状相同。")
        p.detach().numpy()[...] = array
    X = rng.normal(size=(50, 4))
    difference = sigmoid_net(X).detach().numpy() - tanh_net(X).detach().numpy()
    if np.allclose(difference, 0.0, rtol=0, atol=1e-12):
        return None
    if np.allclose(difference, difference[0], rtol=0, atol=1e-12):
        return ("your sigmoid network's outputs differ from the tanh network's by the same "
                "amount for every input.",
                "你的 sigmoid 网络的输出与 tanh 网络的输出对每个输入都相差同样的量。")
    return ("your sigmoid network computes other outputs than the tanh network: put "
            "tanh(u) = 2σ(2u) − 1 into the hidden layer and follow each 2 and the −1.",
            "你的 sigmoid 网络算出的输出与 tanh 网络不同：把 tanh(u) = 2σ(2u) − 1 "
            "代入隐藏层，跟踪每个 2 和那个 −1 的去向。")


def _hinge_error(k: int) -> float:
    """The largest error of k evenly spaced hinges fitting sin on [-π, π]."""
    return max_error(hinge_fit(np.sin, k, (-np.pi, np.pi)), np.sin)


@functools.cache
def _fewest_hinges() -> int:
    """The fewest hinges that keep sin within 10^-3 on [-π, π] (searched once: ~70 fits)."""
    return next(k for k in range(1, 1000) if _hinge_error(k) < 1e-3)


@_exercise("approximation/3")
def _hinges_for_three_decimals(answer: Any) -> Feedback:
    """The fewest evenly spaced hinges that keep sin within 10^-3 on [-π, π]."""
    hinges = _number(answer, "the number of hinges")
    if hinges != int(hinges) or hinges < 1:
        return ("the number of hinges is a whole number, at least 1.",
                "折线单元的个数是整数，至少为 1。")
    fewest = _fewest_hinges()
    if hinges < fewest:
        return (f"with {hinges:g} hinges the largest error is {_hinge_error(int(hinges)):.3g}, not "
                f"below 10^-3.",
                f"用 {hinges:g} 个折线单元时，最大误差为 {_hinge_error(int(hinges)):.3g}，"
                f"没有低于 10^-3。")
    if hinges > fewest:
        return (f"{hinges:g} hinges are enough, but fewer are too.",
                f"{hinges:g} 个折线单元够了，但更少的也够。")
    return None


EXERCISES = tuple(_CHECKS)  # every exercise with a self-check, "page/number"
