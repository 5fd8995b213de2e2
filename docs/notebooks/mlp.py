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
# # 1.3 Multilayer perceptron: notebook
#
# This notebook takes the 4-5-3 multilayer perceptron of section 1.3 apart:
# its forward pass written out by hand and compared with the `MLP` class, why
# it needs an activation function (seen in a plot), and the softmax and
# cross-entropy that turn its outputs into a loss whose gradient `backward()`
# computes. Everything comes from the `mlp_edu` package (`pip install -e .` in
# the project, or `make setup`).

# %%
import matplotlib.pyplot as plt
import numpy as np

import mlp_edu.autograd as torch
from mlp_edu.losses import cross_entropy, one_hot, softmax
from mlp_edu.mlp import MLP
from mlp_edu.training import iris_split

# mlp_edu draws off-screen by default; show its figures below the cells instead.
# %matplotlib inline

# %% [markdown]
# ## The model in matrix form
#
# For a minibatch $\mathbf{X} \in \mathbb{R}^{n \times d}$ the network computes
#
# $$\mathbf{H} = \phi(\mathbf{X}\mathbf{W}_h + \mathbf{b}_h), \qquad
# \mathbf{O} = \mathbf{H}\mathbf{W}_o + \mathbf{b}_o.$$
#
# Our minibatch is 8 Iris flowers with their 4 measurements, standardised as
# on the training page; the network starts from random weights (seed 0).

# %%
data = iris_split()
X, labels = data.X_train[:8], data.y_train[:8]
net = MLP(4, 5, 3, activation="relu", seed=0)
print(net)
print({name: p.shape for name, p in net.named_parameters().items()})

# %% [markdown]
# The two formulas, written out with the network's own parameters, give
# exactly what calling the network gives:

# %%
H = torch.relu(X @ net.W_h + net.b_h)
outputs = H @ net.W_o + net.b_o  # O
print("H:", H.shape, " O:", outputs.shape)
print(np.array_equal(outputs.detach().numpy(), net(X).detach().numpy()))

# %% [markdown]
# The bias rows $\mathbf{b}_h \in \mathbb{R}^{1 \times h}$ and
# $\mathbf{b}_o \in \mathbb{R}^{1 \times q}$ are added to every row of the
# minibatch by broadcasting.
#
# ## Why the activation function is needed
#
# Leave out $\phi$ and the two layers collapse into one affine map,
# $\mathbf{O} = \mathbf{X}\mathbf{W} + \mathbf{b}$ with
# $\mathbf{W} = \mathbf{W}_h\mathbf{W}_o$ and
# $\mathbf{b} = \mathbf{b}_h\mathbf{W}_o + \mathbf{b}_o$:

# %%
W_h, b_h, W_o, b_o = (p.detach().numpy() for p in net.parameters())
two_affine_layers = (X @ W_h + b_h) @ W_o + b_o
one_layer = X @ (W_h @ W_o) + (b_h @ W_o + b_o)
print(np.allclose(two_affine_layers, one_layer))

# %% [markdown]
# With a single input the difference is easy to see. The network below has
# 1 input, 5 hidden units and 1 output. Without an activation its output is a
# straight line; with ReLU it is a broken line that bends where a hidden unit
# switches on or off, at $x = -b_{h,j} / w_{h,j}$ (the dotted lines).

# %% alt="Output of a 1-5-1 network for x from -3 to 3: without an activation a straight line; with ReLU a line with a single bend at x = 0, where the hidden units switch."
small = MLP(1, 5, 1, activation="relu", seed=3)
x = np.linspace(-3, 3, 601).reshape(-1, 1)
w1, c1, w2, c2 = (p.detach().numpy() for p in small.parameters())
kinks = (-c1 / w1).ravel()

fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(x, small(x).detach().numpy(), label="with ReLU")
ax.plot(x, (x @ w1 + c1) @ w2 + c2, "--", label="without activation")
for kink in kinks[(kinks > -3) & (kinks < 3)]:
    ax.axvline(kink, color="grey", linestyle=":", linewidth=1)
ax.set(xlabel="x", ylabel="output")
ax.legend()
fig.tight_layout()

# %% [markdown]
# Here all five biases are still $0$ (the `MLP` class starts them at zero),
# so every unit switches at $x = 0$ and the ReLU network has one bend. Set the
# biases to random values and the bends spread out:

# %% alt="The same ReLU network with random biases: a broken line with several bends, each at a dotted vertical line where a hidden unit switches on or off."
rng = np.random.default_rng(1)
with torch.no_grad():
    small.b_h += rng.normal(size=small.b_h.shape)
c1 = small.b_h.detach().numpy()
kinks = (-c1 / w1).ravel()

fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(x, small(x).detach().numpy(), label="with ReLU")
for kink in kinks[(kinks > -3) & (kinks < 3)]:
    ax.axvline(kink, color="grey", linestyle=":", linewidth=1)
ax.set(xlabel="x", ylabel="output")
ax.legend()
print("bends at", np.sort(kinks[(kinks > -3) & (kinks < 3)]).round(2))

# %% [markdown]
# ## From outputs to probabilities
#
# The 3 outputs of a flower are scores, one per species. Softmax turns each
# row into probabilities:
#
# $$\hat y_j = \frac{\exp(o_j)}{\sum_k \exp(o_k)}.$$

# %%
P = softmax(net(X).detach().numpy())
print(P.round(3))
print(P.sum(axis=1))

# %% [markdown]
# `mlp_edu` computes it stably: it subtracts each row's largest entry first,
# so even huge logits do not overflow, where the formula as written does:

# %%
logits = np.array([[1000.0, 1000.0, 0.0]])
print(softmax(logits))
with np.errstate(over="ignore", invalid="ignore"):
    print(np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True))

# %% [markdown]
# ## The loss and its gradient
#
# The cross-entropy of a minibatch is the mean negative log-probability of the
# true classes, $\ell = -\frac{1}{n}\sum_i \log \hat y_{i, y_i}$. An untrained
# network knows nothing about the flowers; compare its loss with that of a
# uniform guess, $\log 3 \approx 1.0986$:

# %%
outputs = net(X)
loss = cross_entropy(outputs, labels)
print(f"{loss.item():.4f}", f"{np.log(3):.4f}")

# %% [markdown]
# `backward()` fills the gradient of every parameter. With respect to the
# outputs the gradient has a simple form,
#
# $$\frac{\partial \ell}{\partial \mathbf{O}} = \frac{1}{n}\bigl(
# \operatorname{softmax}(\mathbf{O}) - \operatorname{onehot}(\mathbf{y})\bigr),$$
#
# which gives the gradient of $\mathbf{W}_o$ as
# $\mathbf{H}^\top \frac{\partial \ell}{\partial \mathbf{O}}$:

# %%
loss.backward()
print({name: p.grad.shape for name, p in net.named_parameters().items()})
dO = (softmax(outputs.detach().numpy()) - one_hot(labels, 3)) / len(labels)
hidden = net.hidden(X).detach().numpy()
print(np.allclose(net.W_o.grad.numpy(), hidden.T @ dO))

# %% [markdown]
# ## Exercises
#
# 1. **Other activations.** Redo the one-input plot with
#    `activation="sigmoid"` and `"tanh"`. Which networks are piecewise
#    linear? Which are smooth?
# 2. **Counting bends.** A one-input ReLU network with $h$ hidden units has at
#    most $h$ bends. Check it for $h = 20$ with random biases. Can two units
#    bend at the same point?
# 3. **Softmax and shifts.** Show numerically that adding the same number to
#    every logit of a row leaves the softmax unchanged. What does multiplying
#    all logits by $10$ do to the probabilities? (The cell below is a start.)
# 4. **The bias gradient.** Derive $\partial \ell / \partial \mathbf{b}_o$ from
#    $\partial \ell / \partial \mathbf{O}$ and check it against
#    `net.b_o.grad`.

# %%
row = np.array([[2.0, 1.0, -1.0]])
print(softmax(row).round(4), softmax(row + 100).round(4))
# Your turn: softmax(10 * row)
