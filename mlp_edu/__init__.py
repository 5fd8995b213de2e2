"""mlp-edu: the multilayer perceptron chapter of Dive into Deep Learning, in numpy.

One concept a module:

- :mod:`mlp_edu.activations`: ReLU, sigmoid, tanh, the later leaky ReLU, ELU, softplus,
  GELU and SiLU, and their derivatives.
- :mod:`mlp_edu.chapter`: section 1.2's cells as the chapter writes them, which draw its figures.
- :mod:`mlp_edu.depth`: gradient norms per layer of deep stacks at initialisation.
- :mod:`mlp_edu.plotting`: the chapter's ``xyplot`` and the site's two colour schemes.
- :mod:`mlp_edu.figures`: the registry of every figure the site shows.
- :mod:`mlp_edu.site`: what the documentation build needs (figures, KaTeX).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mlp-edu")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
