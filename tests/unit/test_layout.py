"""The installed package is the book: no module of mlp_edu knows about the site build.

The build (MkDocs, notebooks, KaTeX in Node.js, node_modules) lives in
``sitebuild/`` beside the package; a learner who installs mlp_edu gets none of
it. Every module of the package is read (its imports and its text) and imported
in a fresh interpreter, which must not load any of the build's tools.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import mlp_edu
from tests.conftest import ROOT

PACKAGE = Path(mlp_edu.__file__).parent
MODULES = sorted(info.name for info in pkgutil.walk_packages([str(PACKAGE)], "mlp_edu."))
# The build's tools: none of them may be imported by the package.
BUILD_ONLY = {"mkdocs", "mkdocs_jupyter", "material", "pymdownx", "nbconvert", "nbformat",
              "jupytext", "sitebuild", "subprocess"}


def imported_modules(path: Path) -> set[str]:
    """The top-level names of every module ``path`` imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def source_of(module: str) -> Path:
    path = PACKAGE.parent / (module.replace(".", "/") + ".py")
    return path if path.exists() else path.with_suffix("") / "__init__.py"


def test_every_module_of_the_package_is_found():
    assert {"mlp_edu.activations", "mlp_edu.autograd.engine", "mlp_edu.figures"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_no_module_imports_the_build_or_reads_node_modules(module):
    path = source_of(module)
    assert not imported_modules(path) & BUILD_ONLY, f"{module} imports part of the build"
    assert "node_modules" not in path.read_text(encoding="utf-8"), module


def test_the_check_sees_a_build_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("import subprocess\nfrom mkdocs.plugins import event_priority\n")
    assert imported_modules(module) & BUILD_ONLY == {"subprocess", "mkdocs"}


def test_importing_every_module_loads_none_of_the_builds_tools():
    # subprocess is left out here: matplotlib imports it itself.
    tools = sorted(BUILD_ONLY - {"subprocess"})
    code = (f"import importlib, sys\nfor m in {MODULES!r}: importlib.import_module(m)\n"
            f"print(sorted(t for t in {tools!r} if t in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT / "tests", timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
