"""Why one hidden layer can be enough, and why depth still helps: ReLU networks of one input.

A network with one input x, one hidden layer of k ReLU units and one output
computes ``c + Σ_j w_j ReLU(a_j x + b_j)``: a broken line, straight between the
points where a unit switches on or off. Two facts follow, both computed here:

- **Width adds pieces.** :func:`hinge_fit` places k hinges ``ReLU(x - t_j)`` at
  evenly spaced knots and chooses the output weights so that the broken line
  passes through f at k + 1 points. For a smooth f on a bounded interval its
  largest error falls like 1/k²: enough hinges approximate f as closely as we
  like.
- **Depth can multiply them.** :func:`linear_pieces` counts the straight pieces
  of any ReLU network of one input exactly, by following every unit's switching
  point through the layers in exact rational arithmetic. A layer of k units adds
  at most k pieces; a stack of layers of two units each can double the count per
  layer (:func:`sawtooth_layers`).

>>> fit = hinge_fit(np.sin, 8, (-np.pi, np.pi))
>>> bool(max_error(fit, np.sin) < interpolation_bound(8, (-np.pi, np.pi), 1.0))
True
>>> linear_pieces(sawtooth_layers(5), (0, 1))
32
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mlp_edu.activations import relu
from mlp_edu.checks import as_real_array, finite_interval, positive_int
from mlp_edu.mlp import MLP

__all__ = [
    "HingeFit",
    "hinge_fit",
    "max_error",
    "interpolation_bound",
    "least_squares_fit",
    "Layer",
    "linear_pieces",
    "breakpoints",
    "sawtooth_layers",
    "network_layers",
]

Interval = tuple[float, float]


@dataclass(frozen=True)
class HingeFit:
    """``bias + Σ_j weights[j] · ReLU(x − knots[j])``, a sum of k ReLU hinges, on ``interval``.

    It is the 1-k-1 MLP with hidden weights 1, hidden biases ``−knots``,
    output weights ``weights`` and output bias ``bias`` (see :meth:`network`).
    """

    knots: NDArray[np.float64]
    weights: NDArray[np.float64]
    bias: float
    interval: Interval

    @property
    def k(self) -> int:
        """The number of hinges: the hidden units."""
        return len(self.knots)

    def __call__(self, x: ArrayLike) -> NDArray[np.float64]:
        """The fit at ``x`` (any shape)."""
        x = as_real_array(x, "x")
        return self.bias + relu(x[..., None] - self.knots) @ self.weights

    # --8<-- [start:network]
    def network(self) -> MLP:
        """The same function as the chapter's ``MLP(1, k, 1, activation="relu")``.

        >>> fit = hinge_fit(np.sin, 4, (0, 3))
        >>> x = np.linspace(0, 3, 7).reshape(-1, 1)
        >>> bool(np.allclose(fit.network()(x).detach().numpy().ravel(), fit(x.ravel())))
        True
        """
        net = MLP(1, self.k, 1, activation="relu")
        for name, value in [("W_h", np.ones((1, self.k))), ("b_h", -self.knots[None, :]),
                            ("W_o", self.weights[:, None]), ("b_o", [[self.bias]])]:
            net.named_parameters()[name].detach().numpy()[...] = value  # shares the numbers
        return net
    # --8<-- [end:network]


# --8<-- [start:hinge_fit]
def hinge_fit(f: Callable[[NDArray], ArrayLike], k: int, interval: Interval) -> HingeFit:
    """The broken line through f at k + 1 evenly spaced points, as k ReLU hinges.

    The knots ``t_j = a + j (b − a) / k`` (j = 0, ..., k − 1) split [a, b] into
    k pieces of width h. On piece j the line has the slope s_j of f's chord
    there; hinge j switches on at t_j and adds the change of slope
    ``w_j = s_j − s_{j−1}`` (s_{−1} = 0), and the bias is f(a).

    >>> fit = hinge_fit(np.abs, 2, (-1, 1))   # |x| = −x + 2 ReLU(x) on [−1, 1]
    >>> fit.knots.tolist(), fit.weights.tolist(), fit.bias
    ([-1.0, 0.0], [-1.0, 2.0], 1.0)
    """
    k = positive_int(k, "k")
    a, b = finite_interval(interval)
    points = np.linspace(a, b, k + 1)
    values = np.asarray(f(points), dtype=np.float64)
    if values.shape != points.shape or not np.all(np.isfinite(values)):
        raise ValueError("f must return one finite number for each point of the interval")
    slopes = np.diff(values) / np.diff(points)
    weights = np.diff(slopes, prepend=0.0)
    return HingeFit(points[:-1], weights, float(values[0]), (a, b))
# --8<-- [end:hinge_fit]


def max_error(fit: Callable[[NDArray], ArrayLike], f: Callable[[NDArray], ArrayLike],
              interval: Interval | None = None, samples: int = 20_001) -> float:
    """The largest |fit(x) − f(x)| over ``samples`` evenly spaced x in the interval.

    ``interval`` defaults to the fit's own.

    >>> print(f"{max_error(hinge_fit(np.sin, 4, (0, np.pi)), np.sin):.4f}")
    0.0704
    """
    a, b = finite_interval(interval if interval is not None else fit.interval)
    x = np.linspace(a, b, positive_int(samples, "samples"))
    return float(np.max(np.abs(np.asarray(fit(x)) - np.asarray(f(x)))))


def interpolation_bound(k: int, interval: Interval, max_second_derivative: float) -> float:
    """h² · max|f''| / 8 with h = (b − a) / k: the most a broken line through f at the
    ends of each piece can be off, for f with a second derivative bounded as given.

    >>> print(f"{interpolation_bound(4, (0, np.pi), 1.0):.4f}")
    0.0771
    """
    a, b = finite_interval(interval)
    h = (b - a) / positive_int(k, "k")
    return h * h * float(max_second_derivative) / 8


def least_squares_fit(f: Callable[[NDArray], ArrayLike], k: int, interval: Interval,
                      activation: Callable[[NDArray], NDArray],
                      samples: int = 2001) -> Callable[[NDArray], NDArray]:
    """A 1-k-1 network with units φ(x − t_j) and the best output layer for them.

    The hidden units sit at :func:`hinge_fit`'s knots t_j; the output weights
    and bias minimise the squared error to f on ``samples`` evenly spaced
    points (least squares). Returns the fitted function of x.

    With ReLU the error keeps falling as k grows; with a polynomial φ it
    cannot: every unit (x − t)² is a quadratic in x, and so is any sum of them.

    >>> fit = least_squares_fit(np.sin, 8, (-np.pi, np.pi), relu)
    >>> bool(max_error(fit, np.sin, (-np.pi, np.pi)) < max_error(
    ...     hinge_fit(np.sin, 8, (-np.pi, np.pi)), np.sin))
    True
    """
    k = positive_int(k, "k")
    a, b = finite_interval(interval)
    knots = np.linspace(a, b, k + 1)[:-1]
    x = np.linspace(a, b, positive_int(samples, "samples"))

    def features(x: NDArray) -> NDArray:
        return np.column_stack([np.ones(x.size), activation(x.reshape(-1, 1) - knots)])

    coefficients, *_ = np.linalg.lstsq(features(x), np.asarray(f(x), dtype=np.float64),
                                       rcond=None)

    def fitted(x: ArrayLike) -> NDArray:
        x = as_real_array(x, "x")
        return (features(x) @ coefficients).reshape(x.shape)

    return fitted


# ---------------------------------------------------------------------------
# Counting the straight pieces of a ReLU network of one input, exactly.
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Layer:
    """One fully connected layer ``inputs @ weight + bias``: weight (fan_in, fan_out)."""

    weight: NDArray[np.float64]
    bias: NDArray[np.float64]


def network_layers(weights: Sequence[ArrayLike], biases: Sequence[ArrayLike]) -> list[Layer]:
    """Layers from weight matrices (fan_in, fan_out) and biases (fan_out,), checked to chain.

    >>> [l.weight.shape for l in network_layers([[[1, 1]], [[1], [-1]]], [[0, -1], [0]])]
    [(1, 2), (2, 1)]
    """
    if len(weights) != len(biases) or not weights:
        raise ValueError(f"need one bias per weight matrix, at least one layer; got "
                         f"{len(weights)} weights and {len(biases)} biases")
    layers, width = [], 1
    for number, (w, b) in enumerate(zip(weights, biases, strict=True), start=1):
        w = as_real_array(w, f"weight {number}")
        b = as_real_array(b, f"bias {number}").reshape(-1)
        if w.ndim != 2 or w.shape[0] != width or b.shape != (w.shape[1],):
            raise ValueError(f"layer {number}: weight must be ({width}, m) and bias (m,); got "
                             f"{w.shape} and {b.shape}")
        if not (np.all(np.isfinite(w)) and np.all(np.isfinite(b))):
            raise ValueError(f"layer {number}: weights and biases must be finite")
        layers.append(Layer(w, b))
        width = w.shape[1]
    if width != 1:
        raise ValueError(f"the last layer must have one output; it has {width}")
    return layers


# One straight piece: on [left, right] every value of the layer is slope * x + intercept.
_Piece = tuple[Fraction, Fraction, list[Fraction], list[Fraction]]


# --8<-- [start:pieces]
def _pieces(layers: Sequence[Layer], interval: Interval) -> list[_Piece]:
    """The output's pieces, found layer by layer in exact rational arithmetic.

    Start with one piece, [a, b], where the input is x itself. Through a layer
    every unit is affine on each piece; a ReLU unit whose line crosses zero
    inside a piece splits it there. After the last (affine) layer, neighbouring
    pieces on which the output has the same line are one piece.
    """
    a, b = (Fraction(v) for v in finite_interval(interval))
    pieces = [(a, b, [Fraction(1)], [Fraction(0)])]
    for number, layer in enumerate(layers, start=1):
        W = [[Fraction(float(v)) for v in row] for row in layer.weight]
        c = [Fraction(float(v)) for v in layer.bias]
        hidden = number < len(layers)  # every layer but the last is followed by ReLU
        new = []
        for left, right, slopes, intercepts in pieces:
            s = [sum((slopes[i] * W[i][j] for i in range(len(W))), Fraction(0))
                 for j in range(len(c))]
            t = [sum((intercepts[i] * W[i][j] for i in range(len(W))), c[j])
                 for j in range(len(c))]
            if not hidden:
                new.append((left, right, s, t))
                continue
            # Where a unit's line crosses zero inside the piece, the ReLU bends.
            cuts = sorted({-t[j] / s[j] for j in range(len(c))
                           if s[j] and left < -t[j] / s[j] < right})
            for lo, hi in zip([left, *cuts], [*cuts, right], strict=True):
                middle = (lo + hi) / 2
                on = [s[j] * middle + t[j] > 0 for j in range(len(c))]
                new.append((lo, hi, [s[j] if on[j] else Fraction(0) for j in range(len(c))],
                            [t[j] if on[j] else Fraction(0) for j in range(len(c))]))
        pieces = new
    merged = [pieces[0]]
    for piece in pieces[1:]:
        if piece[2] == merged[-1][2] and piece[3] == merged[-1][3]:  # the same line
            merged[-1] = (merged[-1][0], piece[1], piece[2], piece[3])
        else:
            merged.append(piece)
    return merged
# --8<-- [end:pieces]


def linear_pieces(layers: Sequence[Layer], interval: Interval) -> int:
    """The number of straight pieces of the network's output on the interval, exactly.

    ``layers`` come from :func:`network_layers` (or :func:`sawtooth_layers`):
    ReLU after every layer but the last, one input, one output. The weights'
    floating-point values are converted to fractions exactly, so no rounding
    can merge or split a piece.

    >>> two_hinges = network_layers([[[1, 1]], [[1], [-1]]], [[0, -1], [0]])
    >>> linear_pieces(two_hinges, (-3, 3))   # ReLU(x) − ReLU(x − 1): 0, then x, then 1
    3
    """
    return len(_pieces(layers, interval))


def breakpoints(layers: Sequence[Layer], interval: Interval) -> list[Fraction]:
    """Where the output changes slope inside the interval, in increasing order.

    >>> breakpoints(network_layers([[[1, 1]], [[1], [-1]]], [[0, -1], [0]]), (-3, 3))
    [Fraction(0, 1), Fraction(1, 1)]
    """
    return [piece[1] for piece in _pieces(layers, interval)[:-1]]


# --8<-- [start:sawtooth]
def sawtooth_layers(depth: int) -> list[Layer]:
    """A stack of ``depth`` hidden layers of two ReLU units whose output is the tent map
    T(x) = 2 ReLU(x) − 4 ReLU(x − ½) applied ``depth`` times: 2^depth pieces on [0, 1].

    T folds [0, 1] onto itself, up and back down. Each layer feeds the next
    the tent of its input, so every piece of the previous layer is folded in two.

    >>> [linear_pieces(sawtooth_layers(d), (0, 1)) for d in range(1, 7)]
    [2, 4, 8, 16, 32, 64]
    """
    depth = positive_int(depth, "depth")
    tent = np.array([[2.0], [-4.0]])  # T = 2 ReLU(x) − 4 ReLU(x − ½), read from the two units
    units = np.array([[1.0, 1.0]]), np.array([0.0, -0.5])  # ReLU(x) and ReLU(x − ½)
    first = Layer(*units)
    # Each later layer takes the tent of its input: T(x) @ units = tent @ units.
    later = [Layer(tent @ units[0], units[1]) for _ in range(depth - 1)]
    return [first, *later, Layer(tent, np.zeros(1))]
# --8<-- [end:sawtooth]
