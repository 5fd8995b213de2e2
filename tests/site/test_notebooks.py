"""The hands-on notebooks (docs/notebooks/*.py): they run, fail loudly, download, read well.

Each notebook is a jupytext percent-format ``.py`` file; mkdocs-jupyter executes
it at every build and the hook serves it as an ``.ipynb``. These tests execute
every notebook themselves, through nbclient in the ``python3`` kernel (the
Python running pytest), from an empty working directory; check that a failing
cell fails both this path and the site build; check that the downloadable
``.ipynb`` is a valid notebook that runs in a plain kernel; and open every
notebook page in headless chromium.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

import jupytext
import nbformat
import pytest
import yaml
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from sitebuild import cache, claims, notebooks, stylesheets
from sitebuild.i18n import NOTEBOOK_DIR
from tests.conftest import ROOT

SOURCES = sorted((ROOT / "docs" / NOTEBOOK_DIR).glob("*.py"))
NAMES = [source.stem for source in SOURCES]
KERNEL = "python3"  # what the notebooks' metadata and mkdocs.yml name


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose ``!ENV`` and ``!relative`` tags are not needed here."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)
PLUGIN = next(p["mkdocs-jupyter"] for p in CONFIG["plugins"]
              if isinstance(p, dict) and "mkdocs-jupyter" in p)


def _nav_paths(nav) -> list[str]:
    paths = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        paths += _nav_paths(value) if isinstance(value, list) else [value]
    return paths


def client(notebook: nbformat.NotebookNode, cwd: Path) -> NotebookClient:
    """How every test runs a notebook: nbclient, the python3 kernel, ``cwd`` as working dir."""
    return NotebookClient(notebook, kernel_name=KERNEL, timeout=120,
                          resources={"metadata": {"path": str(cwd)}})


def execute_all(notebooks: dict[str, nbformat.NotebookNode], cwd: Path) -> dict:
    """Run the notebooks side by side; ``{name: None or the exception it raised}``."""

    async def one(name, notebook, gate):
        folder = cwd / name
        folder.mkdir()
        async with gate:
            try:
                await client(notebook, folder).async_execute()
            except Exception as error:  # reported by the test of that notebook
                return name, error
        return name, None

    async def every():
        gate = asyncio.Semaphore(4)
        return dict(await asyncio.gather(*(one(n, nb, gate) for n, nb in notebooks.items())))

    # In a thread of its own: playwright's sync API may already run an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, every()).result()


# -- the sources ---------------------------------------------------------------------------


def test_the_build_executes_notebooks_and_fails_on_errors():
    assert PLUGIN["execute"] is True
    assert PLUGIN["allow_errors"] is False
    assert PLUGIN["include"] == [f"{NOTEBOOK_DIR}/*.py"]
    assert PLUGIN["include_requirejs"] is False
    assert PLUGIN.get("kernel_name") == KERNEL


def test_there_is_a_notebook_for_every_content_section():
    assert {"hidden-layer", "activations", "mlp", "training"} <= set(NAMES)


@pytest.mark.parametrize("source", SOURCES, ids=NAMES)
def test_notebook_sits_beside_its_section_and_ends_with_exercises(source):
    section = notebooks.notebook_section(f"{NOTEBOOK_DIR}/{source.name}")
    assert (ROOT / "docs" / section).is_file(), f"{source.name} has no section page {section}"
    nav = _nav_paths(CONFIG["nav"])
    notebook_path = f"{NOTEBOOK_DIR}/{source.name}"
    assert notebook_path in nav and section in nav
    assert nav.index(notebook_path) > nav.index(section), "the notebook follows its section"
    notebook = jupytext.read(source)
    assert notebook.metadata["kernelspec"]["name"] == KERNEL
    headings = [line for cell in notebook.cells if cell.cell_type == "markdown"
                for line in cell.source.splitlines() if line.startswith("## ")]
    assert headings[-1] == "## Exercises", headings
    assert all(not cell.get("outputs") for cell in notebook.cells), "no outputs in git"


FAILING = """\
# %% [markdown]
# # A notebook with a bug

# %%
x = 1

# %%
raise ValueError("this cell fails deliberately")

# %%
print("never reached")
"""
WHICH_PYTHON = "import sys\nimport mlp_edu\nprint(sys.executable)"


def downloadable(source: Path) -> nbformat.NotebookNode:
    """The .ipynb the site serves for ``source``: jupytext's conversion, made by the hook."""
    return nbformat.reads(notebooks.notebook_ipynb(source).decode(), as_version=4)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Every notebook run once, side by side, plus a failing one and a probe of the kernel.

    What runs is exactly the .ipynb a reader downloads (see
    test_download_is_the_notebook_that_ran), in a plain python3 kernel, from an
    empty working directory rather than the repository.
    """
    broken = jupytext.reads(FAILING, fmt="py:percent")
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(WHICH_PYTHON)])
    for extra in (broken, probe):
        extra.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3",
                                        "language": "python"}
    notebooks = {s.stem: downloadable(s) for s in SOURCES}
    results = execute_all({**notebooks, "(broken)": broken, "(probe)": probe},
                          tmp_path_factory.mktemp("runs"))
    return results, probe, notebooks


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_from_any_working_directory(runs, name):
    error = runs[0][name]
    if error is not None:
        pytest.fail(f"docs/notebooks/{name}.py failed:\n{error}")


def printed(notebook: nbformat.NotebookNode) -> str:
    """Everything an executed notebook shows as text: printed streams and cell results."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                parts.append(output["text"])
            elif "data" in output and "text/plain" in output["data"]:
                parts.append(output["data"]["text/plain"])
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("name", NAMES)
def test_notebook_prints_what_the_claims_list_says_it_prints(runs, name):
    """The ``output`` proofs of tests/claims/notebooks.toml: the numbers the prose states."""
    notebook = runs[2][name]
    if runs[0][name] is not None:
        pytest.fail(f"docs/notebooks/{name}.py failed to run")
    shown = printed(notebook)
    missing = [text for text in claims.notebook_outputs().get(name, [])
               if " ".join(text.split()) not in shown]
    assert not missing, f"docs/notebooks/{name}.py no longer prints {missing}"


def test_a_failing_cell_fails_the_notebook_run(runs):
    error = runs[0]["(broken)"]
    assert isinstance(error, CellExecutionError)
    assert "this cell fails deliberately" in str(error)


def test_the_kernel_is_the_python_running_the_tests(runs):
    """``python3`` resolves to this interpreter (the venv's), which has mlp_edu installed."""
    results, probe, _ = runs
    assert results["(probe)"] is None
    assert probe.cells[0].outputs[0]["text"].strip() == sys.executable


def test_notebooks_also_run_where_an_event_loop_is_running(tmp_path):
    """As under the whole suite, where playwright's sync API runs a loop in the main thread."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])

    async def inside_a_loop():
        return execute_all({"sum": notebook}, tmp_path)

    assert asyncio.run(inside_a_loop()) == {"sum": None}
    assert notebook.cells[0].outputs[0]["data"]["text/plain"] == "2"


def test_a_failing_cell_fails_the_site_build(tmp_path):
    """The same mkdocs-jupyter options as mkdocs.yml, on a one-notebook site."""
    docs = tmp_path / "docs"
    (docs / NOTEBOOK_DIR).mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / NOTEBOOK_DIR / "broken.py").write_text(FAILING, encoding="utf-8")
    options = {**PLUGIN, "cache": False}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "failing notebook",
        "nav": ["index.md", f"{NOTEBOOK_DIR}/broken.py"],
        "plugins": [{"mkdocs-jupyter": options}],
    }), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0, "a notebook with a failing cell built without error"
    assert "this cell fails deliberately" in result.stderr


def test_executed_outputs_are_keyed_on_the_package(tmp_path, monkeypatch):
    """mkdocs-jupyter's cache is keyed on notebook text; its folder is keyed on mlp_edu."""
    package = tmp_path / "package"
    package.mkdir()
    (package / "module.py").write_text("ANSWER = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    before = notebooks.notebook_cache_dir(tmp_path / "cache")
    assert notebooks.notebook_cache_dir(tmp_path / "cache") == before
    (package / "module.py").write_text("ANSWER = 2\n", encoding="utf-8")
    after = notebooks.notebook_cache_dir(tmp_path / "cache")
    assert after != before and after.is_dir()
    assert not before.exists(), "outputs of the old package are dropped"


def test_the_build_puts_the_notebook_cache_in_the_package_keyed_folder(tmp_path):
    expected = notebooks.notebook_cache_dir(tmp_path / "probe").name
    script = ("from mkdocs.config import load_config; c = load_config('mkdocs.yml'); "
              "c = c.plugins.on_config(c); print(c.plugins['mkdocs-jupyter'].config['cache_dir'])")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
             "MLP_EDU_NOTEBOOK_CACHE": str(tmp_path / "cache")},
    )
    assert result.returncode == 0, result.stderr
    # A folder a language in it: each language's build evicts the entries it did not use.
    assert Path(result.stdout.strip().splitlines()[-1]) == tmp_path / "cache" / expected / "en"


# -- the built site ------------------------------------------------------------------------


def _page(built_site: Path, name: str) -> str:
    return (built_site / NOTEBOOK_DIR / name / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_download_is_the_notebook_that_ran(built_site, name):
    """The site's .ipynb is byte for byte the notebook the run above executed."""
    source = ROOT / "docs" / NOTEBOOK_DIR / f"{name}.py"
    served = built_site / NOTEBOOK_DIR / f"{name}.ipynb"
    assert served.read_bytes() == notebooks.notebook_ipynb(source)
    notebook = nbformat.read(served, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == KERNEL
    assert "jupytext" not in notebook.metadata
    assert [(c.cell_type, c.source) for c in notebook.cells] == [
        (c.cell_type, c.source) for c in jupytext.read(source).cells]
    assert all(not c.get("outputs") for c in notebook.cells)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_page_shows_outputs_and_links_download_and_section(built_site, name):
    html = _page(built_site, name)
    assert 'class="mlp-notebook-bar"' in html
    assert f'href="../{name}.ipynb" download' in html
    assert f'href="../../{name}/"' in html, "no link back to the section"
    assert re.search(r'<img[^>]+src="(data:image/svg\+xml|[./]*assets/notebooks/figures/)',
                     html), "no figure"
    assert "jp-RenderedText" in html, "no printed output"
    assert "&lt;matplotlib." not in html, "a cell shows a matplotlib object's repr"
    assert "No description has been provided" not in html, 'a figure cell lacks # %% alt="..."'
    # mkdocs-jupyter builds the table of contents from its own slugs: each must exist.
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    anchors = set(re.findall(r'href="#([^"]+)"', html))
    assert anchors - ids == set(), "table of contents links to no heading (code in a heading?)"
    assert not re.search(r'<div[^>]+data-mime-type="application/vnd.jupyter.stderr"', html), (
        "a cell printed to stderr (a warning?)")
    # Nothing from another host, and no MathJax: the site typesets with its own KaTeX.
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert not [s for s in scripts if re.search(r'src="(https?:)?//|src=""', s)], scripts
    assert not re.search(r"<script[^>]*>[^<]*(MathJax|mermaid)", html)
    loaded = [tag for tag in re.findall(r"<link\b[^>]*>", html)
              if re.search(r'rel="(stylesheet|preload|modulepreload|icon)"', tag)]
    assert not [tag for tag in loaded if re.search(r'href="(https?:)?//', tag)], loaded


@pytest.mark.parametrize("name", NAMES)
def test_section_page_links_to_its_notebook(built_site, name):
    section = notebooks.notebook_section(f"{NOTEBOOK_DIR}/{name}.py").removesuffix(".md")
    html = (built_site / section / "index.html").read_text(encoding="utf-8")
    assert f'href="../{NOTEBOOK_DIR}/{name}/"' in html
    assert f'href="../{NOTEBOOK_DIR}/{name}.ipynb"' in html


def test_the_notebooks_share_one_cached_stylesheet_instead_of_inlining_it(
        built_site, jupyterlab_stylesheet):
    # mkdocs-jupyter inlines JupyterLab's ~590 kB stylesheet into every notebook page;
    # the build moves it into one file that every notebook page, in both languages, links,
    # cut down to the rules those pages can use (that they look the same with it:
    # tests/browser/test_notebook_stylesheet.py).
    pages = sorted(built_site.glob("notebooks/*/index.html")) + sorted(
        built_site.glob("zh/notebooks/*/index.html"))
    assert len(pages) == 2 * len(NAMES)
    sheets = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<style" not in html, f"{page}: a <style> block left inline"
        links = re.findall(r'<link rel="stylesheet" href="([^"]*assets/notebooks/[^"]+)">', html)
        assert len(links) == 1, f"{page}: {links}"
        sheets.add((page.parent / links[0]).resolve())
    [sheet] = sheets
    css = sheet.read_text(encoding="utf-8")
    linking = [path.read_text(encoding="utf-8") for path in sorted(built_site.rglob("*.html"))
               if sheet.name in path.read_text(encoding="utf-8")]
    others = "\n".join(path.read_text(encoding="utf-8")
                       for path in sorted(built_site.rglob("*.css")) if path != sheet)
    assert css == stylesheets.prune(jupyterlab_stylesheet, linking, also_read=others)
    assert sheet.name == PurePosixPath(notebooks.stylesheet_path(css)).name  # named by content
    assert len(css) < len(jupyterlab_stylesheet) / 10
    assert ".jp-Cell" in css and ".highlight-ipynb" in css


def test_the_notebooks_figures_are_files_fetched_beside_the_page_not_base64_in_it(built_site):
    # nbconvert writes each plot into the page as base64 (most of a notebook page's
    # bytes); the build makes them files, each with its size so nothing moves on arrival.
    pages = sorted(built_site.glob("notebooks/*/index.html")) + sorted(
        built_site.glob("zh/notebooks/*/index.html"))
    figures = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "data:image/png" not in html and "data:image/jpeg" not in html, page
        for tag in re.findall(r"<img\b[^>]*assets/notebooks/figures/[^>]*>", html):
            source = re.search(r'src="([^"]+)"', tag)[1]
            data = (page.parent / source).read_bytes()
            width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
            assert f'width="{width}" height="{height}"' in tag, (page, tag[:80])
            assert re.search(r'\balt="[^"]{20,}"', tag), (page, "a figure without its alt text")
            figures += 1
    assert figures >= 2 * len(NAMES), figures
