"""Numbers the pages state, computed by ``mlp_edu`` when the site is built.

A page writes ``[[value NAME]]`` where a number the code computes belongs in
the prose; the build puts the number there, formatted by the same format
spec in every language, so no such number is typed by hand. Each value is a
small function registered here with :func:`value`:

>>> expand_values("a grid of step [[value explorer_step]].", "activations.md")
'a grid of step 0.05.'
>>> expand_values("[[value no_such_value]]", "index.md")
Traceback (most recent call last):
KeyError: "index.md: no value named 'no_such_value'; known: ..."

``tests/site/test_claims.py`` checks that every marker names a value and that
every value is used on a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["MARKER", "VALUES", "Value", "expand_values", "value"]

# `[[value NAME]]`, anywhere in a line of prose.
MARKER = re.compile(r"\[\[value (?P<name>[\w.-]+)\]\]")


@dataclass(frozen=True)
class Value:
    """A number a page states: how to compute it and how to write it."""

    name: str
    compute: Callable[[], object]
    format_spec: str

    def text(self) -> str:
        """The value as the pages show it, e.g. ``'0.05'``."""
        return format(self.compute(), self.format_spec)


VALUES: dict[str, Value] = {}


def value(name: str, format_spec: str = "") -> Callable[[Callable[[], object]], Callable]:
    """Register the decorated function as the value ``name``, written with ``format_spec``."""

    def add(compute: Callable[[], object]) -> Callable[[], object]:
        if name in VALUES:
            raise ValueError(f"value {name!r} is registered twice")
        VALUES[name] = Value(name, compute, format_spec)
        return compute

    return add


def expand_values(markdown: str, page_path: str) -> str:
    """Replace each ``[[value NAME]]`` with the value; an unknown name raises ``KeyError``."""

    def one(match: re.Match) -> str:
        name = match["name"]
        if name not in VALUES:
            raise KeyError(f"{page_path}: no value named {name!r}; known: {sorted(VALUES)}")
        return VALUES[name].text()

    return MARKER.sub(one, markdown)


# ---- the values -------------------------------------------------------------------


@value("explorer_step", "g")
def _explorer_step() -> float:
    from sitebuild.explorer import X_STEP

    return X_STEP


# The settings of the Iris training (the page "Training the network").
@value("epochs")
def _epochs() -> int:
    from mlp_edu.training import EPOCHS

    return EPOCHS


@value("batch_size")
def _batch_size() -> int:
    from mlp_edu.training import BATCH_SIZE

    return BATCH_SIZE


@value("steps_per_epoch")
def _steps_per_epoch() -> int:
    import math

    from mlp_edu.training import BATCH_SIZE, iris_split

    return math.ceil(len(iris_split().y_train) / BATCH_SIZE)


@value("learning_rate", "g")
def _learning_rate() -> float:
    from mlp_edu.training import LEARNING_RATE

    return LEARNING_RATE


@value("split_seed")
def _split_seed() -> int:
    from mlp_edu.training import SPLIT_SEED

    return SPLIT_SEED


# The page "What backward() does": how big the autograd is.
@value("autograd_code_lines")
def _autograd_code_lines() -> int:
    """Lines of code in mlp_edu.autograd (a module or a package), not counting
    docstrings, comments and blank lines."""
    import ast
    from pathlib import Path

    import mlp_edu

    where = Path(mlp_edu.__file__).parent / "autograd"
    files = sorted(where.rglob("*.py")) if where.is_dir() else [where.with_suffix(".py")]
    total = 0
    for file in files:
        source = file.read_text(encoding="utf-8")
        docstrings = set()
        for node in ast.walk(ast.parse(source)):
            body = getattr(node, "body", None)
            if (isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and body
                    and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                    and isinstance(body[0].value.value, str)):
                docstrings.update(range(body[0].lineno, body[0].end_lineno + 1))
        total += sum(1 for number, line in enumerate(source.splitlines(), 1)
                     if line.strip() and not line.strip().startswith("#")
                     and number not in docstrings)
    return total


# The page "Why ReLU won": the deep stacks' width and batch (the defaults of
# mlp_edu.depth.deep_mlp_gradient_norms, which the page's doctests use).
def _depth_default(parameter: str) -> int:
    import inspect

    from mlp_edu.depth import deep_mlp_gradient_norms

    return inspect.signature(deep_mlp_gradient_norms).parameters[parameter].default


@value("deep_width")
def _deep_width() -> int:
    return _depth_default("width")


@value("deep_batch")
def _deep_batch() -> int:
    return _depth_default("batch")


# The page "Playground": how coarsely each setting's file stores its grids.
@value("playground_levels")
def _playground_levels() -> int:
    from sitebuild.playground_data import LEVELS

    return LEVELS
