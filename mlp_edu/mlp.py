"""The multilayer perceptron of section 1.3, with its parameters named as in the math.

For a minibatch X of n examples with d inputs (shape (n, d)), the network
with h hidden units and q outputs computes

    H = φ(X W_h + b_h)        W_h: (d, h),  b_h: (1, h)
    O = H W_o + b_o           W_o: (h, q),  b_o: (1, q)

with φ one of the activations of section 1.2, applied elementwise. The four
parameters are :mod:`mlp_edu.autograd` tensors with ``requires_grad=True``,
so ``loss.backward()`` gives each of them a ``.grad``.

>>> net = MLP(4, 5, 3)
>>> net(np.zeros((2, 4))).shape
(2, 3)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mlp_edu.activations import CATALOGUE
from mlp_edu.autograd import Tensor, no_grad, tensor
from mlp_edu.checks import known_name, positive_int
from mlp_edu.init import INITS, RECOMMENDED_INIT

__all__ = ["ACTIVATIONS", "MLP"]

# The activation φ, by name: the autograd op of each activation of the catalogue
# (mlp_edu.activations.CATALOGUE), which maps a Tensor to a Tensor with its derivative.
ACTIVATIONS = {name: getattr(Tensor, name) for name in CATALOGUE}
# No φ at all, H = X W_h + b_h: the network of 1.3.3 that collapses to one affine layer.
ACTIVATIONS["identity"] = lambda H: H


class MLP:
    """A multilayer perceptron with one hidden layer: d inputs, h hidden units, q outputs.

    Parameters
    ----------
    num_inputs, num_hiddens, num_outputs
        d, h and q.
    activation
        The name of φ: ``"relu"``, ``"sigmoid"``, ``"tanh"`` or another activation of
        :data:`mlp_edu.activations.CATALOGUE`, or ``"identity"`` for no φ at all.
    seed
        Seed of the random initial weights; one seed, one network.
    init
        How the weights are drawn: ``"he"`` (normal, standard deviation
        sqrt(2 / fan_in)), ``"xavier"`` (sqrt(2 / (fan_in + fan_out))) or
        ``"naive"`` (0.01), as in :mod:`mlp_edu.depth`. None (the default)
        means He for ReLU and Xavier for every other activation, the pairings
        the page "Why ReLU won" measures.
    init_std
        A standard deviation for all weights instead (the book's from-scratch
        MLP, section 3.9, uses 0.01); it overrides ``init``.

    Attributes
    ----------
    W_h, b_h, W_o, b_o : Tensor
        The parameters, with shapes (d, h), (1, h), (h, q) and (1, q).

    Examples
    --------
    >>> net = MLP(4, 5, 3, activation="tanh")
    >>> net
    MLP(num_inputs=4, num_hiddens=5, num_outputs=3, activation='tanh')
    >>> net.init, MLP(4, 5, 3).init
    ('xavier', 'he')
    >>> [tuple(p.shape) for p in net.parameters()]
    [(4, 5), (1, 5), (5, 3), (1, 3)]
    >>> MLP(4, 5, 3, activation="step")
    Traceback (most recent call last):
    ValueError: unknown activation 'step'; known: 'relu', 'sigmoid', 'tanh', 'leaky_relu', ...
    """

    # --8<-- [start:init]
    def __init__(
        self,
        num_inputs: int,
        num_hiddens: int,
        num_outputs: int,
        activation: str = "relu",
        seed: int = 0,
        init_std: float | None = None,
        init: str | None = None,
    ) -> None:
        self.phi = ACTIVATIONS[known_name(activation, ACTIVATIONS, "activation")]
        self.init = known_name(RECOMMENDED_INIT.get(activation, "xavier") if init is None
                               else init, INITS, "init")
        self.activation = activation
        self.num_inputs = positive_int(num_inputs, "num_inputs")
        self.num_hiddens = positive_int(num_hiddens, "num_hiddens")
        self.num_outputs = positive_int(num_outputs, "num_outputs")
        rng = np.random.default_rng(seed)

        def weights(fan_in: int, fan_out: int) -> Tensor:
            # He for ReLU, Xavier for the others (mlp_edu.init): the scale that keeps the
            # signal's size about the same from layer to layer, forwards and backwards.
            std = INITS[self.init](fan_in, fan_out) if init_std is None else init_std
            return tensor(rng.normal(0.0, std, size=(fan_in, fan_out)), requires_grad=True)

        self.W_h = weights(self.num_inputs, self.num_hiddens)
        self.b_h = tensor(np.zeros((1, self.num_hiddens)), requires_grad=True)
        self.W_o = weights(self.num_hiddens, self.num_outputs)
        self.b_o = tensor(np.zeros((1, self.num_outputs)), requires_grad=True)
    # --8<-- [end:init]

    def parameters(self) -> list[Tensor]:
        """``[W_h, b_h, W_o, b_o]``: the tensors that training changes."""
        return [self.W_h, self.b_h, self.W_o, self.b_o]

    def named_parameters(self) -> dict[str, Tensor]:
        """The parameters by their names in the math.

        >>> {name: p.shape for name, p in MLP(4, 5, 3).named_parameters().items()}
        {'W_h': (4, 5), 'b_h': (1, 5), 'W_o': (5, 3), 'b_o': (1, 3)}
        """
        return dict(zip(["W_h", "b_h", "W_o", "b_o"], self.parameters(), strict=True))

    def _check_input(self, X: Tensor | ArrayLike) -> Tensor:
        X = X if isinstance(X, Tensor) else Tensor(X)
        if len(X.shape) != 2 or X.shape[1] != self.num_inputs:
            raise ValueError(
                f"expected an input of shape (n, {self.num_inputs}): n examples with "
                f"{self.num_inputs} features each; got shape {tuple(X.shape)}"
            )
        return X

    # --8<-- [start:forward]
    def hidden(self, X: Tensor | ArrayLike) -> Tensor:
        """The hidden representation H = φ(X W_h + b_h), shape (n, h)."""
        X = self._check_input(X)
        return self.phi(X @ self.W_h + self.b_h)

    def __call__(self, X: Tensor | ArrayLike) -> Tensor:
        """The outputs (logits) O = H W_o + b_o, shape (n, q), for inputs X of shape (n, d)."""
        H = self.hidden(X)
        return H @ self.W_o + self.b_o
    # --8<-- [end:forward]

    def predict(self, X: Tensor | ArrayLike) -> NDArray[np.int64]:
        """The class with the largest output for each example, as integers.

        >>> MLP(2, 3, 4).predict(np.zeros((5, 2))).shape
        (5,)
        """
        with no_grad():
            return self(X).numpy().argmax(axis=1)

    def __repr__(self) -> str:
        return (
            f"MLP(num_inputs={self.num_inputs}, num_hiddens={self.num_hiddens}, "
            f"num_outputs={self.num_outputs}, activation={self.activation!r})"
        )
