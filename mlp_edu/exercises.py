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
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from mlp_edu import autograd
from mlp_edu.activations import (
    elu,
    elu_grad,
    gelu,
    gelu_grad,
    leaky_relu,
    normal_cdf,
    relu,
    sigmoid,
    sigmoid_grad,
    softplus,
    softplus_grad,
    tanh_grad,
)
from mlp_edu.approximation import breakpoints, hinge_fit, max_error, network_layers
from mlp_edu.backprop import backward, example_minibatch, forward, parameters_of, training_memory
from mlp_edu.checks import as_real_array, known_name, real_parameter
from mlp_edu.depth import deep_mlp_gradient_norms
from mlp_edu.init import init_std
from mlp_edu.init_variance import (
    kaiming_uniform_bound,
    pytorch_linear_bound,
    uniform_bound,
    weight_std,
)
from mlp_edu.losses import cross_entropy
from mlp_edu.mlp import MLP
from mlp_edu.playground import WIDTHS, cached_run
from mlp_edu.training import EPOCHS, iris_split, sgd, train, trained

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



# ---- mlp, training, modern-activations, vanishing-gradients, playground ---------------
# (Self-checks of these five pages; the answers they compare with are computed by
# mlp_edu when first needed and remembered, as the pages' own examples compute them.)

def _whole(answer: Any, what: str, allowed: Sequence[int]) -> int:
    """``answer`` as one of the whole numbers ``allowed``, else a TypeError/ValueError."""
    value = _number(answer, what)
    if value != int(value) or int(value) not in allowed:
        raise ValueError(f"answer ({what}) must be a whole number, one of "
                         f"{', '.join(map(str, allowed))}; got {answer!r}")
    return int(value)


def _picked(answer: Any, what: str, allowed: Sequence[float]) -> tuple[float, ...]:
    """``answer`` as a tuple of distinct values, each one of ``allowed`` (any number of them)."""
    if not isinstance(answer, (tuple, list)):
        raise TypeError(f"answer must be {what}, a tuple of numbers; got {answer!r}")
    values = tuple(_number(value, what) for value in answer)
    for value in values:
        if value not in allowed:
            raise ValueError(f"answer ({what}) may hold only "
                             f"{', '.join(f'{v:g}' for v in allowed)}; got {value:g}")
    if len(set(values)) != len(values):
        raise ValueError(f"answer ({what}) names a value twice: {answer!r}")
    return values


def _than(got: float, right: float) -> tuple[str, str]:
    """Whether ``got`` is too large or too small, in English and Chinese."""
    return ("too large", "太大") if got > right else ("too small", "太小")


# 1.3 The multilayer perceptron

@_exercise("mlp/1")
def _affine_collapse(answer: Any) -> Feedback:
    """A function (W1, b1, W2, b2, W3, b3) -> (W, b) of one layer doing what the three do."""
    collapse = _function(answer, "a function of (W1, b1, W2, b2, W3, b3) returning (W, b)")
    rng = np.random.default_rng(18)
    X = rng.normal(size=(7, 4))
    W1, W2, W3 = (rng.normal(size=shape) for shape in [(4, 5), (5, 6), (6, 3)])
    b1, b2, b3 = (rng.normal(size=(1, width)) for width in [5, 6, 3])
    try:
        got = collapse(W1, b1, W2, b2, W3, b3)
    except ValueError:  # matrices multiplied or added in shapes that do not fit
        return ("your function raised ValueError: two of its shapes do not fit. The weights "
                "are 4 x 5, 5 x 6 and 6 x 3, the biases 1 x 5, 1 x 6 and 1 x 3.",
                "你的函数引发了 ValueError：其中有两个形状对不上。三个权重分别是 4 × 5、5 × 6 "
                "和 6 × 3，三个偏差分别是 1 × 5、1 × 6 和 1 × 3。")
    if not isinstance(got, tuple) or len(got) != 2:
        return ("your function must return a pair: (W, b).", "你的函数应返回一对值：(W, b)。")
    W, b = (np.asarray(part, dtype=float) for part in got)
    if W.shape != (4, 3):
        return (f"your W has shape {W.shape}; one layer from 4 inputs to 3 outputs needs "
                f"(4, 3).",
                f"你的 W 的形状是 {W.shape}；从 4 个输入到 3 个输出的一层需要 (4, 3)。")
    if not np.allclose(X @ W, X @ W1 @ W2 @ W3):
        return ("your W is off: a row of X is multiplied by W1, then W2, then W3.",
                "你的 W 不对：X 的一行依次乘以 W1、W2、W3。")
    three_layers = ((X @ W1 + b1) @ W2 + b2) @ W3 + b3
    if b.size != 3 or not np.allclose(X @ W + b.reshape(1, 3), three_layers):
        return ("W is right, b is not: follow b1 and b2 through the layers after them.",
                "W 对了，b 不对：跟着 b1 和 b2 走过它们之后的各层。")
    return None


@functools.cache
def _different_units_after_equal_start() -> int:
    """How many different hidden units the 4-5-3 net has after 200 steps from weights 0.1."""
    data = iris_split()
    net = MLP(4, 5, 3, seed=0)
    for p in (net.W_h, net.W_o):
        p.detach().numpy()[...] = 0.1
    for step in range(200):
        batch = slice(10 * (step % 12), 10 * (step % 12) + 10)
        cross_entropy(net(data.X_train[batch]), data.y_train[batch]).backward()
        sgd(net.parameters(), lr=0.3)
    W_h, b_h, W_o = (p.detach().numpy() for p in (net.W_h, net.b_h, net.W_o))
    units = np.concatenate([W_h, b_h, W_o.T])  # one column per hidden unit
    return len(np.unique(units.T, axis=0))


@_exercise("mlp/2")
def _equal_start(answer: Any) -> Feedback:
    """How many different hidden units the network has after training from equal weights."""
    what = "the number of different hidden units after training"
    got = _whole(answer, what, range(1, 6))
    right = _different_units_after_equal_start()
    if got == right:
        return None
    if got == 5:
        return ("five different units would need gradients that differ from unit to unit: "
                "do they ever?",
                "五个不同的单元需要各不相同的梯度：它们的梯度会不同吗？")
    return ("count again: compare the columns of W_h, the entries of b_h and the rows of W_o "
            "after training.",
            "再数一遍：比较训练后 W_h 的各列、b_h 的各元素和 W_o 的各行。")


@functools.cache
def _shifted_logits() -> tuple[float, float]:
    """(change of the cross-entropy when a row's logits all move by 5, a row sum of dl/dO)."""
    logits = autograd.tensor([[2.0, -1.0, 0.5], [0.0, 3.0, -2.0]], requires_grad=True)
    labels = np.array([0, 2])
    loss = cross_entropy(logits, labels)
    loss.backward()
    shifted = cross_entropy(logits.detach().numpy() + np.array([[5.0], [0.0]]), labels)
    return float(shifted - loss.item()), float(logits.grad.numpy().sum(axis=1)[0])


@_exercise("mlp/3")
def _softmax_shift(answer: Any) -> Feedback:
    """(change of the loss when a row's logits move by c = 5, the sum of a row of dl/dO)."""
    change, row_sum = _numbers(answer, 2, "(change of the loss, sum of a row of dl/dO)")
    right_change, right_sum = _shifted_logits()
    # Both are 0; computed answers carry rounding errors of float64 size.
    if abs(change - right_change) > 1e-9:
        return ("your change of the loss is off: write the softmax of o + c out and look for "
                "a factor that cancels.",
                "你给的损失变化不对：写出 o + c 的 softmax，找一个能约掉的因子。")
    if abs(row_sum - right_sum) > 1e-9:
        return ("the change of the loss is right, the row sum is not: the loss does not "
                "change when a row's logits move together; what does that say about the "
                "derivative in that direction?",
                "损失变化对了，行和不对：一行的 logit 一起移动时损失不变；这说明沿这个方向的"
                "导数是多少？")
    return None


@functools.cache
def _distances_from_affine() -> tuple[float, float]:
    """How far the tanh nets with init_std=0.01 and Xavier (seed 0) are from affine, on Iris."""
    X = iris_split().X_train
    distances = []
    for scale in (0.01, None):
        net = MLP(4, 5, 3, activation="tanh", seed=0, init_std=scale)
        W_h, b_h, W_o, b_o = (p.detach().numpy() for p in net.parameters())
        affine = (X @ W_h + b_h) @ W_o + b_o
        distances.append(float(np.abs(net(X).detach().numpy() - affine).max()
                               / np.abs(affine).max()))
    return distances[0], distances[1]


@_exercise("mlp/4")
def _nearly_linear(answer: Any) -> Feedback:
    """(relative distance from affine with init_std=0.01, the same with Xavier)."""
    small, xavier = _numbers(answer, 2, "(distance with init_std=0.01, distance with Xavier)")
    right_small, right_xavier = _distances_from_affine()
    if small > xavier:
        return ("your first distance is larger than your second: which network's hidden "
                "inputs are near 0, where tanh(z) is close to z?",
                "你的第一个距离比第二个大：哪个网络的隐藏层输入接近 0，而在 0 附近 tanh(z) "
                "接近 z？")
    for got, right, en, zh in [(small, right_small, "init_std=0.01", "init_std=0.01"),
                               (xavier, right_xavier, "Xavier", "Xavier 初始化")]:
        if not _close(got, right, rel=0.05):  # 0.0011 is a rounded answer
            size = _than(got, right)
            return (f"your distance for the network with {en} is {size[0]} (both networks "
                    f"with seed=0, on data.X_train).",
                    f"你给的 {zh} 网络的距离{size[1]}（两个网络都用 seed=0，在 data.X_train 上）。")
    return None


# Training the network

@functools.cache
def _test_accuracy(**settings: Any) -> float:
    """The final test accuracy of ``train("relu", **settings)``."""
    return train("relu", **settings).history.test_accuracy[-1]


@functools.cache
def _final_loss(lr: float) -> float:
    """The final training loss of ``train("relu", lr=lr)``."""
    return train("relu", lr=lr).history.loss[-1]


TRAINING_WIDTHS = (1, 2, 5, 20, 50)
TRAINING_RATES = (0.003, 0.03, 0.3, 1.0, 3.0)
TRAINED_LOSS = 0.1  # "has come down to a training loss below 0.1"


@_exercise("training/1")
def _narrowest_width(answer: Any) -> Feedback:
    """The smallest of the widths whose test accuracy is as high as with 5 hidden units."""
    got = _whole(answer, "the smallest width as accurate as 5 units", TRAINING_WIDTHS)
    five = _test_accuracy(num_hiddens=5)
    right = next(h for h in TRAINING_WIDTHS if _test_accuracy(num_hiddens=h) >= five)
    if got > right:
        return (f"{got} hidden units is not the smallest: a narrower network classifies as "
                f"many test flowers correctly.",
                f"{got} 个隐藏单元不是最少的：更窄的网络也能正确分类同样多的测试花。")
    if got < right:
        return (f"with {got} hidden units fewer test flowers are classified correctly than "
                f"with 5.",
                f"用 {got} 个隐藏单元时，正确分类的测试花比用 5 个时少。")
    return None


@_exercise("training/2")
def _rates_that_train(answer: Any) -> Feedback:
    """The learning rates whose 50 epochs bring the training loss below 0.1."""
    got = _picked(answer, "the learning rates whose final loss is below 0.1", TRAINING_RATES)
    right = [lr for lr in TRAINING_RATES if _final_loss(lr) < TRAINED_LOSS]
    for lr in got:
        if lr not in right:
            return (f"lr {lr:g} ends the 50 epochs with a training loss above 0.1.",
                    f"学习率 {lr:g} 在 50 个迭代周期后训练损失仍高于 0.1。")
    if len(got) < len(right):
        return ("a rate is missing: another one also brings the loss below 0.1.",
                "少了一个学习率：还有一个也能把损失降到 0.1 以下。")
    return None


@_exercise("training/3")
def _sigmoid_epochs(answer: Any) -> Feedback:
    """The first epoch after which the sigmoid net's loss is at most ReLU's after 5."""
    got = _whole(answer, "the number of epochs", range(1, EPOCHS + 1))
    target = trained("relu").history.loss[4]
    sigmoid_loss = trained("sigmoid").history.loss
    right = next(epoch for epoch, loss in enumerate(sigmoid_loss, start=1) if loss <= target)
    if got < right:
        return (f"after {got} epochs the sigmoid network's loss is still above the ReLU "
                f"network's after 5.",
                f"{got} 个迭代周期后，sigmoid 网络的损失仍高于 ReLU 网络 5 个迭代周期后的损失。")
    if got > right:
        return (f"the sigmoid network gets there in fewer than {got} epochs.",
                f"sigmoid 网络用不了 {got} 个迭代周期就能达到。")
    return None


def _accuracy(value: float, what: str) -> float:
    """An accuracy, a fraction of the test flowers, else a ValueError."""
    if not 0 <= value <= 1:
        raise ValueError(f"answer ({what}) must be fractions of the test flowers, from 0 to "
                         f"1; got {value:g}")
    return value


@_exercise("training/4")
def _sepals_or_petals(answer: Any) -> Feedback:
    """(test accuracy on the sepals alone, test accuracy on the petals alone)."""
    what = "(test accuracy with the sepals, test accuracy with the petals)"
    sepals, petals = (_accuracy(value, what) for value in _numbers(answer, 2, what))
    for got, pair, en, zh in [(sepals, (0, 1), "sepals", "萼片"),
                              (petals, (2, 3), "petals", "花瓣")]:
        right = trained("relu", pair).history.test_accuracy[-1]
        if abs(got - right) > 0.01:  # one flower of 30 is 0.033
            size = _than(got, right)
            return (f"your test accuracy with the {en} alone is {size[0]}.",
                    f"你给的只用{zh}时的测试准确率{size[1]}。")
    return None


# Modern activations

@_exercise("modern-activations/1")
def _leaky_relu_steep(answer: Any) -> Feedback:
    """A one-line f(x, a) of x and a x that is the leaky ReLU for slopes a > 1."""
    shortcut = _function(answer, "a function of (x, a) for slopes a > 1")
    x = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 2.0, 4.0])
    for a in (3.0, 1.5):
        got = np.broadcast_to(np.asarray(shortcut(x, a), dtype=float), x.shape)
        right = leaky_relu(x, negative_slope=a)
        for i, value in enumerate(x):
            if not np.isclose(got[i], right[i]):
                return (f"at x = {value}, a = {a} your function gives {got[i]:g}, the leaky "
                        f"ReLU {right[i]:g}.",
                        f"在 x = {value}、a = {a} 处，你的函数给出 {got[i]:g}，leaky ReLU 是 "
                        f"{right[i]:g}。")
    return None


@_exercise("modern-activations/2")
def _elu_grad_from_output(answer: Any) -> Feedback:
    """A function (y, alpha) -> ELU'(x) from the output y = ELU(x), for x <= 0."""
    derivative = _function(answer, "a function of (y, alpha), y = ELU(x), returning ELU'(x)")
    x = np.array([-5.0, -2.0, -1.0, -0.5, -0.1, 0.0])
    for alpha in (1.0, 0.5):
        y = elu(x, alpha=alpha)
        got = np.broadcast_to(np.asarray(derivative(y, alpha), dtype=float), x.shape)
        right = elu_grad(x, alpha=alpha)
        for i, value in enumerate(x):
            if not np.isclose(got[i], right[i]):
                size = _than(got[i], right[i])
                return (f"at x = {value} (y = {y[i]:.4g}), alpha = {alpha} your derivative "
                        f"{got[i]:.4g} is {size[0]}.",
                        f"在 x = {value}（y = {y[i]:.4g}）、alpha = {alpha} 处，你的导数 "
                        f"{got[i]:.4g} {size[1]}。")
    return None


@_exercise("modern-activations/3")
def _softplus_minus_relu(answer: Any) -> Feedback:
    """softplus(x) - ReLU(x) as a function of |x|."""
    gap = _function(answer, "a function of x returning softplus(x) - ReLU(x)")
    x = np.array([-30.0, -5.0, -1.0, 0.0, 0.5, 3.0, 30.0])
    got = np.broadcast_to(np.asarray(gap(x), dtype=float), x.shape)
    right = softplus(x) - relu(x)
    for i, value in enumerate(x):
        if not np.isclose(got[i], right[i], rtol=1e-6, atol=1e-12):
            return (f"at x = {value} your function gives {got[i]:.4g}, softplus(x) - ReLU(x) "
                    f"is {right[i]:.4g}.",
                    f"在 x = {value} 处，你的函数给出 {got[i]:.4g}，softplus(x) − ReLU(x) 是 "
                    f"{right[i]:.4g}。")
    return None


@functools.cache
def _gelu_swish_gaps() -> tuple[float, float]:
    """The largest |Φ(x) - σ(1.702x)| and |GELU(x) - xσ(1.702x)| on [-8, 8]."""
    x = np.linspace(-8, 8, 1_600_001)
    return (float(np.max(np.abs(normal_cdf(x) - sigmoid(1.702 * x)))),
            float(np.max(np.abs(gelu(x) - x * sigmoid(1.702 * x)))))


@_exercise("modern-activations/4")
def _gelu_swish(answer: Any) -> Feedback:
    """(largest gap between Φ and σ(1.702x), largest gap between GELU and xσ(1.702x))."""
    switches, activations = _numbers(answer, 2, "(largest gap of the switches, largest gap "
                                                "of the activations)")
    right_switches, right_activations = _gelu_swish_gaps()
    # A coarser grid than the page's may miss the peak a little.
    for got, right, en, zh in [
            (switches, right_switches, "between Phi(x) and sigma(1.702 x)",
             "Φ(x) 与 σ(1.702x) 之间"),
            (activations, right_activations, "between GELU(x) and x sigma(1.702 x)",
             "GELU(x) 与 x σ(1.702x) 之间")]:
        if not _close(got, right, rel=0.02):
            size = _than(got, right)
            return (f"your largest gap {en} on [-8, 8] is {size[0]}.",
                    f"你给的 [-8, 8] 上 {zh}的最大差距{size[1]}。")
    return None


# Why ReLU won: vanishing gradients

@functools.cache
def _first_layer_moves(depth: int, w: float = 0.125) -> bool:
    """Whether a 10 % step at the top moves a bottom weight w of a sigmoid stack at all."""
    n = deep_mlp_gradient_norms(depth, "sigmoid", init="xavier")
    return w + 0.1 * w * n[0] / n[-1] != w


@_exercise("vanishing-gradients/1")
def _depth_first_layer_stops(answer: Any) -> Feedback:
    """The depth from which on the first layer's weight no longer moves (up to 30)."""
    got = _whole(answer, "the depth from which on the bottom weight stays", range(1, 31))
    right = 30
    while right > 1 and not _first_layer_moves(right - 1):
        right -= 1
    if got < right:
        return (f"at depth {got} the bottom weight still moves.",
                f"深度为 {got} 时，底层的权重仍会移动。")
    if got > right:
        return (f"a stack shallower than {got} layers already leaves the bottom weight as "
                f"it was.",
                f"比 {got} 层更浅的堆叠网络就已经让底层的权重原封不动了。")
    return None


VANISHING_WIDTHS = (16, 64, 256)


@functools.cache
def _relu_ratio(width: int) -> float:
    """First layer's gradient over the last one's, 30-layer ReLU stack, He, ``width`` units."""
    norms = deep_mlp_gradient_norms(30, "relu", init="he", width=width)
    return float(norms[0] / norms[-1])


@_exercise("vanishing-gradients/2")
def _wider_relu(answer: Any) -> Feedback:
    """The 30-layer ReLU/He ratios first/last at widths 16, 64 and 256."""
    ratios = _numbers(answer, 3, "the ReLU stack's ratios at widths 16, 64 and 256")
    if all(ratio > 1 for ratio in ratios):
        return ("your ratios are all above 1: divide the first layer's gradient by the last "
                "one's.",
                "你的比值都大于 1：应当用第一层的梯度除以最后一层的梯度。")
    for got, width in zip(ratios, VANISHING_WIDTHS, strict=True):
        right = _relu_ratio(width)
        if abs(got - right) > 0.006:  # answers to two decimals
            size = _than(got, right)
            return (f"your ratio at width {width} is {size[0]} (He initialisation, "
                    f"deep_mlp_gradient_norms with width={width}).",
                    f"你给的宽度 {width} 时的比值{size[1]}（He 初始化，"
                    f"deep_mlp_gradient_norms 取 width={width}）。")
    return None


@functools.cache
def _softplus_factors() -> tuple[float, float]:
    """(measured factor per layer of the 30-layer softplus/He stack, the rule of thumb's)."""
    norms = deep_mlp_gradient_norms(30, "softplus", init="he")
    measured = float((norms[0] / norms[-1]) ** (1 / 29))  # 29 layers between first and last
    # std * sqrt(n) = sqrt(2) for He; E[phi'(z)^2] for z standard normal, by quadrature.
    z = np.linspace(-12, 12, 240_001)
    density = np.exp(-z**2 / 2) / np.sqrt(2 * np.pi)
    mean_square = float(np.sum(softplus_grad(z) ** 2 * density) * (z[1] - z[0]))
    return measured, float(np.sqrt(2 * mean_square))


@_exercise("vanishing-gradients/3")
def _softplus_per_layer(answer: Any) -> Feedback:
    """(measured factor per layer, rule-of-thumb factor) for softplus with He, two decimals."""
    measured, rule = _numbers(answer, 2, "(measured factor per layer, rule-of-thumb factor)")
    right_measured, right_rule = _softplus_factors()
    if abs(measured - right_measured) > 0.01:
        if measured < 0.1:
            return ("your measured factor is what reaches the first layer in all; per layer "
                    "it is the factor that, taken once for each of the 29 steps between the "
                    "last layer and the first, gives that.",
                    "你给的测得因子是到达第一层的总比例；每层的因子是从最后一层到第一层的 29 "
                    "步中每步乘上、合起来得到这个比例的那个因子。")
        size = _than(measured, right_measured)
        return (f"your measured factor per layer is {size[0]}.",
                f"你给的每层测得因子{size[1]}。")
    if abs(rule - right_rule) > 0.01:
        size = _than(rule, right_rule)
        return (f"the measured factor is right; your rule-of-thumb factor is {size[0]}: "
                f"std * sqrt(n) for He, times sqrt(E[sigma(z)^2]) for z from a standard normal.",
                f"测得的因子对了；你给的经验法则因子{size[1]}：He 初始化的 std·√n，乘以 z "
                f"取自标准正态分布时的 √E[σ(z)²]。")
    return None


# The playground

def _playground_accuracy(dataset: str, activation: str, width: int, lr: float) -> float:
    return cached_run(dataset, activation, width, lr).test_accuracy[-1]


@_exercise("playground/1")
def _xor_widths(answer: Any) -> Feedback:
    """The widths of 1, 2, 3, 4, 8 whose ReLU network gets every XOR test point right."""
    got = _picked(answer, "the widths that solve XOR", WIDTHS)
    right = [w for w in WIDTHS if _playground_accuracy("xor", "relu", w, 1.0) == 1.0]
    for width in got:
        if width not in right:
            return (f"with {width:g} hidden units some XOR test points are still wrong.",
                    f"用 {width:g} 个隐藏单元时，仍有异或测试样本被分错。")
    if len(got) < len(right):
        return ("a width is missing: another one also gets every test point right.",
                "少了一个宽度：还有一个宽度也能把每个测试样本分对。")
    return None


@_exercise("playground/2")
def _circles_rates(answer: Any) -> Feedback:
    """(the better rate for the sigmoid, the better rate for tanh), each 1 or 10."""
    what = "(the better rate for the sigmoid, the better rate for tanh)"
    rates = _numbers(answer, 2, what)
    for rate in rates:
        if rate not in (1.0, 10.0):
            raise ValueError(f"answer ({what}) must be rates 1 or 10; got {rate:g}")
    for got, activation in zip(rates, ("sigmoid", "tanh"), strict=True):
        accuracy = {lr: _playground_accuracy("circles", activation, 8, lr) for lr in (1.0, 10.0)}
        if accuracy[got] < max(accuracy.values()):
            return (f"the {activation} network does better at the other rate than at {got:g}.",
                    f"{activation} 网络在另一个学习率下比在 {got:g} 下表现更好。")
    return None


@_exercise("playground/3")
def _spiral_line(answer: Any) -> Feedback:
    """(test accuracy without an activation, with ReLU), 8 units, rate 1, on the spiral."""
    what = "(test accuracy without an activation, test accuracy with ReLU)"
    line, relu = _numbers(answer, 2, what)
    for value in (line, relu):
        if not 0 <= value <= 1:
            raise ValueError(f"answer ({what}) must be fractions of the test points, from 0 "
                             f"to 1; got {value:g}")
    for got, activation, en, zh in [(line, "identity", "without an activation", "没有激活函数时"),
                                    (relu, "relu", "with ReLU", "用 ReLU 时")]:
        right = _playground_accuracy("spiral", activation, 8, 1.0)
        if abs(got - right) > 0.01:  # one test point of 50 is 0.02
            size = _than(got, right)
            return (f"your test accuracy {en} is {size[0]}.",
                    f"你给的{zh}的测试准确率{size[1]}。")
    return None

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
