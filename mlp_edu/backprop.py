"""Forward and backward propagation through the chapter's network, written out by hand.

The forward pass of the MLP of section 1.3 on a minibatch X (n examples, one
per row) with integer labels y computes, and keeps, every intermediate:

    Z = X W_h + b_h          (n, h)   the hidden layer's input
    H = φ(Z)                 (n, h)   the hidden representation
    O = H W_o + b_o          (n, q)   the outputs (logits)
    ℓ = cross_entropy(O, y)  ()       the mean loss

The backward pass applies the chain rule from ℓ back to the parameters, one
step per line of :func:`backward`; each step is one small function below,
named for what it computes, and each formula exists once:

    ∂ℓ/∂O   = (softmax(O) − onehot(y)) / n     :func:`grad_logits`
    ∂ℓ/∂W_o = Hᵀ ∂ℓ/∂O,   ∂ℓ/∂b_o = 1ᵀ ∂ℓ/∂O   :func:`grad_weight`, :func:`grad_bias`
    ∂ℓ/∂H   = ∂ℓ/∂O W_oᵀ                        :func:`grad_input`
    ∂ℓ/∂Z   = ∂ℓ/∂H ⊙ φ'(Z)                     :func:`grad_preactivation`
    ∂ℓ/∂W_h = Xᵀ ∂ℓ/∂Z,   ∂ℓ/∂b_h = 1ᵀ ∂ℓ/∂Z   :func:`grad_weight`, :func:`grad_bias`

They give what ``loss.backward()`` of :mod:`mlp_edu.autograd` gives:

>>> from mlp_edu.mlp import MLP
>>> from mlp_edu.losses import cross_entropy
>>> net = MLP(4, 5, 3, seed=0)
>>> X, y = np.random.default_rng(0).normal(size=(8, 4)), np.arange(8) % 3
>>> grads = backward(forward(net, X, y), net)
>>> cross_entropy(net(X), y).backward()
>>> all(np.allclose(grads[name], p.grad.numpy()) for name, p in net.named_parameters().items())
True

The backward pass reads four arrays of the forward pass besides the
parameters (:data:`SAVED_FOR_BACKWARD`); :func:`saved_bytes` and
:func:`training_memory` count what keeping them costs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mlp_edu.activations import CATALOGUE
from mlp_edu.autograd import Tensor
from mlp_edu.checks import as_real_array, check_labels, known_name, positive_int
from mlp_edu.compgraph import graph_edges, graph_nodes
from mlp_edu.losses import cross_entropy, one_hot, softmax
from mlp_edu.mlp import ACTIVATIONS, MLP

__all__ = [
    "PARAMETERS",
    "example_minibatch",
    "autograd_forward",
    "SAVED_FOR_BACKWARD",
    "ForwardPass",
    "parameters_of",
    "forward",
    "grad_logits",
    "grad_weight",
    "grad_bias",
    "grad_input",
    "grad_preactivation",
    "backward",
    "saved_bytes",
    "training_memory",
    "graph_bytes",
]

Array = NDArray[np.floating]
PARAMETERS = ("W_h", "b_h", "W_o", "b_o")
# What backward() reads of the forward pass, besides the parameters and the labels.
SAVED_FOR_BACKWARD = ("X", "Z", "H", "O")


@dataclass(frozen=True)
class ForwardPass:
    """Every intermediate of one forward pass, named as in the math.

    Attributes
    ----------
    X : (n, d) array
        The minibatch, one example per row.
    y : (n,) int array
        The true classes.
    Z, H : (n, h) arrays
        The hidden layer's input ``X W_h + b_h`` and output ``φ(Z)``.
    O : (n, q) array
        The outputs (logits) ``H W_o + b_o``.
    loss : float
        The mean cross-entropy of ``O`` and ``y``.
    activation : str
        The name of φ.
    """

    X: Array
    y: NDArray[np.int64]
    Z: Array
    H: Array
    O: Array  # noqa: E741 - the name in the math
    loss: float
    activation: str

    def shapes(self) -> dict[str, tuple[int, ...]]:
        """The shape of each intermediate, the loss a scalar ``()``.

        >>> fp = forward(MLP(4, 5, 3), np.zeros((2, 4)), [0, 1])
        >>> fp.shapes()
        {'X': (2, 4), 'Z': (2, 5), 'H': (2, 5), 'O': (2, 3), 'loss': ()}
        """
        arrays = {name: getattr(self, name).shape for name in ("X", "Z", "H", "O")}
        return {**arrays, "loss": ()}


# --8<-- [start:example]
def example_minibatch(size: int = 8) -> tuple[MLP, Array, NDArray[np.int64]]:
    """The page's example: the untrained 4-5-3 ReLU network (seed 0) and the first
    ``size`` training flowers of :func:`mlp_edu.training.iris_split`, standardised.

    >>> net, X, y = example_minibatch()
    >>> net
    MLP(num_inputs=4, num_hiddens=5, num_outputs=3, activation='relu')
    >>> X.shape, y.tolist()
    ((8, 4), [0, 2, 1, 2, 2, 1, 0, 2])
    """
    from mlp_edu.training import iris_split

    data = iris_split()
    if positive_int(size, "size") > len(data.y_train):
        raise ValueError(f"size must be at most {len(data.y_train)}, the training flowers; "
                         f"got {size!r}")
    return MLP(4, 5, 3, activation="relu", seed=0), data.X_train[:size], data.y_train[:size]
# --8<-- [end:example]


def autograd_forward(net: MLP, X: ArrayLike, y: ArrayLike) -> dict[str, Tensor]:
    """The same forward pass in :mod:`mlp_edu.autograd`, every intermediate a named tensor.

    ``loss.backward()`` then fills the ``.grad`` of the network's parameters.

    >>> net, X, y = example_minibatch()
    >>> t = autograd_forward(net, X, y)
    >>> list(t)
    ['X', 'W_h', 'b_h', 'Z', 'H', 'W_o', 'b_o', 'O', 'loss']
    >>> t["W_h"] is net.W_h, t["loss"].item() == forward(net, X, y).loss
    (True, True)
    """
    X = Tensor(_minibatch(X, net.num_inputs))
    Z = X @ net.W_h + net.b_h
    H = net.phi(Z)
    O = H @ net.W_o + net.b_o  # noqa: E741
    return {"X": X, "W_h": net.W_h, "b_h": net.b_h, "Z": Z, "H": H, "W_o": net.W_o,
            "b_o": net.b_o, "O": O, "loss": cross_entropy(O, y)}


def parameters_of(net: MLP) -> dict[str, Array]:
    """The network's parameters as numpy arrays (copies), by their names in the math.

    >>> {name: p.shape for name, p in parameters_of(MLP(4, 5, 3)).items()}
    {'W_h': (4, 5), 'b_h': (1, 5), 'W_o': (5, 3), 'b_o': (1, 3)}
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an mlp_edu.mlp.MLP; got {type(net).__name__}")
    return {name: p.detach().numpy().copy() for name, p in net.named_parameters().items()}


def _parameters(net: MLP | Mapping[str, ArrayLike]) -> dict[str, Array]:
    if isinstance(net, MLP):
        return parameters_of(net)
    if not isinstance(net, Mapping):
        raise TypeError("net must be an MLP or a mapping of the parameters W_h, b_h, W_o, b_o; "
                        f"got {type(net).__name__}")
    missing = [name for name in PARAMETERS if name not in net]
    if missing:
        raise ValueError(f"the parameters lack {', '.join(missing)}; need {', '.join(PARAMETERS)}")
    params = {name: as_real_array(net[name], name) for name in PARAMETERS}
    d, h = params["W_h"].shape if params["W_h"].ndim == 2 else (None, None)
    q = params["W_o"].shape[1] if params["W_o"].ndim == 2 else None
    expected = {"W_h": (d, h), "b_h": (1, h), "W_o": (h, q), "b_o": (1, q)}
    for name, shape in expected.items():
        if None in shape or params[name].shape != shape:
            raise ValueError(f"{name} must have shape (d, h), (1, h), (h, q) or (1, q) as in "
                             f"W_h, b_h, W_o, b_o; got {name} of shape {params[name].shape}")
    return params


def _minibatch(X: ArrayLike, d: int) -> Array:
    X = as_real_array(X, "X")
    if X.ndim != 2 or X.shape[1] != d:
        raise ValueError(f"X must have shape (n, {d}): n examples with {d} features each; "
                         f"got {X.shape}")
    return X


def _activation(name: str):
    """φ and φ' for an activation the MLP knows: one of
    :data:`mlp_edu.activations.CATALOGUE`, or ``"identity"`` (no φ: φ(z) = z, φ'(z) = 1)."""
    name = known_name(name, ACTIVATIONS, "activation")
    if name == "identity":
        return (lambda z: z), np.ones_like
    activation = CATALOGUE[name]
    return activation.f, activation.grad


# --8<-- [start:forward]
def forward(net: MLP | Mapping[str, ArrayLike], X: ArrayLike, y: ArrayLike,
            activation: str | None = None) -> ForwardPass:
    """The forward pass of section 1.3, keeping every intermediate.

    ``net`` is an :class:`~mlp_edu.mlp.MLP` (its parameters and activation are
    used) or a mapping of the arrays ``W_h, b_h, W_o, b_o``, with
    ``activation`` naming φ (default ``"relu"``).

    >>> net = MLP(4, 5, 3, seed=0)
    >>> fp = forward(net, np.ones((2, 4)), [0, 2])
    >>> bool(np.allclose(fp.O, net(np.ones((2, 4))).detach().numpy()))
    True
    >>> forward(MLP(4, 5, 3), np.ones((2, 3)), [0, 2])
    Traceback (most recent call last):
    ValueError: X must have shape (n, 4): n examples with 4 features each; got (2, 3)
    """
    params = _parameters(net)
    if activation is None:
        activation = net.activation if isinstance(net, MLP) else "relu"
    phi, _ = _activation(activation)
    X = _minibatch(X, params["W_h"].shape[0])
    y = check_labels(y, X.shape[0], params["W_o"].shape[1])
    Z = X @ params["W_h"] + params["b_h"]
    H = phi(Z)
    O = H @ params["W_o"] + params["b_o"]  # noqa: E741 - the name in the math
    return ForwardPass(X, y, Z, H, O, cross_entropy(O, y), activation)
# --8<-- [end:forward]


# --8<-- [start:gradients]
def grad_logits(O: Array, y: NDArray[np.int64]) -> Array:  # noqa: E741
    """∂ℓ/∂O = (softmax(O) − onehot(y)) / n for the mean cross-entropy ℓ.

    >>> grad_logits(np.zeros((1, 3)), np.array([2])).round(4)
    array([[ 0.3333,  0.3333, -0.6667]])
    """
    return (softmax(O) - one_hot(y, O.shape[1])) / O.shape[0]


def grad_weight(layer_input: Array, grad_output: Array) -> Array:
    """∂ℓ/∂W = (layer input)ᵀ ∂ℓ/∂(layer output), for a layer ``input @ W + b``.

    Entry (j, k) adds up, over the examples, input j times the gradient of output k.
    """
    return layer_input.T @ grad_output


def grad_bias(grad_output: Array) -> Array:
    """∂ℓ/∂b = 1ᵀ ∂ℓ/∂(layer output): the bias was added to every row, so sum the rows."""
    return grad_output.sum(axis=0, keepdims=True)


def grad_input(grad_output: Array, weight: Array) -> Array:
    """∂ℓ/∂(layer input) = ∂ℓ/∂(layer output) Wᵀ: the gradient goes back along each weight."""
    return grad_output @ weight.T


def grad_preactivation(grad_activation: Array, Z: Array, activation: str) -> Array:
    """∂ℓ/∂Z = ∂ℓ/∂H ⊙ φ'(Z): φ acts elementwise, so the chain rule multiplies elementwise."""
    _, phi_grad = _activation(activation)
    return grad_activation * phi_grad(Z)
# --8<-- [end:gradients]


# --8<-- [start:backward]
def backward(fp: ForwardPass, net: MLP | Mapping[str, ArrayLike]) -> dict[str, Array]:
    """The gradient of ``fp.loss`` with respect to every intermediate and parameter.

    Returns ``{"O", "W_o", "b_o", "H", "Z", "W_h", "b_h"}``, each the gradient
    ∂ℓ/∂(that name), in the order the backward pass computes them. It reads
    only ``fp.X``, ``fp.Z``, ``fp.H``, ``fp.O`` (and the labels) of the forward pass.
    """
    W_o = _parameters(net)["W_o"]
    g = {"O": grad_logits(fp.O, fp.y)}
    g["W_o"], g["b_o"] = grad_weight(fp.H, g["O"]), grad_bias(g["O"])
    g["H"] = grad_input(g["O"], W_o)
    g["Z"] = grad_preactivation(g["H"], fp.Z, fp.activation)
    g["W_h"], g["b_h"] = grad_weight(fp.X, g["Z"]), grad_bias(g["Z"])
    return g
# --8<-- [end:backward]


# --8<-- [start:memory]
def saved_bytes(fp: ForwardPass) -> dict[str, int]:
    """The bytes of each array the backward pass reads, kept from the forward pass.

    >>> saved_bytes(forward(MLP(4, 5, 3), np.zeros((10, 4)), np.zeros(10, dtype=int)))
    {'X': 320, 'Z': 400, 'H': 400, 'O': 240}
    """
    return {name: getattr(fp, name).nbytes for name in SAVED_FOR_BACKWARD}


def training_memory(num_inputs: int, num_hiddens: int, num_outputs: int, batch: int,
                    dtype: type = np.float32, seed: int = 0) -> dict[str, int]:
    """Bytes a training step keeps for the backward pass, and the bytes of the parameters.

    Runs the forward pass of a ``num_inputs``-``num_hiddens``-``num_outputs``
    network on a random minibatch of ``batch`` examples with ``dtype`` numbers
    (float32, as PyTorch trains by default) and measures the arrays.

    >>> training_memory(4, 5, 3, batch=10, dtype=np.float64)
    {'X': 320, 'Z': 400, 'H': 400, 'O': 240, 'parameters': 344}
    """
    batch = positive_int(batch, "batch")
    params = {name: p.astype(dtype) for name, p in
              parameters_of(MLP(num_inputs, num_hiddens, num_outputs, seed=seed)).items()}
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(batch, num_inputs)).astype(dtype)
    y = rng.integers(num_outputs, size=batch)
    fp = forward(params, X, y)
    return {**saved_bytes(fp), "parameters": sum(p.nbytes for p in params.values())}
# --8<-- [end:memory]


def graph_bytes(output: Tensor) -> dict[str, int]:
    """What :mod:`mlp_edu.autograd`'s graph of ``output`` holds: arrays and bytes.

    Every tensor computed on the way to ``output`` stays reachable from it
    (each remembers its inputs) until the graph is dropped; ``leaves`` are the
    tensors it was computed from (parameters, data, constants).

    >>> import mlp_edu.autograd as torch
    >>> x = torch.tensor(np.zeros(4), requires_grad=True)
    >>> graph_bytes((x.relu() * 2.0).sum())
    {'intermediates': 3, 'intermediate_bytes': 72, 'leaves': 2, 'leaf_bytes': 40}
    """
    nodes = [node for node, _ in graph_nodes(output)]
    computed = {id(child) for _, child in graph_edges(output)}
    inner = [node for node in nodes if id(node) in computed]
    leaves = [node for node in nodes if id(node) not in computed]
    return {"intermediates": len(inner), "intermediate_bytes": sum(t.array.nbytes for t in inner),
            "leaves": len(leaves), "leaf_bytes": sum(t.array.nbytes for t in leaves)}
