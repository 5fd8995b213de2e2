"""The API reference: every module of mlp_edu, from its docstrings, in both languages,
reached from every page (the footer) and from every piece of included code."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import mlp_edu
from sitebuild.api import link_snippets, module_of, module_pages
from sitebuild.translations import FRONT_MATTER
from tests.conftest import ROOT

DOCS = ROOT / "docs"
API = DOCS / "api"
PAGES = {"en": sorted(p for p in API.glob("*.md") if not p.name.endswith(".zh.md")),
         "zh": sorted(API.glob("*.zh.md"))}
MODULES = sorted(info.name for info in pkgutil.walk_packages([str(Path(mlp_edu.__file__).parent)],
                                                              "mlp_edu."))
DOCUMENTED = [m for m in MODULES if m != "mlp_edu.autograd"]  # its three modules are
SNIPPET = re.compile(r'--8<-- "(mlp_edu/[\w/]+\.py)(?::[^"]*)?"')


def html(built_site: Path, path: str) -> str:
    return (built_site / path / "index.html").read_text(encoding="utf-8")


def directives(page: Path) -> list[str]:
    return re.findall(r"^::: (\S+)$", page.read_text(encoding="utf-8"), re.MULTILINE)


@pytest.mark.parametrize("lang", PAGES)
def test_the_reference_documents_every_module_of_the_package_once(lang):
    found = [module for page in PAGES[lang] for module in directives(page)]
    assert sorted(found) == DOCUMENTED


def test_each_chinese_page_of_the_reference_documents_what_its_english_twin_does():
    assert [p.name.removesuffix(".zh.md") for p in PAGES["zh"]] == [p.stem for p in PAGES["en"]]
    for english, chinese in zip(PAGES["en"], PAGES["zh"], strict=True):
        assert directives(chinese) == directives(english), chinese.name


def test_the_index_links_every_page_of_the_reference_and_every_module_in_it():
    index = (API / "index.md").read_text(encoding="utf-8")
    for page in PAGES["en"]:
        if page.name != "index.md":
            assert f"]({page.name})" in index, page.name
            for module in directives(page):
                assert f"]({page.name}#{module})" in index, module
    assert module_pages() == {module: f"api/{page.name}" for page in PAGES["en"]
                              for module in directives(page)}


def test_the_chinese_reference_has_a_chinese_introduction_and_says_docstrings_stay_english():
    text = FRONT_MATTER.sub("", (API / "index.zh.md").read_text(encoding="utf-8"))
    assert text.startswith("# API 参考")
    assert "文档字符串是英文的" in text


def built_reference(built_site: Path, prefix: str) -> str:
    return "".join(html(built_site, f"{prefix}api/" + page.stem.removesuffix("index"))
                   for page in PAGES["en"])


@pytest.mark.parametrize("prefix", ["", "zh/"])
def test_every_public_name_has_its_entry_in_the_built_reference(built_site, prefix):
    ids = set(re.findall(r' id="(mlp_edu\.[\w.]+)"', built_reference(built_site, prefix)))
    for module in DOCUMENTED:
        assert module in ids, module
        for name in importlib.import_module(module).__all__:
            defined_here = getattr(importlib.import_module(module), name)
            if getattr(defined_here, "__module__", module) == module:
                assert f"{module}.{name}" in ids, f"{module}.{name}"


def test_the_reference_shows_doctests_as_code_not_quotes(built_site):
    page = built_reference(built_site, "")
    assert "&gt;&gt;&gt;" in page
    assert not re.search(r"<blockquote>\s*<blockquote>", page)
    assert ":func:`" not in page and ":data:`" not in page


def test_every_page_that_includes_code_links_its_modules_entry(built_site):
    checked = 0
    for source in sorted(DOCS.glob("*.md")):
        modules = {module_of(path) for path in SNIPPET.findall(source.read_text("utf-8"))}
        if not modules:
            continue
        lang = "zh" if source.name.endswith(".zh.md") else "en"
        name = source.name.removesuffix(".zh.md").removesuffix(".md")
        built = html(built_site, ("zh/" if lang == "zh" else "") + name)
        links = set(re.findall(r'<a class="mlp-api-link" href="([^"]+)"', built))
        links |= set(re.findall(r'<a href="([^"]+)" class="mlp-api-link"', built))
        wanted = {f"../{module_pages()[m].removesuffix('.md')}/#{m}" for m in modules}
        assert wanted <= links, (source.name, links)
        checked += 1
    assert checked >= 14  # seven pages with code, in two languages


@pytest.mark.parametrize("prefix, words", [("", "API reference"), ("zh/", "API 参考")])
def test_every_page_footer_links_the_reference_in_its_language(built_site, prefix, words):
    pages = [p for p in (built_site / prefix).glob("*/index.html") if p.parent.name != "zh"]
    assert len(pages) >= 10
    for page in pages:
        footer = re.search(r'<a class="mlp-provenance__api" href="([^"]+)">([^<]+)</a>',
                           page.read_text(encoding="utf-8"))
        assert footer and footer[2] == words, page
        assert (page.parent / footer[1] / "index.html").resolve().is_file(), page


def test_a_snippet_inside_an_admonition_keeps_its_indent():
    page = '!!! note\n\n    ```python\n    --8<-- "mlp_edu/diagram.py:draw_network"\n    ```\n'
    linked = link_snippets(page, "hidden-layer.md")
    assert ("\n    [`mlp_edu.diagram` in the API reference](api/drawings.md#mlp_edu.diagram)"
            in linked)


def test_a_fence_without_the_packages_code_gets_no_link():
    page = '```python\n--8<-- "mlp_edu/data/iris.csv:1:3"\n```\n\n```pycon\n>>> 1\n1\n```\n'
    assert link_snippets(page, "training.md") == page
