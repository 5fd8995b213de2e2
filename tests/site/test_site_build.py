"""The site builds strictly, carries every registered figure, and builds reproducibly."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

from sitebuild.figures import REGISTRY, SCHEMES, figure_path
from sitebuild.katex import KATEX_DIR
from tests.conftest import ROOT, mkdocs_build


def test_every_registered_figure_is_in_the_built_site_in_both_schemes(built_site):
    for name in REGISTRY:
        for scheme in SCHEMES:
            svg = built_site / figure_path(name, scheme)
            assert svg.is_file(), f"{svg} missing"
            assert svg.read_bytes().lstrip().startswith(b"<?xml"), f"{svg} is not an SVG"


def test_every_registered_figure_is_shown_on_a_page_with_its_alt_text(built_site):
    pages = "\n".join(p.read_text(encoding="utf-8") for p in built_site.rglob("index.html"))
    for name, spec in REGISTRY.items():
        for scheme in SCHEMES:
            assert f"{name}-{scheme}.svg#only-{scheme}" in pages, f"{name} ({scheme}) on no page"
        assert f'alt="{spec.alt}"' in pages.replace("&quot;", '"'), f"{name}: alt text missing"


def test_the_activation_page_shows_its_six_figures_and_names_their_code(built_site):
    html = (built_site / "activations" / "index.html").read_text(encoding="utf-8")
    figures = re.findall(r'src="\.\./figures/([\w-]+)-light\.svg#only-light"', html)
    assert figures == ["relu", "relu_grad", "sigmoid", "sigmoid_grad", "tanh", "tanh_grad"]
    for name in figures:
        assert f"mlp_edu.figures.{name}_figure" in html


def test_pages_include_the_package_code_not_a_copy(built_site):
    html = (built_site / "activations" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    for function in ["def relu(", "def relu_grad(", "def sigmoid(", "def sigmoid_grad(",
                     "def tanh(", "def tanh_grad(", "def xyplot("]:
        assert function in text.replace("&quot;", '"'), f"{function} not included"
    assert "--8&lt;--" not in html and "--8<--" not in text, "a snippet marker leaked"


def test_katex_is_served_by_the_site_itself(built_site):
    katex = built_site / KATEX_DIR
    assert (katex / "katex.min.css").is_file() and (katex / "LICENSE").is_file()
    css = (katex / "katex.min.css").read_text(encoding="utf-8")
    for font in re.findall(r"url\((fonts/[^)]+\.woff2)\)", css):
        assert (katex / font).is_file(), f"{font} referenced by katex.min.css but not shipped"


def test_no_page_loads_a_math_script(built_site):
    # Math is typeset at build time: readers download KaTeX's stylesheet and fonts only.
    assert not (built_site / KATEX_DIR / "katex.min.js").exists()
    for page in built_site.rglob("*.html"):
        scripts = re.findall(r'<script[^>]*\bsrc="([^"]*)"', page.read_text(encoding="utf-8"))
        assert [s for s in scripts if re.search(r"katex|mathjax|auto-render", s, re.I)] == [], page


def test_no_page_refers_to_another_host(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        # src= and stylesheet/preload/icon links load things; <a href> and the
        # canonical link only name addresses.
        loaded = re.findall(r'src="(?:https?:)?//([^/"]+)', html) + re.findall(
            r'<link(?![^>]*rel="(?:canonical|alternate)")[^>]*href="(?:https?:)?//([^/"]+)', html)
        assert not loaded, f"{page.relative_to(built_site)} loads from {loaded}"


def test_no_figure_is_committed_or_written_into_docs(built_site):
    generated = [p for p in (ROOT / "docs").rglob("*") if p.suffix in {".svg", ".png"}]
    assert generated == [], f"figures inside docs/: {generated}"
    tracked = subprocess.run(["git", "ls-files", "*.svg", "*.png"], cwd=ROOT,
                             capture_output=True, text=True).stdout.split()
    assert tracked == [], f"figures committed to git: {tracked}"


def test_two_builds_give_identical_figure_bytes(built_site, tmp_path):
    # The build serves exactly what figure_files returns; draw every figure again
    # in a fresh process (other hash seed, empty cache) and compare with the site.
    code = ("import sys, pathlib, pickle; from sitebuild.figures import figure_files; "
            "from mlp_edu.i18n import LANGUAGES; "
            "out = {lang: figure_files(pathlib.Path(sys.argv[1]), lang) for lang in LANGUAGES}; "
            "sys.stdout.buffer.write(pickle.dumps(out))")
    again = subprocess.run([sys.executable, "-c", code, str(tmp_path / "cache")],
                           capture_output=True, check=True, cwd=ROOT,
                           env={**os.environ, "PYTHONHASHSEED": "4321"})
    redrawn = pickle.loads(again.stdout)
    compared = 0
    for files in redrawn.values():
        for path, svg in files.items():
            assert (built_site / path).read_bytes() == svg, f"{path} differs between builds"
            compared += 1
    assert compared == len(list(built_site.glob("figures/**/*.svg")))


def _project_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the site sources, sharing the package and node_modules."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ["mkdocs.yml", "docs", "hooks", "overrides"]:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, copy / name)
    for name in ["mlp_edu", "sitebuild", "node_modules"]:
        (copy / name).symlink_to(ROOT / name)
    return copy


def _warm_caches(built_site: Path) -> dict:
    """Reuse the session build's figures and executed notebooks: these builds only
    need to reach the broken page, not redraw and rerun everything."""
    return {"MLP_EDU_FIGURE_CACHE": str(built_site.parent / "cache"),
            "MLP_EDU_NOTEBOOK_CACHE": str(ROOT / ".cache" / "notebooks"),
            "MLP_EDU_PLAYGROUND_CACHE": str(ROOT / ".cache" / "playground")}


def test_a_missing_snippet_fails_the_build(tmp_path, built_site):
    copy = _project_copy(tmp_path)
    page = copy / "docs" / "activations.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "mlp_edu/activations.py:relu", "mlp_edu/activations.py:no_such_section"), encoding="utf-8")
    (copy / "docs" / "summary.md").write_text(
        '# S\n\n```python\n--8<-- "mlp_edu/no_such_file.py"\n```\n', encoding="utf-8")
    result = mkdocs_build(tmp_path / "site", cwd=copy, env=_warm_caches(built_site))
    assert result.returncode != 0
    assert "no_such_file.py" in result.stderr or "no_such_section" in result.stderr


def test_an_unknown_figure_fails_the_build(tmp_path, built_site):
    copy = _project_copy(tmp_path)
    page = copy / "docs" / "summary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[[figure no_such_figure]]\n",
                    encoding="utf-8")
    result = mkdocs_build(tmp_path / "site", cwd=copy, env=_warm_caches(built_site))
    assert result.returncode != 0
    assert "no figure named 'no_such_figure'" in result.stderr


def test_math_is_typeset_at_build_time(built_site):
    html = (built_site / "activations" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="arithmatex" data-typeset="yes"><span class="katex') > 20
    for page in built_site.rglob("*.html"):
        assert 'class="arithmatex">' not in page.read_text(encoding="utf-8"), (
            f"{page}: a formula was left for the browser")


def test_notebook_math_is_typeset_at_build_time(built_site):
    html = (built_site / "notebooks" / "activations" / "index.html").read_text(encoding="utf-8")
    cells = re.findall(r'jp-RenderedMarkdown[^>]*>(.*?)</div>', html, re.DOTALL)
    typeset = sum(cell.count('class="arithmatex" data-typeset="yes"><span class="katex')
                  for cell in cells)
    assert typeset > 20
    # No delimiter is left in the cells' text (code aside): $-8$ became KaTeX's HTML.
    prose = [re.sub(r"<code>.*?</code>|<[^>]+>", "", cell) for cell in cells]
    assert not [text for text in prose if "$" in text or "\\(" in text]


def test_math_fonts_are_asked_for_before_the_stylesheet_needs_them(built_site):
    html = (built_site / "activations" / "index.html").read_text(encoding="utf-8")
    head = html[:html.index("</head>")]
    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="font" '
                          r'type="font/woff2" crossorigin>', head)
    assert "../assets/vendor/katex/fonts/KaTeX_Math-Italic.woff2" in preloads
    assert head.index("rel=\"preload\"") < head.index("rel=\"stylesheet\"")
    for preload in preloads:
        assert (built_site / "activations" / preload).resolve().is_file(), preload
    home_404 = (built_site / "404.html").read_text(encoding="utf-8")
    assert 'as="font"' not in home_404  # no math there, nothing to ask for


def test_a_formula_katex_cannot_typeset_fails_the_build(tmp_path, built_site):
    copy = _project_copy(tmp_path)
    page = copy / "docs" / "summary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nBroken: $\\frac{1$.\n",
                    encoding="utf-8")
    result = mkdocs_build(tmp_path / "site", cwd=copy, env=_warm_caches(built_site))
    assert result.returncode != 0
    assert "summary.md: KaTeX cannot typeset" in result.stderr


def test_search_index_keeps_each_formula_as_its_tex_source(built_site):
    # Search shows a formula as its TeX, not KaTeX's MathML, TeX and glyphs run together.
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    sigmoid = next(doc["text"] for doc in index["docs"]
                   if doc["location"] == "activations/#sigmoid")
    assert "\\sigma(x) = \\frac{1}{1 + \\exp(-x)}" in sigmoid
    # KaTeX's MathML reads "σ(x)=11+exp(−x)", its glyphs "σ(x)=1+exp(−x)1".
    assert "11+exp" not in sigmoid and "exp(\u2212x)1" not in sigmoid
