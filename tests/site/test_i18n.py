"""One site in two languages: English at ``/``, Simplified Chinese at ``/zh/``.

Every page exists in both languages (``docs/NAME.md`` and ``docs/NAME.zh.md``)
and the build fails otherwise; the Chinese pages get figures drawn with Chinese
words and Chinese alt text and captions, navigation titles and Material's own
words in Chinese, ``lang="zh"``, a print page and search that understands
Chinese; the language switcher keeps the reader on the page they are reading.
The notebooks stay English, with a note saying so on the Chinese pages.
"""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
import yaml
from matplotlib.text import Text

from mlp_edu import i18n
from mlp_edu.i18n import language
from mlp_edu.plotting import theme
from sitebuild import figures
from sitebuild import i18n as site_i18n
from sitebuild.figures import REGISTRY, FigureSpec, FigureText, _fonts, render_svg
from sitebuild.i18n import site_prefix
from tests.conftest import ROOT, mkdocs_build

DOCS = ROOT / "docs"
CJK = re.compile(r"[\u3400-\u9fff]")
ZH_PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.glob("*.zh.md"))


def _config() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def _zh_language_config() -> dict:
    plugin = next(p["i18n"] for p in _config()["plugins"] if isinstance(p, dict) and "i18n" in p)
    return next(lang for lang in plugin["languages"] if lang["locale"] == "zh")


def _html(built_site: Path, path: str) -> str:
    file = built_site / path
    return (file / "index.html" if file.is_dir() else file).read_text(encoding="utf-8")


def _site_paths(built_site: Path, prefix: str) -> list[str]:
    """URL paths of the built pages under ``prefix`` ("" or "zh/"), without the 404 page."""
    paths = []
    for file in sorted(built_site.rglob("index.html")):
        path = file.relative_to(built_site).as_posix().removesuffix("index.html")
        if (path.startswith("zh/") or path == "zh/") == bool(prefix):
            paths.append(path)
    return paths


# --- both languages, or no build ------------------------------------------------------

def test_every_page_is_in_both_languages():
    assert site_i18n.missing_translations(DOCS) == []
    assert len(ZH_PAGES) >= 9, ZH_PAGES


def test_a_page_in_one_language_only_fails_the_build_naming_it(tmp_path):
    from tests.site.test_site_build import _project_copy

    copy = _project_copy(tmp_path)
    (copy / "docs" / "summary.zh.md").unlink()  # English only
    (copy / "docs" / "faq.zh.md").write_text("# 常见问题\n", encoding="utf-8")  # Chinese only
    result = mkdocs_build(tmp_path / "site", cwd=copy,
                          env={"MLP_EDU_FIGURE_CACHE": str(tmp_path / "cache")})
    assert result.returncode != 0
    assert "every page needs both languages" in result.stderr, result.stderr[-2000:]
    assert "docs/summary.zh.md" in result.stderr and "docs/faq.md" in result.stderr


def test_the_check_leaves_the_english_notebooks_alone(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "readme.md").write_text("# x", encoding="utf-8")
    for name in ["index.md", "index.zh.md"]:
        (tmp_path / name).write_text("# x", encoding="utf-8")
    assert site_i18n.missing_translations(tmp_path) == []
    site_i18n.check_translations(tmp_path)


# --- figures in the page's language -----------------------------------------------------

@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_figure_has_chinese_alt_text_and_caption(name):
    spec, zh = REGISTRY[name], REGISTRY[name].text("zh")
    for english, chinese in [(spec.alt, zh.alt), (spec.caption, zh.caption)]:
        assert CJK.search(chinese), f"{name}: not Chinese: {chinese!r}"
        assert chinese != english
    assert len(zh.alt) >= 20, f"{name}: the Chinese alt text should describe the figure"


def test_a_figure_without_chinese_text_fails_on_a_chinese_page(monkeypatch):
    monkeypatch.setitem(REGISTRY, "only_english", FigureSpec(
        "only_english", REGISTRY["relu"].draw, {"en": FigureText("An English alt text.",
                                                                 "English.")}))
    figures.expand_figures("[[figure only_english]]", "index.md")  # fine in English
    with pytest.raises(KeyError, match="no 'zh' alt text or caption"):
        figures.expand_figures("[[figure only_english]]", "index.zh.md")


# Words that may stay in a Chinese figure: names, code, and the chapter's own
# formula-like axis labels (xyplot's "grad of relu").
KEPT_WORDS = {
    "relu", "ReLU", "sigmoid", "tanh", "grad", "of", "leaky", "ELU", "softplus", "GELU",
    "SiLU", "Xavier", "He", "setosa", "versicolor", "virginica", "cm", "requires", "zero",
    "sum",
}


def _words_drawn(name: str, lang: str) -> list[str]:
    with theme("light"), language(lang), _fonts(lang):
        fig = REGISTRY[name].draw()
        texts = [t.get_text() for t in fig.findobj(Text)]
        plt.close(fig)
    words = []
    for text in texts:
        text = re.sub(r"\$[^$]*\$", "", text)  # mathtext is formula, not words
        words += re.findall(r"[A-Za-z]{2,}", text.replace("x.grad", ""))
    return words


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_chinese_figures_have_no_english_words_left(name):
    left = [w for w in _words_drawn(name, "zh") if w not in KEPT_WORDS]
    assert left == [], f"{name}: English words in the Chinese figure: {left}"


def test_the_words_check_sees_english_words():
    assert "loss" in _words_drawn("training_curves", "en")


def test_a_glyph_no_font_has_fails_the_render(monkeypatch):
    def no_glyph():
        fig, ax = plt.subplots()
        ax.set_title("\ue000")  # private use area: in no font
        return fig

    monkeypatch.setitem(REGISTRY, "no_glyph", FigureSpec(
        "no_glyph", no_glyph, {"en": FigureText("A title no font has.", ".")}))

    try:
        with pytest.raises(UserWarning, match="missing from font"):
            render_svg("no_glyph", "light", "zh")
    finally:
        plt.close("all")


def test_chinese_figures_are_built_as_paths_beside_the_english_ones(built_site):
    for name in REGISTRY:
        for scheme in figures.SCHEMES:
            english = built_site / figures.figure_path(name, scheme)
            chinese = built_site / figures.figure_path(name, scheme, "zh")
            assert english.is_file() and chinese.parent.name == "zh" and chinese.is_file()
            svg = chinese.read_bytes()
            assert svg.lstrip().startswith(b"<?xml") and b"<text" not in svg, chinese
    # Figures with words differ between the languages; plain plots may not.
    assert (built_site / "figures/zh/network-light.svg").read_bytes() != (
        built_site / "figures/network-light.svg").read_bytes()


def test_chinese_pages_show_chinese_figures_alt_text_and_captions(built_site):
    html = _html(built_site, "zh/training/")
    spec = REGISTRY["training_curves"].text("zh")
    assert 'src="../../figures/zh/training_curves-light.svg#only-light"' in html
    assert f'alt="{spec.alt}"' in html and spec.caption in html
    assert "由 <code>mlp_edu.figures.training_curves_figure()</code> 绘制。" in html
    assert "绘制此图的代码" in html and "The code that drew" not in html


# --- navigation, language, Material's words -----------------------------------------

def test_nav_titles_are_translated(built_site):
    translations = _zh_language_config()["nav_translations"]
    english_titles = [next(iter(entry)) for entry in _config()["nav"]]
    assert sorted(translations) == sorted(english_titles), "every nav title needs a zh title"
    html = _html(built_site, "zh/")
    primary = html[html.index("md-nav--primary"):]
    shown = [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(
        r'class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>',
        primary, re.DOTALL)]
    for title in translations.values():
        assert title in shown, (title, shown)
    assert all(CJK.search(title) for title in shown), shown


def test_every_page_says_its_language(built_site):
    for prefix, lang in [("", "en"), ("zh/", "zh")]:
        pages = _site_paths(built_site, prefix)
        assert len(pages) >= 14, pages
        for path in pages:
            html = _html(built_site, path)
            assert re.search(rf'<html lang="{lang}"', html), path
    zh = _html(built_site, "zh/activations/")
    assert 'placeholder="搜索"' in zh  # Material's own words in Chinese
    assert "打印本章" in zh and "Print the chapter" not in zh  # the footer


def test_the_chinese_print_page_holds_the_chinese_chapter(built_site):
    zh = _html(built_site, "zh/")
    print_url = re.search(r'class="mlp-provenance__print" href="([^"]+)"', zh)[1]
    assert print_url == "print/"
    html = _html(built_site, "zh/print/")
    assert "整章单页版" in html
    sections = re.findall(r'<section class="mlp-print-section" id="([^"]+)"', html)
    assert sections[:3] == ["zh", "zh-hidden-layer", "zh-notebooks-hidden-layer"], sections
    assert 'figures/zh/network-light.svg#only-light' in html


def test_the_explorer_speaks_chinese_on_chinese_pages(built_site):
    html = _html(built_site, "zh/activations/")
    assert '<label for="mlp-explorer-x">输入 x</label>' in html
    assert 'data-text-tangent="x 处的切线"' in html
    assert "tangent at x" in _html(built_site, "activations/")


def test_chinese_pages_link_the_chinese_notebooks_and_their_downloads(built_site):
    for name in ["activations", "hidden-layer", "mlp", "training"]:
        section = _html(built_site, f"zh/{name}/")
        assert f'href="../notebooks/{name}/"' in section, name  # the Chinese notebook page
        assert f'href="../notebooks/{name}.ipynb"' in section, name  # its own download
        page = _html(built_site, f"zh/notebooks/{name}/")
        assert "只有英文版" not in page and '<div lang="en">' not in page
        assert '<a class="md-button md-button--primary" href="../' + name + '.ipynb" download>' \
            in page
        assert f'<a class="md-button" href="../../{name}/">返回：' in page
        english = _html(built_site, f"notebooks/{name}/")
        assert "Back to" in english and "返回" not in english


def test_no_chinese_page_or_title_says_the_notebooks_are_english_only():
    for page in ZH_PAGES:
        assert "只有英文版" not in (DOCS / page).read_text("utf-8"), page
    assert "（英文）" not in (ROOT / "mkdocs.yml").read_text("utf-8")


# An exercise's self-check, mlp_edu.exercises.check(..., lang="zh"), speaks the page's
# language: the same call and verdict in both, the message translated.
SELF_CHECK = re.compile(r"\bcheck\(")
SELF_CHECK_LANGUAGE = re.compile(r""",\s*lang=["']zh["']""")


def test_the_pages_doctests_are_the_same_in_both_languages():
    import importlib.util

    # The root conftest.py runs the pages' doctests; its reader finds the blocks.
    spec = importlib.util.spec_from_file_location("pages_conftest", ROOT / "conftest.py")
    pages_conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pages_conftest)
    pycon_blocks = pages_conftest.pycon_blocks

    def examples(page: Path) -> list[tuple[str, str]]:
        parser = doctest.DocTestParser()
        found = []
        for _, code in pycon_blocks(page.read_text(encoding="utf-8")):
            for example in parser.get_examples(code):
                source = re.sub(r"\s+#.*$", "", example.source, flags=re.MULTILINE)
                want = example.want
                if SELF_CHECK.search(source):  # its message in the page's language
                    source = SELF_CHECK_LANGUAGE.sub("", source)
                    want = want.splitlines()[-1] if want.strip() else want  # True or False
                found.append((source, want))
        return found

    for zh in ZH_PAGES:
        english = DOCS / zh.replace(".zh.md", ".md")
        assert examples(DOCS / zh) == examples(english), f"{zh} and {english.name} differ"


def test_pytest_runs_the_chinese_pages_doctests():
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         str(DOCS)], cwd=ROOT, capture_output=True, text=True).stdout
    with_doctests = [p for p in ZH_PAGES if "```pycon" in (DOCS / p).read_text("utf-8")]
    assert with_doctests
    for page in with_doctests:
        assert f"docs/{page}::doctests" in collected, page


def _search_index(built_site, lang):
    import json

    return json.loads((built_site / site_prefix(lang) / "search" / "search_index.json")
                      .read_text("utf-8"))


def test_search_index_segments_chinese(built_site):
    index = _search_index(built_site, "zh")
    zh = [doc for doc in index["docs"] if doc["location"].startswith("activations/")]
    assert zh and "激活\u200b函数" in zh[0]["text"], zh[:1]  # jieba's words, U+200B apart
    assert "\\u200b" in index["config"]["separator"]


def test_each_language_has_its_own_search_index_of_its_own_pages(built_site):
    for lang in ("en", "zh"):
        home = built_site / site_prefix(lang)
        docs = _search_index(built_site, lang)["docs"]
        assert len(docs) > 50, lang
        for doc in docs:
            page = doc["location"].split("#")[0]
            assert not page.startswith("zh/"), (lang, doc["location"])
            assert (home / page / "index.html").is_file() or (home / page).is_file(), (
                lang, doc["location"])
        titles = " ".join(doc["title"] for doc in docs).replace("\u200b", "")
        assert ("激活函数" in titles) == (lang == "zh"), lang  # a Chinese heading only in zh


def test_each_page_points_material_at_its_language_home(built_site):
    # Material reads search/search_index.json and sitemap.xml from the "base" it is given.
    for page in built_site.rglob("*.html"):
        match = re.search(r'id="__config"[^>]*>\{"annotate": [^,]*, "base": "([^"]*)"',
                          page.read_text("utf-8"))
        if match is None or match[1].startswith("/"):
            continue  # the 404 page's links are site-absolute (tests/site/test_hosting.py)
        home = (page.parent / match[1]).resolve()
        lang = "zh" if page.relative_to(built_site).parts[0] == "zh" else "en"
        assert home == (built_site / site_prefix(lang)).resolve(), page
        assert (home / "search" / "search_index.json").is_file(), page
        assert (home / "sitemap.xml").is_file(), page



def test_the_languages_module_and_mkdocs_agree():
    plugin = next(p["i18n"] for p in _config()["plugins"] if isinstance(p, dict) and "i18n" in p)
    assert plugin["docs_structure"] == "suffix"
    assert {lang["locale"]: lang["name"] for lang in plugin["languages"]} == i18n.LANGUAGES
    assert [lang["locale"] for lang in plugin["languages"] if lang.get("default")] == [
        i18n.DEFAULT]
