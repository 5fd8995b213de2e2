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
# # 1.2 Activation functions: notebook
#
# This notebook runs the chapter's cells of section 1.2 one by one, exactly as
# the chapter writes them, except the imports: `mlp_edu.autograd` stands in
# for PyTorch and `xyplot` comes from `mlp_edu.plotting`. After each
# derivative it checks what `backward()` computed against the formula, and at
# the end it shows what happens when the gradient is not cleared. Everything
# comes from the `mlp_edu` package (`pip install -e .` in the project, or the
# project's `make setup`).
#
# Run the cells from top to bottom. The exercises at the end start from the
# variables defined here.

# %%
import mlp_edu.autograd as torch
from mlp_edu.plotting import xyplot

# %%
# For the checks below: numpy and the formulas of section 1.2.
import numpy as np

from mlp_edu import activations

# mlp_edu draws off-screen by default; show its figures below the cells instead.
# %matplotlib inline

# %% [markdown]
# ## ReLU
#
# $$\operatorname{ReLU}(x) = \max(x, 0)$$
#
# The chapter evaluates every activation on 160 points, from $-8$ up to (but
# not including) $8$ in steps of $0.1$. `requires_grad=True` asks autograd to
# record every operation on `x`, so that derivatives with respect to `x` can be
# computed later. Positive inputs pass unchanged; negative inputs become $0$.

# %% alt="ReLU on x from -8 to 8: zero for negative x, then the straight line y = x."
x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
y = x.relu()
xyplot(x, y, 'relu')

# %% [markdown]
# `y` holds 160 numbers, one for each input. `backward()` differentiates a
# single number, so the chapter sums them first: `x.grad` then holds the
# gradient of $\sum_i \operatorname{ReLU}(x_i)$, whose $i$-th entry is exactly
# $\operatorname{ReLU}'(x_i)$ because entry $i$ of the output depends on $x_i$
# alone.

# %% alt="The derivative of ReLU computed by backward(): a step from 0 for negative x to 1 for positive x."
y.sum().backward()
xyplot(x, x.grad, 'grad of relu')

# %% [markdown]
# The derivative is $0$ left of the origin and $1$ right of it. Autograd and
# the formula in `mlp_edu.activations.relu_grad` agree at every point of the
# grid:

# %%
xs = x.detach().numpy()  # the plain numbers, without the graph
print(len(xs), xs[0], round(float(xs[-1]), 12))
print(np.array_equal(x.grad.numpy(), activations.relu_grad(xs)))

# %% [markdown]
# ## Sigmoid
#
# $$\sigma(x) = \frac{1}{1 + \exp(-x)}$$
#
# squashes every input into the interval $(0, 1)$.

# %% alt="The sigmoid on x from -8 to 8: an S-shaped curve rising from near 0 to near 1, through 0.5 at x = 0."
y = x.sigmoid()
xyplot(x, y, 'sigmoid')

# %% [markdown]
# `backward()` **adds** to `x.grad`; it does not overwrite it. So before the
# next derivative the chapter clears the one ReLU left behind with
# `x.grad.zero_()` (the last part of this notebook shows what happens
# without it).

# %% alt="The derivative of the sigmoid: a bell curve peaking at 0.25 at x = 0 and falling towards 0 on both sides."
x.grad.zero_()
y.sum().backward()
xyplot(x, x.grad, 'grad of sigmoid')

# %% [markdown]
# The derivative can be written with the function itself,
# $\sigma'(x) = \sigma(x)\,(1 - \sigma(x))$. It peaks at $x = 0$ with the value
# $\tfrac14$:

# %%
s = y.detach().numpy()
print(np.allclose(x.grad.numpy(), s * (1 - s)))
peak = x.grad.numpy().argmax()
print(f"largest derivative {x.grad.numpy()[peak]:.4f} at x = {xs[peak]:.4f}")

# %% [markdown]
# ## Tanh
#
# $$\tanh(x) = \frac{1 - \exp(-2x)}{1 + \exp(-2x)}$$
#
# also squashes its input, into $(-1, 1)$, and is point-symmetric about the
# origin.

# %% alt="Tanh on x from -8 to 8: an S-shaped curve from near -1 to near 1, through the origin."
y = x.tanh()
xyplot(x, y, 'tanh')

# %% alt="The derivative of tanh: a narrow bell curve peaking at 1 at x = 0."
x.grad.zero_()
y.sum().backward()
xyplot(x, x.grad, 'grad of tanh')

# %% [markdown]
# Its derivative is $\tanh'(x) = 1 - \tanh^2(x)$, with its largest value $1$
# at the origin, four times the sigmoid's:

# %%
t = y.detach().numpy()
print(np.allclose(x.grad.numpy(), 1 - t**2))
print(f"largest derivative {x.grad.numpy().max():.4f}")

# %% [markdown]
# ## Another spelling
#
# The English edition, d2l-en, writes the derivative cells differently:
# `y.backward(torch.ones_like(x), retain_graph=True)` instead of
# `y.sum().backward()`. The vector of ones is the gradient of
# $\sum_i y_i$ with respect to `y`, so both give the same `x.grad`. (The cell
# computes `y` afresh: PyTorch frees a graph once `backward()` has gone
# through it, and the chapter's last cell went through this `y`'s.)

# %%
by_sum = x.grad.numpy().copy()  # tanh's derivative, from the chapter's last cell
x.grad.zero_()
y = x.tanh()
y.backward(torch.ones_like(x), retain_graph=True)
print(np.array_equal(x.grad.numpy(), by_sum))

# %% [markdown]
# ## Forgetting to clear the gradient
#
# Here a fresh `x` gets two `backward()` calls, first through ReLU and then
# through the sigmoid, with no `zero_()` in between. The plot is not the
# sigmoid's bell but the bell sitting on top of ReLU's step.

# %% alt="What x.grad holds without zero_(): the sigmoid's bell sitting on ReLU's step, near 0 far left, rising to 0.25 just left of 0, jumping to 1.25 just right of it, then falling back towards 1."
x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
x.relu().sum().backward()
x.sigmoid().sum().backward()
xyplot(x, x.grad, "relu' + sigmoid'")

# %%
expected = activations.relu_grad(xs) + activations.sigmoid_grad(xs)
print(np.allclose(x.grad.numpy(), expected))

# %% [markdown]
# ## Exercises
#
# 1. **Parametrised ReLU.** d2l-en's section 5.1 mentions
#    $\operatorname{pReLU}(x) = \max(0, x) + \alpha \min(0, x)$. Write it with
#    `torch.relu` only (hint: $\min(0, x) = -\max(0, -x)$), plot it for
#    $\alpha = 0.1$, and let `backward()` compute its derivative. What are the
#    two slopes? The cell below is a start.
# 2. **Tanh from the sigmoid.** Check numerically that
#    $\tanh(x) = 2\sigma(2x) - 1$ on the grid. Then differentiate both sides by
#    hand and check that the derivatives agree as well.
# 3. **Vanishing gradients.** For which $x$ on the grid is $\sigma'(x)$ below
#    $0.01$? A gradient passing back through ten stacked sigmoids (with no
#    weights between them) is multiplied by at most $0.25^{10}$; compute that
#    number.
# 4. **Accumulation on purpose.** Without calling `zero_()`, call
#    `torch.tanh(x).sum().backward()` twice on a fresh `x`. Predict `x.grad`
#    near $x = 0$ before you run it.

# %% alt="Parametrised ReLU with slope 0.1: a gentle line through the origin for negative x, then y = x for positive x."
alpha = 0.1
x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
prelu = torch.relu(x) - alpha * torch.relu(-x)
xyplot(x, prelu, "prelu")
# Your turn: prelu.sum().backward(), then plot x.grad.
