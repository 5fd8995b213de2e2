"""How the weights of a layer start: the scale of the random normal weights.

Three rules, each written once: a small constant (naive), Xavier (Glorot) and
He. Each gives the standard deviation of the normal weights of a layer with
``fan_in`` inputs and ``fan_out`` outputs. :class:`~mlp_edu.mlp.MLP` uses
He for ReLU and Xavier otherwise (:data:`RECOMMENDED_INIT`);
:mod:`mlp_edu.depth` compares all three in deep stacks.

>>> init_std("xavier", 4, 5) == math.sqrt(2 / 9)
True
"""

from __future__ import annotations

import math

from mlp_edu.checks import known_name

__all__ = ["INITS", "RECOMMENDED_INIT", "init_std"]


# --8<-- [start:inits]
def _naive(fan_in: int, fan_out: int) -> float:
    return 0.01  # a small constant, as in the book's MLP (PyTorch version, 3.9 and 3.10)


def _xavier(fan_in: int, fan_out: int) -> float:
    # Glorot & Bengio (2010): keep the variance of the signal forwards and of the
    # gradient backwards about equal for an activation with slope 1 at 0 (tanh).
    return math.sqrt(2.0 / (fan_in + fan_out))


def _he(fan_in: int, fan_out: int) -> float:
    # He et al. (2015): ReLU zeroes half its inputs, so twice the variance is needed.
    return math.sqrt(2.0 / fan_in)


INITS = {"naive": _naive, "xavier": _xavier, "he": _he}
# --8<-- [end:inits]

# What each activation is paired with here (and MLP's default): He et al. (2015)
# derived theirs for ReLU; Glorot & Bengio (2010) theirs for tanh-like units.
RECOMMENDED_INIT = {"sigmoid": "xavier", "tanh": "xavier", "relu": "he"}


def init_std(init: str, fan_in: int, fan_out: int) -> float:
    """The standard deviation of the normal weights of a fan_in × fan_out layer.

    ``init`` is one of :data:`INITS`: ``"naive"`` (0.01), ``"xavier"``
    (sqrt(2 / (fan_in + fan_out))) or ``"he"`` (sqrt(2 / fan_in)).

    >>> init_std("naive", 64, 64), init_std("xavier", 64, 64), round(init_std("he", 64, 64), 4)
    (0.01, 0.125, 0.1768)
    >>> init_std("uniform", 64, 64)
    Traceback (most recent call last):
    ValueError: unknown init 'uniform'; known: 'naive', 'xavier', 'he'
    """
    return INITS[known_name(init, INITS, "init")](fan_in, fan_out)
