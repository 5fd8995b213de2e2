"""mlp-edu: the multilayer perceptron chapter of Dive into Deep Learning, in numpy.

One concept a module:

- :mod:`mlp_edu.activations`: ReLU, sigmoid, tanh, the later leaky ReLU, ELU, softplus,
  GELU and SiLU, their derivatives, and the catalogue of them all.
- :mod:`mlp_edu.chapter`: section 1.2's cells as the chapter writes them, which draw its figures.
- :mod:`mlp_edu.autograd`: a small autograd: ``import mlp_edu.autograd as torch``.
- :mod:`mlp_edu.init`: the initialisation rules (naive, Xavier, He).
- :mod:`mlp_edu.mlp`, :mod:`mlp_edu.losses`, :mod:`mlp_edu.data`, :mod:`mlp_edu.training`:
  the network of section 1.3, its loss, the Iris data and training with SGD.
- :mod:`mlp_edu.depth`: gradient norms per layer of deep stacks at initialisation.
- :mod:`mlp_edu.backprop`, :mod:`mlp_edu.init_variance`, :mod:`mlp_edu.approximation`:
  past the chapter: the 4-5-3 network's gradients by hand, the variance argument
  behind Xavier and He, and what ReLU networks of one input can represent.
- :mod:`mlp_edu.diagram`, :mod:`mlp_edu.compgraph`, :mod:`mlp_edu.plotting`,
  :mod:`mlp_edu.figures`: the drawings: network diagrams, computation graphs,
  the chapter's ``xyplot`` in two colour schemes, and every figure of the site.
- :mod:`mlp_edu.checks`: every argument check, once.
- :mod:`mlp_edu.i18n`: the words drawn in figures, in English and Chinese.

The site build (figure registry, math typesetting, notebooks, print page,
search) is not part of the package: it lives beside it, in ``sitebuild/``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mlp-edu")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
