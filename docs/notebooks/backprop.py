# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Backpropagation: notebook
#
# This notebook computes every gradient of the 4-5-3 network by hand, in
# plain numpy, on eight Iris flowers: the forward pass with its
# intermediates, the backward pass one formula at a time, a comparison with
# `backward()` and with finite differences, and the memory the intermediates
# take. Everything comes from the `mlp_edu` package (`pip install -e .` in
# the project, or `make setup`).

# %%
import matplotlib.pyplot as plt
import numpy as np

from mlp_edu.activations import relu, relu_grad
from mlp_edu.backprop import backward, example_minibatch, forward, training_memory
from mlp_edu.losses import cross_entropy, one_hot, softmax

# mlp_edu draws off-screen by default; show its figures below the cells instead.
# %matplotlib inline

# %% [markdown]
# ## The forward pass
#
# The untrained network (seed 0) and the first eight training flowers,
# standardised. The four parameters as numpy arrays:

# %%
net, X, y = example_minibatch()
W_h, b_h, W_o, b_o = (p.detach().numpy() for p in net.parameters())
print("X", X.shape, " labels", y)

# %% [markdown]
# Each line is one formula of section 1.3, and each result is kept:
#
# $$\mathbf{Z} = \mathbf{X}\mathbf{W}_h + \mathbf{b}_h, \quad
# \mathbf{H} = \operatorname{ReLU}(\mathbf{Z}), \quad
# \mathbf{O} = \mathbf{H}\mathbf{W}_o + \mathbf{b}_o, \quad
# \ell = \frac1n \sum_i -\log \operatorname{softmax}(\mathbf{o}_i)_{y_i}.$$

# %%
Z = X @ W_h + b_h
H = relu(Z)
outputs = H @ W_o + b_o  # O
loss = cross_entropy(outputs, y)
print("Z", Z.shape, " H", H.shape, " O", outputs.shape, f" loss {loss:.4f}")

# %% [markdown]
# ## The backward pass, one formula at a time
#
# From the loss back to the parameters:
#
# $$\frac{\partial \ell}{\partial \mathbf{O}} = \frac1n\bigl(\operatorname{softmax}(\mathbf{O})
# - \operatorname{onehot}(\mathbf{y})\bigr), \quad
# \frac{\partial \ell}{\partial \mathbf{W}_o} = \mathbf{H}^\top \frac{\partial \ell}{\partial \mathbf{O}}, \quad
# \frac{\partial \ell}{\partial \mathbf{H}} = \frac{\partial \ell}{\partial \mathbf{O}} \mathbf{W}_o^\top,$$
#
# $$\frac{\partial \ell}{\partial \mathbf{Z}} = \frac{\partial \ell}{\partial \mathbf{H}} \odot
# \operatorname{ReLU}'(\mathbf{Z}), \quad
# \frac{\partial \ell}{\partial \mathbf{W}_h} = \mathbf{X}^\top \frac{\partial \ell}{\partial \mathbf{Z}},$$
#
# and each bias gradient is the column sum of the gradient of its layer's output.

# %%
n = len(y)
dO = (softmax(outputs) - one_hot(y, 3)) / n
dW_o, db_o = H.T @ dO, dO.sum(axis=0, keepdims=True)
dH = dO @ W_o.T
dZ = dH * relu_grad(Z)
dW_h, db_h = X.T @ dZ, dZ.sum(axis=0, keepdims=True)
mine = {"W_h": dW_h, "b_h": db_h, "W_o": dW_o, "b_o": db_o}
print({name: g.shape for name, g in mine.items()})

# %% [markdown]
# The same as `mlp_edu.backprop.backward`, which the page shows line by line:

# %%
package = backward(forward(net, X, y), net)
print(all(np.array_equal(mine[name], package[name]) for name in mine))

# %% [markdown]
# ## Checked against autograd
#
# `loss.backward()` on the network's own forward pass fills each parameter's
# `.grad`. The largest difference from the hand-derived gradients:

# %%
cross_entropy(net(X), y).backward()
for name, p in net.named_parameters().items():
    print(name, f"{np.abs(mine[name] - p.grad.numpy()).max():.1e}")

# %% [markdown]
# ## Checked against finite differences
#
# Nudge one weight by $\pm h$, run the forward pass again, and divide the
# change of the loss by $2h$. The plot shows, for every entry of
# $\mathbf{W}_h$, the central difference against the formula: the points
# lie on the diagonal.

# %% alt="A scatter plot of the 20 entries of the gradient of W_h: the finite-difference estimate against the hand-derived formula, all points on the diagonal line y = x."
def loss_with(W):
    return cross_entropy(relu(X @ W + b_h) @ W_o + b_o, y)


h = 1e-6
numeric = np.zeros_like(W_h)
for index in np.ndindex(W_h.shape):
    step = np.zeros_like(W_h)
    step[index] = h
    numeric[index] = (loss_with(W_h + step) - loss_with(W_h - step)) / (2 * h)
print(f"largest difference {np.abs(numeric - dW_h).max():.1e}")

fig, ax = plt.subplots(figsize=(4, 4))
ax.plot(dW_h.ravel(), numeric.ravel(), "o")
limits = [dW_h.min() - 0.01, dW_h.max() + 0.01]
ax.plot(limits, limits, ":", color="grey")
ax.set(xlabel="formula", ylabel="finite difference", title="dloss/dW_h")
fig.tight_layout()

# %% [markdown]
# ## Why training keeps the intermediates
#
# The backward pass above read `X`, `Z`, `H` and `outputs` ($\mathbf{O}$), so they had to be kept
# from the forward pass. In bytes, for this minibatch and for the 784-256-10
# network of the book's next chapters on 256 images in float32:

# %%
print({name: a.nbytes for name, a in {"X": X, "Z": Z, "H": H, "O": outputs}.items()})
print(training_memory(784, 256, 10, batch=256))

# %% [markdown]
# ## Exercises
#
# 1. **A tanh network.** Redo the backward pass for
#    `MLP(4, 5, 3, activation="tanh")`. Which line changes? Use
#    `mlp_edu.activations.tanh_grad`, and compare with `backward()`.
# 2. **The input gradient.** Compute $\partial\ell/\partial\mathbf{X} =
#    \frac{\partial\ell}{\partial\mathbf{Z}}\mathbf{W}_h^\top$. Which of the
#    four measurements is the loss most sensitive to, flower by flower?
# 3. **A bug on purpose.** Forget the $1/n$ in $\partial\ell/\partial\mathbf{O}$.
#    What does the finite-difference plot look like then?
# 4. **Memory against the minibatch.** Plot the bytes of the intermediates of
#    the 784-256-10 network against the minibatch size, from 1 to 1024, with
#    the bytes of its parameters as a horizontal line. Where do they cross?
#    (The cell below is a start.)

# %%
sizes = [1, 16, 64, 256, 1024]
kept = [sum(v for k, v in training_memory(784, 256, 10, batch=b).items() if k != "parameters")
        for b in sizes]
print(dict(zip(sizes, kept, strict=True)))
