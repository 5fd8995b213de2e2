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
# # 1.1 Hidden layer: notebook
#
# This notebook retraces section 1.1 by hand: a problem no linear model can
# solve, two hidden units that solve it, and then the chapter's network with 4
# inputs, 5 hidden units and 3 outputs, drawn and counted. It needs only the
# `mlp_edu` package (`pip install -e .` in the project, or `make setup`).
#
# Run the cells from top to bottom; the exercises at the end build on them.

# %%
from itertools import pairwise

import matplotlib.pyplot as plt
import numpy as np

from mlp_edu.activations import relu
from mlp_edu.data import SPECIES, load_iris
from mlp_edu.diagram import draw_network, edges, nodes
from mlp_edu.mlp import MLP

# mlp_edu draws off-screen by default; show its figures below the cells instead.
# %matplotlib inline

# %% [markdown]
# ## What a linear model cannot do
#
# Two binary inputs, and an output that should be $1$ when exactly one of them
# is on: the *exclusive or*.

# %%
X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y = np.array([0.0, 1.0, 1.0, 0.0])

# %% [markdown]
# A linear (strictly, affine) model computes $o = \mathbf{x}\mathbf{w} + b$.
# Appending a constant $1$ to every input turns the bias into one more
# weight, and least squares finds the best weights at once:

# %%
with_bias = np.column_stack([X, np.ones(len(X))])
w, *_ = np.linalg.lstsq(with_bias, y, rcond=None)
print("weights and bias:", w.round(12) + 0.0)
print("outputs:", (with_bias @ w).round(12) + 0.0)

# %% [markdown]
# The best affine fit gives up and answers $0.5$ for every input: with the
# weights fixed, raising $x_1$ would have to raise the output when $x_2 = 0$
# and lower it when $x_2 = 1$, and one weight cannot do both.

# %% [markdown]
# ## Two hidden units
#
# A hidden layer computes new features first. Here the first hidden unit
# counts the inputs that are on, the second fires only when both are:
#
# $$\mathbf{H} = \operatorname{ReLU}(\mathbf{X}\mathbf{W}_h + \mathbf{b}_h),
# \qquad \mathbf{o} = \mathbf{H}\mathbf{w}_o.$$

# %%
W_h = np.array([[1.0, 1.0], [1.0, 1.0]])
b_h = np.array([[0.0, -1.0]])
w_o = np.array([[1.0], [-2.0]])

H = relu(X @ W_h + b_h)
print(H)
print("outputs:", (H @ w_o).ravel())

# %% [markdown]
# All four answers are right. Plotting the four examples before and after
# the hidden layer shows why: the inputs that should give $1$ (filled) sit
# diagonally opposite each other, but in the hidden features
# $(h_1, h_2)$ they land on one point, and a single straight line now
# separates them from the others.

# %% alt="Two panels. Left, the four inputs of the exclusive or: the two that should give 1, at (0, 1) and (1, 0), sit diagonally opposite. Right, their hidden features: both land on the point (1, 0), which a dashed straight line separates from (0, 0) and (2, 1)."
fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.4))
for ax, points, title, labels in [
    (left, X, "inputs", ("$x_1$", "$x_2$")),
    (right, H, "hidden features", ("$h_1$", "$h_2$")),
]:
    ax.scatter(*points[y == 1].T, s=120, label="xor = 1")
    ax.scatter(*points[y == 0].T, s=120, facecolors="none", edgecolors="C1", label="xor = 0")
    ax.set(title=title, xlabel=labels[0], ylabel=labels[1], xlim=(-0.5, 2.5), ylim=(-0.5, 1.5))
right.plot([-0.5, 2.5], [-0.5, 1.0], "k--", linewidth=1)  # where o = h1 - 2 h2 = 0.5
left.legend(loc="upper right")
fig.tight_layout()

# %% [markdown]
# ## The chapter's network
#
# The chapter's example has 4 inputs, 5 hidden units and 3 outputs. Every unit
# of a layer feeds every unit of the next, so both layers are *fully
# connected*. `draw_network` draws any such network from its layer sizes:

# %% alt="The 4-5-3 network: four input units at the bottom, five hidden units in the middle, three outputs at the top, with an arrow from every unit to every unit of the next layer."
fig = draw_network([4, 5, 3])
print(len(nodes(fig)), "units,", len(edges(fig)), "arrows")

# %% [markdown]
# One arrow, one weight: $4 \cdot 5 = 20$ into the hidden layer and
# $5 \cdot 3 = 15$ into the output layer. Add a bias for every hidden and
# output unit and the network has
#
# $$\underbrace{4 \cdot 5 + 5}_{\text{hidden layer}}
# + \underbrace{5 \cdot 3 + 3}_{\text{output layer}} = 43$$
#
# parameters. The `MLP` class of section 1.3 stores exactly these, named as in
# the math:

# %%
net = MLP(4, 5, 3, activation="relu", seed=0)
shapes = {name: p.shape for name, p in net.named_parameters().items()}
print(shapes)
print(sum(int(np.prod(shape)) for shape in shapes.values()), "parameters")

# %% [markdown]
# The input layer holds the data and computes nothing, so it is not counted:
# this network has **2 layers**. Its hidden layer turns the 4 numbers of an
# example into 5 new features, as the two hidden units did for the exclusive
# or. The chapter's network has the shape the Iris flowers need: 4
# measurements in, one of 3 species out. Here is one flower of each species, and its hidden features in
# the untrained network:

# %%
flowers, species = load_iris()
picked = flowers[[0, 50, 100]]
features = net.hidden(picked).detach().numpy()
for name, flower, hidden in zip(SPECIES, picked, features, strict=True):
    print(f"{name:10}  measurements {flower}  hidden features {hidden.round(2)}")

# %% [markdown]
# Each flower gets 5 hidden features; the ReLU has set the
# negative ones to $0$. The weights are still random: the training page
# finds weights that make these features useful.
#
# ## More hidden layers
#
# Nothing stops us from stacking more hidden layers. A layer of $a$ units
# feeding a layer of $b$ units adds $a \cdot b$ weights and $b$ biases:

# %% alt="A deeper network: four inputs, two hidden layers of six units and three outputs, every unit connected to every unit of the next layer."
def count_parameters(layer_sizes):
    return sum(a * b + b for a, b in pairwise(layer_sizes))


print(count_parameters([4, 5, 3]), count_parameters([4, 6, 6, 3]))
fig = draw_network([4, 6, 6, 3])

# %% [markdown]
# ## Exercises
#
# 1. **Another hidden bias for the exclusive or.** Change the second hidden
#    bias to $-0.5$ (`b_h = np.array([[0.0, -0.5]])`). What does the network
#    output now? Find a new `w_o` that makes it right again.
# 2. **A linear model with a better feature.** Add the product $x_1 x_2$ as a
#    third input column and fit least squares again, as in the first cells.
#    Does an affine model solve the exclusive or now? Which weights does it
#    find? (The cell below is a start.)
# 3. **Counting.** The book's section 3.9 trains an MLP on 28 × 28 images with 256
#    hidden units and 10 outputs. Count its parameters by hand, then with
#    `count_parameters`. Which layer holds most of them?
# 4. **A formula.** Write the number of parameters of a network with $d$
#    inputs, $L$ hidden layers of $h$ units each and $q$ outputs as a formula
#    in $d, L, h, q$, and check it against `count_parameters` for a few cases.

# %%
with_product = np.column_stack([X, X[:, 0] * X[:, 1], np.ones(len(X))])
print(with_product)
# Your turn: np.linalg.lstsq(with_product, y, rcond=None), then the outputs.
