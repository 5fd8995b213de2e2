"""The Chinese notebooks: made from the English ones, so their code cannot differ.

``docs/notebooks/NAME.zh.toml`` holds the Chinese Markdown cells and figure alt
texts of ``docs/notebooks/NAME.py``; ``sitebuild.notebooks.translated_source``
puts them in place of the English ones, line for line, and keeps every other
line. The build executes the result (``allow_errors: false``), serves it at
``/zh/notebooks/NAME/`` and its ``.ipynb`` beside it.
"""

from __future__ import annotations

import json
import re
import shutil

import jupytext
import nbformat
import pytest

from sitebuild import notebooks, translations
from sitebuild.i18n import NOTEBOOK_DIR
from tests.conftest import ROOT

SOURCES = sorted((ROOT / "docs" / NOTEBOOK_DIR).glob("*.py"))
CJK = re.compile(r"[\u3400-\u9fff]")


def _cells(notebook, kind: str) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == kind]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_the_chinese_notebook_has_the_english_code_and_chinese_prose(source):
    english = jupytext.read(source)
    chinese = jupytext.reads(notebooks.translated_source(source, "zh"), fmt="py:percent")
    assert [c.cell_type for c in chinese.cells] == [c.cell_type for c in english.cells]
    assert _cells(chinese, "code") == _cells(english, "code")
    assert chinese.metadata["kernelspec"] == english.metadata["kernelspec"]
    for cell in _cells(chinese, "markdown"):
        assert CJK.search(cell), cell[:80]  # every text cell is translated
    alts = [c.metadata.get("alt") for c in chinese.cells if c.cell_type == "code"]
    english_alts = [c.metadata.get("alt") for c in english.cells if c.cell_type == "code"]
    assert [a is None for a in alts] == [a is None for a in english_alts]
    assert all(CJK.search(alt) for alt in alts if alt)


def test_every_notebook_has_a_chinese_translation_whose_drift_is_checked():
    for source in SOURCES:
        translation = notebooks.translation_file(source, "zh")
        assert translation.is_file(), translation
        assert translation in translations.translations(ROOT / "docs")


def test_a_translation_that_no_longer_fits_fails_naming_both_files(tmp_path):
    folder = tmp_path / NOTEBOOK_DIR
    folder.mkdir()
    source = SOURCES[0]
    shutil.copy(source, folder / source.name)
    english = (folder / source.name).read_text(encoding="utf-8")
    # A new English text cell: the translation has one cell too few.
    (folder / source.name).write_text(english + "\n# %% [markdown]\n# One more cell.\n",
                                      encoding="utf-8")
    shutil.copy(notebooks.translation_file(source, "zh"), folder)
    with pytest.raises(notebooks.NotebookTranslationError,
                       match=rf"{source.stem}\.zh\.toml has \d+ Markdown cells, .*{source.name} "
                             rf"has \d+"):
        notebooks.translated_source(folder / source.name, "zh")
    (folder / f"{source.stem}.zh.toml").unlink()
    with pytest.raises(notebooks.NotebookTranslationError, match="no zh translation"):
        notebooks.translated_source(folder / source.name, "zh")


def test_an_alt_text_cannot_break_the_cell_header(tmp_path):
    source = tmp_path / "a.py"
    source.write_text('# %% alt="A line"\nplot(x)\n', encoding="utf-8")
    (tmp_path / "a.zh.toml").write_text('alt = [\'一条 "线"\']\n', encoding="utf-8")
    with pytest.raises(notebooks.NotebookTranslationError, match="one line without straight"):
        notebooks.translated_source(source, "zh")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_the_site_serves_the_executed_chinese_notebook_and_its_download(built_site, source):
    name = source.stem
    page = (built_site / "zh" / NOTEBOOK_DIR / name / "index.html").read_text(encoding="utf-8")
    first_cell = notebooks.translated_source(source, "zh").split("# %% [markdown]\n# ", 1)[1]
    title = first_cell.split("\n", 1)[0].lstrip("# ")
    assert title in page  # the Chinese text, not the English
    assert "jp-OutputArea-output" in page  # executed: the cells' outputs are there
    download = built_site / "zh" / NOTEBOOK_DIR / f"{name}.ipynb"
    chinese = nbformat.reads(download.read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(chinese)
    english = nbformat.reads((built_site / NOTEBOOK_DIR / f"{name}.ipynb")
                             .read_text(encoding="utf-8"), as_version=4)
    assert _cells(chinese, "code") == _cells(english, "code")
    assert CJK.search(_cells(chinese, "markdown")[0]) and not CJK.search(
        _cells(english, "markdown")[0])
    assert not list((built_site / "zh" / NOTEBOOK_DIR).glob("*.toml"))  # not served
    assert not list((built_site / NOTEBOOK_DIR).glob("*.toml"))


def test_the_chinese_search_index_has_the_chinese_notebooks(built_site):
    index = json.loads((built_site / "zh" / "search" / "search_index.json")
                       .read_text(encoding="utf-8"))
    texts = " ".join(doc["text"] for doc in index["docs"]
                     if doc["location"].startswith("notebooks/training/"))
    assert "迭代\u200b周期" in texts or "迭代周期" in texts


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_the_chinese_notebooks_headings_and_contents_take_the_english_ids(built_site, source):
    # Chinese headings slug to nothing: each would get id "" and its contents link "#_1".
    name = source.stem
    pages = {lang: (built_site / prefix / NOTEBOOK_DIR / name / "index.html").read_text(
        encoding="utf-8") for lang, prefix in [("en", ""), ("zh", "zh")]}
    heading = re.compile(r'<h[1-6] id="([^"]*)">.*?<a class="headerlink" href="#([^"]*)"',
                         re.DOTALL)
    contents = re.compile(r'href="#([^"]*)" class="md-nav__link"')
    english, chinese = (heading.findall(pages[lang]) for lang in ("en", "zh"))
    assert chinese == english and all(a == b != "" for a, b in chinese), (name, chinese)
    assert contents.findall(pages["zh"]) == contents.findall(pages["en"]) != []
    ids = {a for a, _ in chinese}
    assert set(contents.findall(pages["zh"])) <= ids
